"""Helper threads of a project read: results and errors reach the caller, shutting down cancels
what has not started, and a quitting process does not wait for them."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.background import DaemonWorker

ROOT = Path(__file__).resolve().parents[1]


def test_jobs_run_in_order_and_errors_reach_the_caller():
    worker = DaemonWorker("test-worker")
    order = []
    first = worker.submit(lambda: order.append(1) or "one")
    failing = worker.submit(lambda: 1 / 0)
    last = worker.submit(lambda: order.append(3) or "three")
    assert first.result(5) == "one" and last.result(5) == "three"
    with pytest.raises(ZeroDivisionError):
        failing.result(5)
    assert order == [1, 3]
    worker.shutdown(wait=True)
    with pytest.raises(RuntimeError):
        worker.submit(lambda: None)


def test_shutting_down_cancels_what_has_not_started():
    worker = DaemonWorker("test-worker")
    started, release = threading.Event(), threading.Event()
    running = worker.submit(lambda: (started.set(), release.wait(5), "done")[2])
    started.wait(5)
    queued = worker.submit(lambda: "never")
    worker.shutdown()
    release.set()
    assert running.result(5) == "done"
    assert queued.cancelled()


def test_a_quitting_process_does_not_wait_for_the_jobs():
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from geo.background import DaemonWorker\n"
            "w = DaemonWorker('slow'); [w.submit(time.sleep, 30) for _ in range(3)]; time.sleep(0.2)\n")
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True, timeout=60)
    assert time.monotonic() - started < 20  # not the jobs' 90 s of sleeping
