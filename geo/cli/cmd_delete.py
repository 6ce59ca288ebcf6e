"""Delete features from a layer (undoable with `main.py undo`; references are cleared and listed).

``main.py delete PROJECT --layer L (--ids ID … | --all) [--dry-run] [--json]``
"""
from __future__ import annotations

import json

from . import EXIT_OK, fail
from .common import CliError, project_session, terminal_text
from ..deleting import DELETABLE
from ..messages import CodedError


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--layer", required=True, choices=DELETABLE)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--ids", nargs="+", metavar="ID", help="ids of the features to delete")
    which.add_argument("--all", action="store_true", help="delete every feature of the layer")
    p.add_argument("--dry-run", action="store_true", help="only say what would be deleted and cleared")
    p.add_argument("--json", action="store_true")


def run(args) -> int:
    from ..deleting import delete_command

    try:
        with project_session(args.project, write=not args.dry_run) as project:
            command, result = delete_command(project, args.layer, None if args.all else args.ids)
            if not args.dry_run and result.deleted:
                command.do(project)
    except CliError as exc:
        return fail(str(exc))
    except CodedError as exc:
        return fail(f"{args.project}: {exc}")
    if args.json:
        print(json.dumps({"layer": result.layer, "deleted": result.deleted, "dry_run": args.dry_run,
                          "unassigned": {f"{l}.{c}": ids for (l, c), ids in result.unassigned.items()},
                          "orphaned": result.orphaned}, ensure_ascii=False, indent=1, default=str))
    else:
        for line in result.lines():
            print(terminal_text(line.text()))
    return EXIT_OK
