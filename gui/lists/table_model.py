"""ListTableModel: one list layer (needs, resources, projects, cases) as a Qt table model.

The model is a view of the project's frame, not a copy: it keeps only the
order of the ids, reads cells from the frame when asked, and follows
``project.changed`` row by row (napari's evented list → ``beginInsertRows``
idea): inserted items are appended, deleted ones removed, updated ones
announced with ``dataChanged`` for their row only. The grid column is
derived (:class:`~.item_grid.ItemGrids`); when buildings, compounds or grids
change, that one column is announced as changed.

The model sorts itself (:meth:`ListTableModel.sort`, one Python ``sorted``
with a ``layoutChanged``) instead of leaving it to the proxy, whose sort calls
back into Python for every comparison (0.5 s for 2,000 rows); after an edit
the rows are put in order again the same way, so an entered item lands in
its place. :meth:`ListTableModel.value` gives raw values (stored codes,
numbers, ISO dates) for filtering; ``ID_ROLE`` the item id of a row.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from geo.lists.case_states import overdue

from .item_grid import PLACE_LAYERS, ItemGrids, moves_items
from .labels import OVERDUE_COLOUR, STATE_COLOURS, column_title, value_text

ID_ROLE = Qt.ItemDataRole.UserRole + 2

#: The columns each list shows, in order ("grid" and "overdue" are derived).
COLUMNS = {
    "needs": ("need_id", "title", "category", "grid", "status", "created_at", "org_id"),
    "resources": ("resource_id", "title", "category", "provider_type", "provider_id", "quantity",
                  "unit", "grid"),
    "projects": ("project_id", "title", "need_id", "resource_id", "claimed_by", "status",
                 "claimed_at", "done_at", "grid"),
    "cases": ("case_id", "title", "category", "grid", "state", "source", "reported_at", "due_at",
              "overdue", "satisfaction"),
}
ID_COLUMNS = {"needs": "need_id", "resources": "resource_id", "projects": "project_id",
              "cases": "case_id"}
#: A case is open until it is closed (办结) or followed up (回访).
RESOLVED_STATES = frozenset({"closed", "visited"})


def blank(value) -> bool:
    return value is None or value != value or value == ""


def case_overdue(state, due_at, today: str) -> bool:
    """Open and past its due date (``today`` as ISO text)."""
    return state not in RESOLVED_STATES and not blank(due_at) and str(due_at)[:10] < today


class ListTableModel(QAbstractTableModel):
    def __init__(self, project, layer: str, grids: ItemGrids | None = None, today: str | None = None,
                 parent=None):
        super().__init__(parent)
        self.project, self.layer = project, layer
        self.columns = COLUMNS[layer]
        self.grids = grids or ItemGrids(project)
        self.today = today or date.today().isoformat()
        self._ids = list(self.frame().index)
        self._row_of = {id_: i for i, id_ in enumerate(self._ids)}
        self._cells: dict[str, dict] = {}  # column -> {id: value}, read once, dropped on any edit
        self._sorted: tuple | None = None  # (column index, Qt.SortOrder) once sorted

    def frame(self):
        try:
            return self.project[self.layer]
        except KeyError:  # a project frame set without the lists: read as empty
            return pd.DataFrame(columns=list(self.columns))

    # ------------------------------------------------------------ reading
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def ids(self) -> list:
        return list(self._ids)

    def id_at(self, row: int):
        return self._ids[row]

    def row_of(self, id_) -> int:
        return self._row_of.get(id_, -1)

    def value(self, row: int, column: str):
        """The raw value of ``column`` (derived ones included) for the item at ``row``."""
        id_ = self._ids[row]
        if column == "grid":
            return self.grids.grid_of(self.layer, id_)
        if column == "overdue":
            return case_overdue(self._cell("state", id_), self._cell("due_at", id_), self.today)
        if column == ID_COLUMNS[self.layer]:
            return id_
        return self._cell(column, id_)

    def _cell(self, column: str, id_):
        """A stored value, from a per-column dict (sorting asks tens of thousands of times)."""
        cells = self._cells.get(column)
        if cells is None:
            frame = self.frame()
            values = frame[column].tolist() if column in frame.columns else []
            cells = self._cells[column] = dict(zip(frame.index.tolist(), values))
        return cells.get(id_)

    def _renew_cells(self, ids, deleted) -> None:
        """The read columns brought up to date for the items an edit touched (not read again whole)."""
        frame = self.frame()
        for column, cells in self._cells.items():
            for id_ in deleted:
                cells.pop(id_, None)
            for id_ in ids:
                if id_ in frame.index and column in frame.columns:
                    cells[id_] = frame.at[id_, column]

    def overdue_count(self) -> int:
        """Open cases past their due date (0 for the other lists)."""
        if self.layer != "cases" or not len(self._ids):
            return 0
        return int(overdue(self.frame(), self.today).sum())

    def text(self, row: int, column: str) -> str:
        value = self.value(row, column)
        if column == "overdue":
            return self.tr("超期") if value else ""
        if blank(value):
            return ""
        if column == "quantity" or column == "satisfaction":
            number = float(value)
            return f"{number:g}"
        if column == "grid":
            grids = self.project["grids"]
            name = grids.at[value, "name"] if value in grids.index and "name" in grids.columns else None
            return str(name) if not blank(name) else str(value)
        return value_text(column, value)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == ID_ROLE:
            return self._ids[row]
        if self.layer == "cases":
            return self._case_look(row, column, role)
        return None

    def _case_look(self, row: int, column: str, role):
        """Overdue cases in red; the state cell carries its map colour."""
        if role == Qt.ItemDataRole.ForegroundRole and self.value(row, "overdue"):
            return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and column == "state":
            colour = OVERDUE_COLOUR if self.value(row, "overdue") else STATE_COLOURS.get(self.value(row, "state"))
            return QColor(colour) if colour else None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(self.columns[section])
        return None

    # ------------------------------------------------------------ following edits
    def on_layer_changed(self, event) -> None:
        """Follow one ``LayerChanged``: only the rows (or the column) it touched."""
        if event.layer in PLACE_LAYERS:
            if moves_items(event):
                self.grids.forget_all()
                self._column_changed("grid")
            return
        if event.layer == "needs" and self.layer == "projects":
            self.grids.forget("needs", tuple(event.ids) + tuple(event.deleted))
            self._column_changed("grid")
            return
        if event.layer != self.layer:
            return
        before = self._sort_values(event.ids)
        self._renew_cells(tuple(event.ids) + tuple(event.inserted), event.deleted)
        self.grids.forget(self.layer, tuple(event.ids) + tuple(event.inserted) + tuple(event.deleted))
        self._remove(event.deleted)
        self._insert(event.inserted)
        for id_ in event.ids:
            row = self._row_of.get(id_)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        if event.inserted or before != self._sort_values(event.ids):
            self.sort(*self._sorted)  # a new or changed item to its place

    def _sort_values(self, ids) -> list | None:
        """The sorted column's values of ``ids`` (None when the rows are not sorted)."""
        if self._sorted is None:
            return None
        name = self.columns[self._sorted[0]]
        return [self.value(self._row_of[i], name) if i in self._row_of else None for i in ids]

    # ------------------------------------------------------------ sorting
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (blanks last), keeping selections and the current row."""
        self._sorted = (column, order)
        name = self.columns[column]
        keys = {id_: _sort_key(self.value(r, name)) for r, id_ in enumerate(self._ids)}
        filled = [i for i in self._ids if keys[i] is not None]
        ordered = sorted(filled, key=lambda i: (keys[i], str(i)), reverse=order == Qt.SortOrder.DescendingOrder)
        ordered += sorted((i for i in self._ids if keys[i] is None), key=str)  # blanks last either way
        if ordered == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        moved = [self._ids[i.row()] for i in old]
        self._ids = ordered
        self._row_of = {id_: i for i, id_ in enumerate(self._ids)}
        self.changePersistentIndexList(old, [self.index(self._row_of[id_], i.column()) for id_, i in zip(moved, old)])
        self.layoutChanged.emit()

    def _column_changed(self, column: str) -> None:
        if column in self.columns and self._ids:
            c = self.columns.index(column)
            self.dataChanged.emit(self.index(0, c), self.index(len(self._ids) - 1, c))

    def _remove(self, ids) -> None:
        for row in sorted((self._row_of[i] for i in ids if i in self._row_of), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self._row_of = {id_: i for i, id_ in enumerate(self._ids)}
            self.endRemoveRows()

    def _insert(self, ids) -> None:
        frame = self.frame()
        new = [i for i in ids if i not in self._row_of and i in frame.index]
        if not new:
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        for offset, id_ in enumerate(new):
            self._ids.append(id_)
            self._row_of[id_] = start + offset
        self.endInsertRows()

    def reload(self) -> None:
        """Start again from the frame (a project opened; never needed after an edit)."""
        self.beginResetModel()
        self.grids.forget_all()
        self._ids = list(self.frame().index)
        self._row_of = {id_: i for i, id_ in enumerate(self._ids)}
        self._cells.clear()
        self.endResetModel()


def _sort_key(value) -> tuple | None:
    """(kind, value): numbers before text; None for a blank (sorted last)."""
    if blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value))
    return (1, str(value))
