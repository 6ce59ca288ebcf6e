"""FlatProxy: the table shape of a proxy that shows its source's rows in an order of its own.

Qt's QSortFilterProxyModel calls back into Python per comparison and per row;
the proxies here compute ``_order`` (``order[proxy_row] = source_row``) with
numpy or one ``sorted`` instead, and share what follows from it: a flat
table of ``len(_order)`` rows with the source's columns.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, QModelIndex


class FlatProxy(QAbstractProxyModel):
    """Subclasses keep ``self._order`` (a sequence of source rows) and map indexes through it."""

    def index(self, row, column, parent=QModelIndex()):
        if parent.isValid() or not 0 <= row < len(self._order) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=QModelIndex()):
        return QModelIndex()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent=QModelIndex()) -> int:
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()
