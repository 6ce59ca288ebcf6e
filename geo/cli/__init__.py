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

from ..messages import Message, language, register
from .help_language import localize

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2

register("cli.usage", "{prog}：{problem}（见 {prog} --help）", "{prog}: {problem} (see {prog} --help)")
register("cli.interrupted", "已中断", "interrupted")
register("cli.unexpected", "{command}：意外错误 {error}", "{command}: unexpected {error}")


def command_names() -> list[str]:
    return sorted(m.name[4:] for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_"))


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (``error: <command>: <problem>``, exit 2)
    like every other error of ours; ``--help`` still shows the full usage."""

    def error(self, message):
        from .terminal import terminal_field

        # argparse words the problem itself (in English); the hint around it is ours
        self.exit(EXIT_BAD_INPUT, "error: " + Message("cli.usage", prog=self.prog,
                                                      problem=terminal_field(message)).text() + "\n")


#: argparse's own words (its usage errors and help headings) in Chinese; argparse looks each
#: template up through ``argparse._`` (gettext) when it speaks, so the CLI language applies.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}


def _argparse_words(template: str) -> str:
    return ARGPARSE_ZH.get(template, template) if language() == "zh" else template


argparse._ = _argparse_words  # the CLI's process only; English with GRIDATLAS_LANG=en


def build_parser(extra_commands=(), only=None) -> argparse.ArgumentParser:
    """The whole command line; its help speaks the CLI's language (Chinese unless
    ``GRIDATLAS_LANG=en``, the commands' own English then). ``only``: just that command
    (building every command imports most of the engine, ~1 s before a window could show)."""
    parser = OneLineParser(prog="python main.py", description="GridAtlas Party-Building Grid Map")
    sub = parser.add_subparsers(dest="command")
    for name in command_names():
        if only is not None and name.replace("_", "-") != only:
            continue
        module = importlib.import_module(f"{__name__}.cmd_{name}")
        p = sub.add_parser(name.replace("_", "-"), help=module.__doc__.strip().splitlines()[0].replace("`", ""))  # rst marks read as noise in a terminal
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    for name, help_text, add_arguments, run in extra_commands:
        if only is not None and name != only:
            continue
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(_run=run)
    localize(parser, language())
    return parser


def main(argv=None, extra_commands=()) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    named = {n.replace("_", "-") for n in command_names()} | {c[0] for c in extra_commands}
    parser = build_parser(extra_commands, argv[0] if argv and argv[0] in named else None)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args._run(args)
    except KeyboardInterrupt:
        return fail(Message("cli.interrupted").text())
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
    return Message("cli.unexpected", command=command, error=type(exc).__name__).text() + (
        f": {detail}" if detail else "")


def fail(message) -> int:
    """One clear line on stderr and the bad-input exit code (data cannot inject
    terminal control sequences or extra lines)."""
    from .terminal import terminal_field

    print(f"error: {terminal_field(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT
