"""Export a self-contained interactive HTML map that works offline (masked by default)."""
from __future__ import annotations

from .common import add_force_argument, add_personal_data_arguments, run_export


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--out", required=True, help="HTML file to write")
    add_personal_data_arguments(p)
    add_force_argument(p)
    p.add_argument("--tiles", help="optional basemap tile URL template (loads from the network)")
    p.add_argument("--title", help="map title (default: the street name)")
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="language of layer names, popups and legend (default zh, or GRIDATLAS_LANG)")


def run(args) -> int:
    from ..export.html_map import TileSource, export_html_map
    from ..export.project_map import project_layers
    from ..export.vocabulary import map_title
    from ..figures import project_figures

    def write(project, policy):
        layers = project_layers(project, project_figures(project), lang=args.lang)
        tiles = (TileSource(args.tiles),) if args.tiles else ()
        title = args.title or map_title(project.street_name, args.lang)
        export_html_map(args.out, layers, title=title, tiles=tiles, policy=policy, lang=args.lang)

    return run_export(args, write, kind="html")
