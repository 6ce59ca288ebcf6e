"""Import a household table (户数表): households, units and floors per building, by address.

``main.py households PROJECT FILE.xlsx|.csv [--sheet S] [--encoding CODEC] [--dry-run] [--json]``:
each row is matched to a building by its building id (楼栋编号) or its address (地址, with an
optional 小区 column); its 户数/单元数/层数 are written and the building marked
``households_source = table``, in one undoable transaction. Rows that match no building, match
two, repeat a building or hold a bad number are listed with the reason (exit 1); a table
without an address/id column or without any figure column is refused (exit 2).
"""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import CliError, project_session, terminal_text
from ..messages import Message, register

register("households_table.dry_run", "（试运行：未写入）", "(dry run: nothing written)")
register("households_table.written", "已写入 {path}", "written to {path}")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("file", help="household table (.xlsx or .csv)")
    p.add_argument("--sheet", help="worksheet name (xlsx; the first sheet by default)")
    p.add_argument("--encoding", help="CSV encoding (detected by default)")
    p.add_argument("--dry-run", action="store_true", help="only say what would be written")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args) -> int:
    from ..households_source import prepare_column
    from ..importing.errors import ImportFileError
    from ..importing.households_table import HouseholdsTableError, households_table_command
    from ..importing.table import read_table

    try:
        table = read_table(args.file, sheet=args.sheet, encoding=args.encoding)
        with project_session(args.project, write=not args.dry_run) as project:
            command, result = households_table_command(project, table)
            if not args.dry_run and result.values:
                prepare_column(project)  # an older file lacks households_source
                command.do(project)
    except (CliError, HouseholdsTableError, ImportFileError) as exc:
        return fail(str(exc))
    written = not args.dry_run and bool(result.values)
    if args.json:
        print(json.dumps({"matched": len(result.values), "written": written,
                          "rejected": [{"row": row, "reason": why.text()} for row, why in result.rejected]},
                         ensure_ascii=False, indent=1))
    else:
        for row, why in result.rejected:
            print(terminal_text(Message("households_table.rejected", row=row, reason=why.text()).text()))
        print(result.summary.text())
        print(Message("households_table.written", path=args.project).text() if written
              else Message("households_table.dry_run").text())
    return EXIT_PROBLEMS if result.rejected else EXIT_OK
