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


def test_shared_work_keeps_the_order_and_raises_an_error_of_an_item():
    from geo.background import share_work

    seen = set()

    def slow_square(x):
        seen.add(threading.current_thread().name)
        time.sleep(0.01)  # long enough for a helper to take items too
        return x * x

    assert share_work(slow_square, range(20)) == [x * x for x in range(20)]
    assert threading.current_thread().name in seen  # the caller works too, it does not only wait
    with pytest.raises(ValueError, match="item 7"):
        share_work(lambda x: x if x != 7 else (_ for _ in ()).throw(ValueError("item 7")), range(12))
    # a helper asking for shared work does it alone (its own queue would wait for itself)
    nested = share_work(lambda x: share_work(lambda y: x + y, range(3)), range(4))
    assert nested == [[x, x + 1, x + 2] for x in range(4)]


def test_work_shared_inside_alone_stays_on_the_calling_thread():
    from geo.background import alone, share_work

    with alone():
        names = share_work(lambda _x: (time.sleep(0.005), threading.current_thread().name)[1], range(8))
    assert set(names) == {threading.current_thread().name}


def test_shared_work_does_not_wait_for_helpers_busy_with_other_work():
    import geo.background as background
    from geo.background import share_work

    helpers = background._helper_threads()
    if not helpers:
        pytest.skip("one core: no helper threads")
    release = threading.Event()
    busy = [helper.submit(release.wait, 10) for helper in helpers]  # another caller's long work
    try:
        started = time.perf_counter()
        assert share_work(lambda x: x + 1, range(6)) == list(range(1, 7))
        assert time.perf_counter() - started < 5  # done on the calling thread, not queued behind them
    finally:
        release.set()
        for future in busy:
            future.result(10)
