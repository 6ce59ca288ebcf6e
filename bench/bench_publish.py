"""Shared projects on PostGIS: publish, open, and how soon another client sees an edit.

Usage: ``python bench/bench_publish.py [--scale district] [--url postgresql://…] [--edits 20] [--json]``
(the project is ``bench/out/<scale>.gpkg``, generated once with ``main.py demo``).
Without ``--url`` a throwaway local server is started in a temporary folder
(:mod:`geo.postgis.local_cluster`, as ``bash setup.sh db`` does) and removed at the end.

Figures: publishing (one verified transaction), opening the published project
(every layer read), the first frame of a community view read from the server
(every map layer in the box the screen shows only, :mod:`geo.postgis.view_read`;
projected and rendered offscreen at 1920x1080 with the canvas's own renderer,
as the app's first view), one edit committed by client A, and the time until
client B has taken it in (LISTEN/NOTIFY, then the changed feature read again).

Targets (issue 14): publishing the city demo < 3 min; a community view's first
frame < 2 s; an edit shows in another client < 2 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Report, project_file, timed  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["street", "district", "city"])
    parser.add_argument("--url", help="a database to publish into (default: a throwaway local server)")
    parser.add_argument("--edits", type=int, default=20, help="edits timed from A to B")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    source = project_file(args.scale, quiet=args.json)
    folder = None
    if args.url is None:
        from geo.postgis import local_cluster

        folder = tempfile.mkdtemp(prefix="gridatlas-bench-pg-")
        cluster = local_cluster.start(folder)
        url = cluster.url()
    else:
        url = args.url
    try:
        run(Report(args.json, scale=args.scale), source, url, args.edits)
    finally:
        if folder is not None:
            local_cluster.stop(folder)
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def run(report, source: Path, url: str, edits: int) -> None:
    from geo.commands import SetValues
    from geo.postgis.publish import publish
    from geo.project import Project

    holder = {}
    seconds = timed(lambda: holder.setdefault("report", publish(source, url, "bench", force=True)))
    published = holder["report"]
    rows = sum(c.server_count for c in published.checks)
    report.note("publish_s", round(seconds, 2), f"publish {source.name}: {seconds:.1f} s for {rows:,} rows,"
                                                 " verified   target < 180 s (city)")
    seconds = timed(lambda: holder.setdefault("a", Project.open(published.url)))
    report.note("open_s", round(seconds, 2), f"open the published project (all layers): {seconds:.1f} s")
    first_frame(report, published.url, holder["a"])
    a, b = holder["a"], Project.open(published.url)
    try:
        buildings = list(a["buildings"].index[:edits])
        commit, seen = [], []
        for k, building in enumerate(buildings):
            value = 1000 + k
            commit.append(timed(lambda: SetValues("buildings", {building: {"households": value}}).do(a)))
            started = time.perf_counter()
            while b["buildings"].at[building, "households"] != value and time.perf_counter() - started < 5:
                b.sync_remote(timeout=0.05)
            seen.append(time.perf_counter() - started)
        report.samples("edit_commit", commit, "one edit committed by client A")
        report.samples("edit_seen", seen, "the same edit taken in by client B", target_ms=2000)
    finally:
        a.close()
        b.close()
    report.finish()


def first_frame(report, url: str, project) -> None:
    """A community view near the middle, from nothing to its first frame: what it reads and draws."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import cjk_family, create_app
    from gui.map.layer_style import LayerStack
    from gui.map.preload import ZOOM_MARGIN, metric_layers, screen_box
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    from geo.postgis.view_read import read_server_view

    create_app(["bench"])
    communities = project["communities"]
    boxes = communities.bounds.to_numpy()
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    middle = centres.mean(axis=0)
    community = communities.index[int(((centres - middle) ** 2).sum(axis=1).argmin())]
    styles = LayerStack.default().snapshot()
    holder = {}

    def open_and_draw():  # as the app does: the box the screen shows, read, projected, drawn
        started = time.perf_counter()
        view = read_server_view(url, community=community, widen=lambda p, box: screen_box(p, box, (1920, 1080)))
        holder["read"] = time.perf_counter() - started
        scene = MapScene(view.project)
        scene.adopt(metric_layers(view.project))
        minx, miny, maxx, maxy = view.project["communities"].loc[[community]].total_bounds
        xs, ys = scene.to_metric.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
        shown = MapView.fit((min(xs), min(ys), max(xs), max(ys)), 1920, 1080, ZOOM_MARGIN)
        holder["frame"] = MapRenderer(scene, cjk_family()).render(shown, styles)
        holder["rows"] = sum(len(f) for f in view.frames.values())

    seconds = timed(open_and_draw)
    total = sum(len(project[n]) for n in ("communities", "grids", "stations", "compounds", "buildings"))
    report.note("community_first_frame_s", round(seconds, 2),
                f"community view from the server to its first frame: {seconds:.2f} s, {holder['rows']:,}"
                f" of {total:,} map rows read ({holder['read']:.2f} s reading)   target < 2 s")


if __name__ == "__main__":
    sys.exit(main())
