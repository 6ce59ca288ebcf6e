"""The 添加党员 form: name, building, kind, phone, unit and households linked.

The answer is the keyword arguments of :func:`geo.editing.org_setup.add_member`
(which files the member with the building's party group, else the grid's branch,
and refuses an empty name); the form only collects them.
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QSpinBox

from geo.schema import MEMBER_KINDS

from ..dialogs.form_dialog import finish_form
from ..models.labels import coded_value


class NewMemberDialog(QDialog):
    def __init__(self, buildings: list, linked_households: int = 0, parent=None):
        """``buildings``: (id, label) pairs to choose from."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加党员"))
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.building_box = QComboBox(self)
        self.building_box.setEditable(True)  # type to find one of many buildings
        for id_, label in buildings:
            self.building_box.addItem(f"{label} ({id_})", id_)
        self.kind_box = QComboBox(self)
        for kind in MEMBER_KINDS:
            self.kind_box.addItem(coded_value(kind), kind)
        self.phone_edit = QLineEdit(self)
        self.unit_spin = QSpinBox(self, minimum=0, maximum=99)
        self.unit_spin.setSpecialValueText(self.tr("未填"))
        self.linked_spin = QSpinBox(self, minimum=0, maximum=1000, value=int(linked_households))
        form.addRow(self.tr("姓名"), self.name_edit)
        form.addRow(self.tr("所在楼栋"), self.building_box)
        form.addRow(self.tr("党员类别"), self.kind_box)
        form.addRow(self.tr("电话"), self.phone_edit)
        form.addRow(self.tr("单元"), self.unit_spin)
        form.addRow(self.tr("联系户数（党员中心户，0 表示不是）"), self.linked_spin)
        finish_form(self, form, self.tr("添加"), self.tr("取消"))

    def answer(self) -> dict:
        """Keyword arguments for :func:`geo.editing.org_setup.add_member`."""
        building = self.building_box.currentData()
        if building is None:  # typed: the text is "name (id)" or an id
            text = self.building_box.currentText().strip()
            building = text[text.rfind("(") + 1:-1] if text.endswith(")") else text
        return {"name": self.name_edit.text(), "building_id": building,
                "kind": self.kind_box.currentData(), "phone": self.phone_edit.text().strip() or None,
                "unit_no": self.unit_spin.value() or None, "linked_households": self.linked_spin.value()}


def ask_new_member(parent, buildings, linked_households: int = 0) -> dict | None:
    """Show the form; the answer, or None when cancelled."""
    dialog = NewMemberDialog(buildings, linked_households, parent)
    try:
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
