"""The canvas after an edit: the frame is redrawn in part and equals a full render; each new
frame is painted once however many listeners ask for it; the displayed frame is opaque RGB32."""
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
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    frame = canvas._frame
    assert frame is not first and frame.dirty is not None and frame.dirty.share() < 1.0
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
