"""TimeLimitsTable: the case time limits (限时办结) as a small category → days table.

The last row is the default ``*`` (every other category): its category cannot be
edited or removed, so every case always has a limit. The values are checked by
:meth:`geo.rules.Rules.from_rows`, the same parser the project file goes through,
so the dialog refuses exactly what the file would refuse.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from geo.messages import CodedError
from geo.rules import Rules, format_time_limits

DEFAULT_CATEGORY = "*"


class TimeLimitsTable(QWidget):
    #: Any cell, row added or row removed.
    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("TimeLimitsTable")
        self.table = QTableWidget(0, 2, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(150)
        self.add_button, self.remove_button = QPushButton(self), QPushButton(self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(lambda *_: self.edited.emit())

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("事件类别"), self.tr("办结时限（天）")])
        self.add_button.setText(self.tr("添加类别"))
        self.remove_button.setText(self.tr("删除所选类别"))
        default = self._default_item()
        if default is not None:
            default.setToolTip(self.tr("其他类别（未单独列出的事件类别）"))

    # ------------------------------------------------------------ values
    def set_limits(self, pairs) -> None:
        """Show (category, days) pairs; a ``*`` row is added last when missing."""
        pairs = list(pairs)
        default = dict(pairs).get(DEFAULT_CATEGORY, Rules().case_limit_days(DEFAULT_CATEGORY))
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for category, days in pairs:
            if category != DEFAULT_CATEGORY:
                self._append(category, days)
        self._append(DEFAULT_CATEGORY, default)
        self.table.blockSignals(False)
        self.retranslate()
        self.edited.emit()

    def rows(self) -> list[tuple[str, str]]:
        """(category, days) as typed, fully blank rows left out."""
        out = []
        for row in range(self.table.rowCount()):
            category, days = (self._text(row, col) for col in (0, 1))
            if category or days:
                out.append((category, days))
        return out

    def limits(self) -> tuple[tuple[str, int], ...]:
        """The limits as geo.rules parses them; raises CodedError for a bad row."""
        text = format_time_limits(self.rows())
        return Rules.from_rows([("case_time_limit_days", text)]).case_time_limit_days

    def problems(self) -> list[str]:
        categories = [c for c, _ in self.rows()]
        out = [self.tr("事件类别“{category}”重复。").format(category=c)
               for c in sorted({c for c in categories if c and categories.count(c) > 1})]
        try:
            self.limits()
        except CodedError as exc:
            out.append(str(exc))
        return out

    # ------------------------------------------------------------ rows
    def add_row(self) -> None:
        """A blank row just above the default ``*`` row, ready to type in."""
        row = max(self.table.rowCount() - 1, 0)
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        self.table.setCurrentCell(row, 0)
        self.edited.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            if not self._is_default_row(row):  # the "*" row stays: every case needs a limit
                self.table.removeRow(row)
        self.edited.emit()

    def set_days(self, category: str, days) -> None:
        """Type ``days`` into the row of ``category`` (used by tests and keyboard-free callers)."""
        for row in range(self.table.rowCount()):
            if self._text(row, 0) == category:
                self.table.item(row, 1).setText(str(days))
                return
        raise KeyError(category)

    def _append(self, category: str, days) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(category)
        if category == DEFAULT_CATEGORY:
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(str(days)))

    def _is_default_row(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and not item.flags() & Qt.ItemFlag.ItemIsEditable

    def _default_item(self):
        last = self.table.rowCount() - 1
        return self.table.item(last, 0) if last >= 0 and self._is_default_row(last) else None

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""
