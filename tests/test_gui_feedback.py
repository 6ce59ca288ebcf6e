"""What the user sees after acting: selection under the cursor, refusals said on the map, the plan
in the title and status bar, the identified feature outlined, counts that follow edits."""
import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from tests.editing_gui_helpers import editing  # noqa: F401 (fixture)
from tests.factories import X0, Y0


def pixel_of(canvas, x, y):
    """Widget pixel of a point given in the tiny project's local metres."""
    px, py = canvas.view.to_pixel(X0 + x, Y0 + y)
    return QPoint(int(round(px)), int(round(py)))


def click(qtbot, canvas, x, y, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, modifier, pos=pixel_of(canvas, x, y))


def test_select_click_takes_what_is_under_the_cursor_unless_restricted(main_window, qtbot):
    window, canvas, sel = main_window, main_window.canvas, main_window.selection
    window.actions.tool["select"].trigger()
    click(qtbot, canvas, 198, 50)  # inside grid G2, outside its compound and buildings
    assert sel.ids("grids") == ("G2",) and sel.ids("buildings") == ()
    click(qtbot, canvas, 30, 18)  # building B1 (smaller than its compound, grid and community)
    assert sel.ids("buildings") == ("B1",) and sel.ids("grids") == ()
    click(qtbot, canvas, 198, 50, Qt.KeyboardModifier.ShiftModifier)  # Shift adds, across layers
    assert sel.ids("buildings") == ("B1",) and sel.ids("grids") == ("G2",)
    # restricted to the layers panel's current layer (stations): a grid click selects nothing
    window.actions.restrict_selection.trigger()
    assert window.layers_dock.current_layer() == canvas.active_layer == "stations"
    click(qtbot, canvas, 198, 50)
    assert sel.ids("grids") == ("G2",) and sel.ids("stations") == ()
    window.actions.restrict_selection.trigger()
    canvas.set_tool("select_rect")
    a, b = pixel_of(canvas, 110, 30), pixel_of(canvas, 190, 70)  # starts on G2's compound: takes compounds
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
    assert sel.ids("compounds") == ("K2",) and sel.ids("grids") == ()


def _brush(qtbot, canvas, x, y):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pixel_of(canvas, x, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=pixel_of(canvas, x, y))


def test_refused_brush_says_why_on_the_map_and_in_the_status_bar(editing, qtbot):
    window, feature, session = editing
    canvas = window.canvas
    feature.tool_actions["edit_brush"].trigger()
    _brush(qtbot, canvas, 145, 47)  # no target grid chosen yet
    assert "目标网格" in window.notice.text and window.notice.text in window.statusBar().currentMessage()
    session.set_target("G1")
    session.set_locked("G2", True)
    _brush(qtbot, canvas, 145, 47)  # B3 lies in the locked grid G2
    assert "G2" in window.notice.text and "锁定" in window.notice.text
    assert window.project["buildings"].at["B3", "grid_id"] == "G2" and window.undo_stack.count() == 0
    image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    y = canvas.height() - 48 - 10  # the notice's box sits above the bottom edge, centred
    assert image.pixelColor(canvas.width() // 2, y).name() != image.pixelColor(5, y).name()


def test_brush_into_another_community_says_which_community(make_main_window, demo_gpkg, qtbot, tmp_path):
    import shutil

    from geo.editing.metric import to_metric
    from tests.editing_gui_helpers import editing_feature

    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_gpkg, path)
    window = make_main_window(path)
    session, canvas, project = editing_feature(window).session, window.canvas, window.project
    grids, buildings = project["grids"], project["buildings"]
    target = grids.index[0]
    other = buildings.index[buildings["grid_id"].map(grids["community_id"]) != grids.at[target, "community_id"]][0]
    session.set_target(target)
    session.set_radius(1)
    window.zoom_to_feature("buildings", other)
    point = to_metric(project, buildings.at[other, "geometry"]).representative_point()
    px, py = canvas.map_to_pixel(point.x, point.y)
    editing_feature(window).tool_actions["edit_brush"].trigger()
    spot = QPoint(int(px), int(py))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=spot)
    community = project["communities"].at[grids.at[target, "community_id"], "name"]
    assert "其他社区" in window.notice.text and community in window.notice.text
    assert project["buildings"].at[other, "grid_id"] == buildings.at[other, "grid_id"]


def test_current_plan_in_title_and_status_bar(editing, qtbot):
    from geo.editing.plans import CreatePlan, SwitchPlan

    window, _feature, session = editing
    assert "方案" not in window.windowTitle() and window.status.plan.isHidden()
    assert session.run(CreatePlan("调整方案"))
    qtbot.waitUntil(lambda: "方案：现状" in window.windowTitle())
    assert "现状（现状）" not in window.windowTitle()  # said once, not twice
    plan = window.project["plans"].index[window.project["plans"]["name"] == "调整方案"][0]
    assert session.run(SwitchPlan(plan))
    qtbot.waitUntil(lambda: "方案：调整方案（未采纳）" in window.windowTitle())
    assert window.status.plan.text() == "方案：调整方案（未采纳）" and not window.status.plan.isHidden()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: "调整方案" not in window.windowTitle())


def test_identified_feature_is_outlined_on_the_map(main_window, qtbot):
    from gui.widgets.identify_highlight import HIGHLIGHT_COLOUR

    def amber():
        image = main_window.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
        rgb = buffer.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), 2::-1].copy()
        target = np.array([HIGHLIGHT_COLOUR.red(), HIGHLIGHT_COLOUR.green(), HIGHLIGHT_COLOUR.blue()])
        return (np.abs(rgb.astype(int) - target) <= 12).all(axis=2)

    before = amber()  # (a few antialiased pixels of the map itself may come close)
    main_window.identify("grids", "G1")
    assert main_window.highlight.feature == ("grids", "G1")
    found = np.argwhere(amber() & ~before)
    assert len(found) > 100
    left, right = pixel_of(main_window.canvas, 0, 50).x(), pixel_of(main_window.canvas, 100, 50).x()
    assert abs(found[:, 1].min() - left) <= 3 and abs(found[:, 1].max() - right) <= 3  # G1's outline
    main_window.identify_dock.clear()
    assert main_window.highlight.feature is None and (amber() == before).all()


def test_status_bar_counts_follow_edits_and_undo(editing, qtbot):
    from geo.editing.grids import NewGrid

    window, _feature, session = editing
    assert "2 个网格" in window.status.summary.text()
    assert session.run(NewGrid("C1"))
    qtbot.waitUntil(lambda: "3 个网格" in window.status.summary.text())
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: "2 个网格" in window.status.summary.text())


def test_rule_change_moves_the_balance_band_and_undo_moves_it_back(editing, qtbot):
    from dataclasses import replace

    window, feature, session = editing
    coverage = next(f for f in window.features if type(f).__module__.endswith("coverage"))
    changed = []
    session.balanceChanged.connect(changed.append)
    # tiny: G1 has 100 households, G2 30; a 20–60 band puts G1 over and G2 inside
    assert coverage.apply_rules(replace(window.project.rules, households_min=20, households_max=60))
    assert changed and changed[-1] == {"G1", "G2"}
    assert session.status("G1") == "over" and session.status("G2") == "ok"
    summary = feature.balance_dock.summary.text()
    assert "20–60" in summary and "1 个在区间内" in summary and "1 个偏多" in summary
    window.undo_stack.undo()
    assert "20–60" not in feature.balance_dock.summary.text()


def test_out_of_band_list_keeps_the_target_grid_during_a_stroke(editing, qtbot):
    from dataclasses import replace

    from gui.editing.balance_model import GRID_ROLE

    window, feature, session = editing
    coverage = next(f for f in window.features if type(f).__module__.endswith("coverage"))
    assert coverage.apply_rules(replace(window.project.rules, households_min=20, households_max=120))
    dock = feature.balance_dock
    dock.out_only.setChecked(True)

    def listed():
        return sorted(dock.proxy.index(r, 0).data(GRID_ROLE) for r in range(dock.proxy.rowCount()))

    assert listed() == []  # G1 (100) and G2 (30) are both in the 20–120 band
    session.set_target("G2")
    assert listed() == ["G2"]
    session.set_preview({"G2": 60, "G1": 70})  # a stroke in progress, both still in the band
    assert listed() == ["G2"]
    session.set_preview({"G2": 130, "G1": 0})  # the stroke takes G1 empty: G1 joins the list
    assert listed() == ["G1", "G2"]
    session.set_preview({})
    assert listed() == ["G2"]
