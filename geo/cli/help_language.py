"""``--help`` in the CLI's language, laid out for Chinese text.

argparse words its own headings through ``argparse._`` (see :mod:`geo.cli`); the texts
the commands give it (descriptions, argument help, group titles, epilogs) are English
in the ``cmd_*.py`` modules and are swapped for their Chinese (:mod:`geo.cli.help_words`)
once the parser is built. argparse wraps help by counting characters, so a line of
Chinese would come out twice as wide as the terminal; the formatter here counts
terminal cells instead.
"""
from __future__ import annotations

import argparse
import functools
import re

from ..export.cell_text import display_width as cells, is_wide
from .help_words import EPILOG_HEADINGS_ZH, HELP_ZH


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Give every command and verb its one-line help as description (``main.py X --help``
    otherwise shows none), then word every text in ``lang`` (texts without Chinese stay
    English) and lay them out by terminal cells."""
    for sub in _parsers(parser):
        for action in _subparser_actions(sub):
            for choice in action._choices_actions:
                command = action.choices[choice.dest]
                if command.description is None:
                    command.description = choice.help
        sub.formatter_class = cell_width_formatter(sub.formatter_class)
    if lang == "zh":
        for owner, attribute in text_slots(parser):
            setattr(owner, attribute, chinese(getattr(owner, attribute)))


def chinese(text: str) -> str:
    """The Chinese of one help text; an epilog is worded line by line (its example command
    lines stay as they are)."""
    if text in HELP_ZH:
        return HELP_ZH[text]
    if "\n" in text:
        return "\n".join(EPILOG_HEADINGS_ZH.get(line, line) for line in text.split("\n"))
    return text


def text_slots(parser: argparse.ArgumentParser):
    """``(object, attribute)`` of every text ``--help`` shows for this parser and the
    commands and verbs under it, except argparse's own words."""
    for sub in _parsers(parser):
        for attribute in ("description", "epilog"):
            if getattr(sub, attribute):
                yield sub, attribute
        for group in sub._action_groups:
            if group not in (sub._positionals, sub._optionals):  # titled by argparse itself
                for attribute in ("title", "description"):
                    if getattr(group, attribute):
                        yield group, attribute
        for action in sub._actions:
            if action.help and action.help is not argparse.SUPPRESS and not isinstance(action, argparse._HelpAction):
                yield action, "help"
            if isinstance(action, argparse._SubParsersAction):
                yield from ((choice, "help") for choice in action._choices_actions if choice.help)


def _parsers(parser):
    """The parser, then every command and verb under it, each once."""
    seen, queue = set(), [parser]
    while queue:
        current = queue.pop(0)
        if id(current) not in seen:
            seen.add(id(current))
            yield current
            for action in _subparser_actions(current):
                queue.extend(action.choices.values())


def _subparser_actions(parser):
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


# ------------------------------------------------------------------ layout by terminal cells
#: a line never starts with closing punctuation nor ends with opening punctuation
_CLOSING = frozenset("，。、；：）」』”’！？》】,.;:)")
_OPENING = frozenset("（「『“‘《【")
_TOKEN = re.compile(r"(\s*)(\S)")


def wrap_cells(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal cells, breaking between words or next to a wide
    character (Chinese needs no space to break); closing punctuation never starts a line
    and opening punctuation never ends one (the word before or after goes along)."""
    lines, line = [], []  # line: [(word, spaces before it)]
    for word, spaced in _words(text):
        gap = 1 if spaced and line else 0
        if line and _cells_of(line) + gap + cells(word) > width:
            keep = len(line) - _carried(line, word)
            lines.append(_joined(line[:keep]))
            line = [(w, g if i else 0) for i, (w, g) in enumerate(line[keep:])]
            gap = 1 if spaced and line else 0
        line.append((word, gap))
    return lines + [_joined(line)] if line else lines


def _carried(line, word) -> int:
    """How many words at the end of a full line go to the next one with ``word``."""
    carried = 1 if word[0] in _CLOSING else 0
    if len(line) > carried and line[-1 - carried][0][-1] in _OPENING:
        carried += 1
    return carried if carried < len(line) else 0


def _cells_of(line) -> int:
    return sum(gap + cells(word) for word, gap in line)


def _joined(line) -> str:
    return "".join(" " * gap + word for word, gap in line)


def _words(text: str):
    """``(word, preceded by a space)``: runs of narrow characters, and each wide one alone."""
    word, spaced, words = "", False, []
    for space, char in _TOKEN.findall(text):
        if word and (space or is_wide(char) or is_wide(word[-1])):
            words.append((word, spaced))
            word, spaced = "", False
        spaced = spaced or bool(space)
        word += char
    return words + [(word, spaced)] if word else words


def _split_lines(self, text, width):
    text = self._whitespace_matcher.sub(" ", text).strip()
    if cells(text) == len(text):  # English wraps exactly as argparse wraps it
        return argparse.HelpFormatter._split_lines(self, text, width)
    return wrap_cells(text, width)


def _fill_text(self, text, width, indent):
    text = self._whitespace_matcher.sub(" ", text).strip()
    if cells(text) == len(text):
        return argparse.HelpFormatter._fill_text(self, text, width, indent)
    return "\n".join(indent + line for line in wrap_cells(text, width - len(indent)))


@functools.cache
def cell_width_formatter(formatter_class):
    """``formatter_class`` wrapping by terminal cells where it wraps at all (a Raw formatter
    keeps the text it was given as it is)."""
    if getattr(formatter_class, "wraps_by_cells", False):
        return formatter_class
    methods = {"wraps_by_cells": True}
    if formatter_class._split_lines is argparse.HelpFormatter._split_lines:
        methods["_split_lines"] = _split_lines
    if formatter_class._fill_text is argparse.HelpFormatter._fill_text:
        methods["_fill_text"] = _fill_text
    return type("CellWidth" + formatter_class.__name__, (formatter_class,), methods)
