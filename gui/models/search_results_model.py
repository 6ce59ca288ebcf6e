"""The matches of a search (a list of geo.search.Hit) for the search box's result list."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from .display import display_value
from .labels import layer_title

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_KIND_LAYER = {"community": "communities", "grid": "grids", "compound": "compounds", "building": "buildings",
               "station": "stations", "organization": "organizations", "member": "members"}


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits = []

    def set_hits(self, hits) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int):
        return self._hits[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = display_value(hit.layer, "name", hit.label)
            return f"{label}　[{layer_title(_KIND_LAYER[hit.kind])}]"
        if role == HIT_ROLE:
            return hit
        return None
