"""Text printed on a terminal carries no control characters taken from data.

A name like ``"\\x1b]0;pwned\\x07小区"`` would retitle the window, recolour or
move the cursor when printed raw. The JSON outputs escape such characters
already; the text outputs pass every data value through these functions.
"""
from __future__ import annotations

import sys

_CONTROL = {c: "\ufffd" for c in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x80, 0xa0)]}
_CONTROL.update({0x2028: " ", 0x2029: " ", 0x202e: "\ufffd", 0x202d: "\ufffd"})


def terminal_text(text) -> str:
    """``text`` safe to print on a terminal: control characters from data (ESC sequences
    that recolour, move the cursor or retitle the window; bidi overrides) become U+FFFD.
    Tabs and newlines stay: the command's own layout uses them."""
    return str(text).translate(_CONTROL)


_FIELD = {**_CONTROL, 0x09: " ", 0x0a: " ", 0x0d: " "}


def terminal_field(value) -> str:
    """One field of a tab-separated output line: as :func:`terminal_text`, and tabs and
    line breaks inside data become spaces so a name cannot add columns or lines."""
    return str(value).translate(_FIELD)


def say_notices(notices) -> None:
    """Print what opening did (e.g. a rolled-back write) on stderr, one line each."""
    for notice in notices:
        if notice is not None:
            print(f"note: {terminal_text(str(notice))}", file=sys.stderr)
