"""The first view is read and drawn before the panels are built, at the map's final size.

A window shown before its panels (gui.launch) holds their places with empty
placeholders at their final sizes, so the map has its final size from the
first paint: the view read starts at once for that size and the panels (whose
imports take seconds) come in with the model; the placeholders say 「正在加载…」
meanwhile. Nothing here measures time.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.usefixtures("app")


def _map_rect(window):
    window.layout().activate()
    return window.centralWidget().geometry()


def _column(window):
    """The visible panels by name, with their left edge and width (how they split the height
    between them does not change the map)."""
    from PySide6.QtWidgets import QDockWidget

    window.layout().activate()
    return {d.objectName(): (d.x(), d.width()) for d in window.findChildren(QDockWidget)
            if d.isVisible() and not d.visibleRegion().isEmpty()}


def _deferred_window(qtbot):
    from PySide6.QtWidgets import QWidget

    from gui.main_window import MainWindow

    window = MainWindow(defer_features=True)
    qtbot.addWidget(window)
    window.setCentralWidget(QWidget())  # the map's stand-in, as the opening puts one
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_placeholders_give_the_map_the_size_it_has_with_the_panels(qtbot):
    window = _deferred_window(qtbot)
    assert window.layers_dock is None and window.features == []
    before, column = _map_rect(window), _column(window)
    assert set(column) == {"LayersDock", "IdentifyDock"}  # the default workspace's fronts
    assert window.add_features()  # no opening: they come in at once
    assert _map_rect(window) == before
    assert _column(window) == column
    window.close()


def test_a_saved_layout_places_the_placeholders_as_it_places_the_panels(qtbot):
    window = _deferred_window(qtbot)
    window.add_features()
    window.resizeDocks([window.layers_dock], [420], Qt.Orientation.Horizontal)
    window.resize(1300, 950)
    window.attribute_dock.show()  # a bottom panel the user opened
    window.close()  # saves the layout

    again = _deferred_window(qtbot)
    before, column = _map_rect(again), _column(again)
    assert "AttributeDock" in column
    again.add_features()
    assert _map_rect(again) == before
    assert _column(again) == column
    again.close()


def test_closing_while_the_placeholders_stand_keeps_the_saved_layout(qtbot):
    """Only the placeholders' docks are there while a project loads: saving that layout would
    lose where the user put every other panel."""
    from PySide6.QtCore import QSettings

    window = _deferred_window(qtbot)
    window.add_features()
    window.gap_dock.show()
    window.close()
    saved = QSettings().value("window/state")

    loading = _deferred_window(qtbot)  # closed before its panels came in
    assert loading.layers_dock is None
    loading.close()
    assert QSettings().value("window/state") == saved


def test_the_first_frame_comes_before_the_panels_and_at_the_map_s_final_size(tiny_gpkg, qtbot, monkeypatch):
    """The placeholders stand for the panels until the model is in: the panels' Python would
    share the lock with the loader (the window stuck for seconds, the model later)."""
    import threading

    from geo.project import Project
    from gui.main_window import MainWindow, PanelPlaceholder

    checked = threading.Event()  # the full read waits until the loading state has been looked at
    read = Project.read.__func__
    monkeypatch.setattr(Project, "read", classmethod(lambda cls, *a, **k: (checked.wait(30), read(cls, *a, **k))[1]))

    window = MainWindow(defer_features=True)
    qtbot.addWidget(window)
    window.show()
    opening = window.open_in_background(tiny_gpkg)
    seen, loading = {}, {}

    def drawn():
        if "frame" not in seen:  # the first frame: no panel has been built for it
            seen["frame"] = (window.layers_dock, opening.preview.size().toTuple(),
                             len(window.findChildren(PanelPlaceholder)))
            QTimer.singleShot(100, look)  # a while after the frame: still no panel

    def look():
        loading["panels"] = window.layers_dock
        loading["placeholders"] = [p.objectName() for p in window.findChildren(PanelPlaceholder)]
        loading["import"] = window.actions.import_data.isEnabled()
        loading["size"] = opening.preview.size().toTuple()
        checked.set()

    opening.previewShown.connect(lambda: opening.preview.renderFinished.connect(drawn))
    with qtbot.waitSignal(opening.finished, timeout=60_000):
        pass
    layers_dock, size, placeholders = seen["frame"]
    assert layers_dock is None and placeholders == 5
    assert size == opening.loader.size  # drawn at the size it was read for
    assert loading["panels"] is None and len(loading["placeholders"]) == 5  # 「正在加载…」 in their places
    assert loading["import"] is False
    assert loading["size"] == size
    assert window.layers_dock is not None  # the panels came with the model
    assert not window.findChildren(PanelPlaceholder)
    qtbot.wait(50)  # the layout from before the takeover comes back after Qt's own (set_project)
    # the real map as wide as the preview; as high or higher (the loading bar left the status bar)
    width, height = window.canvas.size().toTuple()
    assert _map_rect(window).size() == window.canvas.size()
    assert width == size[0] and size[1] <= height <= size[1] + 20
    assert window.actions.import_data.isEnabled()
    assert not [w for w in window.findChildren(QLabel, "LoadingCover") if w.isVisible()]
    window.close()


def test_a_failed_opening_brings_the_panels_in(qtbot, tmp_path):
    from gui.main_window import MainWindow, PanelPlaceholder

    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"not a geopackage")
    window = MainWindow(defer_features=True)
    qtbot.addWidget(window)
    window.show()
    opening = window.open_in_background(bad)
    with qtbot.waitSignal(opening.failed, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: window.layers_dock is not None)
    assert not window.findChildren(PanelPlaceholder)
    window.close()


def test_a_loading_cancelled_by_a_file_that_fails_to_open_brings_the_panels_in(tiny_gpkg, qtbot, tmp_path,
                                                                              monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow, PanelPlaceholder

    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: None)
    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"not a geopackage")
    window = MainWindow(defer_features=True)
    qtbot.addWidget(window)
    window.show()
    window.open_in_background(tiny_gpkg)
    assert window.layers_dock is None
    assert window.open_project(bad) is False
    assert window.layers_dock is not None
    assert not window.findChildren(PanelPlaceholder)
    window.close()
