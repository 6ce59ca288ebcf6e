"""Fewer allocator arenas: large arrays freed by one thread are reused by the next, not faulted in anew.

glibc gives each thread that meets a busy allocator an arena of its own (up
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

Nothing happens where the C library is not glibc (or the limit is already set).
"""
from __future__ import annotations

import ctypes
import os

#: mallopt's parameter number for the arena limit (glibc's malloc.h: M_ARENA_MAX).
M_ARENA_MAX = -8
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc for at most ``arenas`` arenas; True when it took the setting.

    Call it early (before threads start): a thread keeps the arena it was given.
    An environment that already says (``MALLOC_ARENA_MAX`` or ``GLIBC_TUNABLES``) is left alone.
    """
    if os.environ.get("MALLOC_ARENA_MAX") or "arena_max" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        libc = ctypes.CDLL(None)  # the running program's symbols: its C library among them
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # only glibc has it: other C libraries number their options otherwise
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, int(arenas)) == 1
