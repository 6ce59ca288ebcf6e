"""What the benchmarks share: the cached demo projects, a safe working copy, and figures.

Every benchmark prints one line per figure -- median and 95th percentile next to
its target -- and, with ``--json``, one JSON object with the same figures
instead (for scripts comparing runs).
"""
from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _busy(path: Path) -> bool:
    """Someone else is writing ``path`` (a partial file or a lock next to it)."""
    others = list(path.parent.glob(f".{path.stem}-*.partial.gpkg"))
    return bool(others) or path.with_suffix(".lock").exists()


def project_file(scale: str, quiet: bool = False) -> Path:
    """``bench/out/<scale>.gpkg``, generated with ``main.py demo`` when absent.

    Another benchmark may be writing it: a partial file or a lock next to it
    makes this wait rather than generate it a second time.
    """
    path = OUT / f"{scale}.gpkg"
    waited = 0
    while _busy(path) and waited < 1800:
        print(f"waiting for another process writing {path} ...", file=sys.stderr, flush=True)
        time.sleep(10)
        waited += 10
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        if not quiet:
            print(f"generating {path} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(path), "--scale", scale],
                       check=True, stdout=subprocess.DEVNULL if quiet else None)
    return path


def working_copy(source: Path, folder: Path) -> Path:
    """A copy of ``source`` to edit (SQLite's backup API: the file may be in WAL mode)."""
    target = Path(folder) / source.name
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def timed(fn) -> float:
    """Seconds ``fn()`` took."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def summary(seconds: list[float]) -> dict:
    """Median and 95th percentile (nearest rank) in milliseconds, and the sample count."""
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"n": 0, "median_ms": None, "p95_ms": None}
    p95 = ms[min(len(ms) - 1, max(0, int(round(0.95 * len(ms))) - 1))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2)}


class Report:
    """Figures collected in order; printed as lines as they come, or as JSON at the end."""

    def __init__(self, as_json: bool, **header):
        self.as_json = as_json
        self.data = dict(header)

    def note(self, key: str, value, text: str | None = None) -> None:
        """A single figure (a count, a one-off time)."""
        self.data[key] = value
        if not self.as_json:
            print(text or f"{key}: {value}", flush=True)

    def samples(self, key: str, seconds: list[float], what: str, target_ms: float | None = None) -> dict:
        """Median and p95 of repeated timings, with the target beside them."""
        figures = summary(seconds)
        if target_ms is not None:
            figures["target_ms"] = target_ms
        self.data[key] = figures
        if not self.as_json:
            target = f"   target < {target_ms:g} ms" if target_ms is not None else ""
            median = "-" if figures["median_ms"] is None else f"{figures['median_ms']:8.1f}"
            p95 = "-" if figures["p95_ms"] is None else f"{figures['p95_ms']:8.1f}"
            print(f"{what:52s} median {median} ms  p95 {p95} ms  (n={figures['n']}){target}", flush=True)
        return figures

    def finish(self) -> None:
        if self.as_json:
            print(json.dumps(self.data, ensure_ascii=False))
