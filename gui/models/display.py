"""The one function every view calls to turn a stored value into display text.

Masking personal data (a later issue) hooks in here with :func:`set_display_hook`,
so the attribute table, the identify panel and the organization tree all
change at once.
"""
from __future__ import annotations

import math
import numbers
from typing import Callable

from geo.schema import LIST_LAYERS

from .labels import CODED_COLUMNS, FLAG_COLUMNS, coded_value, flag_text, list_value

DisplayHook = Callable[[str, str, object, str], str]
_hook: DisplayHook | None = None


def set_display_hook(hook: DisplayHook | None) -> None:
    """``hook(layer, column, value, text) -> text`` runs after the default formatting."""
    global _hook
    _hook = hook


def worded(layer: str, column: str) -> bool:
    """Whether ``column`` of ``layer`` shows its stored codes as words (see :func:`display_value`)."""
    return column in CODED_COLUMNS or column in FLAG_COLUMNS or layer in LIST_LAYERS


def display_value(layer: str, column: str, value) -> str:
    text = _format(layer, column, value)
    return _hook(layer, column, value, text) if _hook else text


def _format(layer: str, column: str, value) -> str:
    if value is None:
        return ""
    if column in FLAG_COLUMNS and isinstance(value, numbers.Real) and value in (0, 1):
        return flag_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    if hasattr(value, "geom_type"):
        return value.geom_type
    if layer in LIST_LAYERS and isinstance(value, str):
        return list_value(layer, column, value)
    if column in CODED_COLUMNS and isinstance(value, str):
        return coded_value(value, column)
    return str(value)
