"""Commands that need Qt: opening the window and rendering maps.

Qt is imported inside ``run`` so that ``python main.py check`` stays light.
"""
from __future__ import annotations


def _open_arguments(p) -> None:
    p.add_argument("project", nargs="?", help="project file (.gpkg) or database URL (postgresql://…);"
                   " default: the demo street (the last project is first in File → Recent)")
    p.add_argument("--lang", choices=["zh", "en"], help="interface language (default: setting, else zh)")


def _open(args) -> int:
    from .launch import run_app

    return run_app(args.project, lang=args.lang)


def _render_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--out", required=True,
                   help="file to write (PNG; .pdf/.svg make a layout), or a folder (DIR/) for --atlas")
    p.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels (plain PNG only)")
    p.add_argument("--bbox", help="minx,miny,maxx,maxy in the project CRS")
    p.add_argument("--timing", action="store_true", help='print {"load_ms": …, "frame_ms": …}')
    p.add_argument("--lang", choices=["zh", "en"], help="language of the title, legend and labels (default: GRIDATLAS_LANG, else zh)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing output of another kind (never the project or a device)")
    layout = p.add_argument_group("page layout (any of these makes a print layout: title,"
                                  " legend, scale bar, north arrow, source note)")
    layout.add_argument("--atlas", choices=["community", "grid"],
                        help="one page per community or grid (PDF: one file; PNG/SVG: one file each)")
    layout.add_argument("--format", choices=["png", "pdf", "svg"],
                        help="output format (default: from --out's suffix, else png)")
    layout.add_argument("--paper", choices=["A4", "A3"], help="paper size (default A4)")
    layout.add_argument("--orientation", choices=["portrait", "landscape"],
                        help="page orientation (default landscape)")
    layout.add_argument("--dpi", type=int, help="resolution of the page (default 300)")
    layout.add_argument("--title", help="title (default: STREET党建网格图)")
    layout.add_argument("--subtitle", help="subtitle (default: today's date; an atlas page adds the title)")


def _render(args) -> int:
    from .render_cli import run_render

    return run_render(args)


GUI_COMMANDS = [
    ("open", "open the app on a project (no argument: the demo street)", _open_arguments, _open),
    ("render", "render the map to a PNG, or a PDF/SVG/PNG page layout or atlas, without a window",
     _render_arguments, _render),
]
