"""The rules dialog edits the lists' rules: case time limits and the need reminder (headless)."""
import datetime as dt
import shutil

import pytest
from PySide6.QtWidgets import QDialog

from geo.lists.gaps import list_gaps
from geo.lists.items import AddItem, DeleteItem
from gui.coverage.rules_dialog import RulesDialog


def _feature(window):
    return next(f for f in window.features if type(f).__module__ == "gui.features.coverage")


@pytest.fixture
def demo_window(make_main_window, demo_gpkg, tmp_path):
    path = shutil.copy(demo_gpkg, tmp_path / "demo.gpkg")  # the test edits it
    return make_main_window(path)


def _due_of_new_case(project, category):
    """Add a case through geo (as the lists dock does), read its due date, take it away again."""
    add = AddItem("cases", {"title": "楼道堆物", "category": category, "target_type": "grid",
                            "target_id": project["grids"].index[0], "reported_at": "2026-03-02",
                            "source": "patrol"})
    add.do(project)
    due = project["cases"].loc[add.item_id, "due_at"]
    DeleteItem("cases", add.item_id).do(project)
    return due


def _unmatched_shown(feature):
    shown = feature.gap_dock.model.shown()
    return len(shown[shown["type"] == "need_unmatched"])


def _unmatched_expected(project):
    return sum(g["kind"] == "need_unmatched" for g in list_gaps(project))


def _accept_with(monkeypatch, edit):
    def exec_(dialog):
        edit(dialog)
        assert dialog.validate(), dialog.message.text()
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(RulesDialog, "exec", exec_)


def test_a_changed_limit_moves_due_dates_and_the_gap_list_and_undo_restores(demo_window, qtbot,
                                                                              monkeypatch):
    project, feature = demo_window.project, _feature(demo_window)
    feature.actions.gap_list.trigger()
    qtbot.waitUntil(lambda: feature.gap_dock.model.rowCount() > 0, timeout=30_000)
    assert _due_of_new_case(project, "矛盾纠纷") == "2026-03-09"  # the default 7 days
    unmatched_before = _unmatched_shown(feature)
    assert unmatched_before == _unmatched_expected(project) > 0

    def edit(dialog):
        dialog.limits_table.set_days("矛盾纠纷", 2)
        dialog.limits_table.set_days("*", 20)
        dialog.need_days_box.setValue(200)
    _accept_with(monkeypatch, edit)
    feature.actions.rules.trigger()

    rules = project.rules
    assert rules.case_limit_days("矛盾纠纷") == 2 and rules.need_unmatched_days == 200
    assert _due_of_new_case(project, "矛盾纠纷") == "2026-03-04"
    assert _due_of_new_case(project, "无名类别") == "2026-03-22"  # the "*" row
    expected = _unmatched_expected(project)
    assert expected < unmatched_before
    qtbot.waitUntil(lambda: _unmatched_shown(feature) == expected)
    shown = feature.gap_dock.model.shown()
    needs = project["needs"]
    created = needs.loc[shown.loc[shown["type"] == "need_unmatched", "id"], "created_at"]
    assert (dt.date.today() - created.map(dt.date.fromisoformat).max()).days > 200

    demo_window.undo_stack.undo()
    assert project.rules.case_limit_days("矛盾纠纷") == 7 and project.rules.need_unmatched_days == 30
    assert _due_of_new_case(project, "矛盾纠纷") == "2026-03-09"
    qtbot.waitUntil(lambda: _unmatched_shown(feature) == unmatched_before)


def test_the_rules_reach_the_file_as_one_recorded_step(demo_window, monkeypatch):
    import sqlite3

    feature = _feature(demo_window)
    _accept_with(monkeypatch, lambda d: (d.need_days_box.setValue(45), d.limits_table.set_days("停车管理", 4)))
    feature.actions.rules.trigger()
    with sqlite3.connect(demo_window.project.path) as db:
        stored = dict(db.execute("SELECT key, value FROM settings"))
    assert stored["need_unmatched_days"] == "45"
    assert "停车管理:4" in stored["case_time_limit_days"].split(",")
    assert demo_window.undo_stack.count() == 1


def test_the_limits_table_says_what_is_wrong_and_keeps_the_default_row(app):
    from geo.rules import Rules

    dialog = RulesDialog(Rules())
    table = dialog.limits_table
    table.set_days("环境卫生", "三天")
    assert not dialog.validate() and "环境卫生:三天" in dialog.message.text()
    table.set_days("环境卫生", 3)
    table.add_row()
    row = table.table.rowCount() - 2  # the new row sits just above "*"
    table.table.item(row, 0).setText("环境卫生")
    table.table.item(row, 1).setText("5")
    assert not dialog.validate() and "环境卫生" in dialog.message.text() and "重复" in dialog.message.text()
    table.table.item(row, 0).setText("噪音扰民")
    assert dialog.validate() and dict(dialog.rules().case_time_limit_days)["噪音扰民"] == 5
    table.table.selectRow(table.table.rowCount() - 1)  # the "*" row cannot go
    table.remove_selected()
    assert dialog.rules().case_time_limit_days[-1] == ("*", 15)
    dialog.need_days_box.setValue(0)
    assert not dialog.validate() and "需求未匹配提醒" in dialog.message.text()


def test_a_file_without_a_default_row_gets_one(app):
    from geo.rules import Rules

    dialog = RulesDialog(Rules(case_time_limit_days=(("矛盾纠纷", 5),)))
    assert dialog.rules().case_time_limit_days == (("矛盾纠纷", 5), ("*", 15))
