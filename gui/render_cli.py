"""``python main.py render PROJECT.gpkg --out map.png --size WxH [--bbox ...] [--timing]``.

Draws with the canvas's renderer (:class:`gui.map.renderer.MapRenderer`) into
an image offscreen, adds a title, a legend and a scale bar, and writes a PNG.
``--timing`` prints one JSON line: the time to open the project and the
median of five renders of the view (the first render, which builds the
caches, is not counted in the median but reported as ``first_frame_ms``).

Page layouts (:mod:`gui.layout`) instead of a plain picture when any layout
option is given (``--atlas --paper --orientation --dpi --title --subtitle``)
or the format is PDF or SVG (``--format``, or ``--out`` ending in .pdf/.svg)::

    python main.py render P.gpkg --out map.pdf --paper A3 --orientation portrait
    python main.py render P.gpkg --out DIR/ --atlas community --format pdf   # DIR/<street>_社区图集.pdf
    python main.py render P.gpkg --out DIR/ --atlas grid --format png        # DIR/01_<id>_<name>.png …

Without them the command behaves as before: a PNG of ``--size`` pixels.
"""
from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time

from geo.messages import Message  # codes registered by geo.cli.common, imported before any print


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size must look like 1920x1080, not {text!r}") from None
    if not (16 <= w <= 20000 and 16 <= h <= 20000):
        raise ValueError(f"--size {text!r} is out of range (16..20000 pixels a side)")
    return w, h


def parse_bbox(text: str | None):
    if not text:
        return None
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if (len(values) != 4 or not all(math.isfinite(v) for v in values)
            or values[0] >= values[2] or values[1] >= values[3]):
        raise ValueError(f"--bbox must be four finite numbers minx,miny,maxx,maxy with min < max,"
                         f" not {text!r}")
    return tuple(values)


#: Options that turn ``render`` into a page layout.
LAYOUT_OPTIONS = ("atlas", "paper", "orientation", "dpi", "title", "subtitle")
_SUFFIX_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}


def layout_format(args) -> str | None:
    """The layout's format, or None for the plain PNG render (no layout option given).

    Raises ValueError when ``--format`` and ``--out``'s suffix disagree.
    """
    suffix = _SUFFIX_FORMATS.get(os.path.splitext(str(args.out))[1].lower())
    fmt = getattr(args, "format", None)
    if fmt and suffix and fmt != suffix:
        raise ValueError(f"--format {fmt} does not match --out {args.out}")
    fmt = fmt or suffix
    wants_layout = any(getattr(args, name, None) for name in LAYOUT_OPTIONS)
    return (fmt or "png") if wants_layout or fmt in ("pdf", "svg") else None


def _fail(message) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run_render(args) -> int:
    try:
        size, bbox = parse_size(args.size), parse_bbox(args.bbox)
        fmt = layout_format(args)
    except ValueError as exc:
        return _fail(exc)
    if fmt is None:  # a layout checks each of its files itself (gui.layout.writers)
        from geo.cli.common import output_refusal

        refusal = output_refusal(args.out, "png", args)
        if refusal:
            return _fail(refusal)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from geo.cli.common import open_or_fail

    from .app import create_app

    app = create_app(sys.argv[:1], getattr(args, "lang", None))  # noqa: F841 (fonts need it)
    started = time.perf_counter()
    project, error = open_or_fail(args.project)
    if error:
        return _fail(error)
    if fmt is not None:
        return run_layout(args, project, fmt, bbox)
    load_ms = (time.perf_counter() - started) * 1000
    image, timing = render_project(project, size, bbox, frames=6 if args.timing else 1)
    project.close()
    from .layout.writers import save_png

    if not save_png(image, args.out):
        return _fail(Message("cli.cannot_write_file", path=args.out).text())
    if args.timing:
        print(json.dumps({"load_ms": round(load_ms, 1), **timing}))
    return 0


def run_layout(args, project, fmt: str, bbox) -> int:
    """``render`` with layout options: one page, or an atlas (see the module doc)."""
    from .app import cjk_family
    from .layout.atlas import export_layout
    from .layout.spec import LayoutSpec

    try:
        spec = LayoutSpec(title=args.title or "", subtitle=args.subtitle or "",
                          paper=args.paper or "A4", orientation=args.orientation or "landscape",
                          dpi=args.dpi or 300)
        files = export_layout(project, args.out, fmt, spec, atlas=args.atlas, bounds=bbox,
                              family=cjk_family(), force=getattr(args, "force", False))
    except (ValueError, OSError) as exc:  # OutputRefused, LayoutWriteError, a folder in the way
        return _fail(exc)
    finally:
        project.close()
    for path in files:
        print(Message("cli.written", path=path).text())  # the language of --lang / GRIDATLAS_LANG
    return 0


def render_project(project, size, bbox=None, frames: int = 1):
    """(QImage with title/legend/scale bar, timing dict) for a view of ``project``."""
    from .app import cjk_family
    from .map.layer_style import LayerStack
    from .map.renderer import MapRenderer, legend_styles
    from .map.scene import MapScene
    from .map.view import MapView

    scene = MapScene(project)
    renderer = MapRenderer(scene, cjk_family())
    view = _view(scene, size, bbox, MapView)
    styles = LayerStack.default().snapshot()
    times = []
    for _ in range(frames):
        started = time.perf_counter()
        image = renderer.render(view, styles)
        times.append((time.perf_counter() - started) * 1000)
    decorate(image, project, legend_styles(scene.snapshot(styles), view, styles), view, renderer.family)
    median = statistics.median(times[1:] if len(times) > 1 else times)
    return image, {"frame_ms": round(median, 1), "first_frame_ms": round(times[0], 1)}


def _view(scene, size, bbox, MapView):
    if bbox is None:
        bounds = scene.bounds() or (0, 0, 1000, 1000)
        return MapView.fit(bounds, *size)
    xs, ys = scene.to_metric.transform([bbox[0], bbox[2], bbox[0], bbox[2]], [bbox[1], bbox[1], bbox[3], bbox[3]])
    return MapView.fit((min(xs), min(ys), max(xs), max(ys)), *size, margin=0.0)


def decorate(image, project, styles, view, family) -> None:
    """Title, legend (of ``styles`` as drawn, see ``legend_styles``), scale bar and import hint."""
    from PySide6.QtGui import QPainter

    from geo.new_project import next_import_hint

    from .map.decorations import draw_legend, draw_scale_bar, draw_title
    from .map.empty_hint import draw_hint

    painter = QPainter(image)
    try:
        title = f"{project.street_name or (project.path.stem if project.path else '')} 党建网格图".strip()
        draw_title(painter, title, image.width(), family)
        draw_legend(painter, styles, image.width() - 14, image.height() - 14, family)
        draw_scale_bar(painter, view.mpp, 20, image.height() - 16, family)
        hint = next_import_hint(project)
        if hint is not None:
            draw_hint(painter, hint.text(), image.width(), image.height(), family)
    finally:
        painter.end()
