"""Write the Excel report: street, communities, grids, gaps and members (masked by default)."""
from __future__ import annotations

from . import EXIT_OK, fail
from .cmd_export_html import confirm_full
from .common import open_or_fail


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--out", required=True, help=".xlsx file to write")
    p.add_argument("--full", action="store_true",
                   help="members sheet with personal data in clear (asks for confirmation)")
    p.add_argument("--yes", action="store_true", help="confirm --full without asking")


def run(args) -> int:
    from ..export.report_xlsx import write_report
    from ..masking import FullDataNotConfirmed, resolve_policy

    try:
        policy = resolve_policy(full=args.full, confirm=confirm_full(args))
    except FullDataNotConfirmed:
        return fail("full personal data export was not confirmed (use --yes, or answer YES)")
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        write_report(args.out, project, policy=policy)
    finally:
        project.close()
    print(f"wrote {args.out} ({policy.label})")
    return EXIT_OK
