"""Jobs run one at a time on a daemon thread: work a quitting app does not wait for.

The reading of a project overlaps its steps on helper threads (the next table
read by GDAL, map layers projected to metres). ``ThreadPoolExecutor``'s threads
are joined when Python exits, queued jobs included: closing the window while a
city loads kept the process alive for the seconds those jobs still took. These
threads are daemons, like the loader thread they serve.

Examples
--------
>>> worker = DaemonWorker("example")
>>> worker.submit(sum, [1, 2, 3]).result()
6
>>> worker.shutdown()
"""
from __future__ import annotations

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
