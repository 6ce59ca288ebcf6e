"""The docks on the tiny project: identify, attribute table, organization tree, search, layers."""
from PySide6.QtCore import QItemSelectionModel, Qt



def test_identify_building_shows_grid_community_organization_members(main_window):
    main_window.canvas.featureClicked.emit("buildings", "B1")
    text = main_window.identify_dock.text()
    assert "楼栋：1号楼" in text
    assert "网格 | 第一网格" in text and "社区 | 测试社区" in text and "小区 | 幸福小区" in text
    assert "楼栋党小组 | 1号楼党小组" in text and "网格党支部 | 第一网格党支部" in text
    assert "党员（1 名）" in text and "张明 | 党员中心户、党群单元长" in text


def test_identify_grid_lists_its_branch_members(main_window):
    main_window.identify("grids", "G1")
    text = main_window.identify_dock.text()
    assert "网格党支部 | 第一网格党支部" in text and "李红 | 网格长" in text


def test_identify_goes_through_the_display_hook(main_window):
    from gui.models import display

    display.set_display_hook(lambda layer, column, value, text: "＊" if column == "name" and layer == "members" else text)
    try:
        main_window.identify("buildings", "B1")
        assert "张明" not in main_window.identify_dock.text()
    finally:
        display.set_display_hook(None)


def _select_rows(dock, rows):
    selection = dock.proxy.selection_for_rows(rows)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    dock.view.selectionModel().select(selection, flags)


def test_table_rows_select_on_the_map(main_window):
    dock = main_window.attribute_dock
    dock.show_layer("buildings")
    _select_rows(dock, [0, 2])
    assert main_window.selection.ids("buildings") == ("B1", "B3")


def test_map_selection_selects_and_follows_in_the_table(main_window):
    dock = main_window.attribute_dock
    dock.show_layer("grids")
    main_window.selection.select("buildings", ["B2"])  # what the map's select tool does
    assert dock.current_layer() == "buildings"
    assert dock.selected_ids() == ["B2"]
    assert "已选 1" in dock.count_label.text()


def test_table_sorts_and_filters_and_keeps_the_selection(main_window, qtbot):
    dock = main_window.attribute_dock
    dock.show_layer("buildings")
    main_window.selection.select("buildings", ["B3"])
    column = dock.proxy.sourceModel().columns().index("households")
    dock.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    first = dock.proxy.index(0, 0).data()
    assert first == "B3"  # 30 households, the fewest
    assert dock.selected_ids() == ["B3"]
    dock.filter_edit.setText("幸福")
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 2)
    assert dock.selected_ids() == []  # B3 is filtered out, but stays selected on the map
    assert main_window.selection.ids("buildings") == ("B3",)


def test_table_refreshes_on_project_change(main_window):
    from geo.commands import SetValues

    dock = main_window.attribute_dock
    dock.show_layer("buildings")
    SetValues("buildings", {"B1": {"households": 66}}).do(main_window.project)
    column = dock.proxy.sourceModel().columns().index("households")
    assert dock.proxy.index(dock.proxy.proxy_rows([0])[0], column).data() == "66"


def test_tree_selection_selects_the_area_on_the_map(main_window, monkeypatch):
    zoomed = []
    monkeypatch.setattr(main_window.canvas, "zoom_to_bounds", lambda b, **k: zoomed.append(b))
    dock = main_window.org_dock
    index = dock.model.index_of_org("O-G1")
    dock.tree.setCurrentIndex(index)
    assert main_window.selection.ids("grids") == ("G1",)
    assert len(zoomed) == 1


def test_member_node_selects_their_building(main_window):
    dock = main_window.org_dock
    parent = dock.model.index_of_org("O-B1")
    dock.model.fetchMore(parent)
    member = dock.model.index(0, 0, parent)
    assert dock.model.node_key(member) == ("member", "M1")
    dock.tree.setCurrentIndex(member)
    assert main_window.selection.ids("buildings") == ("B1",)


def test_map_selection_selects_in_the_tree(main_window):
    main_window.selection.select("buildings", ["B1"])
    assert main_window.org_dock.current_key() == ("org", "O-B1")
    main_window.selection.select("grids", ["G1"])
    assert main_window.org_dock.current_key() == ("org", "O-G1")


def test_tree_counts_members_below_each_node(main_window):
    model = main_window.org_dock.model
    root = model.index(0, 1)
    assert root.data() == "2"
    assert model.index(0, 0).data() == "测试街道党工委（1 个下级组织）"


def test_search_lists_matches_and_jumps(main_window, qtbot, monkeypatch):
    zoomed = []
    monkeypatch.setattr(main_window.canvas, "zoom_to_bounds", lambda b, **k: zoomed.append(b))
    dock = main_window.org_dock
    dock.search_edit.setText("和平小区1号楼")
    qtbot.waitUntil(lambda: dock.results.rowCount() > 0)
    assert dock.result_view.isVisibleTo(dock)
    assert "和平小区1号楼" in dock.results.index(0).data()
    dock.result_view.activated.emit(dock.results.index(0))
    assert main_window.selection.ids("buildings") == ("B3",)
    assert zoomed


def test_search_member_jumps_to_building_and_selects_their_org(main_window):
    dock = main_window.org_dock
    dock.search_edit.setText("李红")
    dock._jump_to_first()
    assert main_window.selection.ids("buildings") == ("B2",)
    assert dock.current_key() == ("org", "O-G1")


def test_layers_panel_drives_the_layer_stack(main_window):
    dock, stack = main_window.layers_dock, main_window.styles
    model = dock.model
    row = stack.names().index("buildings")
    model.setData(model.index(row), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert stack["buildings"].visible is False
    dock.select_layer("buildings")
    dock.opacity.setValue(40)
    assert stack["buildings"].opacity == 0.4
    dock.move_current(-1)
    assert stack.names().index("buildings") == row - 1 and dock.current_layer() == "buildings"
    dock.mode_box.setCurrentIndex(dock.mode_box.findData("graduated"))
    assert stack["buildings"].mode == "graduated"
    assert len(dock.legend_texts()) >= 2


def test_layers_panel_drag_reorders(main_window):
    from PySide6.QtCore import QModelIndex

    dock, stack = main_window.layers_dock, main_window.styles
    model = dock.model
    data = model.mimeData([model.index(0)])
    top = stack.names()[0]
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert stack.names()[2] == top


def test_table_filter_finds_coded_values_by_the_words_shown(main_window, qtbot):
    dock = main_window.attribute_dock
    dock.show_layer("stations")
    dock.filter_edit.setText("已建成")  # the cell shows 已建成; the file holds "built"
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 1)
    assert dock.proxy.index(0, 0).data() == "S1"
    dock.filter_edit.setText("built")  # the stored code still finds it
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 1)
    dock.filter_edit.setText("规划")  # a word of another code finds nothing here
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 0)
