"""Choosing a member's roles with checkboxes (党员中心户, 单元长, 网格长…)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout

from ..models.labels import coded_value


class RolesDialog(QDialog):
    def __init__(self, parent, current, choices):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置职务"))
        self.choices = list(choices)
        self.list = QListWidget(self)
        for role in self.choices:
            item = QListWidgetItem(coded_value(role), self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if role in current else Qt.CheckState.Unchecked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def roles(self) -> list:
        return [r for i, r in enumerate(self.choices)
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def ask_roles(parent, current, choices):
    """The checked roles, or None when cancelled."""
    dialog = RolesDialog(parent, current, choices)
    return dialog.roles() if dialog.exec() == QDialog.DialogCode.Accepted else None
