"""The map's layer stack (gui.map.layer_style.LayerStack) as a checkable, draggable list.

Rows are the stack's layers, top first. The check box is the layer's
visibility; dragging a row reorders the stack. The model holds no state of
its own: it reads the stack on every call and follows ``stack.changed``.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from .labels import layer_title

MIME = "application/x-gridatlas-layer"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class LayerListModel(QAbstractListModel):
    def __init__(self, stack, parent=None):
        super().__init__(parent)
        self.stack = stack
        self._on_changed = self._stack_changed  # kept: Event.disconnect compares identity
        stack.changed.connect(self._on_changed)

    def detach(self) -> None:
        self.stack.changed.disconnect(self._on_changed)

    def _stack_changed(self, name, what) -> None:
        if what == "order" or name is None:
            self.beginResetModel()
            self.endResetModel()
            return
        row = self.stack.names().index(name)
        self.dataChanged.emit(self.index(row), self.index(row))

    def name_at(self, row: int) -> str:
        return self.stack.names()[row]

    # ------------------------------------------------------------ reading
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.stack.names())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        style = self.stack[self.name_at(index.row())]
        if role == Qt.ItemDataRole.DisplayRole:
            return layer_title(style.name)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if style.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return _swatch(style.colour if style.fill_alpha > 0 else style.outline)
        if role == NAME_ROLE:
            return style.name
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)

    # ------------------------------------------------------------ editing
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.stack.set_visible(self.name_at(index.row()), checked)
        return True

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        data.setData(MIME, QByteArray(self.name_at(indexes[0].row()).encode()))
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        name = bytes(data.data(MIME)).decode()
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        if self.stack.names().index(name) < target:
            target -= 1  # the dragged row leaves a gap above the drop point
        self.stack.move(name, target)
        return False  # the stack moved the row itself; the view must not remove it


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
