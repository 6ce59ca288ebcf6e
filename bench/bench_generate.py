"""Time the demo generator per scale: ``python bench/bench_generate.py city [--json]``."""
from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Report, timed  # noqa: E402
from geo.demo import SCALES, counts, generate  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=["street"], choices=list(SCALES))
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    report = Report(args.json, benchmark="generate")
    for scale in args.scales:
        made = {}
        seconds = timed(lambda: made.update(layers=generate(scale, seed=1)[0]))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = counts(made["layers"]).to_dict()
        report.note(scale, {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb), "rows": rows},
                    f"{scale}: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB ("
                    + ", ".join(f"{k}={v}" for k, v in rows.items()) + ")")
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
