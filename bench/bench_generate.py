"""Time the demo generator per scale: ``python bench/bench_generate.py city``."""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.demo import SCALES, counts, generate  # noqa: E402


def main(argv: list[str]) -> None:
    for scale in argv or ["street"]:
        if scale not in SCALES:
            raise SystemExit(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
        start = time.perf_counter()
        layers, _ = generate(scale, seed=1)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = ", ".join(f"{k}={v}" for k, v in counts(layers).items())
        print(f"{scale}: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB ({rows})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
