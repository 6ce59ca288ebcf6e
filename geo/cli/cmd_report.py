"""Write the Excel report: street, communities, grids, gaps and members (masked by default)."""
from __future__ import annotations

from .common import add_force_argument, add_personal_data_arguments, run_export


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--out", required=True, help=".xlsx file to write")
    add_personal_data_arguments(p)
    add_force_argument(p)
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="language of headers, labels and values (default zh, or GRIDATLAS_LANG)")


def run(args) -> int:
    from ..export.report_xlsx import write_report

    def write(project, policy):
        return write_report(args.out, project, policy=policy, lang=args.lang)

    return run_export(args, write, kind="xlsx")
