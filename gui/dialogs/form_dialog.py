"""The end of every small settings dialog: the form, any notes, and OK/Cancel with the dialog's own words."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout


def finish_form(dialog, form, ok_text: str, cancel_text: str, *below) -> QDialogButtonBox:
    """Lay out ``form`` (and the widgets ``below`` it) above OK/Cancel buttons wired to accept/reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    for widget in below:
        layout.addWidget(widget)
    layout.addWidget(buttons)
    return buttons
