"""Estimate households (and floors, units) of buildings from footprint × floors.

``main.py estimate-households PROJECT [--area-per-household 90] [--floor-height 3]
[--overwrite] [--dry-run] [--json]``: buildings with blank or zero households get
round(footprint m² × floors / area per household); floors come from a ``height``
attribute when blank; units are estimated only when blank. Each estimated
building is marked ``households_source = estimate``; one undoable transaction.
Exit 1 when some building could not be estimated (no floors and no height).
"""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import CliError, project_session, terminal_text
from ..estimates import DEFAULT_AREA_PER_HOUSEHOLD, DEFAULT_FLOOR_HEIGHT
from ..messages import CodedError, Message, register

register("estimate.dry_run", "（试运行：未写入）", "(dry run: nothing written)")
register("estimate.written", "已写入 {path}", "written to {path}")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--area-per-household", type=float, default=DEFAULT_AREA_PER_HOUSEHOLD,
                   help="floor area per household in m² (default 90)")
    p.add_argument("--floor-height", type=float, default=DEFAULT_FLOOR_HEIGHT,
                   help="metres per floor, for floors from a height attribute (default 3)")
    p.add_argument("--overwrite", action="store_true",
                   help="estimate every building, also those with households from attributes or tables")
    p.add_argument("--dry-run", action="store_true", help="only say what would be estimated")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args) -> int:
    from ..estimates import estimate_command
    from ..households_source import prepare_column

    try:
        with project_session(args.project, write=not args.dry_run) as project:
            command, result = estimate_command(
                project, area_per_household=args.area_per_household,
                floor_height=args.floor_height, overwrite=args.overwrite)
            if not args.dry_run and result.values:
                prepare_column(project)  # an older file lacks households_source
                command.do(project)
    except (CliError, CodedError) as exc:
        return fail(str(exc))
    written = not args.dry_run and bool(result.values)
    if args.json:
        print(json.dumps(_as_json(result, written), ensure_ascii=False, indent=1))
    else:
        for message in result.skipped:
            print(terminal_text(message.text()))
        print(result.summary.text())
        print(Message("estimate.written", path=args.project).text() if written
              else Message("estimate.dry_run").text())
    return EXIT_PROBLEMS if result.skipped else EXIT_OK


def _as_json(result, written: bool) -> dict:
    return {
        "estimated": len(result.values),
        "floors_from_height": result.floors_from_height,
        "units_estimated": result.units_estimated,
        "skipped": [{"building_id": m.params["id"], "reason": m.text()} for m in result.skipped],
        "buildings": [{"building_id": id_, **values} for id_, values in result.values.items()],
        "written": written,
    }
