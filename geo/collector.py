"""Python's cycle collector told to leave alone what survived a full collection.

A loaded city holds millions of objects the collector tracks (the frames' index
and column objects, the id dicts and sets of the balance, Qt wrappers). Each
full (generation 2) collection walks all of them: 100-400 ms a time at city
scale, 11 times while a city opens (1.5 s of its full model), and one could land
on any edit. After each full collection the survivors are moved out of the
collector's sight (``gc.freeze``), so the next full collection walks only what
came after. Measured 2026-12-02, city project, warm cache, two launches each:
full collections 1.55 s → 0.27 s in all, full model 15.8–16.5 → 13.8–14.9 s (a slow hour).

What this gives up: a reference cycle among frozen objects is not collected
until they are thawed; frozen objects that lose their last reference are freed
as always. :func:`thaw` gives them back to the collector when a project closes
(its frames, caches and wrappers may hold cycles); the next full collection,
which the next opening's allocations bring about, walks them once and frees the
cycles. And ``gc.get_referrers`` / ``gc.get_objects`` do not look among frozen
objects (only debugging tools ask them; see :func:`stop_freezing`).
"""
from __future__ import annotations

import gc


def _freeze_survivors(phase: str, info: dict) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def freeze_after_full_collections() -> None:
    """Freeze the survivors of every full collection from now on (once per process)."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def thaw() -> None:
    """Let the collector see every frozen object again (a project was closed)."""
    gc.unfreeze()


def stop_freezing() -> None:
    """Collect as Python does by default again, everything thawed.

    ``gc.get_referrers`` does not look among frozen objects: a tool that asks it whether
    anything holds an object (Hypothesis does, of its random generator) is then told
    nothing does. The test suite runs this way; tests/test_collector.py turns freezing on.
    """
    while _freeze_survivors in gc.callbacks:
        gc.callbacks.remove(_freeze_survivors)
    gc.unfreeze()
