"""Write the demo project (a fictional street; larger scales for benchmarks)."""
from __future__ import annotations

import argparse
import os
import time

from . import EXIT_OK, fail
from . import common  # noqa: F401  (registers cli.cannot_write)
from ..messages import Message, register
from ..store import ProjectError, write_project

register("cli.demo.seed_not_number", "--seed 须为整数，不能是 {text}", "--seed must be a whole number, not {text}")
register("cli.demo.seed_range", "--seed 须在 0 到 {max} 之间，不能是 {value}", "--seed must be between 0 and {max}, not {value}")
register("cli.demo.exists", "{path}：不替换已有文件（用 --force 以演示数据替换项目文件）",
         "{path}: refusing to replace an existing file (use --force to replace a project with the demo)")
register("cli.demo.written", "已写入 {path}（{scale}，种子 {seed}），用时 {seconds:.1f} 秒：{sizes}",
         "wrote {path} ({scale}, seed {seed}) in {seconds:.1f} s: {sizes}")

MAX_SEED = 2**32 - 1  # what numpy's generators accept


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Message("cli.demo.seed_not_number", text=repr(text)).text()) from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(Message("cli.demo.seed_range", max=MAX_SEED, value=value).text())
    return value


def add_arguments(p) -> None:
    p.add_argument("out", help="GeoPackage to write (an existing file only with --force)")
    p.add_argument("--scale", choices=["street", "district", "city"], default="street",
                   help="how large an area: street (default), district or city (for benchmarks)")
    p.add_argument("--seed", type=_seed, default=1, help=f"0..{MAX_SEED} (default 1)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing project file (never a file of another kind)")


def run(args) -> int:
    from ..demo import generate

    if os.path.lexists(args.out) and not args.force:
        return fail(Message("cli.demo.exists", path=args.out).text())
    start = time.perf_counter()
    frames, rules = generate(scale=args.scale, seed=args.seed)
    try:
        write_project(args.out, frames, rules)
    except ProjectError as exc:
        return fail(str(exc))
    except OSError as exc:  # a read-only folder, a full disk: the temporary file is gone
        return fail(Message("cli.cannot_write", path=args.out, why=exc.strerror or exc).text())
    sizes = ", ".join(f"{name} {len(frame)}" for name, frame in frames.items())
    print(Message("cli.demo.written", path=args.out, scale=args.scale, seed=args.seed,
                  seconds=time.perf_counter() - start, sizes=sizes).text())
    return EXIT_OK
