"""Helpers for the editing GUI tests: synthetic mouse gestures on the canvas, feature pixels."""
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox


def send_mouse(canvas, kind, x, y, modifiers=Qt.KeyboardModifier.NoModifier):
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    pos = QPointF(x, y)
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    buttons = Qt.MouseButton.NoButton if kind == "release" else Qt.MouseButton.LeftButton
    event = QMouseEvent(types[kind], pos, canvas.mapToGlobal(pos), button, buttons, modifiers)
    QApplication.sendEvent(canvas, event)


def drag(canvas, points, modifiers=Qt.KeyboardModifier.NoModifier, release=True):
    """Press at the first point, move through the rest, release at the last."""
    send_mouse(canvas, "press", *points[0], modifiers)
    for p in points[1:]:
        send_mouse(canvas, "move", *p, modifiers)
    if release:
        send_mouse(canvas, "release", *points[-1], modifiers)


def pixel_of(canvas, layer, id_):
    """The canvas pixel of a feature's representative point."""
    geom = canvas.project[layer].at[id_, "geometry"]
    p = geom.representative_point()
    return canvas.map_to_pixel(*canvas.scene.to_metric.transform(p.x, p.y))


def pixel_at_metric_offset(canvas, lon_lat, dx, dy):
    x, y = canvas.scene.to_metric.transform(*lon_lat)
    return canvas.map_to_pixel(x + dx, y + dy)


def editing_feature(window):
    from gui.features.editing import Feature

    return next(f for f in window.features if isinstance(f, Feature))


def use_tool(window, name):
    editing_feature(window).tool_actions[name].trigger()
    assert window.canvas.tool.name == name


def tiny_pixel(canvas, x, y):
    """The canvas pixel of a point given in the tiny project's layout metres (tests/factories)."""
    import pyproj

    from tests.factories import METRIC, X0, Y0

    lon, lat = pyproj.Transformer.from_crs(METRIC, "EPSG:4490", always_xy=True).transform(X0 + x, Y0 + y)
    return canvas.map_to_pixel(*canvas.scene.to_metric.transform(lon, lat))


# Fixtures shared by the editing GUI tests (imported there by name).
@pytest.fixture(autouse=True)
def no_blocking_boxes(monkeypatch):
    """An unexpected message box fails the test instead of hanging it."""
    def fail(*args):
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)


@pytest.fixture
def editing(main_window):
    feature = editing_feature(main_window)
    return main_window, feature, feature.session


@pytest.fixture
def street_window(make_main_window, demo_copy, monkeypatch):
    """A window on a copy of the demo street, where a refused edit (the topology guard) is
    answered "no" and skipped, as a planner would."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    return make_main_window(demo_copy)
