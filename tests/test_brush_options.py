"""The brush bar's target list: every grid as 社区 / 网格 (id), in order, following the session."""
import pytest
from PySide6.QtWidgets import QMessageBox

from geo.editing.grids import SplitGrid
from tests.editing_gui_helpers import editing_feature


@pytest.fixture
def street(make_main_window, demo_copy, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = make_main_window(demo_copy)
    return window, editing_feature(window)


def listed(box) -> list:
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def expected(project, none_text) -> list:
    """What the box showed when it was filled item by item."""
    grids, comms = project["grids"], project["communities"]
    rows = sorted(zip(grids.index, grids["name"], grids["community_id"]), key=lambda t: (str(t[2]), str(t[0])))
    return [(none_text, None)] + [
        (f"{comms.at[c, 'name'] if c in comms.index else c} / {name} ({g})", g) for g, name, c in rows]


def test_target_list_names_every_grid_in_order_and_follows_the_session(street, qtbot):
    window, feature = street
    bar, session, project = feature.brush_bar, feature.session, window.project
    box = bar.target_box
    assert listed(box) == expected(project, "（未选择）")
    grids = list(project["grids"].index)
    session.set_target(grids[5])
    assert box.currentData() == grids[5]
    box.setCurrentIndex(3)  # chosen in the box
    assert session.target == box.itemData(3)
    box.setCurrentIndex(0)
    assert session.target is None
    source = grids[7]
    mine = list(project["buildings"].index[project["buildings"]["grid_id"] == source])
    session.set_target(source)
    assert session.run(SplitGrid(source, mine[: len(mine) // 2], balance=session.balance, force=True))
    qtbot.waitUntil(lambda: box.count() == len(grids) + 2, timeout=5000)  # the new grid is listed
    assert listed(box) == expected(project, "（未选择）")
    assert box.currentData() == session.target
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: box.count() == len(grids) + 1, timeout=5000)
    assert listed(box) == expected(project, "（未选择）") and box.currentData() == session.target


def test_popup_opens_without_measuring_every_row(street):
    _window, feature = street
    box = feature.brush_bar.target_box
    asked = []
    model = feature.brush_bar.choices
    original = model.data
    model.data = lambda index, role=0: (asked.append(index.row()), original(index, role))[1]
    box.showPopup()
    box.hidePopup()
    assert asked and len(set(asked)) <= box.maxVisibleItems() + 2 < box.count()
