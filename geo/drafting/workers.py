"""Run independent jobs (one per community) on several processes, results in input order.

Communities are drafted independently, so a draft of many of them spreads over the
machine's cores with :class:`concurrent.futures.ProcessPoolExecutor`. Small drafts stay
in the calling process (starting workers costs more than it saves). Results come back
in input order whatever process finished first, so a draft does not depend on the
number of workers. Progress is reported as jobs finish; ``cancelled`` is polled while
waiting, and a cancel drops the jobs not yet started.

Workers are forked when the calling process runs a single thread and has not loaded Qt
(the command line, the benchmark): forking is cheap and inherits the imported modules.
A process with other threads (the GUI) must not fork — a lock held by another thread
would stay locked in the child — so its workers come from a fork server, a clean
process started once that has imported the drafting code (or are spawned, where there
is no fork at all).
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from ..background import usable_cores

#: Fewer jobs than this, or less work than ``MIN_ITEMS`` in all, run in the calling process.
MIN_JOBS = 4
MIN_ITEMS = 1500
#: Seconds between looks at ``cancelled`` while waiting for workers.
POLL_SECONDS = 0.1


def default_workers() -> int:
    """One worker per core this process may use."""
    return usable_cores()


def worker_count(jobs: int, items: int, workers=None) -> int:
    """How many processes to use for ``jobs`` jobs of ``items`` items in all (1: in process)."""
    wanted = default_workers() if workers is None else max(int(workers), 1)
    if workers is None and (jobs < MIN_JOBS or items < MIN_ITEMS):
        return 1
    return max(min(wanted, jobs), 1)


def run_jobs(fn, jobs: list, workers: int = 1, progress=None, cancelled=None, on_cancel=None) -> list:
    """``[fn(job) for job in jobs]``, on ``workers`` processes when more than one.

    Parameters
    ----------
    fn : callable
        A module-level function (it is pickled by name for the workers).
    progress : callable(done, total), optional
    cancelled : callable() -> bool, optional
        Polled between jobs (in process) or every ``POLL_SECONDS`` (workers).
    on_cancel : callable, optional
        Called (it should raise) when ``cancelled()`` is true.
    """
    if workers <= 1 or len(jobs) <= 1:
        return _run_here(fn, jobs, progress, cancelled, on_cancel)
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        futures = [executor.submit(fn, job) for job in jobs]
        pending, done = set(futures), 0
        while pending:
            finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            if cancelled is not None and cancelled():
                if on_cancel is not None:
                    on_cancel()  # raises; leaving cancels the jobs not yet started
                return []
            if finished:
                done += len(finished)
                if progress is not None:
                    progress(done, len(jobs))
        return [f.result() for f in futures]
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_here(fn, jobs, progress, cancelled, on_cancel) -> list:
    out = []
    for n, job in enumerate(jobs):
        if cancelled is not None and cancelled():
            if on_cancel is not None:
                on_cancel()
            return []
        out.append(fn(job))
        if progress is not None:
            progress(n + 1, len(jobs))
    return out


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and not _qt_loaded():
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # the server imports the drafting code once; each worker forked from it starts warm
        context.set_forkserver_preload(["geo.drafting.community_draft"])
        return context
    return multiprocessing.get_context("spawn")


def _qt_loaded() -> bool:
    """Qt's own threads are invisible to :mod:`threading`: a process that loaded Qt is not forked."""
    return any(name in sys.modules for name in ("PySide6.QtCore", "PyQt6.QtCore", "PySide2.QtCore", "PyQt5.QtCore"))
