"""Export a self-contained interactive HTML map that works offline (masked by default)."""
from __future__ import annotations

import sys

from . import EXIT_OK, fail
from .common import open_or_fail


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--out", required=True, help="HTML file to write")
    p.add_argument("--mask", action="store_true", default=True,
                   help="mask names and phones (the default)")
    p.add_argument("--full", action="store_true",
                   help="include personal data in clear (asks for confirmation)")
    p.add_argument("--yes", action="store_true", help="confirm --full without asking")
    p.add_argument("--tiles", help="optional basemap tile URL template (loads from the network)")
    p.add_argument("--title", help="map title (default: the street name)")


def confirm_full(args):
    def ask() -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        answer = input("导出完整个人信息？输入 YES 确认 / type YES to export full personal data: ")
        return answer.strip() == "YES"
    return ask


def run(args) -> int:
    from ..export.html_map import TileSource, export_html_map
    from ..export.project_map import project_layers
    from ..figures import project_figures
    from ..masking import FullDataNotConfirmed, resolve_policy

    try:
        policy = resolve_policy(full=args.full, confirm=confirm_full(args))
    except FullDataNotConfirmed:
        return fail("full personal data export was not confirmed (use --yes, or answer YES)")
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        layers = project_layers(project, project_figures(project))
        tiles = (TileSource(args.tiles),) if args.tiles else ()
        title = args.title or f"{project.street_name} 党建网格一张图"
        export_html_map(args.out, layers, title=title, tiles=tiles, policy=policy)
    finally:
        project.close()
    print(f"wrote {args.out} ({policy.label})")
    return EXIT_OK
