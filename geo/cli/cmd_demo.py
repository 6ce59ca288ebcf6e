"""Write the demo project (a fictional street; larger scales for benchmarks)."""
from __future__ import annotations

import argparse
import os
import time

from . import EXIT_OK, fail
from ..store import ProjectError, write_project

MAX_SEED = 2**32 - 1  # what numpy's generators accept


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"--seed must be between 0 and {MAX_SEED}, not {value}")
    return value


def add_arguments(p) -> None:
    p.add_argument("out", help="GeoPackage to write (an existing file only with --force)")
    p.add_argument("--scale", choices=["street", "district", "city"], default="street")
    p.add_argument("--seed", type=_seed, default=1, help=f"0..{MAX_SEED} (default 1)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing project file (never a file of another kind)")


def run(args) -> int:
    from ..demo import generate

    if os.path.lexists(args.out) and not args.force:
        return fail(f"{args.out}: refusing to replace an existing file (use --force to replace"
                    " a project with the demo)")
    start = time.perf_counter()
    frames, rules = generate(scale=args.scale, seed=args.seed)
    try:
        write_project(args.out, frames, rules)
    except ProjectError as exc:
        return fail(str(exc))
    except OSError as exc:  # a read-only folder, a full disk: the temporary file is gone
        return fail(f"{args.out}: cannot write ({exc.strerror or exc})")
    sizes = ", ".join(f"{name} {len(frame)}" for name, frame in frames.items())
    print(f"wrote {args.out} ({args.scale}, seed {args.seed}) in {time.perf_counter() - start:.1f} s: {sizes}")
    return EXIT_OK
