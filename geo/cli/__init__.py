"""The ``python main.py`` command line (everything that needs no window).

Each command lives in a module ``cmd_<name>.py`` in this package with
``add_arguments(parser)`` and ``run(args) -> int``; they are found by name, so a
new command is a new file. Exit codes: 0 success, 1 the command ran and found
problems, 2 bad input (the message names the file and what is wrong).
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def command_names() -> list[str]:
    return sorted(m.name[4:] for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (``error: <command>: <problem>``, exit 2)
    like every other error of ours; ``--help`` still shows the full usage."""

    def error(self, message):
        from .terminal import terminal_field

        self.exit(EXIT_BAD_INPUT, f"error: {self.prog}: {terminal_field(message)}"
                                  f" (see {self.prog} --help)\n")


def build_parser(extra_commands=()) -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python main.py", description="GridAtlas 党建网格一张图")
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
    try:
        return args._run(args)
    except KeyboardInterrupt:
        return fail("interrupted")
    except Exception as exc:  # noqa: BLE001  the last resort: one line, never a traceback
        return fail(_unexpected(args.command, exc))


def _unexpected(command: str, exc: Exception) -> str:
    """One line for an error no command anticipated (each known cause is handled where it
    arises; this only keeps a new one from ending in a traceback). GRIDATLAS_DEBUG=1
    shows the traceback for developers."""
    if os.environ.get("GRIDATLAS_DEBUG"):
        import traceback

        traceback.print_exc()
    detail = str(exc).splitlines()[0] if str(exc).strip() else ""
    return f"{command}: unexpected {type(exc).__name__}" + (f": {detail}" if detail else "")


def fail(message) -> int:
    """One clear line on stderr and the bad-input exit code (data cannot inject
    terminal control sequences or extra lines)."""
    from .terminal import terminal_field

    print(f"error: {terminal_field(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT
