"""Map rendering benchmark: open time, peak memory, cold and warm frames of four views.

Run (the project is generated once and cached under bench/out/)::

    .venv/bin/python bench/bench_render.py            # --scale city (50,000 grids)
    .venv/bin/python bench/bench_render.py --scale district [--json]

For each view (full extent, a ~10 km view, a community, a single grid) at
1920x1080, with the canvas's own renderer:

* **cold**: the first frame of that view from a freshly opened scene and
  renderer (every cache built on the way, as after opening the project and
  going there);
* **warm**: frames of a pan and zoom sequence around the view (each frame a new
  view: shifted by a fifth of the screen or zoomed by 1.25x; never a repeat of
  an identical, fully cached view), median and p95;

plus the pan step (the last frame drawn shifted, which the canvas shows while
dragging). Targets (city, per warm frame): full extent 300 ms, ~10 km view
150 ms, community view 30 ms, single-grid view 16 ms; open < 10 s, < 4 GB.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import OUT, Report, project_file, timed  # noqa: E402

W, H = 1920, 1080
TARGETS_MS = {"full extent": 300, "10 km view": 150, "community view": 30, "single-grid view": 16}
#: The walk of warm frames: (pan dx, pan dy in screen fractions, zoom factor) per frame.
WALK = [(0.2, 0, 1), (0.2, 0, 1), (0, 0.2, 1), (0, 0, 1.25), (-0.2, 0, 1), (0, -0.2, 1),
        (0, 0, 0.8), (0, 0, 0.8), (0.2, 0.2, 1), (-0.2, 0, 1), (0, 0, 1.25), (0, 0.2, 1)]


def views(scene, MapView):
    full = MapView.fit(scene.bounds(), W, H)
    grids, comm = scene.cache("grids"), scene.cache("communities")
    mid = ((full.bbox[0] + full.bbox[2]) / 2, (full.bbox[1] + full.bbox[3]) / 2)
    c = int(((comm.centre - mid) ** 2).sum(1).argmin())  # a community and a grid near the middle
    g = int(((grids.centre - mid) ** 2).sum(1).argmin())
    return {
        "full extent": full,
        "10 km view": MapView(mid[0], mid[1], 10000 / W, W, H),
        "community view": MapView.fit(tuple(comm.bbox[c]), W, H),
        "single-grid view": MapView.fit(tuple(grids.bbox[g]), W, H),
    }


def walk(view):
    """The views of the warm sequence, each derived from the one before."""
    out = []
    for dx, dy, zoom in WALK:
        view = view.pan_pixels(dx * W, dy * H) if zoom == 1 else view.zoom_at(W / 2, H / 2, zoom)
        out.append(view)
    return out


def fresh_renderer(project):
    from gui.app import cjk_family
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene

    scene = MapScene(project)
    return scene, MapRenderer(scene, cjk_family())


def pan_step_seconds(frame, steps: int = 20) -> list[float]:
    """What the canvas does per mouse move while panning: draw the last frame shifted."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter

    target = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for step in range(steps):
        started = time.perf_counter()
        painter = QPainter(target)
        target.fill(0)
        painter.drawImage(QPointF(step * 7, step * 3), frame)
        painter.end()
        times.append(time.perf_counter() - started)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["street", "district", "city"])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    report = Report(args.json, scale=args.scale, benchmark="render", size=f"{W}x{H}")
    path = project_file(args.scale, quiet=args.json)
    from gui.app import create_app

    app = create_app(["bench"])  # noqa: F841
    from geo.project import Project
    from gui.map.layer_style import LayerStack
    from gui.map.view import MapView

    opened = {}
    seconds = timed(lambda: opened.update(project=Project.open(path)))
    project = opened["project"]
    report.note("open_s", round(seconds, 2), f"open project: {seconds:.1f} s (target < 10 s)")
    styles = LayerStack.default().snapshot()
    scene, renderer = fresh_renderer(project)
    names = views(scene, MapView)
    frame = None
    for name, view in names.items():
        scene, renderer = fresh_renderer(project)  # cold: no cache from the views before
        report.samples(f"{name} cold", [timed(lambda: renderer.render(view, styles))],
                       f"{name}: cold first frame")
        report.samples(f"{name} warm", [timed(lambda: renderer.render(v, styles)) for v in walk(view)],
                       f"{name}: warm frames (pan/zoom walk)", TARGETS_MS[name])
        frame = renderer.render(view, styles)
        frame.save(str(OUT / f"{args.scale}-{name.replace(' ', '_')}.png"))
    report.samples("pan step", pan_step_seconds(frame), "pan step (last frame shifted)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    report.note("peak_rss_gb", round(rss, 2), f"peak RSS: {rss:.2f} GB (target < 4 GB)")
    project.close()
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
