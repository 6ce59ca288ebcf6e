"""Drafting communities on several processes: the same draft as in one, with progress and cancel."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import shapely

from geo.drafting.draft import DraftCancelled, draft
from geo.drafting.workers import MIN_ITEMS, MIN_JOBS, worker_count
from geo.project import Project


@pytest.fixture
def demo(demo_gpkg):
    project = Project.open(demo_gpkg)
    yield project
    project.close()


def _same_draft(a, b):
    assert a.assignment == b.assignment
    assert [(g.grid_id, g.name, g.community_id, g.households, g.buildings) for g in a.grids] == \
        [(g.grid_id, g.name, g.community_id, g.households, g.buildings) for g in b.grids]
    assert [(e.grid_id, e.code, e.message.text("en")) for e in a.exceptions] == \
        [(e.grid_id, e.code, e.message.text("en")) for e in b.exceptions]
    assert a.replaced == b.replaced
    for g, h in zip(a.grids, b.grids):
        assert shapely.equals_exact(g.geometry, h.geometry, tolerance=0), g.grid_id
        assert g.polsby_popper == pytest.approx(h.polsby_popper, nan_ok=True)


def test_two_processes_draft_exactly_what_one_does(demo):
    alone = draft(demo, seed=3, workers=1)
    steps = []
    together = draft(demo, seed=3, workers=2, progress=lambda done, total: steps.append((done, total)))
    assert alone.workers == 1 and together.workers == 2
    _same_draft(alone, together)
    communities = len(demo["communities"])
    assert steps[-1] == (communities, communities) and [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_the_command_line_forks_its_workers(demo, demo_gpkg):
    # a plain interpreter (no Qt, one thread), as main.py draft runs: workers are forked
    code = ("import json, sys; from geo.project import Project; from geo.drafting.draft import draft;"
            "from geo.drafting.workers import _context; p = Project.open(sys.argv[1]);"
            "print(_context().get_start_method()); r = draft(p, seed=3, workers=2); p.close();"
            "print(r.workers); print(json.dumps(sorted(r.assignment.items())))")
    run = subprocess.run([sys.executable, "-c", code, str(demo_gpkg)], cwd=Path(__file__).resolve().parent.parent,
                         capture_output=True, text=True, timeout=300, check=True)
    method, workers, assignment = run.stdout.splitlines()
    assert (method, workers) == ("fork", "2")
    assert json.loads(assignment) == [list(pair) for pair in sorted(draft(demo, seed=3, workers=1).assignment.items())]


def test_a_process_with_other_threads_starts_clean_workers(demo):
    # the GUI runs threads: its workers must not be forked from it (a fork server starts them)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        together = draft(demo, seed=1, workers=2)
    finally:
        stop.set()
        other.join()
    _same_draft(draft(demo, seed=1, workers=1), together)


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops_the_draft(demo, workers):
    seen = []

    def cancelled():
        return bool(seen)

    with pytest.raises(DraftCancelled):
        draft(demo, workers=workers, progress=lambda done, total: seen.append(done), cancelled=cancelled)
    assert len(seen) < len(demo["communities"]), "no further progress after the cancel"


def test_small_drafts_stay_in_the_calling_process():
    assert worker_count(MIN_JOBS - 1, 10 * MIN_ITEMS) == 1
    assert worker_count(10 * MIN_JOBS, MIN_ITEMS - 1) == 1
    assert worker_count(3, 10, workers=2) == 2, "asked for explicitly"
    assert worker_count(1, 10 * MIN_ITEMS, workers=4) == 1, "never more processes than jobs"
