"""The target-grid list of the brush bar as a list model: 「社区 / 网格 (id)」, a first row for none.

A combo box filled item by item spent about a second on 50,000 grids before the
window could draw. Here the order is one sort of two string columns and a row's
text is made only when a view asks for it (the closed box shows one row, the
popup the rows on screen).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt


class GridChoices(QAbstractListModel):
    """Row 0 is "none" (data ``None``); then the grids sorted by community id, then grid id."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._none_text = ""
        self._ids = self._names = self._communities = np.empty(0, dtype=object)
        self._community_names: dict = {}
        self._row: dict = {}

    def set_none_text(self, text: str) -> None:
        self._none_text = text
        self.dataChanged.emit(self.index(0), self.index(0))

    def fill(self, grids, communities) -> None:
        ids = grids.index.to_numpy(dtype=object)
        comms = grids["community_id"].to_numpy(dtype=object)
        # the order of sorted((str(community), str(grid))): lexsort compares code points the same way
        order = np.lexsort((ids.astype(str), comms.astype(str))) if len(ids) else np.empty(0, dtype=np.int64)
        self.beginResetModel()
        self._ids, self._communities = ids[order], comms[order]
        self._names = grids["name"].to_numpy(dtype=object)[order]
        self._community_names = dict(zip(communities.index, communities["name"]))
        self._row = dict(zip(self._ids.tolist(), range(1, len(ids) + 1)))
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._ids = self._names = self._communities = np.empty(0, dtype=object)
        self._row = {}
        self.endResetModel()

    def row_of(self, grid_id) -> int:
        """The row of ``grid_id`` (0, the "none" row, for None; -1 when not listed)."""
        return 0 if grid_id is None else self._row.get(grid_id, -1)

    def label(self, row: int) -> str:
        g, c = self._ids[row - 1], self._communities[row - 1]
        community = self._community_names.get(c, c)
        return f"{community} / {self._names[row - 1]} ({g})"

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids) + 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row - 1] if row else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.label(row) if row else self._none_text
        return None
