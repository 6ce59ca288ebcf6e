"""Editing in the attribute table: typed cells become undoable commands; the context menu."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit, QWidget

from geo.store import read_layers
from tests.editing_gui_helpers import editing, no_blocking_boxes  # noqa: F401 (fixtures)


def cell(window, layer, id_, column):
    """The table (proxy) index of a feature's cell, with the layer shown."""
    dock = window.attribute_dock
    dock.show()  # the table starts hidden (View → 属性表), as a user opens it
    dock.show_layer(layer)
    model = dock.proxy.sourceModel()
    row = dock.proxy.proxy_rows(model.rows_of_ids([id_]))[0]
    return dock.proxy.index(int(row), model.columns().index(column))


def set_cell(window, layer, id_, column, value) -> bool:
    return window.attribute_dock.proxy.setData(cell(window, layer, id_, column), value, Qt.ItemDataRole.EditRole)


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_grid_name_edit_is_saved_and_undone(editing, tiny_gpkg):
    window, _feature, _session = editing
    assert set_cell(window, "grids", "G1", "name", "  幸福网格 ")
    assert window.project["grids"].at["G1", "name"] == "幸福网格"
    assert read_layers(tiny_gpkg).frames["grids"].set_index("grid_id").at["G1", "name"] == "幸福网格"
    assert cell(window, "grids", "G1", "name").data() == "幸福网格"  # the table shows it at once
    assert window.undo_stack.count() == 1 and "网格 G1" in window.undo_stack.text(0)
    window.undo_action.trigger()
    assert window.project["grids"].at["G1", "name"] == "第一网格"
    assert read_layers(tiny_gpkg).frames["grids"].set_index("grid_id").at["G1", "name"] == "第一网格"


def test_unchanged_value_pushes_nothing(editing):
    window, _feature, _session = editing
    assert set_cell(window, "buildings", "B1", "households", "60")
    assert window.undo_stack.count() == 0


def test_households_edit_moves_the_coverage_figures(editing):
    window, _feature, _session = editing
    coverage = window.coverage()
    assert coverage.grids.at["G1", "households"] == 100
    assert set_cell(window, "buildings", "B1", "households", "90")
    assert coverage.grids.at["G1", "households"] == 130
    assert coverage.street["households"] == 160
    window.undo_action.trigger()
    assert coverage.grids.at["G1", "households"] == 100


@pytest.mark.parametrize("layer, id_, column, value, says", [
    ("buildings", "B1", "households", "很多", "整数"),
    ("buildings", "B1", "floors", "-3", "负数"),
    ("buildings", "B1", "households", "", "不能为空"),
    ("members", "M1", "kind", "retired", "社区党员"),
    ("members", "M1", "org_id", "O-NOPE", "O-NOPE"),
    ("members", "M1", "building_id", "B9", "B9"),
    ("members", "M1", "roles", "central_household,boss", "boss"),
    ("stations", "S1", "service_radius_m", "0", "大于 0"),
    ("stations", "S1", "status", "demolished", "规划"),
])
def test_invalid_values_are_refused_in_the_status_bar(editing, layer, id_, column, value, says):
    window, _feature, _session = editing
    before = window.project[layer].copy()
    assert not set_cell(window, layer, id_, column, value)
    assert says in status(window)  # no dialog: no_blocking_boxes fails the test on one
    assert window.project[layer].equals(before) and window.undo_stack.count() == 0


def test_vocabulary_values_accept_codes_and_words(editing):
    window, _feature, _session = editing
    assert set_cell(window, "members", "M1", "kind", "流动党员")
    assert set_cell(window, "stations", "S1", "level", "grid")
    assert window.project["members"].at["M1", "kind"] == "floating"
    assert window.project["stations"].at["S1", "level"] == "grid"


def test_member_roles_and_moves_use_the_member_commands(editing):
    window, _feature, _session = editing
    assert set_cell(window, "members", "M2", "roles", "grid_head，网格员、 grid_head")
    assert window.project["members"].at["M2", "roles"] == "grid_head,grid_staff"
    assert cell(window, "members", "M2", "roles").data() == "网格长、网格员"
    assert set_cell(window, "members", "M2", "org_id", "O-C1")
    assert set_cell(window, "members", "M1", "linked_households", "0")  # no longer a central household
    m1 = window.project["members"].loc["M1"]
    assert m1["linked_households"] == 0 and m1["roles"] == "unit_head"
    assert window.project["members"].at["M2", "org_id"] == "O-C1"
    assert window.undo_stack.count() == 3
    for _ in range(3):
        window.undo_action.trigger()
    assert window.project["members"].at["M2", "roles"] == "grid_head"
    assert window.project["members"].at["M1", "roles"] == "central_household,unit_head"


def test_station_radius_edit_updates_station_coverage(editing):
    window, _feature, _session = editing
    coverage = window.coverage()
    assert coverage.street["station_covered_households"] == 100
    assert set_cell(window, "stations", "S1", "service_radius_m", "5")
    assert window.project["stations"].at["S1", "service_radius_m"] == 5.0
    assert coverage.street["station_covered_households"] == 0
    window.undo_action.trigger()
    assert coverage.street["station_covered_households"] == 100


def test_ids_geometry_and_derived_columns_are_not_editable(editing):
    window, _feature, _session = editing
    flags = lambda index: window.attribute_dock.proxy.flags(index)  # noqa: E731
    editable = Qt.ItemFlag.ItemIsEditable
    for layer, id_, column in [("grids", "G1", "grid_id"), ("members", "M1", "member_id"),
                               ("buildings", "B1", "building_id"), ("buildings", "B1", "grid_id"),
                               ("organizations", "O-B1", "parent_id")]:
        assert not flags(cell(window, layer, id_, column)) & editable, (layer, column)
        assert not set_cell(window, layer, id_, column, "X1")
    assert flags(cell(window, "grids", "G1", "name")) & editable
    assert "geometry" not in window.attribute_dock.model_for("grids").columns()
    assert window.undo_stack.count() == 0


def test_personal_columns_are_refused_while_presenting(editing):
    from gui.features.presenting import Feature as Presenting

    window, _feature, _session = editing
    presenter = next(f for f in window.features if isinstance(f, Presenting)).presenter
    presenter.enter()
    try:
        index = cell(window, "members", "M1", "phone")
        assert index.data(Qt.ItemDataRole.EditRole) == "138****5678"  # an editor never sees it in clear
        assert not set_cell(window, "members", "M1", "phone", "13800000000")
        assert "演示模式" in status(window)
        window.statusBar().clearMessage()
        window.attribute_dock.view.edit(index)  # double-click: no editor opens, and it says why
        assert window.attribute_dock.view.state() != window.attribute_dock.view.State.EditingState
        assert "演示模式" in status(window)
        assert set_cell(window, "members", "M1", "kind", "floating")  # not personal: still editable
    finally:
        presenter.leave()
    assert window.project["members"].at["M1", "phone"] == "13800005678"
    assert set_cell(window, "members", "M1", "phone", "13800000000")


def _editor_of(view):
    children = view.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    editors = [w for w in children if isinstance(w, (QLineEdit, QComboBox)) and w.isVisible()]
    assert len(editors) == 1
    return editors[0]


def test_typing_in_the_view_goes_through_the_delegate(editing, qtbot):
    window, _feature, _session = editing
    view = window.attribute_dock.view
    view.edit(cell(window, "buildings", "B2", "households"))
    editor = _editor_of(view)
    assert isinstance(editor, QLineEdit) and editor.text() == "40"
    editor.selectAll()
    qtbot.keyClicks(editor, "4x5")  # the validator keeps letters out of a number
    assert editor.text() == "45"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: window.project["buildings"].at["B2", "households"] == 45, timeout=3000)
    assert window.undo_stack.count() == 1


def test_vocabulary_cells_edit_with_a_combo_box(editing, qtbot):
    window, _feature, _session = editing
    view = window.attribute_dock.view
    view.edit(cell(window, "stations", "S1", "status"))
    combo = _editor_of(view)
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == ["built", "planned"]
    assert combo.currentData() == "built"
    combo.setCurrentIndex(combo.findData("planned"))
    view.itemDelegate().commitData.emit(combo)  # what the combo's activation does
    view.itemDelegate().closeEditor.emit(combo)
    assert window.project["stations"].at["S1", "status"] == "planned"


def test_context_menu_lists_the_editing_actions_for_a_member_row(editing, monkeypatch):
    window, _feature, _session = editing
    dock = window.attribute_dock
    dock.show_layer("members")
    window.selection.select("members", ["M1"])
    menu = dock.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["调整所在党组织…", "调整所在楼栋…", "在地图上选择所在楼栋", "设置职务…", "设为党员中心户…", "设为本单元单元长",
                     "删除所选要素…"]
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, text, items, current, editable: (next(i for i in items if "(O-C1)" in i), True))
    next(a for a in menu.actions() if a.text() == "调整所在党组织…").trigger()
    assert window.project["members"].at["M1", "org_id"] == "O-C1"


def test_context_menu_on_several_rows_acts_on_all(editing, monkeypatch):
    window, _feature, session = editing
    dock = window.attribute_dock
    dock.show_layer("members")
    window.selection.select("members", ["M1", "M2"])
    menu = dock.context_menu()
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, text, items, current, editable: (next(i for i in items if "(O-C1)" in i), True))
    next(a for a in menu.actions() if a.text() == "2 名党员调整所在党组织…").trigger()
    assert set(window.project["members"]["org_id"]) == {"O-C1"} and window.undo_stack.count() == 1
    session.set_target("G2")
    dock.show_layer("buildings")
    window.selection.select("buildings", ["B1", "B2"])
    assert [a.text() for a in dock.context_menu().actions() if not a.isSeparator()] == [
        "2 栋楼移到目标网格 G2", "删除所选要素…"]


def test_context_menu_for_a_station_row(editing):
    window, _feature, _session = editing
    dock = window.attribute_dock
    dock.show_layer("stations")
    window.selection.select("stations", ["S1"])
    assert "修改服务半径…" in [a.text() for a in dock.context_menu().actions()]


def test_read_only_without_a_runner(editing):
    window, _feature, _session = editing
    dock = window.attribute_dock
    dock.set_edit_runner(None)
    assert not dock.proxy.flags(cell(window, "grids", "G1", "name")) & Qt.ItemFlag.ItemIsEditable
    assert not set_cell(window, "grids", "G1", "name", "X")
    QApplication.processEvents()
