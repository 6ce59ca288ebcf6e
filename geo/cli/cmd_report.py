"""Write the Excel report: street, communities, grids, gaps and members (masked by default)."""
from __future__ import annotations

from .common import add_force_argument, add_personal_data_arguments, run_export


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--out", required=True, help=".xlsx file to write")
    add_personal_data_arguments(p)
    add_force_argument(p)


def run(args) -> int:
    from ..export.report_xlsx import write_report

    return run_export(args, lambda project, policy: write_report(args.out, project, policy=policy),
                      kind="xlsx")
