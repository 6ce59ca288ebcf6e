"""The one function every view calls to turn a stored value into display text.

Masking personal data (a later issue) hooks in here with :func:`set_display_hook`,
so the attribute table, the identify panel and the organization tree all
change at once.
"""
from __future__ import annotations

import math
from typing import Callable

from .labels import CODED_COLUMNS, coded_value

DisplayHook = Callable[[str, str, object, str], str]
_hook: DisplayHook | None = None


def set_display_hook(hook: DisplayHook | None) -> None:
    """``hook(layer, column, value, text) -> text`` runs after the default formatting."""
    global _hook
    _hook = hook


def display_value(layer: str, column: str, value) -> str:
    text = _format(column, value)
    return _hook(layer, column, value, text) if _hook else text


def _format(column: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    if hasattr(value, "geom_type"):
        return value.geom_type
    if column in CODED_COLUMNS and isinstance(value, str):
        return coded_value(value)
    return str(value)
