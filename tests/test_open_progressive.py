"""Opening progressively: the window and the view first, the full model behind them.

Real files, real Qt offscreen: the demo street and a small generated district
(seven streets, ~290 grids). Nothing here measures time; the order of events
says what came first.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_district(tmp_path_factory):
    """Seven demo streets side by side (a district in small)."""
    from geo.demo import city, generate
    from geo.store import write_project

    city.SCALES["small_district"] = (250, 2, 0.03)
    try:
        frames, rules = generate("small_district", seed=2)
    finally:
        del city.SCALES["small_district"]
    return write_project(tmp_path_factory.mktemp("small") / "small_district.gpkg", frames, rules)


@pytest.fixture(params=["street", "small_district"])
def project_file(request, demo_gpkg, small_district):
    return demo_gpkg if request.param == "street" else small_district


def _grid_box(path, index=0):
    """A grid's box in the project CRS (the grid nearest the middle with index 0)."""
    from geo.project import Project

    project = Project.open(path)
    try:
        grids = project["grids"]
        minx, miny, maxx, maxy = grids.total_bounds
        b = grids.geometry.bounds.to_numpy()
        d = ((b[:, 0] + b[:, 2]) / 2 - (minx + maxx) / 2) ** 2 + ((b[:, 1] + b[:, 3]) / 2 - (miny + maxy) / 2) ** 2
        return tuple(b[int(np.argsort(d)[index])])
    finally:
        project.close()


def _frame(project, layers, bbox, app, memo_from=None):
    """A 900x600 frame of ``bbox`` drawn by the canvas's renderer from ``project``
    (``memo_from``: the scene of a first view this one takes over from, as the window's canvas does)."""
    from gui.app import cjk_family
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    scene = MapScene(project)
    if layers is not None:
        scene.adopt(layers, memo_from=memo_from)
    xs, ys = scene.to_metric.transform([bbox[0], bbox[2]], [bbox[1], bbox[3]])
    view = MapView.fit((min(xs), min(ys), max(xs), max(ys)), 900, 600, 0.1)
    image = MapRenderer(scene, cjk_family()).render(view, LayerStack.default().snapshot())
    return np.frombuffer(image.constBits(), np.uint8).reshape(600, 900, 4).copy(), scene


@pytest.mark.parametrize("which", [0, 5])
def test_the_first_frame_from_the_view_read_equals_the_full_model_frame(project_file, which, app):
    from geo.colouring import adjacency_pairs, conflicts
    from geo.project import Project
    from geo.view_read import read_view
    from gui.map.preload import metric_layers, screen_box
    from gui.map.scene import ADJACENCY_TOLERANCE

    bbox = _grid_box(project_file, which)
    view = read_view(project_file, bbox, lambda project, box: screen_box(project, box, (900, 600)))
    full = Project.open(project_file)
    try:
        assert len(view.project["grids"]) < len(full["grids"])  # a partial read indeed
        assert len(view.project["buildings"]) < len(full["buildings"])
        assert view.project.metric_crs == full.metric_crs  # one coordinate system: no jump at the switch
        partial_pixels, partial = _frame(view.project, metric_layers(view.project), bbox, app)
        full_pixels, whole = _frame(full, metric_layers(full), bbox, app, memo_from=partial)
    finally:
        full.close()
    assert (partial_pixels != 0).any()
    # the same picture; where two chunks' antialiased outlines cross, a different chunk order
    # (chunks are cut from the features at hand) may round a pixel one or two levels apart
    difference = np.abs(partial_pixels.astype(int) - full_pixels.astype(int))
    assert difference.max() <= 3 and np.count_nonzero(difference.any(axis=2)) <= 60
    # the grids of the first view keep their colours; the whole map is properly coloured around them
    first, after = partial.grid_colours(), whole.grid_colours()
    assert first and all(after[g] == c for g, c in first.items())
    grids = whole.cache("grids")
    colours = np.array([after[g] for g in grids.ids])
    assert conflicts(adjacency_pairs(grids.geoms, ADJACENCY_TOLERANCE), colours) == 0


def test_the_view_read_holds_exactly_the_features_that_meet_the_box(project_file):
    import pyproj
    import shapely

    from geo.project import Project
    from geo.view_read import BOX_LAYERS, read_view, station_box

    bbox = _grid_box(project_file)
    view = read_view(project_file, bbox)
    full = Project.open(project_file)
    try:
        assert view.whole == frozenset() and set(view.frames) == set(BOX_LAYERS)
        for name in ("communities", "grids", "compounds", "buildings"):
            meets = full[name].geometry.intersects(shapely.box(*bbox))
            assert set(view.project[name].index) == set(full[name].index[meets]), name
        # stations as far out as the largest service area reaches into the box
        reach = station_box(bbox, float(full["stations"]["service_radius_m"].max()), full.crs)
        meets = full["stations"].geometry.intersects(shapely.box(*reach))
        assert set(view.project["stations"].index) == set(full["stations"].index[meets])
        to_metric = pyproj.Transformer.from_crs(full.crs, full.metric_crs, always_xy=True)
        xs, ys = to_metric.transform([bbox[0], bbox[2], bbox[0], bbox[2]], [bbox[1], bbox[1], bbox[3], bbox[3]])
        circles = full.metric("stations").buffer(full["stations"]["service_radius_m"].astype(float))
        reaching = circles.intersects(shapely.box(min(xs), min(ys), max(xs), max(ys)))
        assert reaching.any() and set(full["stations"].index[reaching]) <= set(view.project["stations"].index)
        assert list(view.project["buildings"].dtypes) == list(full["buildings"].dtypes)
    finally:
        full.close()


def test_the_view_read_without_a_box_reads_the_map_layers_whole(demo_gpkg):
    from geo.project import Project
    from geo.view_read import BOX_LAYERS, read_view

    view = read_view(demo_gpkg)
    full = Project.open(demo_gpkg)
    try:
        assert view.whole == frozenset(BOX_LAYERS)
        for name in BOX_LAYERS:
            assert list(view.project[name].index) == list(full[name].index)
    finally:
        full.close()


def test_the_window_shows_the_map_before_the_model_and_editing_waits(make_main_window, demo_gpkg, qtbot):
    from PySide6.QtWidgets import QLabel

    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    events = []
    opening = window.open_in_background(demo_gpkg)
    opening.previewShown.connect(lambda: events.append(("preview", window.project)))
    opening.modelLoaded.connect(lambda: events.append(("model", window.project)))
    opening.finished.connect(lambda project: events.append(("finished", project)))
    # at once: the window shows, no model, nothing that edits, the panels say they are loading
    assert window.isVisible() and window.project is None and window.centralWidget() is not None
    assert not window.actions.import_data.isEnabled() and not window.actions.save_as.isEnabled()
    assert window.actions.open.isEnabled()
    covers = [w for w in window.findChildren(QLabel, "LoadingCover") if w.isVisible()]
    assert covers and all(c.text() == "正在加载…" for c in covers)
    with qtbot.waitSignal(opening.finished, timeout=60_000):
        pass
    assert [e[0] for e in events] == ["preview", "model", "finished"]
    assert events[0][1] is None and events[1][1] is None  # the preview came before the model
    assert window.project is events[2][1] and window.project.store is not None
    assert window.actions.import_data.isEnabled() and window.actions.save_as.isEnabled()
    assert not [w for w in window.findChildren(QLabel, "LoadingCover") if w.isVisible()]
    window.close()


def test_the_switch_to_the_full_model_keeps_the_view_and_the_frame(app, small_district, qtbot):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    bbox = _grid_box(small_district)
    opening = window.open_in_background(small_district, bbox)
    seen = {}

    def preview_ready():
        seen["view"] = opening.preview.view
        seen["scene"] = opening.preview.scene

    opening.previewShown.connect(preview_ready)
    with qtbot.waitSignal(opening.finished, timeout=60_000):
        pass
    canvas = window.canvas
    assert canvas.view == seen["view"].resized(canvas.width(), canvas.height())
    with qtbot.waitSignal(canvas.renderFinished, timeout=60_000):
        canvas.refresh()
    grids = canvas.scene.cache("grids")
    assert len(grids) == len(window.project["grids"])  # the full model's layers, whole
    # the grids the first view drew keep their colours in the full map
    first, after = seen["scene"].grid_colours(), canvas.scene.grid_colours()
    assert 0 < len(first) < len(after) and all(after[g] == c for g, c in first.items())
    window.close()


def test_launch_marks_window_before_the_full_model(tiny_gpkg, tmp_path):
    """The real entry point, in its own process: the window paints before the model is in."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GRIDATLAS_OPEN_MARKS": "1",
           "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "main.py", "open", str(tiny_gpkg)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    marks = [json.loads(line) for line in result.stderr.splitlines() if line.startswith('{"mark"')]
    names = [m["mark"] for m in marks]
    assert set(names) == {"window", "first_frame", "full_model", "ready", "peak_rss"}
    assert names.index("window") < names.index("full_model") < names.index("ready")
    assert names[-1] == "peak_rss" and marks[-1]["kb"] > 0


def test_launch_on_a_project_missing_a_layer_says_so_and_exits_2(tiny_gpkg, tmp_path):
    """The file is a GeoPackage, so the window shows; the full read finds the problem."""
    import sqlite3

    con = sqlite3.connect(tiny_gpkg)
    con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name='grids'")
    con.execute("DELETE FROM gpkg_contents WHERE table_name='grids'")
    con.commit()
    con.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "main.py", "open", str(tiny_gpkg)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2 and len(errors) == 1
    assert str(tiny_gpkg) in errors[0] and "grids" in errors[0]


def test_a_view_of_nothing_still_knows_the_project_s_coordinate_systems(demo_gpkg):
    """A box beside the project finds no feature; the preview must still draw in the full model's CRS."""
    from geo.project import Project
    from geo.view_read import BOX_LAYERS, read_view

    full = Project.open(demo_gpkg)
    try:
        minx, miny, maxx, maxy = full["communities"].total_bounds
        view = read_view(demo_gpkg, (maxx + 1, maxy + 1, maxx + 2, maxy + 2))
        assert all(len(view.project[name]) == 0 for name in BOX_LAYERS)
        assert view.project.crs == full.crs and view.project.metric_crs == full.metric_crs
    finally:
        full.close()
