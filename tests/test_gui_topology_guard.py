"""The window asks before an edit that breaks the tiling, and does it only when confirmed."""
from PySide6.QtWidgets import QMessageBox

from geo.editing.assign import ReassignBuildings
from tests.editing_gui_helpers import editing, no_blocking_boxes  # noqa: F401 (fixtures)


def test_guarded_edit_asks_then_forces(editing, monkeypatch):
    window, feature, session = editing
    asked = []

    def answer(reply):
        return lambda parent, title, text: (asked.append(text), reply)[1]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not session.run(ReassignBuildings({"B3": None}))  # G2 would lose its area
    assert "C1" in asked[-1] and window.project["buildings"].at["B3", "grid_id"] == "G2"
    assert window.undo_stack.count() == 0
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert session.run(ReassignBuildings({"B3": None}))
    assert window.project["buildings"].at["B3", "grid_id"] is None
    window.undo_action.trigger()
    assert window.project["buildings"].at["B3", "grid_id"] == "G2"
