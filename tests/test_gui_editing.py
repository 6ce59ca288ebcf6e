"""Grid editing in the window: brush, lock, undo/redo, split, merge, delete, finders, topology."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from tests.editing_gui_helpers import (drag, editing, editing_feature, no_blocking_boxes,  # noqa: F401 (fixtures)
                                       pixel_of, send_mouse, tiny_pixel, use_tool)


def grid_of(window, building):
    return window.project["buildings"].at[building, "grid_id"]


def test_feature_adds_toolbar_menu_and_docks(editing):
    window, feature, session = editing
    assert feature.menu.title() == "网格编辑(&G)"
    assert feature.toolbar.windowTitle() == "编辑网格"
    assert feature.tool_actions["edit_brush"].text() == "画笔分配"
    assert feature.balance_dock.model.rowCount() == 2
    assert feature.overlay in window.canvas.overlays


def test_brush_stroke_moves_buildings_as_one_undo_step(editing, qtbot):
    window, feature, session = editing
    session.set_target("G2")
    assert feature.brush_bar.target_box.currentData() == "G2"
    use_tool(window, "edit_brush")
    session.set_radius(8)
    canvas, model = window.canvas, feature.balance_dock.model
    # press on B1 (60 households), drag along it; the stroke is not written yet
    drag(canvas, [tiny_pixel(canvas, 15, 17), tiny_pixel(canvas, 35, 17), tiny_pixel(canvas, 55, 17)], release=False)
    assert grid_of(window, "B1") == "G1"
    assert session.preview == {"G1": 40, "G2": 90}
    g2 = model.index(model.row_of("G2"), 2)
    assert g2.data() == "90 (+60)"
    send_mouse(canvas, "release", *tiny_pixel(canvas, 55, 17))
    assert grid_of(window, "B1") == "G2" and grid_of(window, "B2") == "G1"
    assert session.preview == {} and g2.data() == "90"
    assert window.undo_stack.count() == 1
    assert "分配 1 栋楼到网格 G2" == window.undo_stack.text(0)
    window.undo_action.trigger()
    assert grid_of(window, "B1") == "G1" and session.balance.households["G2"] == 30
    assert model.index(model.row_of("G2"), 2).data() == "30"
    window.redo_action.trigger()
    assert grid_of(window, "B1") == "G2"


def test_shortcuts_undo_and_redo(editing, qtbot):
    window, feature, session = editing
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]


def test_locked_grid_is_not_taken(editing):
    window, feature, session = editing
    model = feature.balance_dock.model
    lock = model.index(model.row_of("G1"), 7)
    assert model.setData(lock, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "G1" in session.locked
    session.set_target("G2")
    use_tool(window, "edit_brush")
    canvas = window.canvas
    drag(canvas, [tiny_pixel(canvas, 15, 17), tiny_pixel(canvas, 55, 17), tiny_pixel(canvas, 35, 67)])
    assert grid_of(window, "B1") == "G1" and grid_of(window, "B2") == "G1"
    assert window.undo_stack.count() == 0


def test_rectangle_and_click_assign(editing):
    window, feature, session = editing
    session.set_target("G2")
    use_tool(window, "edit_assign_rect")
    canvas = window.canvas
    drag(canvas, [tiny_pixel(canvas, 5, 80), tiny_pixel(canvas, 65, 55)])  # around B2 only
    assert grid_of(window, "B2") == "G2" and grid_of(window, "B1") == "G1"
    drag(canvas, [tiny_pixel(canvas, 30, 17)])  # a click on B1
    assert grid_of(window, "B1") == "G2"
    assert window.undo_stack.count() == 2


def test_brush_without_target_says_so(editing):
    window, feature, session = editing
    use_tool(window, "edit_brush")
    drag(window.canvas, [tiny_pixel(window.canvas, 30, 17)])
    assert "目标网格" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_split_grid_with_the_line_tool(editing):
    window, feature, session = editing
    session.set_target("G1")
    use_tool(window, "edit_split")
    canvas = window.canvas
    drag(canvas, [tiny_pixel(canvas, -20, 40), tiny_pixel(canvas, 50, 40), tiny_pixel(canvas, 120, 40)])
    grids = window.project["grids"]
    assert len(grids) == 3
    new = session.target
    assert new not in ("G1", "G2") and grid_of(window, "B2") == new and grid_of(window, "B1") == "G1"
    assert feature.balance_dock.model.rowCount() == 3
    window.undo_action.trigger()
    assert len(window.project["grids"]) == 2 and grid_of(window, "B2") == "G1"


def test_split_by_selected_buildings(editing):
    window, feature, session = editing
    window.selection.select("buildings", ["B1"])
    assert feature.grid_actions.split_selected()
    assert grid_of(window, "B1") == session.target != "G1"


def test_merge_asks_which_grid_stays(editing, monkeypatch):
    window, feature, session = editing
    window.selection.select("grids", ["G1", "G2"])
    asked = []

    def pick(parent, title, text, items, current, editable):
        asked.append(items)
        return next(i for i in items if "(G1)" in i), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    feature.actions["merge"].trigger()
    assert len(asked) == 1 and len(asked[0]) == 2
    assert list(window.project["grids"].index) == ["G1"]
    assert grid_of(window, "B3") == "G1" and feature.balance_dock.model.rowCount() == 1
    assert session.balance.households["G1"] == 130


def test_delete_asks_for_a_target_for_its_buildings(editing, monkeypatch):
    window, feature, session = editing
    session.set_target("G2")
    asked = []

    def pick(parent, title, text, items, current, editable):
        asked.append(text)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    feature.actions["delete"].trigger()
    assert len(asked) == 1 and "1 栋楼" in asked[0]
    assert "G2" not in window.project["grids"].index and grid_of(window, "B3") == "G1"
    window.undo_action.trigger()
    assert grid_of(window, "B3") == "G2"


def test_delete_cancelled_changes_nothing(editing, monkeypatch):
    window, feature, session = editing
    session.set_target("G2")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a: ("", False))
    feature.actions["delete"].trigger()
    assert "G2" in window.project["grids"].index and window.undo_stack.count() == 0


def test_new_and_rename_grid(editing, monkeypatch):
    window, feature, session = editing
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("第三网格", True))
    feature.actions["new"].trigger()
    new = session.target
    assert window.project["grids"].at[new, "name"] == "第三网格"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("新名字", True))
    window.selection.clear()
    feature.actions["rename"].trigger()
    assert window.project["grids"].at[new, "name"] == "新名字"
    assert window.undo_stack.count() == 2


def test_refused_edit_is_explained_not_raised(editing, monkeypatch):
    window, feature, session = editing
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    from geo.editing.assign import ReassignBuildings

    assert not session.run(ReassignBuildings({"NOPE": "G1"}))
    assert shown and "NOPE" in shown[0] and window.undo_stack.count() == 0


def test_finders_select_and_zoom(editing):
    window, feature, session = editing
    from geo.editing.assign import ReassignBuildings

    session.run(ReassignBuildings({"B3": None}, force=True))  # G2 loses its area: confirmed
    window.canvas.zoom_to_bounds(window.project["buildings"].at["B1", "geometry"].bounds)
    hit = feature.finders.find_next("unassigned")
    assert hit.id == "B3" and window.selection.ids("buildings") == ("B3",)
    px, py = pixel_of(window.canvas, "buildings", "B3")  # the map is centred on it now
    assert abs(px - window.canvas.width() / 2) < 40 and abs(py - window.canvas.height() / 2) < 40
    assert "B3" in window.statusBar().currentMessage()
    hit = feature.finders.find_next("out_of_band")
    assert window.selection.ids("grids") == (hit.id,)
    assert feature.finders.find_next("enclave") is None
    assert "没有找到" in window.statusBar().currentMessage()


def test_topology_dock_lists_a_problem_and_zooms(editing):
    window, feature, session = editing
    from geo.editing.assign import ReassignBuildings

    session.run(ReassignBuildings({"B3": None}, derive=False))
    feature.actions["topology"].trigger()
    dock = feature.topology_dock
    kinds = [dock.list.topLevelItem(i).text(0) for i in range(dock.list.topLevelItemCount())]
    assert "楼栋未分配网格" in kinds
    item = dock.list.topLevelItem(kinds.index("楼栋未分配网格"))
    window.canvas.zoom_full()
    dock.list.itemClicked.emit(item, 0)
    px, py = pixel_of(window.canvas, "buildings", "B3")
    assert abs(px - window.canvas.width() / 2) < 80 and abs(py - window.canvas.height() / 2) < 80
    assert dock.marker in window.canvas.overlays
    assert window.selection.ids("buildings") == ("B3",)
