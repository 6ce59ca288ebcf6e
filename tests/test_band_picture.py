"""The out-of-band outlines repaired in place after an edit equal a picture drawn from scratch,
and follow the band rule through edits, previews and rule changes (issue 13)."""
from dataclasses import replace

import numpy as np
import pytest

pytest.importorskip("PySide6")

from tests.editing_gui_helpers import editing, editing_feature, no_blocking_boxes  # noqa: E402,F401


def _image_array(image):
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4].copy()


def _fresh(feature, canvas):
    """The overlay's picture drawn from scratch for the current state."""
    from gui.editing.band_picture import BandPicture
    from gui.editing.overlays import STATUS_COLOURS, GridPaths, view_transform

    session = feature.session
    by_status = {"under": [], "over": []}
    cache = canvas.scene.cache("grids")
    for g in cache.ids[cache.visible(canvas.view.bbox)].tolist():
        status = session.status(g)
        if status != "ok":
            by_status[status].append(g)
    picture = BandPicture(GridPaths(session.project), STATUS_COLOURS)
    outlined = picture.update(canvas, view_transform(canvas.view), by_status)
    return picture, outlined, by_status


def _assert_like_fresh(feature, canvas):
    canvas.repaint()
    kept = feature.overlay.bands
    fresh, outlined, by_status = _fresh(feature, canvas)
    assert feature.overlay.outlined == outlined
    assert {g: s for g, (s, _p, _b) in kept._drawn.items()} == {
        g: s for s, grids in by_status.items() for g in grids}
    a, b = _image_array(kept.image), _image_array(fresh.image)
    assert a.shape == b.shape
    differ = np.abs(a.astype(int) - b.astype(int)) > 2  # a channel byte off by more than rounding
    assert differ.sum() == 0, f"{differ.sum()} bytes differ"


def _rules(window, **values):
    from gui.coverage.rules_dialog import rules_command

    old = window.project.rules
    command = rules_command(old, replace(old, **values), "规则")
    editing_feature(window).session.run(command)


def test_band_picture_repaired_in_place_equals_a_fresh_one(editing):
    from geo.editing.assign import ReassignBuildings

    window, feature, session = editing
    canvas = window.canvas
    canvas.zoom_full()
    canvas.repaint()
    bands = feature.overlay.bands
    assert feature.overlay.outlined >= 1
    full = bands.full_draws
    # a rule that puts one grid in the band and leaves the other out of it
    households = dict(session.balance.households)
    low, high = sorted(households.values())[0], sorted(households.values())[-1]
    _rules(window, households_min=max(1, low + 1), households_max=high + 10)
    _assert_like_fresh(feature, canvas)
    # a stroke in progress changes statuses live
    grid = next(iter(households))
    session.set_preview({grid: 10 ** 6})
    _assert_like_fresh(feature, canvas)
    session.set_preview({})
    _assert_like_fresh(feature, canvas)
    # an edit moves a building: the grids' households, hence their outlines, follow
    assert session.run(ReassignBuildings({"B1": "G2"}))
    _assert_like_fresh(feature, canvas)
    window.undo_stack.undo()
    _assert_like_fresh(feature, canvas)
    assert bands.full_draws == full and bands.partial_draws >= 1  # the view stayed: only repairs
    # a new view is drawn from scratch
    canvas.zoom_to_bounds(canvas.project["grids"].total_bounds, margin=0.6)
    _assert_like_fresh(feature, canvas)
    assert bands.full_draws == full + 1


def test_band_picture_redraws_only_the_changed_box(app):
    """A grid whose status changed is repaired inside its box; the rest of the picture is kept."""
    from PySide6.QtGui import QPainterPath, QTransform

    from gui.editing.band_picture import BandPicture
    from gui.editing.overlays import STATUS_COLOURS

    class Paths:
        def __init__(self):
            self.paths = {}
            for i in range(4):
                path = QPainterPath()
                path.addRect(10 + 60 * i, 10, 50, 50)
                self.paths[f"G{i}"] = path

        def path(self, g):
            return self.paths.get(g)

    class View:
        cx = cy = 0.0
        mpp, width, height = 1.0, 300, 100

    class Canvas:
        view = View()

        def width(self):
            return 300

        def height(self):
            return 100

        def devicePixelRatioF(self):
            return 1.0

    canvas, paths = Canvas(), Paths()
    picture = BandPicture(paths, STATUS_COLOURS)
    assert picture.update(canvas, QTransform(), {"under": ["G0", "G1"], "over": ["G2"]}) == 3
    before = _image_array(picture.image)
    assert picture.update(canvas, QTransform(), {"under": ["G0"], "over": ["G2", "G1"]}) == 3
    assert picture.partial_draws == 1 and picture.full_draws == 1
    after = _image_array(picture.image)
    changed = np.flatnonzero((after != before).any(axis=0))  # byte columns that changed
    x = changed // 4
    assert x.min() >= 70 - 6 and x.max() <= 120 + 6  # only around G1
    fresh = BandPicture(paths, STATUS_COLOURS)
    fresh.update(canvas, QTransform(), {"under": ["G0"], "over": ["G2", "G1"]})
    assert np.array_equal(after, _image_array(fresh.image))


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_outline_passes_make_one_solid_line_of_device_pixels(app, ratio):
    """Five 1 px passes draw the brush target's 3 px line: on a high-density image too, without
    gaps between the passes (a cosmetic pen is one device pixel wide)."""
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform

    from gui.editing.band_picture import WIDE_PASSES, outline_passes

    image = QImage(round(100 * ratio), round(60 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor(0, 0, 0, 0))
    path = QPainterPath()
    path.moveTo(10, 30)
    path.lineTo(90, 30)
    painter = QPainter(image)
    outline_passes(painter, QTransform(), [path], QPen(QColor("#1565C0"), 1.0), WIDE_PASSES)
    painter.end()
    alpha = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)[:, image.width() // 2, 3]
    covered = np.flatnonzero(alpha > 0)
    assert 3 <= len(covered) <= 4 and np.all(np.diff(covered) == 1)  # one line ~3 device pixels, no gaps
