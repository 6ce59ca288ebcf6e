"""QGIS on the same file and views as bench_open and bench_render: the figures the targets compare with.

Issue 13's targets name QGIS: the first frame of any view after opening a city
project no slower than QGIS on the same file and view, and warm frames at a
fraction of QGIS's. This prints QGIS's side, on this machine, beside nothing of
ours (run bench_open / bench_render for those). It runs with the system's Python
and QGIS (Debian: ``apt install qgis python3-qgis qgis-providers xvfb``), never
with the app's environment::

    python3 bench/bench_qgis.py --scale city --view community [--runs 3] [--json]
    python3 bench/bench_qgis.py PROJECT.gpkg --view full

For the view (bench_open's: ``full``, ``district`` ~10 km, the ``community`` or
``grid`` nearest the middle) it measures:

* ``first_frame_ms``: QGIS desktop launched on a QGIS project of the
  GeoPackage's map layers (communities, grids, compounds, buildings, stations;
  default symbols) saved at that view, from the launch to the canvas's first
  finished frame (``mapCanvasRefreshed``), without splash or plugins; median
  of ``--runs`` launches. The project is made once per run of this script by a
  QGIS that adds the layers, goes to the view and saves. Without a ``DISPLAY``
  an Xvfb server is started for the launches.
* ``warm_ms_median`` / ``warm_ms_p95``: frames of bench_render's pan and zoom
  walk around the view (each a fifth of the screen or 1.25x from the last) at
  1920 x 1080, rendered by PyQGIS without a window on both cores
  (QgsMapRendererParallelJob), after a first frame of the view.

QGIS draws in the layers' CRS with plain symbols; the app draws in metres with
its colouring and labels: QGIS's figures are, if anything, lower bounds.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("communities", "grids", "compounds", "buildings", "stations")  # bottom first
W, H = 1920, 1080
#: bench_render's walk: (pan dx, pan dy in screen fractions, zoom factor) per frame
WALK = [(0.2, 0, 1), (0.2, 0, 1), (0, 0.2, 1), (0, 0, 1.25), (-0.2, 0, 1), (0, -0.2, 1),
        (0, 0, 0.8), (0, 0, 0.8), (0.2, 0.2, 1), (-0.2, 0, 1), (0, 0, 1.25), (0, 0.2, 1)]
QGIS_FLAGS = ["--nologo", "--noplugins", "--noversioncheck"]

# Run by QGIS desktop (--code): add the layers, go to the view, save the project, quit.
MAKE = r"""
import json, os
from qgis.core import QgsProject, QgsRectangle
from qgis.utils import iface
path, bbox = os.environ["BQ_PATH"], json.loads(os.environ["BQ_BBOX"])
canvas = iface.mapCanvas()
for name in json.loads(os.environ["BQ_LAYERS"]):
    iface.addVectorLayer(f"{path}|layername={name}", name, "ogr")
def frame():
    if bbox and canvas.extent().width() > 3 * (bbox[2] - bbox[0]):  # QGIS showed the full extent first
        canvas.setExtent(QgsRectangle(*bbox))
        canvas.refresh()
        return
    QgsProject.instance().write(os.environ["BQ_QGS"])
    os._exit(0)
canvas.mapCanvasRefreshed.connect(frame)
canvas.refresh()
"""

# Run by QGIS desktop (--code) opening the saved project: the time of its first finished frame.
MEASURE = r"""
import json, os, time
from qgis.utils import iface
started = float(os.environ["BQ_START"])
canvas = iface.mapCanvas()
def done():
    with open(os.environ["BQ_OUT"], "w") as out:
        json.dump({"first_frame_ms": (time.time() - started) * 1000, "extent": canvas.extent().toString()}, out)
    if os.environ.get("BQ_PNG"):
        canvas.saveAsImage(os.environ["BQ_PNG"])
    os._exit(0)
canvas.mapCanvasRefreshed.connect(done)
"""

# Run by the system's Python: the warm walk without a window.
WALK_CHILD = r"""
import json, os, statistics, time
from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QSize
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
path, bbox, walk = os.environ["BQ_PATH"], json.loads(os.environ["BQ_BBOX"]), json.loads(os.environ["BQ_WALK"])
w, h = json.loads(os.environ["BQ_SIZE"])
layers = [QgsVectorLayer(f"{path}|layername={n}", n, "ogr") for n in json.loads(os.environ["BQ_LAYERS"])]
settings = QgsMapSettings()
settings.setLayers(layers[::-1])  # QgsMapSettings draws its list's last layer first
settings.setDestinationCrs(layers[0].crs())
settings.setOutputSize(QSize(w, h))
if bbox:
    extent = QgsRectangle(*bbox)
else:
    extent = QgsRectangle(layers[0].extent())
    for layer in layers[1:]:
        extent.combineExtentWith(layer.extent())
def render(extent):
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    started = time.perf_counter()
    job.start()
    job.waitForFinished()
    return time.perf_counter() - started, QgsRectangle(settings.visibleExtent())
first, view = render(extent)
times = []
for dx, dy, zoom in walk:
    cx, cy = view.center().x(), view.center().y()
    half_w, half_h = view.width() / 2, view.height() / 2
    if zoom == 1:
        cx, cy = cx + dx * view.width(), cy - dy * view.height()
    else:
        half_w, half_h = half_w / zoom, half_h / zoom
    seconds, view = render(QgsRectangle(cx - half_w, cy - half_h, cx + half_w, cy + half_h))
    times.append(seconds * 1000)
print(json.dumps({"first_ms": first * 1000, "warm_ms": times}))
"""


@contextlib.contextmanager
def display():
    """A DISPLAY for QGIS desktop: the caller's, or an Xvfb server started for the launches."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if not shutil.which("Xvfb"):
        raise SystemExit("QGIS desktop needs a display: set DISPLAY or install Xvfb (apt install xvfb)")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{W}x{H}x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                raise SystemExit("Xvfb did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait()


def run_qgis(code: str, env: dict, work: Path, project: Path | None = None, timeout: float = 600) -> None:
    script = work / "code.py"
    script.write_text(code)
    args = ["qgis", *QGIS_FLAGS, "--profiles-path", str(work / "profiles"), "--code", str(script)]
    if project is not None:
        args += ["--project", str(project)]
    done = subprocess.run(args, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"QGIS failed (exit {done.returncode}): {done.stderr[-2000:]}")


def desktop_first_frames(path: Path, bbox, runs: int, png: str) -> list[float]:
    if not shutil.which("qgis"):
        raise SystemExit("no QGIS desktop here (apt install qgis)")
    with tempfile.TemporaryDirectory(prefix="bench-qgis-") as tmp, display() as screen:
        work = Path(tmp)
        qgs = work / "view.qgs"
        common = {"DISPLAY": screen, "BQ_PATH": str(path), "BQ_BBOX": json.dumps(bbox),
                  "BQ_LAYERS": json.dumps(LAYERS)}
        run_qgis(MAKE, {**common, "BQ_QGS": str(qgs)}, work)
        times = []
        for k in range(runs):
            out = work / "frame.json"
            env = {**common, "BQ_OUT": str(out), "BQ_PNG": png if k == runs - 1 else ""}
            env["BQ_START"] = repr(time.time())
            run_qgis(MEASURE, env, work, project=qgs)
            times.append(json.loads(out.read_text())["first_frame_ms"])
        return times


def warm_walk(path: Path, bbox) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BQ_PATH": str(path), "BQ_BBOX": json.dumps(bbox),
           "BQ_WALK": json.dumps(WALK), "BQ_SIZE": json.dumps([W, H]), "BQ_LAYERS": json.dumps(LAYERS)}
    done = subprocess.run([sys.executable, "-c", WALK_CHILD], env=env, capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"PyQGIS failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def p95(values) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", help="a GridAtlas project (.gpkg)")
    parser.add_argument("--scale", choices=["district", "city"], help="bench/out/<scale>.gpkg (made by bench_open)")
    parser.add_argument("--view", default="full", choices=["full", "district", "community", "grid"])
    parser.add_argument("--runs", type=int, default=3, help="QGIS desktop launches (median)")
    parser.add_argument("--png", default="", help="write the last launch's frame to this PNG (to look at it)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if bool(args.project) == bool(args.scale):
        parser.error("give PROJECT or --scale, not both")
    path = (Path(args.project) if args.project else ROOT / "bench" / "out" / f"{args.scale}.gpkg").resolve()
    if not path.exists():
        parser.error(f"no such project: {path}")
    sys.path.insert(0, str(ROOT))
    from bench.bench_open import view_bbox  # the same boxes (bench_open imports no module of the app)

    box = view_bbox(path, args.view)
    bbox = list(box) if box is not None else None
    firsts = desktop_first_frames(path, bbox, args.runs, args.png)
    walk = warm_walk(path, bbox)
    figures = {"first_frame_ms": statistics.median(firsts), "warm_ms_median": statistics.median(walk["warm_ms"]),
               "warm_ms_p95": p95(walk["warm_ms"])}
    if args.json:
        print(json.dumps({**figures, "first_frame_runs_ms": firsts, "warm_ms": walk["warm_ms"],
                          "project": path.name, "view": args.view, "bbox": bbox}))
    else:
        print(f"{path.name}, QGIS, view {args.view}")
        print(f"  first_frame_ms  {figures['first_frame_ms']:9.1f}   desktop, launch to first frame, "
              f"median of {args.runs}")
        print(f"  warm_ms         {figures['warm_ms_median']:9.1f}   p95 {figures['warm_ms_p95']:.1f}   "
              f"pan/zoom walk at {W}x{H} (n={len(walk['warm_ms'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
