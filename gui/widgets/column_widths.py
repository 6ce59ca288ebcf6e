"""Table columns wide enough for their header, and for the words a column is known to hold.

Sized from the header and from a few given words, never from the rows: a district's
gap list or balance table holds thousands, and sizing to contents reads every one.
Columns are only widened, so a width the user dragged wider stays through a language
switch, and a column sized to its Chinese header still reads whole in English.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHeaderView

#: Room around a cell's text (the item's margins and the focus frame).
CELL_PADDING = 16


def column_width(header, column: int, metrics, texts: Iterable[str] = ()) -> int:
    """Pixels ``column`` of ``header`` needs for its title and for the widest of ``texts``
    (drawn with ``metrics``, the view's font metrics)."""
    need = header.sectionSizeFromContents(column).width()
    widths = [metrics.horizontalAdvance(t) for t in texts if t]
    return max([need] + [w + CELL_PADDING for w in widths])


def widen_columns(view, words: dict[int, Iterable[str]] | None = None) -> None:
    """Widen each interactive column of ``view`` (a QTableView) to its header's text and to
    the widest of ``words[column]``."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    last = header.count() - 1
    for column in range(header.count()):
        if (header.isSectionHidden(column) or (column == last and header.stretchLastSection())
                or header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive):
            continue
        need = column_width(header, column, metrics, (words or {}).get(column, ()))
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)
