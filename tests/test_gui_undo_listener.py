"""The undo adapter: an edit whose listener fails is still on the stack, and the user is told."""
import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from geo.commands import SetValues
from geo.project import Project
from geo.store import read_layers
from gui.undo import run_and_push


def on_disk(path):
    return read_layers(path).frames["buildings"].set_index("building_id")["households"].to_dict()


def test_a_failing_listener_is_shown_and_the_edit_still_undoes(app, qtbot, tiny_gpkg, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((parent, text)))
    window = QWidget()
    qtbot.addWidget(window)
    stack = QUndoStack(window)
    project = Project.open(tiny_gpkg)
    try:
        def broken(event):
            raise RuntimeError("broken view")

        project.changed.connect(broken)
        run_and_push(stack, project, SetValues("buildings", {"B1": {"households": 77}}, text="户数"))
        assert stack.count() == 1 and stack.index() == 1
        assert project["buildings"].at["B1", "households"] == 77 and on_disk(tiny_gpkg)["B1"] == 77
        qtbot.waitUntil(lambda: len(shown) == 1)
        assert shown[0][0] is window and "RuntimeError" in shown[0][1]

        stack.undo()  # the listener fails again; the undo stands and is reported
        assert stack.index() == 0
        assert project["buildings"].at["B1", "households"] == 60 and on_disk(tiny_gpkg)["B1"] == 60
        qtbot.waitUntil(lambda: len(shown) == 2)

        project.changed.disconnect(broken)
        stack.redo()
        assert project["buildings"].at["B1", "households"] == 77 and on_disk(tiny_gpkg)["B1"] == 77
        assert len(shown) == 2
    finally:
        project.close()


def test_a_refused_edit_is_not_pushed(app, tiny_gpkg):
    stack = QUndoStack()
    project = Project.open(tiny_gpkg)
    try:
        with pytest.raises(LookupError):  # refused while working out the undo, before writing
            run_and_push(stack, project, SetValues("buildings", {"B404": {"households": 1}}))
        assert stack.count() == 0 and list(project["buildings"].index) == ["B1", "B2", "B3"]
    finally:
        project.close()


def test_the_rules_command_refuses_bad_rules_before_anything_exists(app):
    from dataclasses import replace

    from geo.messages import CodedError
    from geo.rules import Rules
    from gui.coverage.rules_dialog import rules_command

    old = Rules()
    with pytest.raises(CodedError):
        rules_command(old, replace(old, households_min=600, households_max=500), "规则")
    assert rules_command(old, replace(old, households_max=550), "规则") is not None
