"""Link features spatially: building → compound and grid, compound/grid/station → community.

``main.py link PROJECT [--dry-run] [--relink] [--json]`` fills in what is missing
(every link with ``--relink``) in one transaction; features lying across two
candidates are listed and left alone. Exit 1 when anything stayed ambiguous or
unlinked, 0 when everything is linked.
"""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import CliError, project_session, terminal_text
from ..messages import Message, register

register("link.dry_run", "（试运行：未写入）", "(dry run: nothing written)")
register("link.written", "已写入 {path}", "written to {path}")
register("link.unchanged", "没有需要写入的关联，项目未改动", "nothing to link: the project is unchanged")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--dry-run", action="store_true", help="only say what would be linked")
    p.add_argument("--relink", action="store_true", help="also replace existing links that disagree with the map")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args) -> int:
    from ..linking import link_command

    try:
        with project_session(args.project, write=not args.dry_run) as project:
            command, result = link_command(project, relink=args.relink)
            if not args.dry_run and result.changes:
                command.do(project)
    except CliError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False, indent=1))
    else:
        for line in result.lines():
            print(line.text())
        for amb in result.ambiguous:
            print(terminal_text(amb.message.text()))
        print(result.summary.text())
        if args.dry_run:
            print(Message("link.dry_run").text())
        else:
            print(Message("link.written", path=args.project).text() if result.changes
                  else Message("link.unchanged").text())
    unresolved = result.ambiguous or any(result.unlinked.values())
    return EXIT_PROBLEMS if unresolved else EXIT_OK


def _as_json(result) -> dict:
    return {
        "linked": {f"{layer}.{column}": n for (layer, column), n in result.linked.items()},
        "ambiguous": [{"layer": a.layer, "id": a.id, "column": a.column, "candidates": list(a.candidates),
                       "reason": a.message.text()} for a in result.ambiguous],
        "unlinked": {f"{layer}.{column}": list(ids) for (layer, column), ids in result.unlinked.items() if ids},
    }
