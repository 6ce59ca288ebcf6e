"""Deleting from the attribute table: confirmation lists what is cleared, one undo step."""
import pytest
from PySide6.QtWidgets import QMessageBox

from geo.store import read_layers
from tests.editing_gui_helpers import editing, no_blocking_boxes  # noqa: F401 (fixtures)

DELETE = "删除所选要素…"


def _menu_action(window, layer, ids, text=DELETE):
    dock = window.attribute_dock
    dock.show_layer(layer)
    window.selection.select(layer, ids)
    menu = dock.context_menu()
    return next((a for a in menu.actions() if a.text() == text), None) if menu else None


@pytest.fixture
def answers(monkeypatch):
    """Record every question asked and answer it with ``answers.reply``."""
    class Answers:
        reply = QMessageBox.StandardButton.Yes
        asked: list = []
        warned: list = []

    def question(_parent, _title, text, *args):
        Answers.asked.append(text)
        return Answers.reply

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: Answers.warned.append(text))
    Answers.asked, Answers.warned = [], []
    return Answers


def test_deleting_a_building_unassigns_and_lists_its_members_undo_restores(editing, tiny_gpkg, answers):
    window, _feature, _session = editing
    action = _menu_action(window, "buildings", ["B1"])
    assert action is not None
    action.trigger()
    assert len(answers.asked) == 1
    asked = answers.asked[0]
    assert "members.building_id" in asked and "M1" in asked  # the members it leaves unassigned
    assert "O-B1" in asked  # the party group kept without its building
    project = window.project
    assert "B1" not in project["buildings"].index
    assert project["members"].at["M1", "building_id"] is None
    stored = read_layers(tiny_gpkg).frames
    assert "B1" not in set(stored["buildings"]["building_id"])
    assert stored["members"].set_index("member_id").at["M1", "building_id"] is None
    assert window.undo_stack.count() == 1 and window.selection.ids("buildings") == ()
    window.undo_action.trigger()
    assert "B1" in project["buildings"].index
    assert project["members"].at["M1", "building_id"] == "B1"
    assert read_layers(tiny_gpkg).frames["members"].set_index("member_id").at["M1", "building_id"] == "B1"


def test_several_rows_are_one_step_and_no_changes_nothing(editing, answers):
    window, _feature, _session = editing
    answers.reply = QMessageBox.StandardButton.No
    _menu_action(window, "grids", ["G1", "G2"]).trigger()
    assert set(window.project["grids"].index) >= {"G1", "G2"} and window.undo_stack.count() == 0
    answers.reply = QMessageBox.StandardButton.Yes
    _menu_action(window, "grids", ["G1", "G2"]).trigger()
    assert "2" in answers.asked[-1] and "buildings.grid_id" in answers.asked[-1]
    assert not {"G1", "G2"} & set(window.project["grids"].index)
    assert window.project["buildings"]["grid_id"].isna().all()
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    assert {"G1", "G2"} <= set(window.project["grids"].index)
    assert window.project["buildings"].at["B1", "grid_id"] == "G1"


def test_members_are_not_deleted_while_presenting(editing, answers):
    from gui.features.presenting import Feature as Presenting

    window, _feature, _session = editing
    presenter = next(f for f in window.features if isinstance(f, Presenting)).presenter
    presenter.enter()
    try:
        _menu_action(window, "members", ["M1"]).trigger()
        assert answers.asked == [] and len(answers.warned) == 1 and "演示模式" in answers.warned[0]
        assert "M1" in window.project["members"].index
        _menu_action(window, "stations", ["S1"]).trigger()  # no personal data: allowed
        assert "S1" not in window.project["stations"].index
    finally:
        presenter.leave()


def test_only_deletable_layers_get_the_entry(editing):
    from PySide6.QtWidgets import QMenu

    _window, feature, _session = editing
    menu = QMenu()
    feature.delete_actions.table_menu(menu, "plans", ["P1"])  # plans are managed by the plan commands
    assert menu.isEmpty()
    feature.delete_actions.table_menu(menu, "compounds", ["K1"])
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [DELETE]
    menu.deleteLater()
