"""Fewer allocator arenas: large arrays freed by one thread are reused by the next, not faulted in anew.

glibc gives each new thread an arena of its own on its first allocation (up
to eight per core). The map's render thread, the shared-work helpers and the
GUI thread then keep separate heaps, and the arrays an edit's frame allocates
over a whole layer (a city's 450,000 buildings: 3.6 MB each, a few dozen a
frame) were often served by pages the allocator had given back, which the
system must fault in again (a copy of 3.6 MB took 2-5 ms instead of 0.2).
Measured at city scale, bench_edit interleaved with and without the limit
(set through ``GLIBC_TUNABLES``; 2-3 rounds of 5 edits each, 2026-12-02):
click → frame 81 → 63-71 ms, undo 78 → 48-58 ms, redo 77 → 51-57 ms; the
city's peak memory on opening fell 2,384 → 2,305 MB. Python holds one lock
for most of the work anyway, so two arenas lose little to contention. It is
the setting usually given as ``MALLOC_ARENA_MAX=2``, applied from inside
because a desktop app is not started from a shell.

Nothing happens off Linux, where the C library is not glibc, or where the
environment sets its own limit. tests/test_malloc_arenas.py counts the heaps
glibc reports after eight threads allocated, with and without the limit.
"""
from __future__ import annotations

import ctypes
import os
import platform
import sys

#: mallopt's parameter number for the arena limit (glibc's malloc.h: M_ARENA_MAX).
M_ARENA_MAX = -8
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc for at most ``arenas`` arenas; True when the call was made.

    Call it first thing (main.py does): glibc fixes its arena limit for good once
    it has made eight, and a thread keeps the arena it was given. glibc's
    ``mallopt`` answers 1 to any option, so True says the call was made, not
    that it had an effect. An environment that sets its own (``MALLOC_ARENA_MAX``
    or ``GLIBC_TUNABLES``) is left alone.
    """
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False  # elsewhere mallopt is missing or numbers its options otherwise
    if os.environ.get("MALLOC_ARENA_MAX") or "arena_max" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        libc = ctypes.CDLL(None)  # the running program's symbols: its C library among them
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, int(arenas)) == 1
