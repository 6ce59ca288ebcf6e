"""Write the demo project (a fictional street; larger scales for benchmarks)."""
from __future__ import annotations

import time

from . import EXIT_OK, fail
from ..store import ProjectError, write_project


def add_arguments(p) -> None:
    p.add_argument("out", help="GeoPackage to write")
    p.add_argument("--scale", choices=["street", "district", "city"], default="street")
    p.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    from ..demo import generate

    start = time.perf_counter()
    frames, rules = generate(scale=args.scale, seed=args.seed)
    try:
        write_project(args.out, frames, rules)
    except ProjectError as exc:
        return fail(str(exc))
    sizes = ", ".join(f"{name} {len(frame)}" for name, frame in frames.items())
    print(f"wrote {args.out} ({args.scale}, seed {args.seed}) in {time.perf_counter() - start:.1f} s: {sizes}")
    return EXIT_OK
