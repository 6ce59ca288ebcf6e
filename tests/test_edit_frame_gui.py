"""The GUI thread's part of an edit's way to the screen: the band outlines are redrawn while the
render thread draws the edit's frame (the paint that shows the frame only lays pictures on it,
and they equal a drawing from scratch), and the title and status bar follow the edit after it."""
from dataclasses import replace

import numpy as np
from PySide6.QtWidgets import QApplication

from geo.commands import SetValues
from geo.editing.assign import ReassignBuildings
from gui.editing.overlays import BalanceOverlay
from gui.undo import run_and_push
from tests.editing_checks import border_buildings
from tests.editing_gui_helpers import editing_feature
from tests.editing_gui_helpers import street_window  # noqa: F401 (fixture)


def _coverage(window):
    return next(f for f in window.features if type(f).__module__.endswith("coverage"))


def _drawn(window, qtbot):
    canvas = window.canvas
    qtbot.waitUntil(lambda: (QApplication.processEvents() or True) and not canvas._edit_pending
                    and not canvas._timer.isActive() and canvas._image_serial == canvas.worker.serial,
                    timeout=20_000)


def test_band_outlines_are_drawn_before_the_frame_and_equal_a_fresh_drawing(street_window, qtbot):
    window = street_window
    feature = editing_feature(window)
    canvas, session, project = window.canvas, feature.session, window.project
    # a band every grid is above: the grids in view are all outlined
    assert _coverage(window).apply_rules(replace(project.rules, households_min=1, households_max=1))
    grid, other, mine, distance = border_buildings(project)[0]
    window.zoom_to_feature("grids", grid)
    _drawn(window, qtbot)
    canvas.repaint()
    overlay = feature.overlay
    assert overlay._show_bands and overlay.outlined > 0
    draws = overlay.bands.full_draws + overlay.bands.partial_draws
    served = canvas.worker.serial

    building = mine[int(np.argmin(distance))]
    assert session.run(ReassignBuildings({building: other}, balance=session.balance))
    QApplication.sendPostedEvents(canvas)  # the edit's queued refresh: the frame is asked for
    assert canvas.worker.serial > served
    prepared = overlay.bands.full_draws + overlay.bands.partial_draws
    assert prepared > draws  # brought up to date while the frame is rendered

    _drawn(window, qtbot)
    canvas.repaint()
    assert overlay.bands.full_draws + overlay.bands.partial_draws == prepared  # the paint only lays it
    fresh = BalanceOverlay(session)
    fresh.prepare(canvas)
    assert fresh.outlined == overlay.outlined > 0
    assert fresh.bands.image == overlay.bands.image


def test_title_and_status_follow_an_edit_after_its_frame(street_window, qtbot):
    window = street_window
    project = window.project
    street = project.street_name
    assert street in window.windowTitle()
    communities = list(project["communities"].index)
    run_and_push(window.undo_stack, project,
                 SetValues("communities", {c: {"street": "新街道"} for c in communities}))
    assert project.street_name == "新街道"
    _drawn(window, qtbot)
    qtbot.waitUntil(lambda: "新街道" in window.windowTitle(), timeout=3_000)
    assert street not in window.windowTitle()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: street in window.windowTitle(), timeout=3_000)

    # an edit elsewhere keeps the name (read once) and still refreshes the counts after its frame
    session = editing_feature(window).session
    grid, other, mine, distance = border_buildings(project)[0]
    members = len(project["members"])
    window.status.summary.setText("")
    assert session.run(ReassignBuildings({mine[int(np.argmin(distance))]: other}, balance=session.balance))
    qtbot.waitUntil(lambda: f"{members} 名党员" in window.status.summary.text(), timeout=3_000)
    assert street in window.windowTitle()


def test_grid_paths_built_together_equal_those_built_one_by_one(street_window):
    from gui.editing.overlays import GridPaths

    project = street_window.project
    grids = list(project["grids"].index[:12]) + ["no such grid"]
    together, one_by_one = GridPaths(project), GridPaths(project)
    together.build(grids)
    for g in grids:
        a, b = together.path(g), one_by_one.path(g)
        if b is None:
            assert a is None
            continue
        assert a.elementCount() == b.elementCount() > 0 and a.fillRule() == b.fillRule()
        assert all((a.elementAt(i).x, a.elementAt(i).y, a.elementAt(i).type)
                   == (b.elementAt(i).x, b.elementAt(i).y, b.elementAt(i).type) for i in range(a.elementCount()))


def test_rows_of_a_few_ids_equal_those_of_many(street_window):
    from gui.models.attribute_table_model import FEW_IDS, AttributeTableModel

    model = AttributeTableModel(street_window.project, "grids")
    ids = list(street_window.project["grids"].index)
    rng = np.random.default_rng(13)
    for n in (1, 3, min(FEW_IDS, len(ids))):
        asked = [ids[i] for i in rng.choice(len(ids), n, replace=False)] + ["no such grid", None]
        few = model.rows_of_ids(asked)
        many = model.rows_of_ids(asked + [ids[0]] * FEW_IDS)[:len(few)]  # get_indexer's way
        assert few.dtype == np.int64 and list(few) == list(many) == [ids.index(i) for i in asked[:n]]
