"""The allocator arena limit: glibc keeps to two heaps however many threads allocate, and an
environment's own setting is left alone."""
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Eight threads allocate at once, then glibc's own report is read back: one <heap> per arena.
PROBE = r"""
import ctypes, sys, tempfile, threading
from geo.malloc_arenas import limit_malloc_arenas
took = limit_malloc_arenas() if sys.argv[1] == "limit" else None
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
libc.fopen.restype, libc.fopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes, libc.fclose.argtypes = [ctypes.c_int, ctypes.c_void_p], [ctypes.c_void_p]
together = threading.Barrier(8)
def allocate():
    together.wait()
    for _ in range(200):
        libc.malloc(4096)
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
with tempfile.NamedTemporaryFile("r", suffix=".xml") as report:
    fp = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, fp)
    libc.fclose(fp)
    print(took, report.read().count("<heap nr="))
"""

glibc = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                           reason="glibc's allocator")


def _run(mode: str, env_extra: dict | None = None) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")}
    env.update(env_extra or {})
    done = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True)
    took, heaps = done.stdout.split()
    return took, int(heaps)


@glibc
def test_two_heaps_however_many_threads_allocate():
    took, heaps = _run("limit")
    assert took == "True" and heaps <= 2
    # without it the same threads get arenas of their own (the probe can tell)
    assert _run("none")[1] > 2


@glibc
def test_an_environment_setting_is_left_alone():
    took, heaps = _run("limit", {"MALLOC_ARENA_MAX": "4"})
    assert took == "False" and 2 < heaps <= 4
    assert _run("limit", {"GLIBC_TUNABLES": "glibc.malloc.arena_max=3"}) == ("False", 3)
