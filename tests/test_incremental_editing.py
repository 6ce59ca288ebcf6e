"""After random edits through the real window, every incrementally kept view equals a fresh build.

On a copy of the demo street, with the docks an editor keeps open (balance, gap list,
charts, the attribute table of grids): brush strokes drawn with mouse events,
click-assigns, splits, merges, undo and redo through the window's undo stack. Then the
map's caches (snapshots, polygon caches, chunkings, paths), the grid colours, the
balance dock's rows and summary, the coverage figures, charts and gap list, the
attribute table and the status bar are compared with ones built from scratch on the
same project, and with the project read again from its file.
"""
import numpy as np
import pandas as pd
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from geo.colouring import TOL_LIGHT, adjacency_pairs, conflicts
from geo.coverage.model import CoverageModel
from geo.editing.assign import ReassignBuildings
from geo.editing.balance import GridBalance
from geo.editing.grids import MergeGrids, SplitGrid
from geo.project import Project
from gui.coverage.charts import HouseholdsChart, PlannedChart, SharesChart
from gui.coverage.charts_dock import same_data
from gui.editing.balance_dock import BalanceDock
from gui.editing.balance_model import STATUS_ROLE, BalanceModel
from gui.map.geometry import Chunking
from gui.map.scene import ADJACENCY_TOLERANCE, MapScene
from gui.models.attribute_table_model import AttributeTableModel
from tests.editing_checks import border_buildings
from tests.editing_gui_helpers import editing_feature, pixel_of, send_mouse, use_tool
from tests.editing_gui_helpers import street_window  # noqa: F401 (fixture)

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, STATUS_ROLE, Qt.ItemDataRole.CheckStateRole)


@pytest.fixture
def window(street_window):
    features = {type(f).__module__.rsplit(".", 1)[-1]: f for f in street_window.features}
    for dock in (features["coverage"].gap_dock, features["coverage"].charts_dock,
                 features["editing"].balance_dock):
        dock.show()
        dock.raise_()
    street_window.attribute_dock.show_layer("grids")
    return street_window


def settle(window, qtbot):
    """Until the edit is drawn and every view that waits for the frame has followed it."""
    canvas = window.canvas

    def idle():
        QApplication.processEvents()
        return not canvas._edit_pending and not canvas._timer.isActive() and not canvas.worker.busy()

    qtbot.waitUntil(idle, timeout=20_000)
    qtbot.wait(1100)  # a view that waits for a frame gives up waiting after 1 s
    qtbot.waitUntil(idle, timeout=20_000)


def border_pairs(project):
    """(grid, touching grid of the same community, the grid's building nearest it)."""
    return [(g, other, mine[int(np.argmin(d))]) for g, other, mine, d in border_buildings(project)]


def brush_stroke(window, feature, source, target, building):
    """A real brush stroke: press in the target, drag to the building, release."""
    canvas, session = window.canvas, feature.session
    session.set_target(target)
    window.zoom_to_feature("grids", source)
    use_tool(window, "edit_brush")
    session.set_radius(5)
    start = pixel_of(canvas, "grids", target)
    end = pixel_of(canvas, "buildings", building)
    send_mouse(canvas, "press", *start)
    for k in range(1, 11):
        send_mouse(canvas, "move", start[0] + (end[0] - start[0]) * k / 10, start[1] + (end[1] - start[1]) * k / 10)
    send_mouse(canvas, "release", *end)


def random_edits(window, qtbot, rng, steps):
    feature = editing_feature(window)
    session, project, stack = feature.session, window.project, window.undo_stack
    done = []
    for step in range(steps):
        pairs = border_pairs(project)
        action = ["brush", "click", "click", "undo", "redo", "split", "merge"][step % 7] \
            if step < 7 else rng.choice(["brush", "click", "click", "undo", "redo", "split", "merge"])
        source, target, building = pairs[int(rng.integers(len(pairs)))]
        if action == "brush":
            brush_stroke(window, feature, source, target, building)
        elif action == "click":
            session.run(ReassignBuildings({building: target}, balance=session.balance))
        elif action == "undo" and stack.canUndo():
            stack.undo()
        elif action == "redo" and stack.canRedo():
            stack.redo()
        elif action == "split":
            mine = list(project["buildings"].index[project["buildings"]["grid_id"] == source])
            session.run(SplitGrid(source, mine[: max(1, len(mine) // 3)], balance=session.balance))
        elif action == "merge":
            session.run(MergeGrids([source], target))
        done.append(action)
        settle(window, qtbot)
    return done


# ---------------------------------------------------------------- the comparisons

def assert_map_matches_fresh(window):
    canvas, project = window.canvas, window.project
    styles = tuple(window.styles.snapshot())
    kept, fresh = canvas.scene.snapshot(styles), MapScene(project).snapshot(styles)
    for name in ("communities", "grids", "compounds", "buildings"):
        a, b = kept.cache(name), fresh.cache(name)
        assert list(a.ids) == list(b.ids), name
        assert shapely.equals_exact(a.geoms, b.geoms, 1e-6).all(), name
        for field in ("bbox", "size", "centre", "area", "label_xy"):
            assert np.allclose(getattr(a, field), getattr(b, field)), (name, field)
        assert a.median_size == pytest.approx(b.median_size)
        assert a.vertices_per_feature == pytest.approx(b.vertices_per_feature)
        assert list(a.label_text) == list(b.label_text), name
    colours = kept.grid_colours()
    grids = fresh.cache("grids")
    colour = np.array([colours[g] for g in grids.ids])
    assert set(colours) == set(project["grids"].index)
    assert colour.min() >= 0 and colour.max() < len(TOL_LIGHT)
    assert conflicts(adjacency_pairs(grids.geoms, ADJACENCY_TOLERANCE), colour) == 0  # neighbours differ
    for style in styles:
        if style.name not in ("grids", "buildings"):
            continue
        classes, _colours = kept.classes(style)
        if style.name == "buildings":  # each building takes its grid's colour
            expected = project["buildings"]["grid_id"].map(colours).fillna(len(TOL_LIGHT)).to_numpy()
            assert np.array_equal(classes, expected.astype(np.int64))
        chunks, again = kept.chunking(style), Chunking.build(fresh.cache(style.name), classes)
        assert np.array_equal(chunks.order, again.order) and np.array_equal(chunks.start, again.start)
        assert np.allclose(chunks.chunk_bbox, again.chunk_bbox)


def assert_balance_matches_fresh(window):
    feature = editing_feature(window)
    session, dock = feature.session, feature.balance_dock
    fresh_balance = GridBalance(window.project)
    assert session.balance.households == fresh_balance.households
    assert session.balance.members == fresh_balance.members
    fresh_balance.close()
    kept, fresh = dock.model, BalanceModel(session)
    assert kept.rowCount() == fresh.rowCount()
    for row in range(fresh.rowCount()):
        for column in range(fresh.columnCount()):
            for role in ROLES:
                a, b = kept.index(row, column).data(role), fresh.index(row, column).data(role)
                assert a == b or (a != a and b != b), (row, column, role, a, b)
    other = BalanceDock()
    other.set_session(session)
    assert other.summary.text() == dock.summary.text()
    other.set_session(None)
    other.deleteLater()


def assert_figures_match_fresh(window):
    coverage = next(f for f in window.features if hasattr(f, "charts_dock"))
    kept, fresh = window.coverage(), CoverageModel(window.project, live=False)
    pd.testing.assert_frame_equal(kept.grids, fresh.grids)
    pd.testing.assert_frame_equal(kept.communities, fresh.communities)
    shown = coverage.gap_dock.model._all
    pd.testing.assert_frame_equal(shown.drop(columns=["detail"]), fresh.gaps().drop(columns=["detail"]))
    charts = coverage.charts_dock
    for chart, cls in ((charts.households, HouseholdsChart), (charts.shares, SharesChart),
                       (charts.planned, PlannedChart)):
        assert same_data(chart.data, cls.data_from(fresh, window.project, None)), cls.__name__


def assert_tables_match_fresh(window):
    proxy = window.attribute_dock.proxy
    kept, fresh = proxy.sourceModel(), AttributeTableModel(window.project, "grids")
    assert kept.layer == "grids" and kept.rowCount() == fresh.rowCount() == proxy.rowCount()
    for row in range(fresh.rowCount()):
        for column in range(fresh.columnCount()):
            assert kept.index(row, column).data() == fresh.index(row, column).data()
    figures = window.status.summary.text()
    window.status.show_project(window.project)
    assert window.status.summary.text() == figures


def assert_file_matches_memory(window):
    stored = Project.read(window.project.path)
    try:
        live = window.project
        assert list(stored["grids"].index) == list(live["grids"].index)
        assert shapely.equals_exact(stored["grids"].geometry.values.to_numpy(),
                                    live["grids"].geometry.values.to_numpy(), 1e-9).all()
        assert stored["buildings"]["grid_id"].equals(live["buildings"]["grid_id"])
    finally:
        stored.close()


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("seed", [0, 1])
def test_views_after_random_edits_equal_fresh_builds(window, qtbot, seed):
    done = random_edits(window, qtbot, np.random.default_rng(seed), steps=12)
    assert window.undo_stack.count() > 0, done
    assert_map_matches_fresh(window)
    assert_balance_matches_fresh(window)
    assert_figures_match_fresh(window)
    assert_tables_match_fresh(window)
    assert_file_matches_memory(window)


def test_an_edit_recolours_only_around_the_edited_grids(window, qtbot):
    feature = editing_feature(window)
    canvas, project = window.canvas, window.project
    before = dict(canvas.scene.grid_colours())
    outlines = project["grids"].geometry.copy()
    source, target, building = border_pairs(project)[0]
    assert feature.session.run(ReassignBuildings({building: target}, balance=feature.session.balance))
    settle(window, qtbot)
    after = canvas.scene.grid_colours()
    moved = {g for g in project["grids"].index if not project["grids"].at[g, "geometry"].equals(outlines[g])}
    assert moved and moved <= {source, target}
    assert {g for g in before if after[g] != before[g]} <= moved  # nothing far away changes colour
    assert_map_matches_fresh(window)
