"""A table model over one layer of the project: rows are read from the DataFrame on demand.

Nothing is copied: ``data()`` reads the cell from ``project[layer]`` when a
view asks for it, so a 500,000-row layer costs no more than the rows on
screen. The model follows :class:`geo.events.LayerChanged`: changed values
repaint their rows, inserted or deleted features reset it (the frame is then
a new object).

Editing: when the dock hands it a :class:`~gui.models.cell_edit.CellEditor`,
the cells listed in :mod:`gui.models.cell_kinds` become editable and
``setData`` passes the typed value to the editor, which pushes a command;
the model itself never writes to the frame (the change comes back as a
``LayerChanged`` like any other edit).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from geo.coverage.tables import codes_of
from geo.lookup import FEW

from .cell_edit import shows_masked
from .cell_kinds import cell_kind
from .display import display_value
from .labels import column_title

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the feature id of a row
#: Up to this many ids are looked up one by one (codes_of's limit, see rows_of_ids).
FEW_IDS = FEW


def _row(index: pd.Index, id_) -> int:
    """Position of one ``id_`` in the unique ``index``; -1 for an id get_loc refuses (unhashable)."""
    try:
        return int(codes_of([id_], index)[0])
    except pd.errors.InvalidIndexError:
        return -1


class AttributeTableModel(QAbstractTableModel):
    def __init__(self, project, layer: str, parent=None):
        super().__init__(parent)
        self._project, self._layer = project, layer
        self.editor = None  # a CellEditor makes the table editable (set by the dock)
        self._set_columns()

    # ------------------------------------------------------------ geo side
    @property
    def layer(self) -> str:
        return self._layer

    @property
    def frame(self):
        return self._project[self._layer]

    def columns(self) -> list[str]:
        return list(self._columns)

    def _set_columns(self) -> None:
        self._columns = [c for c in self.frame.columns if c != "geometry"]
        # per column, once: flags() runs for every painted cell
        self._editable = [cell_kind(self._layer, c) is not None for c in self._columns]

    def ids_of_rows(self, rows) -> list:
        return list(self.frame.index.to_numpy()[np.asarray(rows, dtype=np.int64)])

    def rows_of_ids(self, ids) -> np.ndarray:
        """Source rows of ``ids`` (unknown ids left out)."""
        if not len(ids):
            return np.empty(0, dtype=np.int64)
        index = self.frame.index
        if index.is_unique:
            try:  # an edit's few ids are looked up one by one there, not by get_indexer
                rows = codes_of(list(ids), index)
            except pd.errors.InvalidIndexError:  # an unhashable id: the others still count
                rows = np.fromiter((_row(index, id_) for id_ in ids), dtype=np.int64, count=len(ids))
        else:  # get_indexer refuses a repeated id, as it always did here
            rows = index.get_indexer(list(ids))
        return rows[rows >= 0]

    def on_layer_changed(self, event) -> None:
        if event.layer != self._layer:
            return
        if event.inserted or event.deleted or set(event.columns) - set(self._columns) - {"geometry"}:
            self.beginResetModel()
            self._set_columns()
            self.endResetModel()
            return
        shown = ([i for i, c in enumerate(self._columns) if c in event.columns] if event.columns
                 else range(len(self._columns)))
        if not len(shown):
            return  # only the geometry changed (a reassignment's outlines): no cell shows it
        first, last = min(shown), max(shown)
        for row in self.rows_of_ids(event.ids):
            self.dataChanged.emit(self.index(int(row), first), self.index(int(row), last))

    # ------------------------------------------------------------ Qt side
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = self._columns[index.column()]
            value = self.frame[column].iat[index.row()]
            return display_value(self._layer, column, value)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(index)
        if role == ID_ROLE:
            return self.frame.index[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.frame[self._columns[index.column()]].dtype.kind in "iuf":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and self.editor is not None and self._editable[index.column()]:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.editor is None:
            return False
        return self.editor.apply(self._layer, self.frame.index[index.row()], self._columns[index.column()], value)

    def _edit_text(self, index) -> str:
        """The stored value as the editor starts from: codes, not their labels; never an unmasked
        personal value while presenting."""
        column = self._columns[index.column()]
        value = self.frame[column].iat[index.row()]
        if shows_masked(self._layer, column):
            return display_value(self._layer, column, value)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # an int column holding a blank is stored as float
        return str(value)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_title(self._columns[section], self._layer) if section < len(self._columns) else None
        return str(section + 1)
