"""Opening benchmark: the real app launched offscreen in a fresh process, timed from launch.

Run (projects are generated once and cached under bench/out/)::

    .venv/bin/python bench/bench_open.py PROJECT.gpkg [--bbox minx,miny,maxx,maxy] [--json]
    .venv/bin/python bench/bench_open.py --scale city [--view full|district|community|grid] [--runs 3]

Each run starts ``main.py open PROJECT`` with ``QT_QPA_PLATFORM=offscreen``,
``GRIDATLAS_OPEN_MARKS=1`` (see :mod:`gui.startup_marks`) and settings of its own
(``XDG_CONFIG_HOME``: the default window layout); the app writes when
its window painted, when the first complete frame of the view was drawn and
when the full model was in, then quits. Figures, in milliseconds from the
launch of the process:

* ``window_ms``: the main window with its map area shown (target < 2 s at any scale);
* ``first_frame_ms``: the first complete frame of the view (``--bbox`` in the
  project CRS, or ``--view``: the whole project, a ~10 km view, the community
  or the grid nearest the middle);
* ``full_model_ms``: the whole project in memory, read, checked and open for
  writing (target at city scale < 10 s);
* ``ready_ms``: the window working on it -- panels filled, editing on;
* ``peak_rss_mb``: the process's peak resident memory (target < 2.5 GB); the
  memory held at each mark is printed too (``rss_mb_at_<mark>`` in the JSON).

With ``--runs N`` each figure is the median of N launches.

The projected map vertices an opening keeps for the next (:mod:`geo.projection_cache`)
go to a folder of the benchmark's own, empty at its start. ``--cache warm`` (the
default: a street opening its project again) fills it with one launch first,
reported apart as ``first_open`` (its figures are those of a project opened the first
time, or after its map layers changed), then measures N launches with it;
``--cache cold`` empties it before each launch; ``--cache off`` turns it off.

``--phases`` adds where the full model's time goes: the loader's steps
(:class:`gui.opening.ProjectLoader`, whole-project view) run one after the other in
a fresh process without a window -- the view's map layers read and projected to
metres, each while the next is read (without the layers a 1280x800 map of the whole
project does not draw, as the app's), the rest of the model read, the file opened for writing -- each with its
wall and CPU milliseconds and the peak memory after it (``phases`` in the JSON).
CPU time is the figure to compare on a busy machine; the launch's own wait for the
first frame (the full read starts after it) is not among them.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import project_file  # noqa: E402

FIGURES = ("window_ms", "first_frame_ms", "full_model_ms", "ready_ms", "peak_rss_mb")
TARGETS = {"window_ms": "< 2,000 ms at any scale",
           "first_frame_ms": "no slower than QGIS desktop on the same file and view (bench/bench_qgis.py)",
           "full_model_ms": "city < 10,000 ms",
           "ready_ms": "(panels filled, editing on; no target)",
           "peak_rss_mb": "< 2,560 MB"}
MARKS = {"window": "window_ms", "first_frame": "first_frame_ms", "full_model": "full_model_ms",
         "ready": "ready_ms"}
W, H = 1920, 1080


def layer_boxes(path: Path, layer: str):
    """Feature boxes of ``layer`` from its GeoPackage R-tree (project CRS)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        column = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name=?",
                             (layer,)).fetchone()[0]
        return con.execute(f'SELECT minx, miny, maxx, maxy FROM "rtree_{layer}_{column}"').fetchall()
    finally:
        con.close()


def view_bbox(path: Path, view: str):
    """The box of a named view: None (full), ~10 km across, or the community/grid nearest the middle."""
    if view == "full":
        return None
    boxes = layer_boxes(path, "communities")
    minx, miny = min(b[0] for b in boxes), min(b[1] for b in boxes)
    maxx, maxy = max(b[2] for b in boxes), max(b[3] for b in boxes)
    mx, my = (minx + maxx) / 2, (miny + maxy) / 2
    if view == "district":  # ~10 km wide at the screen's aspect, in degrees
        half_x = 5000 / (111_320 * math.cos(math.radians(my)))
        half_y = 5000 * H / W / 110_540
        return (mx - half_x, my - half_y, mx + half_x, my + half_y)
    layer = {"community": "communities", "grid": "grids"}[view]
    return min(layer_boxes(path, layer), key=lambda b: ((b[0] + b[2]) / 2 - mx) ** 2 + ((b[1] + b[3]) / 2 - my) ** 2)


def launch(path: Path, bbox, timeout: float, cache: str = "off") -> dict:
    """One launch of the app; the figures of that run.

    Each launch has settings of its own (the window's default layout, no recent files):
    the app saves its layout when it quits, and a layout left by an earlier run (or by
    the user) would change the size of the map and so what the first frame draws.
    """
    with tempfile.TemporaryDirectory(prefix="bench-open-settings-") as settings:
        return _launch(path, bbox, timeout, settings, cache)


def _launch(path: Path, bbox, timeout: float, settings: str, cache: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDATLAS_OPEN_MARKS": "1",
           "XDG_CONFIG_HOME": settings, "GRIDATLAS_CACHE_DIR": cache}
    if bbox is not None:
        env["GRIDATLAS_OPEN_BBOX"] = ",".join(repr(float(v)) for v in bbox)
    started = time.time()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "open", str(path)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    figures = {}
    for line in err.splitlines():
        if line.startswith('{"mark"'):
            entry = json.loads(line)
            if entry["mark"] == "peak_rss":
                figures["peak_rss_mb"] = round(entry["kb"] / 1024, 1)
            else:
                figures[MARKS[entry["mark"]]] = round((entry["t"] - started) * 1000, 1)
                figures["rss_mb_at_" + entry["mark"]] = round(entry.get("rss_kb", 0) / 1024, 1)
    if process.returncode != 0 or len(figures) < len(FIGURES):
        tail = "\n".join(err.splitlines()[-5:])
        raise SystemExit(f"error: the app did not report every mark (exit {process.returncode}):\n{tail}")
    return figures


#: The loader's steps, timed; run by ``python -c`` in a fresh process (its peak memory is its own).
_PHASES_CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[2])
marks, last = [], (time.perf_counter(), time.process_time())
MAP_SIZE = (1280, 800)  # a window's map area: the view leaves out the layers too small there
def step(name):
    global last
    now = (time.perf_counter(), time.process_time())
    marks.append({"phase": name, "wall_ms": round((now[0] - last[0]) * 1000, 1),
                  "cpu_ms": round((now[1] - last[1]) * 1000, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})
    last = now
from gui.map.preload import read_first, read_full, unseen_layers
step("imports")
view, preview = read_first(sys.argv[1], None, None, unseen_layers(sys.argv[1], MAP_SIZE))
step("first_view")
project, _layers = read_full(sys.argv[1], view, preview)
step("full_read")
project.attach_file()
step("attach_file")
project.close()
from geo.projection_cache import flush
flush(30)  # the cache's entries written, as the app waits for them when it quits
print(json.dumps(marks))
"""


def loader_phases(path: Path, timeout: float, cache: str = "off") -> list:
    """The loader's steps on ``path`` in a fresh process: [{phase, wall_ms, cpu_ms, peak_rss_mb}]."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDATLAS_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-c", _PHASES_CHILD, str(path), str(ROOT)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-5:])
        raise SystemExit(f"error: the loader's steps failed (exit {done.returncode}):\n{tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", help="project GeoPackage (default: --scale's cached project)")
    parser.add_argument("--scale", default="city", choices=["street", "district", "city"])
    parser.add_argument("--bbox", help="first view: minx,miny,maxx,maxy in the project CRS")
    parser.add_argument("--view", default="full", choices=["full", "district", "community", "grid"],
                        help="first view picked from the project (ignored with --bbox)")
    parser.add_argument("--runs", type=int, default=1, help="launches; figures are medians")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per launch")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--cache", default="warm", choices=["warm", "cold", "off"],
                        help="the projection cache (geo.projection_cache): filled by a first launch, "
                             "emptied before each, or off")
    parser.add_argument("--phases", action="store_true",
                        help="also time the loader's steps in a fresh process without a window")
    args = parser.parse_args(argv)
    path = Path(args.project) if args.project else project_file(args.scale, quiet=args.json)
    bbox = tuple(float(v) for v in args.bbox.split(",")) if args.bbox else view_bbox(path, args.view)
    with tempfile.TemporaryDirectory(prefix="bench-open-cache-") as folder:
        cache = "off" if args.cache == "off" else folder
        first = launch(path, bbox, args.timeout, cache) if args.cache == "warm" else None
        runs = []
        for _ in range(max(args.runs, 1)):
            if args.cache == "cold":
                shutil.rmtree(folder, ignore_errors=True)
            runs.append(launch(path, bbox, args.timeout, cache))
        if args.cache == "cold":
            shutil.rmtree(folder, ignore_errors=True)
        phases = loader_phases(path, args.timeout, cache) if args.phases else None
    result = {key: round(statistics.median(r[key] for r in runs), 1) for key in runs[0]}
    result["cache"] = args.cache
    if first is not None:
        result["first_open"] = {key: first[key] for key in FIGURES}
    if args.json:
        print(json.dumps(result if phases is None else {**result, "phases": phases}))
        return 0
    view = args.bbox or args.view
    print(f"{path.name}, first view {view}, {len(runs)} launch(es), median, projection cache {args.cache}")
    for key in FIGURES:
        print(f"  {key:16s} {result[key]:10.1f}   target {TARGETS[key]}")
    if first is not None:
        print("  first opening (filling the cache): " + ", ".join(
            f"{key} {first[key]:.0f}" for key in FIGURES))
    print("  memory at each mark (MB): " + ", ".join(
        f"{name} {result['rss_mb_at_' + name]:.0f}" for name in MARKS if "rss_mb_at_" + name in result))
    if phases is not None:
        print("  the loader's steps alone (fresh process, no window): wall / CPU ms, peak MB after")
        for entry in phases:
            print(f"    {entry['phase']:14s} {entry['wall_ms']:9.1f} {entry['cpu_ms']:9.1f} {entry['peak_rss_mb']:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
