"""Map rendering benchmark: open time, peak memory and frame times at four scales.

Run (one command; the project is generated once and cached under bench/out/)::

    .venv/bin/python bench/bench_render.py            # --scale city (50,000 grids)
    .venv/bin/python bench/bench_render.py --scale district

Prints one line per figure and a JSON summary. Frame times are the median of
five renders at 1920x1080 after one warm-up render (which builds the caches;
it is printed as ``first``). Targets (city): full extent 300 ms, ~10 km view
150 ms, community view 30 ms, single-grid view 16 ms; open < 10 s, < 4 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def project_file(scale: str) -> Path:
    path = ROOT / "bench" / "out" / f"{scale}.gpkg"
    if not path.exists():
        print(f"generating {path} (a couple of minutes at city scale) ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(path), "--scale", scale], check=True)
    return path


def median_ms(fn, runs: int = 5) -> tuple[float, float]:
    started = time.perf_counter()
    fn()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times)


def views(scene, MapView, W=1920, H=1080):
    full = MapView.fit(scene.bounds(), W, H)
    grids = scene.cache("grids")
    comm = scene.cache("communities")
    # a community and a grid near the middle of the map
    mid = ((full.bbox[0] + full.bbox[2]) / 2, (full.bbox[1] + full.bbox[3]) / 2)
    c = int(((comm.centre - mid) ** 2).sum(1).argmin())
    g = int(((grids.centre - mid) ** 2).sum(1).argmin())
    return {
        "full extent": full,
        "10 km view": MapView(mid[0], mid[1], 10000 / W, W, H),
        "community view": MapView.fit(tuple(comm.bbox[c]), W, H),
        "single-grid view": MapView.fit(tuple(grids.bbox[g]), W, H),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["street", "district", "city"])
    args = parser.parse_args(argv)
    path = project_file(args.scale)
    from gui.app import cjk_family, create_app

    app = create_app(["bench"])  # noqa: F841
    from geo.project import Project
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    started = time.perf_counter()
    project = Project.open(path)
    open_s = time.perf_counter() - started
    print(f"open project: {open_s:.1f} s", flush=True)
    scene = MapScene(project)
    renderer = MapRenderer(scene, cjk_family())
    styles = LayerStack.default().snapshot()
    results = {"scale": args.scale, "open_s": round(open_s, 2)}
    for name, view in views(scene, MapView).items():
        first, median = median_ms(lambda: renderer.render(view, styles))
        print(f"{name:18s} median {median:7.1f} ms   (first {first:7.1f} ms, {view.mpp:.2f} m/px)", flush=True)
        results[name] = round(median, 1)
        renderer.render(view, styles).save(str(ROOT / "bench" / "out" / f"{args.scale}-{name.replace(' ', '_')}.png"))
    results["pan step"] = round(pan_step_ms(renderer, views(scene, MapView)["10 km view"]), 2)
    print(f"{'pan step':18s} median {results['pan step']:7.2f} ms   (shift the last frame, as the canvas does)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak RSS: {rss:.2f} GB")
    results["peak_rss_gb"] = round(rss, 2)
    print(json.dumps(results, ensure_ascii=False))
    return 0


def pan_step_ms(renderer, view) -> float:
    """What the canvas does per mouse move while panning: draw the last frame shifted."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter

    frame = renderer.render(view, LayerStackSnapshot.get())
    target = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for step in range(20):
        started = time.perf_counter()
        painter = QPainter(target)
        target.fill(0)
        painter.drawImage(QPointF(step * 7, step * 3), frame)
        painter.end()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class LayerStackSnapshot:
    @staticmethod
    def get():
        from gui.map.layer_style import LayerStack

        return LayerStack.default().snapshot()


if __name__ == "__main__":
    sys.exit(main())
