"""Coverage figures: from scratch, and kept current through one move in the editor.

Usage: ``python bench/bench_coverage.py [--scale city] [--moves 30] [--json]``
(the project is ``bench/out/<scale>.gpkg``, generated once with ``main.py demo``;
another benchmark may be writing it, so this waits rather than generate it
twice). Runs on one core: BLAS threads are pinned to 1.

"One move" is what the editor does and allows: a building goes to another grid
of its own community, as one ``ReassignBuildings`` command on a copy of the
project file (the transactional write, the grids' boundaries re-derived),
while the live :class:`~geo.coverage.CoverageModel` follows it. The figure is
the time the coverage model spends on the change (timed inside its listener),
printed next to the whole command.

Targets (the issue): from scratch < 5 s; the coverage update for one move < 20 ms.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Report, project_file, timed, working_copy  # noqa: E402
from bench.bench_editing import border_moves  # noqa: E402


class TimedListener:
    """Stands in for the coverage model's change listener and times each call."""

    def __init__(self, model):
        self.model, self.seconds = model, []
        self.callback = model._callbacks[0]  # noqa: SLF001 (the bound method it connected)
        model.project.changed.disconnect(self.callback)
        model.project.changed.connect(self)

    def __call__(self, event) -> None:
        started = time.perf_counter()
        self.callback(event)
        self.seconds.append(time.perf_counter() - started)


def moves_within_communities(project, model, balance, n: int):
    """Time ``n`` one-building moves to a neighbouring grid of the same community (then undo each)."""
    from geo.editing.assign import EditRefused, ReassignBuildings

    listener = TimedListener(model)
    commands, coverage, refused = [], [], 0
    for _source, target, near in border_moves(project, n):
        command = ReassignBuildings({near[0]: target}, balance=balance)
        listener.seconds.clear()
        try:
            commands.append(timed(lambda: command.do(project)))
        except EditRefused:  # the topology guard would ask the user first: skip
            refused += 1
            continue
        coverage.append(sum(listener.seconds))  # one command: one event per layer it wrote
        command.undo(project)
    return commands, coverage, refused


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["street", "district", "city"])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    report = Report(args.json, scale=args.scale, benchmark="coverage")
    source = project_file(args.scale, quiet=args.json)
    from geo.coverage import CoverageModel
    from geo.coverage.state import CoverageState
    from geo.editing.balance import GridBalance
    from geo.project import Project

    with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
        path = working_copy(source, Path(tmp))
        opened = {}
        seconds = timed(lambda: opened.update(project=Project.open(path)))
        report.note("open_s", round(seconds, 2), f"open project: {seconds:.1f} s")
        project = opened["project"]
        metric = {}
        t_metric = timed(lambda: metric.update(m=project.metric("buildings").to_numpy()))
        t_rest = timed(lambda: CoverageState(project, metric=metric["m"]))
        scratch = [timed(lambda: CoverageModel(project, live=False)) for _ in range(2)]
        model = {}
        scratch.append(timed(lambda: model.update(m=CoverageModel(project))))
        model = model["m"]
        report.samples("from_scratch", scratch, "all figures from scratch (3 runs)", 5000)
        report.note("from_scratch_parts_s", {"projecting_buildings": round(t_metric, 2),
                                             "everything_else": round(t_rest, 2)},
                    f"  (projecting buildings {t_metric:.2f} s, everything else {t_rest:.2f} s)")
        gaps = []
        seconds = timed(lambda: gaps.extend(model.gaps()))
        report.note("gap_list_s", round(seconds, 2), f"gap list: {len(gaps)} rows in {seconds:.2f} s")
        balance = GridBalance(project)
        commands, coverage, refused = moves_within_communities(project, model, balance, args.moves)
        report.samples("one_move_coverage", coverage, "one move: coverage model update", 20)
        report.samples("one_move_command", commands, "one move: whole command (write, boundaries)")
        report.note("refused", refused, f"moves the topology guard refused (skipped): {refused}")
        rules = project.rules.__class__(households_min=250, households_max=450)
        seconds = timed(lambda: project.set_rules(rules))
        report.note("rules_changed_s", round(seconds, 2),
                    f"rules changed (full recompute, polygons reused): {seconds:.2f} s")
        model.close()
        balance.close()
        project.close()
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
