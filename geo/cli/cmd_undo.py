"""Undo the newest recorded operations of a project (each undo is recorded too; see `history`).

``main.py undo PROJECT [--steps N]`` reverts the last N operations not yet undone,
newest first, exactly as they were recorded; exit 2 when there are fewer than N.
"""
from __future__ import annotations

from . import EXIT_OK, fail
from .cmd_history import positive_int, entry_line
from .common import CliError, project_session
from ..history import undo_last
from ..messages import CodedError, Message, register

register("cli.undo.done", "已撤销 {entry}", "undone {entry}")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--steps", type=positive_int, default=1, metavar="N",
                   help="how many recorded operations to undo (default 1)")


def run(args) -> int:
    try:
        with project_session(args.project, write=True) as project:
            undone = undo_last(project, args.steps)
    except CliError as exc:
        return fail(str(exc))
    except CodedError as exc:
        return fail(str(exc))
    for entry in undone:
        print(Message("cli.undo.done", entry=entry_line(entry)).text())
    return EXIT_OK
