"""Masking every displayed personal value while presenting (no widgets here).

The identify panel, the attribute table, the organization tree and the
search results all turn values into text through
:func:`gui.models.display.display_value`; installing :func:`mask_display`
there masks names, phones and ID numbers (members', and the reporters' of needs
and cases) in all of them at once, with the
rules of :mod:`geo.masking` (the same as every export).
"""
from __future__ import annotations

from geo.masking import MASKERS, PERSONAL_COLUMNS

from ..models import display

#: (layer, column) → masker kind: members' name/phone/ID number, reporters of needs and cases.
PERSONAL = {(layer, column): kind for layer, columns in PERSONAL_COLUMNS.items()
            for column, kind in columns.items()}


def mask_display(layer: str, column: str, value, text: str) -> str:
    """A display hook: the masked text for personal columns, else ``text`` unchanged."""
    kind = PERSONAL.get((layer, column))
    return MASKERS[kind](value) if kind and text else text


class MaskedDisplay:
    """Installs :func:`mask_display` and puts back the hook that was there before."""

    def __init__(self):
        self._previous = None
        self.active = False

    def install(self) -> None:
        if not self.active:
            # display.py has no getter; its module global is the one source of truth
            self._previous = getattr(display, "_hook", None)
            display.set_display_hook(mask_display)
            self.active = True

    def remove(self) -> None:
        if self.active:
            display.set_display_hook(self._previous)
            self._previous, self.active = None, False


def refresh_personal_views(window) -> None:
    """Redraw every view that shows personal values (they format on paint)."""
    shown = window.identify_dock.shown()
    if shown:
        window.identify_dock.show_feature(*shown)
    for view in (window.attribute_dock.view, window.org_dock.tree, window.org_dock.result_view):
        view.viewport().update()
