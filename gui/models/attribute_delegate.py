"""Editors for attribute-table cells, chosen by the column's kind.

Vocabulary columns (kind, status, level, gender, category) get a combo box
of their allowed codes shown as words, so a wrong value cannot be picked;
numbers get a line edit that only takes digits. Everything else is a plain
line edit. The delegate only eases typing: the value is still checked by
:class:`~gui.models.cell_edit.CellEditor` when the model receives it, which
explains a refusal in the status bar. A cell that may not be edited now
(personal data masked while presenting) opens no editor and says why.
"""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from geo.schema import MEMBER_ROLES

from .cell_kinds import cell_kind
from .labels import coded_value

# blank passes the validator on purpose: the editor then says "may not be blank" in words
_NUMBER_PATTERNS = {"int": r"\d*", "real": r"\d*\.?\d*"}


def _source(index):
    """(source model, source index) behind a possibly proxied index."""
    model = index.model()
    while hasattr(model, "mapToSource"):
        index = model.mapToSource(index)
        model = model.sourceModel()
    return model, index


class AttributeDelegate(QStyledItemDelegate):
    def _kind(self, index):
        model, source = _source(index)
        return model, source, cell_kind(model.layer, model.columns()[source.column()])

    def createEditor(self, parent, option, index):
        model, source, kind = self._kind(index)
        if model.editor is None or kind is None:
            return None
        reason = model.editor.refusal(model.layer, model.columns()[source.column()])
        if reason:
            model.editor.refused.emit(reason)
            return None
        if kind.kind == "choice":
            return self._combo(parent, kind)
        editor = super().createEditor(parent, option, index)
        if kind.kind in _NUMBER_PATTERNS and isinstance(editor, QLineEdit):
            pattern = QRegularExpression(_NUMBER_PATTERNS[kind.kind])
            editor.setValidator(QRegularExpressionValidator(pattern, editor))
        if kind.kind == "roles" and isinstance(editor, QLineEdit):
            editor.setToolTip("\n".join(f"{r}  {coded_value(r)}" for r in MEMBER_ROLES))
        return editor

    def _combo(self, parent, kind) -> QComboBox:
        combo = QComboBox(parent)
        if not kind.required:
            combo.addItem("", "")
        for code in kind.choices:
            combo.addItem(coded_value(code), code)
        return combo

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox):
            current = index.data(Qt.ItemDataRole.EditRole)
            if editor.findData(current) < 0:  # a stored value outside the vocabulary stays as it is
                editor.addItem(current, current)
            editor.setCurrentIndex(editor.findData(current))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentData() != index.data(Qt.ItemDataRole.EditRole):  # closing is not editing
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
