"""网格编辑 → 自动划分 and 服务站选址 in the window: a plan appears, the layout shown stays, undo removes it."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from geo.editing.plans import active_plan
from tests.editing_gui_helpers import editing_feature
from tests.plan_session_checks import non_plan_digest


@pytest.fixture
def demo_window(make_main_window, demo_gpkg, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_gpkg, path)
    window = make_main_window(path)
    return window, editing_feature(window), path


def test_draft_from_the_menu_makes_a_plan_and_opens_the_comparison(demo_window, monkeypatch, qtbot, output_dir):
    window, feature, path = demo_window
    from gui.editing import draft_dialog

    chosen = {}

    def fake_exec(dialog):
        # the user unticks every community but 建设社区 and keeps the band
        for i in range(dialog.communities.count()):
            item = dialog.communities.item(i)
            if "C02" not in item.text():
                item.setCheckState(draft_dialog.Qt.CheckState.Unchecked)
        dialog.name.setText("建设社区自动方案")
        chosen.update(dialog.choices())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(draft_dialog.DraftDialog, "exec", fake_exec)
    shown_before = dict(zip(window.project["buildings"].index, window.project["buildings"]["grid_id"]))
    before = non_plan_digest(path)
    comparison = feature.actions["draft"].trigger() or feature.last_comparison
    assert chosen["communities"] == ["C02"] and chosen["band"] == (300, 500)
    plans = window.project["plans"]
    new = plans.index[plans["name"] == "建设社区自动方案"]
    assert len(new) == 1 and plans.at[new[0], "status"] == "proposal"
    assert active_plan(window.project) != new[0], "the layout shown is not replaced"
    assert dict(zip(window.project["buildings"].index, window.project["buildings"]["grid_id"])) == shown_before
    assert non_plan_digest(path) == before
    assert comparison is not None and comparison.isVisible()
    qtbot.wait(200)
    comparison.grab().save(str(output_dir / "draft_comparison.png"))
    comparison.close()
    window.undo_stack.undo()
    assert new[0] not in window.project["plans"].index, "one undo step removes the draft plan"


def test_siting_from_the_menu_proposes_planned_stations(demo_window, monkeypatch):
    window, feature, _ = demo_window
    from gui.editing import siting_dialog

    monkeypatch.setattr(siting_dialog.SitingDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    stations_before = set(window.project["stations"].index)
    plan_id = feature.actions["siting"].trigger() or feature._site_stations
    assert asked and "→" in asked[0] and "户" in asked[0]
    stations = window.project["stations"]
    new = stations[~stations.index.isin(list(stations_before))]
    assert len(new) == 3 and set(new["status"]) == {"planned"}, "switched to the plan: its proposals show"
    assert active_plan(window.project) not in (None, "P0")
