"""Presenter mode end to end, and File → Export with its dialogs patched."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QDockWidget, QToolBar


def feature_of(window):
    from gui.features.presenting import Feature

    return next(f for f in window.features if isinstance(f, Feature))


def press(qtbot, window, key):
    window.activateWindow()
    qtbot.keyClick(window.canvas, key)


def wait_frame(qtbot, window):
    with qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000):
        window.canvas.refresh()


def shows(view, bounds_metric, tol=1e-6):
    """The view contains the bounds and is zoomed to them: they fill at least half its width or
    height (presenter mode centres a bookmark in the band under its title and beside or above
    the legend, so not at the canvas centre)."""
    x0, y0, x1, y1 = view.bbox
    b = bounds_metric
    inside = x0 <= b[0] + tol and y0 <= b[1] + tol and x1 >= b[2] - tol and y1 >= b[3] - tol
    fills = (b[2] - b[0]) >= 0.5 * (x1 - x0) or (b[3] - b[1]) >= 0.5 * (y1 - y0)
    return inside and fills


def metric(window, bounds):
    xs, ys = window.canvas.scene.to_metric.transform([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    return (min(xs), min(ys), max(xs), max(ys))


def member_building(project):
    members = project["members"]
    return members["building_id"].dropna().iloc[0], members


def test_presenter_mode_enter_step_mask_laser_leave(make_main_window, demo_gpkg, qtbot, output_dir):
    window = make_main_window(demo_gpkg)
    presenter = feature_of(window).presenter
    building, members = member_building(window.project)
    window.identify("buildings", building)
    full_name = members.loc[members["building_id"] == building, "name"].iloc[0]
    assert full_name in window.identify_dock.text()

    overlays = list(window.canvas.overlays)
    press(qtbot, window, Qt.Key.Key_F5)
    assert presenter.active and window.isFullScreen()
    assert not any(w.isVisible() for w in window.findChildren(QToolBar) + window.findChildren(QDockWidget))
    assert not window.menuBar().isVisible() and window.canvas.renderer.scale > 1.5

    # masked while on: identify panel, attribute table, organization tree all format through the hook
    text = window.identify_dock.text()
    assert full_name not in text
    from geo.masking import mask_name
    assert mask_name(full_name) in text
    window.identify_dock.show_feature("buildings", building)
    assert full_name not in window.identify_dock.text()

    # step through the bookmarks: street, communities, …
    marks = presenter.bookmarks
    assert marks[0].kind == "street" and [m.kind for m in marks[1:5]] == ["community"] * 4
    assert presenter.index == 0 and shows(window.canvas.view, metric(window, marks[0].bounds))
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert presenter.index == 1 and shows(window.canvas.view, metric(window, marks[1].bounds))
    wait_frame(qtbot, window)
    window.grab().save(str(output_dir / "presenter-community.png"))  # outlined community, big labels
    press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Right)
    assert presenter.index == 3 and shows(window.canvas.view, metric(window, marks[3].bounds))
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert presenter.index == 2 and shows(window.canvas.view, metric(window, marks[2].bounds))
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Left)  # stays on the first
    assert presenter.index == 0

    # the laser pointer paints a red trail and dot where the mouse is
    wait_frame(qtbot, window)
    before = window.canvas.grab().toImage()
    for i in range(8):
        presenter.laser.move_to(QPointF(200 + 20 * i, 300))
    after = window.canvas.grab().toImage()
    after.save(str(output_dir / "laser.png"))
    assert _reddish(after, 300, 300) and not _reddish(before, 300, 300)  # the trail
    assert _reddish(after, 346, 300) and not _reddish(before, 346, 300)  # the dot's rim
    window.grab().save(str(output_dir / "presenter.png"))

    press(qtbot, window, Qt.Key.Key_Escape)
    assert not presenter.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and window.canvas.renderer.scale == 1.0
    assert window.identify_dock.isVisible() and window.layers_dock.isVisible()
    assert window.canvas.overlays == overlays  # other features' overlays stay
    assert full_name in window.identify_dock.text()  # clear again after leaving


def _reddish(image, x, y):
    c = image.pixelColor(x, y)
    return c.red() > 180 and c.green() < 140 and c.blue() < 140


def test_attribute_table_and_org_tree_are_masked_while_presenting(main_window, qtbot):
    presenter = feature_of(main_window).presenter
    model = main_window.attribute_dock.model_for("members")
    col = model.columns().index("name")

    def names():
        return {model.data(model.index(r, col)) for r in range(model.rowCount())}

    def phones():
        c = model.columns().index("phone")
        return {model.data(model.index(r, c)) for r in range(model.rowCount())}

    assert names() == {"张明", "李红"}
    presenter.enter()
    assert names() == {"张*", "李*"} and phones() == {"138****5678", "139****1234"}
    presenter.leave()
    assert names() == {"张明", "李红"}


def test_f5_toggles_and_closing_the_project_leaves_the_mode(main_window, qtbot):
    feature = feature_of(main_window)
    feature.toggle.trigger()
    assert feature.presenter.active and feature.toggle.isChecked()
    feature.toggle.trigger()
    assert not feature.presenter.active and not feature.toggle.isChecked()
    feature.presenter.enter()
    main_window._close_project()
    assert not feature.presenter.active
    from gui.models import display
    assert display._hook is None


def test_quitting_while_presenting_remembers_the_normal_layout(make_main_window, tiny_gpkg, qtbot):
    window = make_main_window(tiny_gpkg)
    bars = {b.objectName() for b in window.findChildren(QToolBar) + window.findChildren(QDockWidget)
            if b.isVisible()}
    assert bars and all(bars)  # saveState needs object names to restore them
    feature_of(window).presenter.enter()
    assert window.isFullScreen() and not window.menuBar().isVisible()
    window.close()
    again = make_main_window(tiny_gpkg)
    shown = {b.objectName() for b in again.findChildren(QToolBar) + again.findChildren(QDockWidget)
             if b.isVisible()}
    assert shown == bars
    assert not again.isFullScreen() and again.menuBar().isVisible() and again.statusBar().isVisible()
    assert not feature_of(again).presenter.active


def test_user_bookmark_from_the_current_view_joins_the_tour(main_window):
    feature = feature_of(main_window)
    mark = feature.add_current_view("我的视图")
    assert mark.name == "我的视图"
    feature.presenter.enter()
    assert feature.presenter.bookmarks[-1].name == "我的视图"
    feature.presenter.go(len(feature.presenter.bookmarks) - 1)
    assert shows(main_window.canvas.view, metric(main_window, mark.bounds), tol=1.0)
    feature.presenter.leave()


# ---------------------------------------------------------------- File → Export

@pytest.fixture
def exports(main_window, monkeypatch, tmp_path):
    actions = feature_of(main_window).exports
    monkeypatch.setattr(actions, "choose_save_path", lambda title, filt, start: str(tmp_path / "out"))
    return actions


def test_export_html_masked_by_default(exports, monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "ask_full", lambda: False)
    path = exports.export_html()
    assert path == tmp_path / "out.html"
    html = path.read_text("utf-8")
    def esc(text):  # folium's tojson writes non-ASCII as \u escapes
        return text.encode("ascii", "backslashreplace").decode()

    assert 'content="masked"' in html
    assert esc("李红") not in html and "李红" not in html and esc("李*") in html  # the grid head


def test_full_export_needs_confirmation_and_says_so(exports, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    monkeypatch.setattr(exports, "ask_full", lambda: True)
    monkeypatch.setattr(exports, "confirm_full", lambda: False)
    assert exports.export_excel() is None and not (tmp_path / "out.xlsx").exists()
    monkeypatch.setattr(exports, "confirm_full", lambda: True)
    path = exports.export_excel()
    cells = {str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row}
    assert "李红" in cells and any("FULL PERSONAL DATA" in c or "完整个人信息" in c for c in cells)


def test_exports_are_masked_without_asking_while_presenting(exports, monkeypatch, main_window):
    monkeypatch.setattr(exports, "ask_full", lambda: pytest.fail("must not ask while presenting"))
    feature_of(main_window).presenter.enter()
    try:
        path = exports.export_excel()
    finally:
        feature_of(main_window).presenter.leave()
    from openpyxl import load_workbook
    cells = {str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row}
    assert "李红" not in cells and "李*" in cells


def test_layout_dialog_writes_a_pdf_of_the_current_view(main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from gui.layout.dialog import LayoutDialog

    dialogs = []

    def fake_exec(self):
        dialogs.append(self)
        self.path_edit.setText(str(tmp_path / "layout.pdf"))
        self.dpi.setValue(100)
        self.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LayoutDialog, "exec", fake_exec)
    feature_of(main_window).exports.layout.trigger()
    assert dialogs and dialogs[0].files == [tmp_path / "layout.pdf"]
    assert (tmp_path / "layout.pdf").read_bytes().startswith(b"%PDF")
