"""Memory a background read freed goes back to the system (geo.store.release_free_memory)."""
from __future__ import annotations

import ctypes.util
import sys
import threading

import pytest

from geo import store
from geo.project import Project


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 // 1024


@pytest.mark.skipif(not sys.platform.startswith("linux") or not ctypes.util.find_library("c"),
                    reason="glibc's malloc_trim")
def test_what_a_thread_freed_is_returned():
    def churn():  # a reading thread's buffers: allocated in its own arena, then freed
        blocks = [bytearray(2000) for _ in range(60_000)]
        del blocks[::2]
        kept.append(blocks[:10])

    kept: list = []
    thread = threading.Thread(target=churn)
    thread.start()
    thread.join()
    before = _rss_kb()
    store.release_free_memory()
    store.release_free_memory()  # the handle is looked up once; a second call is harmless
    assert _rss_kb() < before - 10_000  # ~120 MB were freed; most of it returned


def test_a_read_project_is_the_same_after_the_release(demo_gpkg):
    read = Project.read(demo_gpkg)
    again = Project.read(demo_gpkg)
    for name, frame in read.layers.items():
        assert frame.equals(again[name]), name
