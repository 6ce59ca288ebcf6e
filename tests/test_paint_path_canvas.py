"""The canvas after an edit: the frame is redrawn in part, laid over the shown image in place,
and equals a full render; each new frame is painted once however many listeners ask for it;
the displayed frame is opaque RGB32."""
from dataclasses import replace

import pytest
from PySide6.QtGui import QImage

from geo.commands import SetValues
from tests.canvas_helpers import count_paints, shown_canvas


@pytest.fixture
def canvas(qtbot, tiny_gpkg):
    with shown_canvas(qtbot, tiny_gpkg, (600, 400)) as widget:
        yield widget


def test_an_edit_redraws_part_of_the_frame_and_it_equals_a_full_render(canvas, qtbot):
    from gui.map.renderer import MapRenderer

    first = canvas._frame
    assert first is not None and first.dirty is None  # the first frame is drawn in full
    shown = canvas._image
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    frame = canvas._frame
    assert frame is not first and frame.dirty is not None and frame.dirty.share() < 1.0
    # the render thread drew only the patches; the canvas laid them on the image it showed
    assert canvas._image is shown and frame.image is shown
    assert frame.patches is None and frame.base is None  # the frame before is let go
    styles = tuple(canvas.styles.snapshot())
    expected = MapRenderer(canvas.scene).render(canvas.view, styles, snapshot=canvas.scene.snapshot(styles))
    assert frame.image == expected
    assert canvas._image.format() == QImage.Format.Format_RGB32
    assert canvas._image == expected.convertToFormat(QImage.Format.Format_RGB32)


def test_a_new_frame_is_painted_once_however_many_ask(canvas, qtbot):
    from gui.map.after_frame import AfterFrame

    painted = count_paints(canvas)
    ran = []
    later = AfterFrame(lambda: canvas, lambda: ran.append(True))
    later.request()
    canvas.renderFinished.connect(canvas.paint_frame_now)  # a second listener painting at once
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    qtbot.waitUntil(lambda: bool(ran), timeout=5_000)
    qtbot.wait(50)  # queued updates, if any, have run
    serial = canvas.worker.serial
    assert painted.count(serial) == 1
    assert canvas.painted_serial == serial


def test_patches_over_a_frame_no_longer_shown_are_not_laid_and_the_frame_is_drawn_in_full(canvas, qtbot):
    shown, before = canvas._image, canvas._image.copy()
    styles = tuple(canvas.styles.snapshot())
    SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    image, record = canvas.renderer.render_frame(canvas.view, styles, snapshot=canvas.scene.snapshot(styles),
                                                 previous=canvas._frame, patches=True)
    assert image is None and record.patches  # drawn in part
    record.base = replace(canvas._frame)  # another frame than the shown one
    serial = canvas.worker.serial
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        canvas._on_rendered(serial, None, canvas.view, record)  # as if the worker had sent it
        assert canvas.worker.serial == serial + 1  # asked again, in full
        assert canvas._image is shown and canvas._image == before  # nothing laid meanwhile
    assert canvas._frame.dirty is None and canvas._frame is not record
