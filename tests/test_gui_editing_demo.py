"""Editing on the demo street: the brush stays interactive, and pictures to look at."""
import shutil

import pytest
from PySide6.QtWidgets import QInputDialog

from tests.editing_gui_helpers import drag, editing_feature, pixel_of, send_mouse, use_tool


@pytest.fixture
def demo_window(make_main_window, demo_gpkg, tmp_path):
    path = tmp_path / "demo.gpkg"
    shutil.copy(demo_gpkg, path)  # the session's demo file stays untouched
    window = make_main_window(path)
    return window, editing_feature(window)


def _neighbour_buildings(project, source, n=4):
    b = project["buildings"]
    return list(b.index[b["grid_id"] == source][:n])


def test_brush_on_demo_is_interactive_and_one_step(demo_window, qtbot, output_dir):
    window, feature = demo_window
    session, canvas = feature.session, window.canvas
    session.set_target("G0102")
    moving = _neighbour_buildings(window.project, "G0101")
    window.zoom_to_feature("grids", "G0101")
    qtbot.waitSignal(canvas.renderFinished, timeout=20_000).wait()
    feature.balance_dock.show()
    feature.balance_dock.raise_()
    use_tool(window, "edit_brush")
    session.set_radius(6)
    points = [pixel_of(canvas, "buildings", i) for i in moving]
    send_mouse(canvas, "press", *points[0])
    for p in points[1:]:
        send_mouse(canvas, "move", *p)
    # a preview, not a commit, per mouse move: nothing is written until the release
    assert window.undo_stack.count() == 0
    assert all(window.project["buildings"].at[i, "grid_id"] == "G0101" for i in moving)
    gained = sum(session.balance.hh_of[i] for i in moving)
    assert session.preview["G0102"] == session.balance.households["G0102"] + gained
    model = feature.balance_dock.model
    assert "(+" in model.index(model.row_of("G0102"), 2).data()
    qtbot.wait(50)
    window.grab().save(str(output_dir / "balance_during_stroke.png"))
    send_mouse(canvas, "release", *points[-1])
    b = window.project["buildings"]
    assert all(b.at[i, "grid_id"] == "G0102" for i in moving)
    assert window.undo_stack.count() == 1
    qtbot.waitSignal(canvas.renderFinished, timeout=20_000).wait()
    window.grab().save(str(output_dir / "after_stroke.png"))
    window.undo_action.trigger()
    assert all(window.project["buildings"].at[i, "grid_id"] == "G0101" for i in moving)


def test_plan_comparison_picture(demo_window, qtbot, monkeypatch, output_dir):
    window, feature = demo_window
    session, dock = feature.session, feature.plan_dock
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("网格调整方案", True))
    dock.buttons["new"].click()
    qtbot.waitUntil(lambda: dock.table.rowCount() == 2)
    dock.select_plans(["P1"])
    dock.buttons["switch"].click()
    session.set_target("G0102")
    use_tool(window, "edit_assign_rect")
    moving = _neighbour_buildings(window.project, "G0101", 6)
    for i in moving:
        drag(window.canvas, [pixel_of(window.canvas, "buildings", i)])
    assert (window.project["buildings"].loc[moving, "grid_id"] == "G0102").all()
    dock.select_plans(["P0", "P1"])
    dialog = dock.compare()
    assert sorted(dialog.moved_ids()) == sorted(moving)
    with qtbot.waitSignal(dialog.canvas.renderFinished, timeout=20_000):
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)  # the dialog zooms to the changes once laid out
    qtbot.waitUntil(lambda: dialog.canvas._image_view == dialog.canvas.view, timeout=20_000)
    dialog.grab().save(str(output_dir / "plan_comparison.png"))
    dialog.close()


def test_overlapping_dabs_count_each_building_once(demo_window):
    window, feature = demo_window
    session = feature.session
    from geo.editing.brush import BrushStroke

    stroke = BrushStroke(session.project, "G0102", session.options(), balance=session.balance, index=session.index)
    building = _neighbour_buildings(window.project, "G0101", 1)[0]
    stroke.add([building, building])
    hh = session.balance.hh_of[building]
    assert stroke.preview()["G0102"] == session.balance.households["G0102"] + hh
