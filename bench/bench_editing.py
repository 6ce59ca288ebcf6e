"""Editing speed along the path the GUI takes: ``python bench/bench_editing.py [--scale city] [--json]``.

Works on a copy of ``bench/out/<scale>.gpkg`` with its file behind it, as the
editing session does (:mod:`gui.editing.session`, :mod:`gui.editing.brush_tool`):
a :class:`~geo.editing.brush.BrushStroke` on the session's ``GridBalance`` and
``BuildingIndex`` collects buildings, its ``commit()`` gives one
``ReassignBuildings`` that re-derives the grids' boundaries, runs the topology
guard, writes one transaction and regroups party groups; then undo.

The edits are the ones a planner makes: buildings on the border of a grid go
to the neighbouring grid of the same community (a refused edit -- the guard
would break a grid -- is counted and skipped, as the GUI would ask first).

Figures (median and p95; targets from the issue):

* brush step: one mouse move of a stroke (query under the brush + live balance), < 50 ms;
* click-assign one building: the whole command, < 20 ms;
* of which: re-deriving the two grids' boundaries, < 50 ms;
* a brush stroke of ~8 buildings released (the command), and undo of a click;
* with ``--cpu``, every figure is CPU time of this process (see :func:`cpu_timed`);
* with ``--coverage``, a live :class:`~geo.coverage.model.CoverageModel` follows every
  edit as the window's does when a coverage view is open: its share of each command
  (``coverage_update``) and its sums redone on the next read (``coverage_read``).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import Report, project_file, timed, working_copy  # noqa: E402
from geo.editing.assign import EditRefused  # noqa: E402
from geo.editing.balance import GridBalance  # noqa: E402
from geo.editing.boundaries import derive_boundaries  # noqa: E402
from geo.editing.brush import BrushOptions, BrushStroke, BuildingIndex  # noqa: E402
from geo.coverage.model import CoverageModel  # noqa: E402
from geo.project import Project  # noqa: E402

BRUSH_RADIUS_M = 15.0
STROKE_BUILDINGS = 8


def border_moves(project, n: int) -> list[tuple]:
    """(source grid, neighbouring grid of the same community, its buildings nearest that
    neighbour, nearest first) for ``n`` grids spread over the project."""
    grids, b = project["grids"], project["buildings"]
    geoms = grids.geometry.values.to_numpy()
    tree = shapely.STRtree(geoms)
    centroids = shapely.centroid(b.geometry.values.to_numpy())
    by_grid = b.groupby("grid_id").indices
    out = []
    for g in np.random.default_rng(0).permutation(len(grids)):  # spread, and the same every run
        source = grids.index[g]
        near = [k for k in tree.query(geoms[g], predicate="touches")
                if grids["community_id"].iloc[k] == grids["community_id"].iloc[g]]
        mine = by_grid.get(source)
        if not near or mine is None or len(mine) < STROKE_BUILDINGS + 2:
            continue
        target = grids.index[near[0]]
        order = np.argsort(shapely.distance(centroids[mine], geoms[near[0]]))
        out.append((source, target, list(b.index[mine[order]])))
        if len(out) == n:
            break
    return out


def stroke_for(project, session, target, buildings, report_steps=None):
    """Paint over ``buildings`` with the brush, as mouse moves do; the stroke."""
    stroke = BrushStroke(project, target, BrushOptions(community=project["grids"].at[target, "community_id"]),
                         balance=session["balance"], index=session["index"])
    frame = project["buildings"]
    for building in buildings:
        p = frame.at[building, "geometry"].representative_point()
        seconds = timed(lambda: (stroke.move_to(p.x, p.y, BRUSH_RADIUS_M), stroke.preview()))
        if report_steps is not None:
            report_steps.append(seconds)
    return stroke


def cpu_timed(fn) -> float:
    """CPU seconds of this process that ``fn()`` took: on a machine shared with other
    work the wall clock also counts the time spent waiting for a core."""
    started = time.process_time()
    fn()
    return time.process_time() - started


def run_command(project, command) -> float | None:
    """Seconds the command took (None when the editor refuses it)."""
    try:
        return timed(lambda: command.do(project))
    except EditRefused:  # includes the topology guard's refusal
        return None


def open_session(path) -> dict:
    """The project and what the window builds when it opens a project for editing."""
    project = Project.open(path)
    # the map's loader shares the buildings in metres with the project (gui.map.preload):
    # the boundaries and the topology guard take them from there, as in the window
    project.metric_geoms("buildings")
    session = {"balance": GridBalance(project), "index": BuildingIndex(project)}
    session["balance"].org_for("grid_branch", None)  # built once on open, as the GUI does
    session["index"].warm()  # the brush tool builds it when activated
    return {"project": project, "session": session}


class CoverageTimer:
    """A live CoverageModel whose handling of each project event is timed."""

    def __init__(self, project):
        self.model = CoverageModel(project, live=False)
        self.model.grids  # noqa: B018 (built before the edits, as an open dock has it)
        self.seconds = 0.0
        self._callback = self._on_changed  # kept: Event.disconnect compares by identity
        project.changed.connect(self._callback)

    def _on_changed(self, event) -> None:
        self.seconds += timed(lambda: self.model._on_changed(event))  # noqa: SLF001

    def take(self) -> float:
        seconds, self.seconds = self.seconds, 0.0
        return seconds

    def read(self) -> float:
        return timed(lambda: self.model.street)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["street", "district", "city"])
    parser.add_argument("--edits", type=int, default=30, help="edits per figure")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--coverage", action="store_true",
                        help="keep a live coverage model (as an open coverage view does) and time it")
    parser.add_argument("--cpu", action="store_true",
                        help="time with this process's CPU time instead of the wall clock "
                             "(steadier on a busy machine; leaves out the wait for the disk)")
    args = parser.parse_args(argv)
    if args.cpu:
        global timed  # noqa: PLW0603 (every figure below then counts CPU time)
        timed = cpu_timed
    report = Report(args.json, scale=args.scale, benchmark="editing", clock="cpu" if args.cpu else "wall")
    source = project_file(args.scale, quiet=args.json)
    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        path = working_copy(source, Path(tmp))
        opened = {}
        seconds = timed(lambda: opened.update(open_session(path)))
        project, session = opened["project"], opened["session"]
        report.note("open_s", round(seconds, 2), f"{source.name}: open + balance + brush index {seconds:.1f} s")
        coverage = CoverageTimer(project) if args.coverage else None
        plans = border_moves(project, args.edits)
        steps, clicks, derives, undos, strokes, refused = [], [], [], [], [], 0
        updates, reads = [], []
        for source_grid, target, near in plans:
            building = near[0]
            moves = {building: target}
            derives.append(timed(lambda: derive_boundaries(project, [source_grid, target], moves,
                                                           balance=session["balance"])))
            stroke = stroke_for(project, session, target, [building])
            command = stroke.commit()
            took = run_command(project, command) if command is not None else None
            if took is None:
                refused += 1
                continue
            clicks.append(took)
            if coverage is not None:
                updates.append(coverage.take())
                reads.append(coverage.read())
            undos.append(timed(lambda: command.undo(project)))
            if coverage is not None:
                updates.append(coverage.take())
                reads.append(coverage.read())
        for source_grid, target, near in plans:
            stroke = stroke_for(project, session, target, near[:STROKE_BUILDINGS], steps)
            command = stroke.commit()
            took = run_command(project, command) if command is not None else None
            if took is None:
                refused += 1
                continue
            strokes.append(took)
            command.undo(project)
        report.samples("brush_step", steps, "brush step (query + live balance)", 50)
        report.samples("click_assign", clicks, "click-assign one building (whole command)", 20)
        report.samples("derive_boundaries", derives, "  of which: re-derive its two grids", 50)
        report.samples("stroke_release", strokes, f"brush stroke of {STROKE_BUILDINGS} buildings released")
        report.samples("undo_click", undos, "undo of a click-assign")
        if coverage is not None:
            report.samples("coverage_update", updates, "  of which: coverage model following the edit")
            report.samples("coverage_read", reads, "coverage sums redone on the next read (after the frame)")
        report.note("refused", refused, f"edits the topology guard refused (skipped): {refused}")
        project.close()
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
