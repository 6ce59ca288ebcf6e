"""Grids as a list model with a first row for none: the brush bar's target, a list's grid filter.

A combo box filled item by item spent about a second on 50,000 grids before the
window could draw. Here the order is one sort of two string columns and a row's
text is made only when a view asks for it (the closed box shows one row, the
popup the rows on screen).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt


class GridChoices(QAbstractListModel):
    """Row 0 is "none" (data ``None``); then grids, ids under ``UserRole``, a row's text made when asked.

    The brush bar lists them with :meth:`fill`; a list's grid filter with :meth:`set_grids`.
    """

    def __init__(self, parent=None, none_text: str = ""):
        super().__init__(parent)
        self._none_text = none_text
        self._ids, self._text, self._row = np.empty(0, dtype=object), None, {}

    def set_none_text(self, text: str) -> None:
        self._none_text = text
        self.dataChanged.emit(self.index(0), self.index(0))

    def set_grids(self, ids, text) -> None:
        """List ``ids`` in this order; ``text(k)`` is the text of the k-th."""
        self.beginResetModel()
        self._ids, self._text = np.asarray(ids, dtype=object), text
        self._row = dict(zip(self._ids.tolist(), range(1, len(self._ids) + 1)))
        self.endResetModel()

    def fill(self, grids, communities) -> None:
        """The grids sorted by community id, then grid id, as 「社区 / 网格 (id)」."""
        ids = grids.index.to_numpy(dtype=object)
        comms = grids["community_id"].to_numpy(dtype=object)
        # the order of sorted((str(community), str(grid))): lexsort compares code points the same way
        order = np.lexsort((ids.astype(str), comms.astype(str))) if len(ids) else np.empty(0, dtype=np.int64)
        ids, comms, names = ids[order], comms[order], grids["name"].to_numpy(dtype=object)[order]
        community_names = dict(zip(communities.index, communities["name"]))

        def text(k: int) -> str:
            return f"{community_names.get(comms[k], comms[k])} / {names[k]} ({ids[k]})"

        self.set_grids(ids, text)

    def clear(self) -> None:
        self.set_grids(np.empty(0, dtype=object), None)

    def row_of(self, grid_id) -> int:
        """The row of ``grid_id`` (0, the "none" row, for None; -1 when not listed)."""
        return 0 if grid_id is None else self._row.get(grid_id, -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids) + 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row - 1] if row else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row - 1) if row else self._none_text
        return None
