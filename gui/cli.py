"""Commands that need Qt: opening the window and rendering maps.

Qt is imported inside ``run`` so that ``python main.py check`` stays light.
"""
from __future__ import annotations


def _open_arguments(p) -> None:
    p.add_argument("project", nargs="?", help="project GeoPackage (default: the demo street;"
                   " the last project is first in File → Recent)")
    p.add_argument("--lang", choices=["zh", "en"], help="interface language (default: setting, else zh)")


def _open(args) -> int:
    from .launch import run_app

    return run_app(args.project, lang=args.lang)


def _render_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--out", required=True, help="PNG to write")
    p.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels")
    p.add_argument("--bbox", help="minx,miny,maxx,maxy in the project CRS")
    p.add_argument("--timing", action="store_true", help='print {"load_ms": …, "frame_ms": …}')
    p.add_argument("--lang", choices=["zh", "en"])


def _render(args) -> int:
    from .render_cli import run_render

    return run_render(args)


GUI_COMMANDS = [
    ("open", "open the app on a project (no argument: the demo street)", _open_arguments, _open),
    ("render", "render the map to a PNG without a window", _render_arguments, _render),
]
