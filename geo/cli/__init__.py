"""The ``python main.py`` command line (everything that needs no window).

Each command lives in a module ``cmd_<name>.py`` in this package with
``add_arguments(parser)`` and ``run(args) -> int``; they are found by name, so a
new command is a new file. Exit codes: 0 success, 1 the command ran and found
problems, 2 bad input (the message names the file and what is wrong).
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def command_names() -> list[str]:
    return sorted(m.name[4:] for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


def build_parser(extra_commands=()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python main.py", description="GridAtlas 党建网格一张图")
    sub = parser.add_subparsers(dest="command")
    for name in command_names():
        module = importlib.import_module(f"{__name__}.cmd_{name}")
        p = sub.add_parser(name.replace("_", "-"), help=module.__doc__.strip().splitlines()[0])
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    for name, help_text, add_arguments, run in extra_commands:
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(_run=run)
    return parser


def main(argv=None, extra_commands=()) -> int:
    parser = build_parser(extra_commands)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    return args._run(args)


def fail(message: str) -> int:
    """One clear line on stderr and the bad-input exit code."""
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
