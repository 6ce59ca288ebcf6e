"""BalanceView: the balance table's rows of one community (or all), sorted, kept in place by edits.

A ``QSortFilterProxyModel`` sorts by calling back into Python for every
comparison and filters by calling Python per row: ~3 s at district scale and
tens of seconds at city scale when the panel is filled. This proxy takes the
sort keys and the filter of every row from the model in one pass
(:meth:`BalanceModel.sort_keys`, :meth:`BalanceModel.communities`) and sorts
them with one Python ``sorted``. After an edit only the rows the model names
in ``dataChanged`` are looked at again: a row that moves is re-placed by
bisection (a ``layoutChanged`` that keeps the selection), a row that leaves
or enters the filter is removed or inserted. Ties keep the model's order in
both directions, as Qt's stable sort does.
"""
from __future__ import annotations

import bisect

import numpy as np
from PySide6.QtCore import QModelIndex, Qt

from ..models.flat_proxy import FlatProxy
from .balance_model import HOUSEHOLDS

#: More changed rows than this are re-sorted whole (a band change names every grid).
BULK_ROWS = 64


class BalanceView(FlatProxy):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.community, self.out_only = None, False
        self.kept = None  # the brush's target grid: shown even when in the band (it must not vanish mid-stroke)
        self._sort = (-1, Qt.SortOrder.AscendingOrder)
        self._order: list = []      # source rows shown, ascending by (key, tie-break)
        self._keys: list = []       # per source row: the sort key (with its tie-break)
        self._pos = np.zeros(0, dtype=np.int64)  # source row -> place in _order (-1: filtered out)
        self._connections = []
        self._model = None  # the source (sourceModel() is a call into Qt per painted cell)

    # ------------------------------------------------------------ source
    def setSourceModel(self, model) -> None:
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self.beginResetModel()
        super().setSourceModel(model)
        self._model = model
        if model is not None:
            self._connections = [(model.modelAboutToBeReset, self.beginResetModel),
                                 (model.modelReset, self._on_source_reset),
                                 (model.dataChanged, self._on_data_changed),
                                 (model.headerDataChanged, self.headerDataChanged)]
            for signal, slot in self._connections:
                signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    # ------------------------------------------------------------ filter and sort (what the dock asks)
    def set_filter(self, community, out_only: bool) -> None:
        self.community, self.out_only = community, out_only
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def set_kept(self, grid_id) -> None:
        old, self.kept = self.kept, grid_id
        model = self.sourceModel()
        if model is not None:
            self._update_rows([r for r in (model.row_of(old), model.row_of(grid_id)) if r >= 0], keys=False)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if self.sourceModel() is None:
            return
        self.layoutAboutToBeChanged.emit()
        saved = self._save_persistent()
        self._keys = self._sort_keys(None)
        self._order.sort(key=self._keys.__getitem__)
        self._reindex()
        self._restore_persistent(saved)
        self.layoutChanged.emit()

    def sortColumn(self) -> int:
        return self._sort[0]

    def sortOrder(self):
        return self._sort[1]

    # ------------------------------------------------------------ building
    def _accepts(self, rows) -> list:
        if self.community is None and not self.out_only:
            return [True] * len(rows)
        model = self.sourceModel()
        communities = model.communities(rows)
        grids = model.grid_ids(rows)
        statuses = model.statuses(rows) if self.out_only else None
        out = []
        for i, (community, grid) in enumerate(zip(communities, grids)):
            ok = self.community is None or community == self.community
            if ok and self.out_only:
                ok = statuses[i] != "ok" or grid == self.kept
            out.append(ok)
        return out

    def _sort_keys(self, rows) -> list:
        """Per row (all when None): (missing value last, value, tie-break); rows not given keep theirs."""
        model = self.sourceModel()
        column, order = self._sort
        every = range(model.rowCount()) if rows is None else rows
        sign = 1 if self._ascending() else -1
        values = model.sort_keys(column, every) if column >= 0 else [0] * len(every)
        keys = list(self._keys) if rows is not None else [None] * model.rowCount()
        for row, value in zip(every, values):
            missing = value is None or value != value
            keys[row] = (missing if sign > 0 else not missing, 0 if missing else value, sign * row)
        return keys

    def _rebuild(self) -> None:
        self._keys, self._order = self._computed()
        self._reindex()

    def _computed(self) -> tuple[list, list]:
        """(keys, order) of every row from scratch."""
        model = self.sourceModel()
        if model is None:
            return [], []
        n = model.rowCount()
        keys = self._sort_keys(None)
        accepted = self._accepts(range(n))
        return keys, sorted((r for r in range(n) if accepted[r]), key=keys.__getitem__)

    def _reindex(self) -> None:
        self._pos = np.full(len(self._keys), -1, dtype=np.int64)
        if self._order:
            self._pos[np.asarray(self._order)] = np.arange(len(self._order))

    # ------------------------------------------------------------ following the model
    def _on_data_changed(self, top_left, bottom_right, roles=()) -> None:
        rows = list(range(top_left.row(), bottom_right.row() + 1))
        columns = range(top_left.column(), bottom_right.column() + 1)
        if self._sort[0] not in columns and (not self.out_only or HOUSEHOLDS not in columns):
            # neither the order nor the filter reads these cells (compactness arriving): redraw them
            shown = range(self.rowCount()) if len(rows) > BULK_ROWS else [
                self._view_row(int(self._pos[r])) for r in rows if self._pos[r] >= 0]
            self._emit_changed(shown, top_left.column(), bottom_right.column())
            return
        if len(rows) > BULK_ROWS:
            keys, order = self._computed()
            if len(order) != len(self._order):  # rows came or went: the views start over
                self.beginResetModel()
                self._keys, self._order = keys, order
                self._reindex()
                self.endResetModel()
                return
            self.layoutAboutToBeChanged.emit()
            saved = self._save_persistent()
            self._keys, self._order = keys, order
            self._reindex()
            self._restore_persistent(saved)
            self.layoutChanged.emit()
            self._emit_changed(range(self.rowCount()), top_left.column(), bottom_right.column())
            return
        self._update_rows(rows, keys=True, columns=(top_left.column(), bottom_right.column()))

    def _update_rows(self, rows, keys: bool, columns=None) -> None:
        """Re-filter (and with ``keys`` re-sort) source ``rows`` only."""
        if not rows:
            return
        if keys:
            fresh = self._sort_keys(rows)
            moved = [r for r in rows if fresh[r] != self._keys[r]]
            self._keys = fresh
        else:
            moved = []
        accepted = dict(zip(rows, self._accepts(rows)))
        for row in sorted((r for r in rows if self._pos[r] >= 0 and not accepted[r]),
                          key=lambda r: -self._pos[r]):
            self._remove(row)
        staying = [r for r in moved if self._pos[r] >= 0]
        # each moved row in order with its neighbours means the whole list is: nothing to re-place
        if not all(self._in_place(r) for r in staying):
            self.layoutAboutToBeChanged.emit()
            saved = self._save_persistent()
            gone = set(staying)
            self._order = [r for r in self._order if r not in gone]
            for row in staying:
                bisect.insort(self._order, row, key=self._keys.__getitem__)
            self._reindex()
            self._restore_persistent(saved)
            self.layoutChanged.emit()
        for row in rows:
            if self._pos[row] < 0 and accepted[row]:
                self._insert(row)
        if columns is not None:
            shown = [self._view_row(int(self._pos[r])) for r in rows if self._pos[r] >= 0]
            self._emit_changed(shown, *columns)

    def _in_place(self, row) -> bool:
        i, key = int(self._pos[row]), self._keys[row]
        before = i == 0 or self._keys[self._order[i - 1]] <= key
        after = i == len(self._order) - 1 or key <= self._keys[self._order[i + 1]]
        return before and after

    def _remove(self, row) -> None:
        i = int(self._pos[row])
        view = self._view_row(i)
        self.beginRemoveRows(QModelIndex(), view, view)
        self._order.pop(i)
        self._reindex()
        self.endRemoveRows()

    def _insert(self, row) -> None:
        i = bisect.bisect_left(self._order, self._keys[row], key=self._keys.__getitem__)
        view = i if self._ascending() else len(self._order) - i
        self.beginInsertRows(QModelIndex(), view, view)
        self._order.insert(i, row)
        self._reindex()
        self.endInsertRows()

    def _emit_changed(self, view_rows, first_column: int, last_column: int) -> None:
        view_rows = list(view_rows)
        if view_rows:
            self.dataChanged.emit(self.index(min(view_rows), first_column), self.index(max(view_rows), last_column))

    def _save_persistent(self) -> list:
        return [(index, int(self._order[self._order_index(index.row())]), index.column())
                for index in self.persistentIndexList() if index.isValid()]

    def _restore_persistent(self, saved) -> None:
        old, new = [], []
        for index, row, column in saved:
            place = int(self._pos[row]) if row < len(self._pos) else -1
            old.append(index)
            new.append(self.index(self._view_row(place), column) if place >= 0 else QModelIndex())
        if old:
            self.changePersistentIndexList(old, new)

    # ------------------------------------------------------------ mapping
    def _ascending(self) -> bool:
        return self._sort[1] == Qt.SortOrder.AscendingOrder or self._sort[0] < 0

    def _view_row(self, i: int) -> int:
        """Row shown for place ``i`` of the ascending order list (descending reads it backwards)."""
        return i if self._ascending() else len(self._order) - 1 - i

    _order_index = _view_row  # the same mirror both ways

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # the model's cell read straight: Qt's proxy maps through mapToSource and then asks the
        # model, two calls into Python (and an index made) per role of every painted cell
        model, row = self._model, index.row()
        if model is None or not index.isValid() or not 0 <= row < len(self._order):
            return None
        return model.cell(self._order[self._order_index(row)], index.column(), role)

    def flags(self, index):
        return self._model.flags(index) if self._model is not None and index.isValid() else super().flags(index)

    def mapToSource(self, index):
        model = self.sourceModel()
        if model is None or not index.isValid() or not 0 <= index.row() < len(self._order):
            return QModelIndex()
        return model.index(self._order[self._order_index(index.row())], index.column())

    def mapFromSource(self, index):
        if not index.isValid() or not 0 <= index.row() < len(self._pos):
            return QModelIndex()
        place = int(self._pos[index.row()])
        return self.index(self._view_row(place), index.column()) if place >= 0 else QModelIndex()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        model = self.sourceModel()
        if model is None or orientation != Qt.Orientation.Horizontal:
            return None
        return model.headerData(section, orientation, role)
