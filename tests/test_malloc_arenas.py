"""The allocator arena limit: taken by glibc in a fresh process, an environment's own setting kept."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.malloc_arenas import limit_malloc_arenas

ROOT = Path(__file__).resolve().parent.parent
PROBE = "from geo.malloc_arenas import limit_malloc_arenas; print(limit_malloc_arenas())"


def _run(env_extra: dict) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")}
    env.update(env_extra)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_glibc_takes_the_limit():
    assert _run({}) == "True"


def test_an_environment_setting_is_left_alone():
    assert _run({"MALLOC_ARENA_MAX": "4"}) == "False"
    assert _run({"GLIBC_TUNABLES": "glibc.malloc.arena_max=3"}) == "False"


def test_asking_twice_is_harmless():
    first = limit_malloc_arenas()
    assert limit_malloc_arenas() == first
