"""Editing in the real window, to the next drawn frame: ``python bench/bench_edit.py PROJECT [--json]``.

``--scale district|city`` instead of PROJECT uses (and generates once)
``bench/out/<scale>.gpkg``. The project is never edited in place: the
benchmark works on a copy next to it.

The main window is launched offscreen on the copy with the usual docks open
(balance, gap list, charts, the attribute table showing grids, the status
bar). Per repetition, in a different community each time, the benchmark

* draws a 20-step brush stroke across the border of two grids of one community
  with real mouse events on the canvas (target: the grid on the far side);
* releases it (one command on the undo stack);
* click-assigns one building of the source grid with the click tool;
* undoes the click and redoes it (the window's undo stack).

Each figure is timed from the event to the next *drawn* frame: the canvas's
``renderFinished`` for a frame requested after the event, then the canvas's
own paint of it (``processEvents``). A brush step is one mouse move with
everything it triggers (the balance dock, the overlay, the canvas repaint).

Figures and targets (issue 13): brush step p95 < 16 ms; release → frame
median < 50 ms, p95 < 100 ms; click-assign → frame median < 50 ms; undo and
redo → frame median < 50 ms. With ``--json`` one object with
``brush_step_ms_p95``, ``release_to_frame_ms_median``, ``release_to_frame_ms_p95``,
``click_to_frame_ms_median``, ``undo_to_frame_ms_median``, ``redo_to_frame_ms_median``
(and the details under ``samples``; under ``parts``, per figure, where its time went:
``to_request`` the command with its listeners until the frame was asked for, ``render_wait``,
``render`` and ``render_cpu`` the render thread's pick-up, wall and CPU time, ``to_screen`` the
frame's way to the GUI thread and its paint).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import project_file, summary, working_copy  # noqa: E402

STEPS = 20
#: (figure, json key prefix, which statistic is the target's, target ms)
TARGETS = [("brush step (one mouse move)", "brush_step", "p95", 16),
           ("brush release → frame", "release_to_frame", "median", 50),
           ("brush release → frame", "release_to_frame", "p95", 100),
           ("click-assign → frame", "click_to_frame", "median", 50),
           ("undo → frame", "undo_to_frame", "median", 50),
           ("redo → frame", "redo_to_frame", "median", 50)]
FRAME_TIMEOUT_S = 60.0
#: Events processed after an edit's frame before the next figure starts (a person's pause
#: between two edits is longer): what the edit set off after its frame is not timed again.
QUIET_S = 0.2


class FrameClock:
    """Seconds from a mark to the canvas's next complete, drawn frame requested after it."""

    def __init__(self, canvas, app):
        self.canvas, self.app = canvas, app
        self._finished = []  # (serial, when it was on screen, the render's JobTimes)
        self.parts = None  # where the last waited-for frame's time went (see wait)
        canvas.renderFinished.connect(self._on_frame)  # first: before views that wait for the frame

    def _on_frame(self) -> None:
        self.canvas.repaint()  # the canvas draws the new frame now (offscreen: no vsync)
        worker = self.canvas.worker
        self._finished.append((worker.serial, time.perf_counter(), getattr(worker, "timings", None)))

    def idle(self) -> None:
        """Wait until no frame is pending (so the next one belongs to what follows), then until
        the views that follow a frame (gui.map.after_frame: a timer, then their repaint) are done:
        left in the queue they would run inside the next figure, on its render's time."""
        deadline = time.perf_counter() + FRAME_TIMEOUT_S
        while time.perf_counter() < deadline:
            self.app.processEvents()
            if not self._pending() and not self.canvas.worker.busy():
                quiet = time.perf_counter() + QUIET_S
                while time.perf_counter() < quiet:
                    self.app.processEvents()
                    time.sleep(0.002)
                if not self._pending() and not self.canvas.worker.busy():
                    return
            time.sleep(0.002)

    def _pending(self) -> bool:
        """A render the canvas has scheduled but not yet asked for."""
        timer = getattr(self.canvas, "_timer", None)  # the settle timer of a moving view
        return bool(getattr(self.canvas, "_edit_pending", False)) or (timer is not None and timer.isActive())

    def mark(self) -> int:
        self._finished.clear()
        return self.canvas.worker.serial

    def wait(self, started: float, serial_before: int) -> float:
        """Seconds since ``started`` until a frame newer than ``serial_before`` is on screen."""
        deadline = started + FRAME_TIMEOUT_S
        while time.perf_counter() < deadline:
            self.app.processEvents()
            # the first frame asked for after the event shows it: the canvas asks once the
            # command is done (views that follow later may ask for more frames; not counted)
            shown = [(t, job) for s, t, job in self._finished if s > serial_before]
            if shown and not getattr(self.canvas, "_edit_pending", False):
                t, job = shown[0]
                self.parts = None if job is None else {
                    "to_request": job.requested - started,  # the command and the listeners it calls
                    "render_wait": job.started - job.requested,  # the render thread picking the job up
                    "render": job.finished - job.started,
                    "render_cpu": job.cpu,  # render minus render_cpu: waiting for Python's lock or a core
                    "to_screen": t - job.finished}  # the frame queued to the GUI thread, then painted
                return t - started
            time.sleep(0.0005)
        raise TimeoutError("no frame within a minute")


def build_window(path):
    """The main window on ``path`` with the usual docks open, shown and drawn once."""
    from PySide6.QtWidgets import QMessageBox

    from geo.project import Project
    from gui.main_window import MainWindow

    # a refused edit asks or warns in a box: answer "no" and go on (counted as refused)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    window = MainWindow(Project.open(path))
    window.resize(1600, 1000)
    window.show()
    features = {type(f).__module__.rsplit(".", 1)[-1]: f for f in window.features}
    editing, coverage = features["editing"], features["coverage"]
    for dock in (coverage.gap_dock, coverage.charts_dock, editing.balance_dock):
        dock.show()
        dock.raise_()
    window.attribute_dock.show()
    window.attribute_dock.show_layer("grids")
    return window, editing


def plans(project, n: int) -> list[tuple]:
    """(source grid, target grid, source buildings nearest the target) in ``n`` communities."""
    from bench.bench_editing import border_moves

    seen, out = set(), []
    for source, target, near in border_moves(project, n * 8):
        community = project["grids"].at[source, "community_id"]
        if community not in seen:
            seen.add(community)
            out.append((source, target, near))
        if len(out) == n:
            break
    return out


def stroke_pixels(canvas, project, source, target, near):
    """20 points from inside ``target`` across the border to the 6th-nearest building of ``source``."""
    grids, b = project["grids"], project["buildings"]
    to_metric = canvas.scene.to_metric

    def pixel(point):
        return canvas.map_to_pixel(*to_metric.transform(point.x, point.y))

    end = b.at[near[min(5, len(near) - 1)], "geometry"].representative_point()
    start_geom = grids.at[target, "geometry"]
    border = grids.at[source, "geometry"].boundary.intersection(start_geom.boundary)
    through = border.representative_point() if not border.is_empty else start_geom.representative_point()
    x0, y0 = pixel(through)
    x1, y1 = pixel(end)
    # start a third of the way back into the target grid, end at the building
    sx, sy = x0 - (x1 - x0) / 3, y0 - (y1 - y0) / 3
    return [(sx + (x1 - sx) * k / (STEPS - 1), sy + (y1 - sy) * k / (STEPS - 1)) for k in range(STEPS)]


def send_mouse(canvas, kind, x, y) -> None:
    """A real mouse event (press, move with the button held, release) at canvas pixel (x, y)."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.NoButton if kind == "release" else Qt.MouseButton.LeftButton
    pos = QPointF(x, y)
    QApplication.sendEvent(canvas, QMouseEvent(types[kind], pos, canvas.mapToGlobal(pos), button, buttons,
                                               Qt.KeyboardModifier.NoModifier))


def pixel_of(canvas, project, layer, id_):
    """The canvas pixel of a feature's representative point."""
    p = project[layer].at[id_, "geometry"].representative_point()
    return canvas.map_to_pixel(*canvas.scene.to_metric.transform(p.x, p.y))


def zoom_to(canvas, project, grids) -> None:
    minx, miny, maxx, maxy = project["grids"].loc[list(grids)].total_bounds
    canvas.zoom_to_bounds((minx, miny, maxx, maxy), margin=0.3)


def run(path, repetitions: int, log) -> dict:
    from PySide6.QtWidgets import QApplication

    from gui.app import create_app

    app = create_app(["bench"])
    started = time.perf_counter()
    window, editing = build_window(path)
    canvas, project, session = window.canvas, window.project, editing.session
    clock = FrameClock(canvas, app)
    clock.idle()
    log(f"window open, docks shown: {time.perf_counter() - started:.1f} s")
    times = {k: [] for k in ("brush_step", "release_to_frame", "click_to_frame", "undo_to_frame",
                              "redo_to_frame")}
    refused = 0
    parts = {}  # figure -> part -> seconds (FrameClock.parts)

    def timed(name, seconds):
        times[name].append(seconds)
        for part, value in (clock.parts or {}).items():
            parts.setdefault(name, {}).setdefault(part, []).append(value)

    for source, target, near in plans(project, repetitions):
        zoom_to(canvas, project, (source, target))
        session.set_target(target)
        editing.tool_actions["edit_brush"].trigger()
        clock.idle()
        points = stroke_pixels(canvas, project, source, target, near)
        send_mouse(canvas, "press", *points[0])
        for p in points[1:]:
            t0 = time.perf_counter()
            send_mouse(canvas, "move", *p)
            app.processEvents()
            times["brush_step"].append(time.perf_counter() - t0)
        depth = window.undo_stack.count()
        serial = clock.mark()
        t0 = time.perf_counter()
        send_mouse(canvas, "release", *points[-1])
        if window.undo_stack.count() == depth:
            refused += 1
            log(f"  stroke refused: {window.statusBar().currentMessage()}")
            app.processEvents()
        else:
            timed("release_to_frame", clock.wait(t0, serial))
        clock.idle()
        # click-assign one building still in the source grid
        editing.tool_actions["edit_assign_rect"].trigger()
        still = [i for i in near if project["buildings"].at[i, "grid_id"] == source]
        if not still:
            continue
        x, y = pixel_of(canvas, project, "buildings", still[0])
        depth = window.undo_stack.count()
        serial = clock.mark()
        t0 = time.perf_counter()
        send_mouse(canvas, "press", x, y)
        send_mouse(canvas, "release", x, y)
        if window.undo_stack.count() == depth:
            refused += 1
            log(f"  click refused: {window.statusBar().currentMessage()}")
            app.processEvents()
            continue
        timed("click_to_frame", clock.wait(t0, serial))
        clock.idle()
        for name, step in (("undo_to_frame", window.undo_stack.undo), ("redo_to_frame", window.undo_stack.redo)):
            serial = clock.mark()
            t0 = time.perf_counter()
            step()
            timed(name, clock.wait(t0, serial))
            clock.idle()
        log(f"  round in community {project['grids'].at[source, 'community_id']}: done")
    window.close()
    QApplication.processEvents()
    return {"samples": {k: summary(v) for k, v in times.items()}, "refused": refused,
            "parts": {k: {p: summary(v) for p, v in ps.items()} for k, ps in parts.items()}}


def figures(result: dict) -> dict:
    out = {}
    for _what, key, stat, _target in TARGETS:
        value = result["samples"][key][f"{stat}_ms"]
        out[f"{key}_ms_{stat}"] = value
    return out


def print_table(result: dict, name: str) -> None:
    print(f"{name}: bench_edit (times to the next drawn frame; machine shared, figures are upper bounds)")
    print(f"{'figure':34s} {'median':>9s} {'p95':>9s}   target")
    for what, key, stat, target in TARGETS:
        s = result["samples"][key]
        med = "-" if s["median_ms"] is None else f"{s['median_ms']:7.1f}"
        p95 = "-" if s["p95_ms"] is None else f"{s['p95_ms']:7.1f}"
        value = s[f"{stat}_ms"]
        ok = "" if value is None else ("  met" if value < target else "  MISSED")
        print(f"{what:34s} {med:>9s} {p95:>9s}   {stat} < {target} ms{ok}   (n={s['n']})")
    print(f"edits refused by the topology guard (skipped): {result['refused']}")
    if result.get("parts"):
        print("where the time went (medians, ms): to_request = the command and its listeners; "
              "render vs render_cpu = the render thread's wall and CPU time")
        for key, ps in result["parts"].items():
            print(f"  {key:18s} " + "  ".join(f"{p} {v['median_ms']:.1f}" for p, v in ps.items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", help="a GridAtlas project (.gpkg); edited on a copy")
    parser.add_argument("--scale", choices=["street", "district", "city"],
                        help="use bench/out/<scale>.gpkg (generated once) instead of PROJECT")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (stroke, click, undo, redo)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if bool(args.project) == bool(args.scale):
        parser.error("give PROJECT or --scale, not both")
    source = Path(args.project) if args.project else project_file(args.scale, quiet=args.json)
    if not source.exists():
        parser.error(f"no such project: {source}")
    log = (lambda text: print(text, file=sys.stderr, flush=True)) if not args.json else (lambda text: None)
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        # settings of its own (as bench_open): the user's recent files and layout stay theirs
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "settings")
        result = run(working_copy(source, Path(tmp)), args.repeat, log)
    if args.json:
        print(json.dumps({**figures(result), "refused": result["refused"], "samples": result["samples"],
                          "parts": result["parts"], "project": source.name}, ensure_ascii=False))
    else:
        print_table(result, source.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
