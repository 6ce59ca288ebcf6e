"""Edit → frame latency: the canvas is not repainted between an edit and its frame (one paint
shows both), the hold ends when no frame comes, and the dirty-cell grouping of an incremental
frame is the one scipy.ndimage gives, without importing scipy on the first edit."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from geo.commands import SetValues
from gui.map.incremental import cell_groups
from tests.canvas_helpers import count_paints, shown_canvas

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def canvas(qtbot, tiny_gpkg):
    """A shown canvas inside a window, as in the main window (a top-level canvas is not held)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    with shown_canvas(qtbot, tiny_gpkg, (600, 400)) as widget:
        top = QWidget()
        qtbot.addWidget(top)
        QVBoxLayout(top).addWidget(widget)
        top.resize(600, 400)
        top.show()
        qtbot.waitExposed(top)
        with qtbot.waitSignal(widget.renderFinished, timeout=20_000):
            widget.refresh()
        yield widget


def test_no_repaint_between_an_edit_and_its_frame_and_one_paint_shows_it(canvas, qtbot):
    from gui.map.renderer import MapRenderer

    painted = count_paints(canvas)
    before = canvas._image_serial
    with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
        SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
        canvas.update()  # what a tool or an overlay asks for along with the edit
        QApplication.processEvents()
        assert canvas._held and not canvas.updatesEnabled()  # the frame is being drawn
        assert before not in painted  # the old map was not painted under the new overlays
    qtbot.wait(50)  # the queued paint, if any, has run
    serial = canvas.worker.serial
    assert canvas.updatesEnabled()
    assert painted == [serial]
    assert canvas.painted_serial == serial
    styles = tuple(canvas.styles.snapshot())
    expected = MapRenderer(canvas.scene).render(canvas.view, styles, snapshot=canvas.scene.snapshot(styles))
    assert canvas._frame.image == expected


def test_the_hold_ends_without_a_frame(canvas, qtbot):
    from gui.map.canvas import PAINT_HOLD_MS

    painted = count_paints(canvas)
    SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    QApplication.processEvents()  # the edit's render is asked for, and the paint held
    assert not canvas.updatesEnabled()
    canvas.worker.cancel()  # the frame never comes (a render that failed)
    canvas.update()
    qtbot.waitUntil(lambda: canvas.updatesEnabled(), timeout=PAINT_HOLD_MS + 2_000)
    qtbot.waitUntil(lambda: bool(painted), timeout=2_000)


def test_a_top_level_canvas_is_not_held(qtbot, tiny_gpkg):
    with shown_canvas(qtbot, tiny_gpkg, (600, 400)) as canvas:
        painted = count_paints(canvas)
        with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
            SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
            QApplication.processEvents()
            assert canvas.updatesEnabled()
        qtbot.waitUntil(lambda: canvas.worker.serial in painted, timeout=2_000)


def test_a_moving_view_ends_the_hold_at_once(canvas, qtbot):
    SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(canvas.project)
    QApplication.processEvents()
    assert not canvas.updatesEnabled()
    canvas.pan_pixels(30, 0)
    assert canvas.updatesEnabled()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cell_groups_are_those_of_scipy_label(seed):
    from scipy import ndimage

    rng = np.random.default_rng(seed)
    for _ in range(400):
        rows, cols = (int(v) for v in rng.integers(1, 48, 2))
        mask = rng.random((rows, cols)) < rng.random()
        labels, _count = ndimage.label(mask)
        expected = [[sl[1].start, sl[0].start, sl[1].stop, sl[0].stop] for sl in ndimage.find_objects(labels)]
        assert cell_groups(mask) == expected
    # shapes scipy keeps apart by 4-connectivity: diagonal cells, a ring round a hole
    diagonal = np.eye(4, dtype=bool)
    assert cell_groups(diagonal) == [[i, i, i + 1, i + 1] for i in range(4)]
    ring = np.ones((5, 5), dtype=bool)
    ring[2, 2] = False
    assert cell_groups(ring) == [[0, 0, 5, 5]]
    assert cell_groups(np.zeros((3, 3), dtype=bool)) == []


def test_the_dirty_rectangles_do_not_import_scipy():
    code = ("import sys, numpy as np\n"
            "from gui.map.incremental import cell_groups\n"
            "cell_groups(np.ones((6, 9), dtype=bool))\n"
            "print('scipy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "False"
