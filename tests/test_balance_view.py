"""The balance panel's rows, kept sorted and filtered row by row, equal a fresh sort of every grid."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from geo.editing.assign import ReassignBuildings
from gui.editing.balance_model import COMMUNITY_ROLE, GRID, GRID_ROLE, HOUSEHOLDS, PP, BalanceModel
from tests.editing_gui_helpers import editing_feature, street_window  # noqa: F401 (fixture)


@pytest.fixture
def demo(street_window):
    feature = editing_feature(street_window)
    return street_window, feature.session, feature.balance_dock


def shown(dock) -> list:
    return [dock.proxy.index(r, 0).data(GRID_ROLE) for r in range(dock.proxy.rowCount())]


def expected(dock, column, order) -> list:
    """Every grid the filters keep, sorted as Qt's stable sort would: ties in the model's order."""
    model, view, session = dock.model, dock.proxy, dock.session
    rows = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        grid = index.data(GRID_ROLE)
        if view.community is not None and index.data(COMMUNITY_ROLE) != view.community:
            continue
        if view.out_only and session.status(grid) == "ok" and grid != view.kept:
            continue
        rows.append(row)
    value = [model.index(r, column).data(Qt.ItemDataRole.EditRole) for r in range(model.rowCount())]
    missing = [v is None or v != v for v in value]
    descending = order == Qt.SortOrder.DescendingOrder  # sorted(reverse=True) keeps ties in order, as Qt
    present = sorted((r for r in rows if not missing[r]), key=lambda r: value[r], reverse=descending)
    return [model.grids[r] for r in present + [r for r in rows if missing[r]]]


def test_rows_follow_previews_and_edits_as_a_fresh_sort(demo, qtbot):
    window, session, dock = demo
    rng = np.random.default_rng(5)
    grids = list(window.project["grids"].index)
    dock.table.sortByColumn(HOUSEHOLDS, Qt.SortOrder.DescendingOrder)
    assert shown(dock) == expected(dock, HOUSEHOLDS, Qt.SortOrder.DescendingOrder)
    dock.show_grid(grids[3])
    current = dock.table.currentIndex().data(GRID_ROLE)
    for step in range(30):
        picked = rng.choice(grids, size=3, replace=False)
        if step % 10 == 9:  # a committed reassignment between two strokes
            buildings = window.project["buildings"]
            moving = buildings.index[(buildings["grid_id"] == picked[0]).to_numpy()][:2]
            session.set_preview({})
            session.run(ReassignBuildings({b: picked[1] for b in moving}))
        else:
            session.set_preview({g: int(rng.integers(0, 900)) for g in picked})
        if step == 12:
            dock.out_only.setChecked(True)
        if step == 20:
            dock.community_box.setCurrentIndex(1)
        if step == 25:
            dock.table.sortByColumn(GRID, Qt.SortOrder.AscendingOrder)
        column, order = dock.proxy.sortColumn(), dock.proxy.sortOrder()
        assert shown(dock) == expected(dock, column, order), step
        if step < 12 and current is not None:  # a row that moves keeps being the current one
            assert dock.table.currentIndex().data(GRID_ROLE) == current


def test_compactness_of_a_large_project_arrives_from_a_thread_with_the_same_values(demo, qtbot, monkeypatch):
    from gui.editing import balance_model

    window, session, dock = demo
    fresh = BalanceModel(session)
    monkeypatch.setattr(balance_model, "BACKGROUND_GRIDS", 0)
    threaded = BalanceModel(session)
    qtbot.waitUntil(threaded.compactness_ready, timeout=20_000)
    for row in range(fresh.rowCount()):
        a = threaded.index(row, PP).data(Qt.ItemDataRole.EditRole)
        b = fresh.index(row, PP).data(Qt.ItemDataRole.EditRole)
        assert a == b or (a != a and b != b)
    early = BalanceModel(session)  # a row shown before the thread is done computes its block itself
    assert early.index(0, PP).data(Qt.ItemDataRole.EditRole) == fresh.index(0, PP).data(Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(early.compactness_ready, timeout=20_000)
