"""ListFilterProxy: the filters of one list tab (state/status, category, grid, overdue); sorting is
passed on to the source model.

Filters compare raw values (stored codes, :meth:`ListTableModel.value`), so they work
the same in either interface language. ``None`` means "any".
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt



@dataclass(frozen=True)
class ListFilter:
    status: object = None  # a status (needs, projects) or state (cases) code
    category: object = None
    grid: object = None
    overdue_only: bool = False
    text: str = ""


class ListFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = ListFilter()
        self.setDynamicSortFilter(True)  # filters follow edits; sorting is the source model's

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast, see :mod:`.table_model`); the proxy keeps its order."""
        if self.sourceModel() is not None and column >= 0:
            self.sourceModel().sort(column, order)

    def set_filter(self, list_filter: ListFilter) -> None:
        self.filter = list_filter
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model, f = self.sourceModel(), self.filter
        status_column = "state" if model.layer == "cases" else "status"
        if f.status is not None and model.value(source_row, status_column) != f.status:
            return False
        if f.category is not None and model.value(source_row, "category") != f.category:
            return False
        if f.grid is not None and model.value(source_row, "grid") != f.grid:
            return False
        if f.overdue_only and not (model.layer == "cases" and model.value(source_row, "overdue")):
            return False
        if f.text:
            words = (model.text(source_row, c) for c in model.columns)
            return any(f.text.lower() in w.lower() for w in words)
        return True

    def ids(self) -> list:
        """The ids shown, in the order shown."""
        model = self.sourceModel()
        return [model.id_at(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]
