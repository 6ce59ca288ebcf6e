"""Helper threads: jobs run in order on a daemon thread, and work shared over the cores.

The reading of a project overlaps its steps on helper threads (the next table
read by GDAL, map layers projected to metres). ``ThreadPoolExecutor``'s threads
are joined when Python exits, queued jobs included: closing the window while a
city loads kept the process alive for the seconds those jobs still took. These
threads are daemons, like the loader thread they serve. :func:`share_work` runs
the items of one job on the calling thread and on daemon helpers at once, for
work that leaves Python's lock (GEOS); :func:`alone` keeps background work off them.

Examples
--------
>>> worker = DaemonWorker("example")
>>> worker.submit(sum, [1, 2, 3]).result()
6
>>> worker.shutdown()
>>> share_work(lambda x: x * x, [1, 2, 3])
[1, 4, 9]
"""
from __future__ import annotations

import contextlib
import os
import queue
import threading
from concurrent.futures import Future


class DaemonWorker:
    """``submit(fn, *args)`` → a :class:`concurrent.futures.Future`, run in order on one daemon thread."""

    def __init__(self, name: str):
        self.name = name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._starting = threading.Lock()  # two threads submitting at once start one thread

    def submit(self, fn, *args) -> Future:
        if self._closed:
            raise RuntimeError(f"{self.name}: shut down")
        future: Future = Future()
        self._jobs.put((future, fn, args))
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        return future

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 (handed to whoever waits for the result)
                future.set_exception(exc)

    def shutdown(self, wait: bool = False) -> None:
        """Cancel what has not started; with ``wait``, wait for the running job to end."""
        self._closed = True
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        self._jobs.put(None)
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()


# ---------------------------------------------------------------- work shared over the cores
#: Most helper threads :func:`share_work` uses beside the caller (one per further core).
MAX_HELPERS = 3
_helpers: list[DaemonWorker] | None = None
_helpers_lock = threading.Lock()
_local = threading.local()


@contextlib.contextmanager
def alone():
    """Within it, :func:`share_work` on this thread uses no helper: background work (colouring
    a city's grids behind a frame) leaves them to the frames the user waits for."""
    before = getattr(_local, "alone", False)
    _local.alone = True
    try:
        yield
    finally:
        _local.alone = before


def usable_cores() -> int:
    """The cores this process may use (its CPU affinity where the system says it)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def _helper_threads() -> list[DaemonWorker]:
    global _helpers
    with _helpers_lock:
        if _helpers is None:
            _helpers = [DaemonWorker(f"shared-work-{k}") for k in range(min(MAX_HELPERS, usable_cores() - 1))]
        return _helpers


def share_work(do, items) -> list:
    """``[do(item) for item in items]``, the items taken in turn by the calling thread and by
    helper threads (one per further core, up to :data:`MAX_HELPERS`).

    Worth it for work that runs outside Python's lock (GEOS: simplifying, distances) and
    while the other cores have little to do. Two items never run at once on one thread,
    so ``do`` may use objects private to an item. An error is raised once every thread has
    stopped taking items (the caller's own, else a helper's). Called from a helper thread,
    or inside :func:`alone`, all items run on the calling thread.
    """
    items = list(items)
    results = [None] * len(items)
    helpers = _helper_threads()
    if (len(items) < 2 or not helpers or getattr(_local, "alone", False)
            or threading.current_thread().name.startswith("shared-work-")):
        return [do(item) for item in items]
    order, lock, failed = iter(range(len(items))), threading.Lock(), []

    def work():
        while not failed:
            with lock:
                k = next(order, None)
            if k is None:
                return
            try:
                results[k] = do(items[k])
            except BaseException:
                failed.append(True)
                raise

    futures = [helper.submit(work) for helper in helpers[:len(items) - 1]]
    try:
        work()
    finally:
        for future in futures:
            # a helper still busy with another caller's work has not taken ours: withdrawn, not
            # waited for (the render thread waited behind seconds of a background colouring)
            if not future.cancel():
                future.exception()  # running: it stops at the empty queue; no ``do`` runs after
    for future in futures:
        if not future.cancelled():
            future.result()
    return results
