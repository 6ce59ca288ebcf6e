"""The renderer draws from snapshots frozen on the GUI thread: edits made while a frame
is drawn do not reach it; the next frame shows them; warm caches survive unrelated edits."""
import pytest
import shapely

from geo.commands import SetValues
from geo.project import Project
from geo.selection import Selection


@pytest.fixture
def app():
    from gui.app import create_app

    return create_app(["test"])


@pytest.fixture
def scene_setup(app, tiny_gpkg):
    """A project, its scene following edits as the canvas does, a renderer and styles."""
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    project = Project.open(tiny_gpkg)
    scene = MapScene(project)

    def follow(event):
        scene.invalidate(event.layer, event.columns if not (event.inserted or event.deleted) else ())

    project.changed.connect(follow)
    styles = tuple(LayerStack.default().snapshot())
    view = MapView.fit(scene.bounds(), 600, 300)
    yield project, scene, MapRenderer(scene), styles, view, follow
    project.close()


def edit_buildings(project):
    """B1 to the other grid (a drawn column) and B2 moved (its geometry)."""
    moved = shapely.affinity.translate(project["buildings"].geometry.loc["B2"], xoff=0.0002)
    SetValues("buildings", {"B1": {"grid_id": "G2"}, "B2": {"geometry": moved}}).do(project)


def same(a, b) -> bool:
    return a.size() == b.size() and a == b


def test_an_old_snapshot_keeps_the_old_state_and_the_next_shows_the_edit(scene_setup):
    project, scene, renderer, styles, view, _ = scene_setup
    before = scene.snapshot(styles)
    image_before = renderer.render(view, styles, snapshot=before)
    b2_before = before.layers["buildings"].geoms[1]

    edit_buildings(project)
    assert before.layers["buildings"].column("grid_id").tolist() == ["G1", "G1", "G2"]
    assert before.layers["buildings"].geoms[1] is b2_before
    assert same(renderer.render(view, styles, snapshot=before), image_before)

    after = scene.snapshot(styles)
    assert after.layers["buildings"].column("grid_id").tolist() == ["G2", "G1", "G2"]
    assert not shapely.equals(after.layers["buildings"].geoms[1], b2_before)
    assert not same(renderer.render(view, styles, snapshot=after), image_before)
    with pytest.raises(ValueError):  # snapshots are read-only: nothing can write into one
        after.layers["buildings"].column("grid_id")[0] = "G1"


def test_a_frame_in_flight_is_not_changed_by_an_edit_on_the_gui_thread(scene_setup, qtbot):
    from gui.map.render_worker import RenderWorker

    project, scene, renderer, styles, view, _ = scene_setup
    snapshot = scene.snapshot(styles)
    expected = renderer.render(view, styles, snapshot=scene.snapshot(styles))
    worker = RenderWorker()
    try:
        with qtbot.waitSignal(worker.finished, timeout=20_000) as done:
            worker.request(renderer, view, styles, {}, snapshot)
            edit_buildings(project)  # while the worker draws (or before it starts)
        assert same(done.args[1], expected)
        with qtbot.waitSignal(worker.finished, timeout=20_000) as done:
            worker.request(renderer, view, styles, {}, scene.snapshot(styles))
        assert not same(done.args[1], expected)
        assert same(done.args[1], renderer.render(view, styles))
    finally:
        worker.shutdown()


def test_edits_of_undrawn_columns_keep_every_cache_warm(scene_setup):
    project, scene, renderer, styles, view, _ = scene_setup
    first = scene.snapshot(styles)
    renderer.render(view, styles, snapshot=first)
    cache = first.cache("buildings")
    SetValues("buildings", {"B1": {"households": 61}}).do(project)  # not drawn: nothing to copy
    second = scene.snapshot(styles)
    assert second.layers["buildings"] is first.layers["buildings"]
    assert second.cache("buildings") is cache


def test_an_attribute_edit_copies_only_its_column_and_keeps_the_geometry_cache(scene_setup):
    project, scene, renderer, styles, view, _ = scene_setup
    first = scene.snapshot(styles)
    renderer.render(view, styles, snapshot=first)
    old_layer, old_cache = first.layers["buildings"], first.cache("buildings")
    SetValues("buildings", {"B1": {"grid_id": "G2"}}).do(project)
    new_layer = scene.snapshot(styles).layers["buildings"]
    assert new_layer is not old_layer
    assert new_layer.geoms is old_layer.geoms and new_layer.ids is old_layer.ids
    assert new_layer.column("name") is old_layer.column("name")
    new_cache = scene.snapshot(styles).cache("buildings")
    assert new_cache is not old_cache and new_cache.rings(0.0) is old_cache.rings(0.0)
    by_grid = [s for s in styles if s.name == "buildings"][0]
    classes = scene.snapshot(styles).classes(by_grid)[0]
    assert classes[0] == classes[2] != first.classes(by_grid)[0][0]


def test_the_canvas_hands_the_worker_a_snapshot(app, tiny_gpkg, qtbot):
    from gui.map.canvas import MapCanvas
    from gui.map.layer_style import LayerStack
    from gui.map.scene_snapshot import SceneSnapshot

    project = Project.open(tiny_gpkg)
    canvas = MapCanvas(project, Selection(), LayerStack.default())
    qtbot.addWidget(canvas)
    canvas.resize(400, 200)
    try:
        with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
            canvas.refresh()
            handed = canvas.worker._job.args[-1]
        assert isinstance(handed, SceneSnapshot)
        edit_buildings(project)
        assert handed.layers["buildings"].column("grid_id").tolist() == ["G1", "G1", "G2"]
        with qtbot.waitSignal(canvas.renderFinished, timeout=20_000):
            canvas.refresh()
            handed = canvas.worker._job.args[-1]
        assert handed.layers["buildings"].column("grid_id").tolist() == ["G2", "G1", "G2"]
    finally:
        canvas.worker.shutdown()
        project.close()
