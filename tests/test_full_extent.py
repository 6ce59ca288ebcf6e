"""A city's full extent: what a frame leaves out there, and a first view that reads no more.

At a whole city's scale its buildings are under a pixel and its grids a few pixels
wide. The map then leaves the buildings out over the grids (one rule for the
opening's preview and the full canvas, so the preview's frame is the canvas's),
draws every layer coloured by grid in one colour (no adjacency colouring of 50,000
grids before the first frame) and joins the chunks simplified to tens of metres
into fewer paths; the opening of the whole project then does not read or project
the buildings before its first frame.
"""
import numpy as np
import pytest

from geo.editing.assign import ReassignBuildings
from geo.project import Project


@pytest.fixture
def app():
    from gui.app import create_app

    return create_app(["test"])


def _scene(project):
    from gui.map.scene import MapScene

    scene = MapScene(project)

    def follow(event):  # as the canvas does (MapCanvas._on_project_changed)
        rows = event.inserted or event.deleted
        scene.invalidate(event.layer, () if rows else event.columns, None if rows else event.ids)

    project.changed.connect(follow)
    return scene


def _far_view(scene, building_px=0.5, width=300, height=220):
    """A view of the middle of ``scene`` where the median building is ``building_px`` wide."""
    from gui.map.view import MapView

    b = scene.bounds()
    mpp = scene.cache("buildings").median_size / building_px
    return MapView((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, mpp, width, height)


def test_sub_pixel_buildings_over_grids_are_not_drawn_and_the_frame_equals_one_without_them(app, demo_gpkg):
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from geo.view_read import read_view

    project = Project.read(demo_gpkg)
    styles = tuple(LayerStack.default().snapshot())
    scene = MapScene(project)
    view = _far_view(scene, 1.0)
    image, record = MapRenderer(scene).render_frame(view, styles)
    assert record.layers["buildings"].plan == ("empty",)
    assert len(scene.cache("buildings")) > 300  # there, but not drawn
    # the opening's preview of the whole project, without its buildings, draws the same frame
    preview = MapScene(read_view(demo_gpkg, leave_out=("buildings",)).project)
    assert len(preview.project["buildings"]) == 0 and preview.metric_crs == scene.metric_crs
    assert MapRenderer(preview).render_frame(view, styles)[0] == image
    # a little closer (two pixels) they are dots again
    closer = _far_view(scene, 2.0)
    assert MapRenderer(scene).render_frame(closer, styles)[1].layers["buildings"].plan[0] == "dots"


def test_tiny_grids_are_drawn_in_one_colour_without_colouring_the_grids(app, demo_gpkg, monkeypatch):
    import gui.map.scene_snapshot as scene_snapshot
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import PLAIN_BY_GRID_BELOW_PIXELS, PLAIN_BY_GRID_COLOUR, MapRenderer, drawn_styles
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    project = Project.read(demo_gpkg)
    styles = tuple(LayerStack.default().snapshot())
    scene = MapScene(project)
    grids = scene.cache("grids")
    b = scene.bounds()
    tiny = MapView((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, grids.median_size / (PLAIN_BY_GRID_BELOW_PIXELS / 2),
                   300, 220)
    calls = []
    real = scene_snapshot.colour_map
    monkeypatch.setattr(scene_snapshot, "colour_map", lambda *a, **k: calls.append(1) or real(*a, **k))
    snapshot = scene.snapshot(styles)
    visible, _hidden = drawn_styles(snapshot, tiny, styles, 1.0)
    by_name = {s.name: s for s in visible}
    assert by_name["grids"].mode == "single" and by_name["grids"].colour == PLAIN_BY_GRID_COLOUR
    image = MapRenderer(scene).render(tiny, styles, snapshot=snapshot)
    assert calls == []  # no adjacency colouring for a frame that cannot show it
    assert not image.isNull()
    # closer, the grids take their colouring again
    close = MapView(tiny.cx, tiny.cy, grids.median_size / (PLAIN_BY_GRID_BELOW_PIXELS * 2), 300, 220)
    assert {s.name: s for s in drawn_styles(snapshot, close, styles, 1.0)[0]}["grids"].mode == "by_grid"
    MapRenderer(scene).render(close, styles, snapshot=snapshot)
    assert calls == [1]


def test_the_legend_lists_what_a_far_out_frame_draws(app, demo_gpkg):
    from gui.map.decorations import legend_rows
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import PLAIN_BY_GRID_BELOW_PIXELS, PLAIN_BY_GRID_COLOUR, legend_styles
    from gui.map.scene import MapScene
    from gui.map.view import MapView
    from gui.models.labels import layer_title

    scene = MapScene(Project.read(demo_gpkg))
    styles = tuple(LayerStack.default().snapshot())
    snapshot = scene.snapshot(styles)
    grids, buildings = scene.cache("grids"), scene.cache("buildings")
    b = scene.bounds()
    # grids of two pixels, buildings far under one: one blue, no buildings drawn
    mpp = max(grids.median_size / (PLAIN_BY_GRID_BELOW_PIXELS / 3), buildings.median_size * 2)
    far = MapView((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, mpp, 300, 220)
    rows = {label: colours for label, colours, _kind in legend_rows(legend_styles(snapshot, far, styles))}
    assert rows[layer_title("grids")] == [PLAIN_BY_GRID_COLOUR]  # one swatch, the colour drawn
    assert not any(layer_title("buildings") in label for label in rows)  # not drawn, not listed
    # at grid scale the legend keeps its by-grid rows, top first as the layer list
    close = MapView(far.cx, far.cy, grids.median_size / 200, 300, 220)
    near = legend_styles(snapshot, close, styles)
    assert [s.name for s in near] == [s.name for s in styles if s.visible and s.opacity > 0]
    assert {s.name: s.mode for s in near}["grids"] == "by_grid"
    assert len({label: c for label, c, _k in legend_rows(near)}.get(
        f"{layer_title('grids')}（按网格着色）", [])) == 4


@pytest.mark.parametrize("seed", [5, 23])
def test_joined_chunk_paths_redrawn_in_part_equal_a_full_render(app, demo_copy, seed):
    """Far out (a level of detail of tens of metres) chunks are drawn joined; a frame redrawn
    where an edit changed it still equals one drawn from scratch."""
    from gui.map.layer_style import LayerStack
    from gui.map.polygon_painter import chunks_per_path
    from gui.map.renderer import MapRenderer
    from gui.map.view import MapView
    from tests.test_paint_path_incremental import neighbour_moves

    project = Project.open(demo_copy)
    try:
        scene = _scene(project)
        styles = tuple(LayerStack.default().snapshot())
        b = scene.bounds()
        rng = np.random.default_rng(seed)
        views = [MapView((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, mpp, 320, 240) for mpp in (9.0, 40.0)]
        assert chunks_per_path(scene.cache("grids").level_for(views[1].mpp)) > 1
        renderer, fresh = MapRenderer(scene), MapRenderer(scene)
        shown = [renderer.render_frame(v, styles, snapshot=scene.snapshot(styles))[1] for v in views]
        partial = 0
        for ids, target in neighbour_moves(project, rng, 4):
            if any(project["buildings"].at[i, "grid_id"] == target for i in ids):
                continue
            ReassignBuildings(dict.fromkeys(ids, target), force=True).do(project)
            snapshot = scene.snapshot(styles)
            for k, previous in enumerate(shown):
                image, record = renderer.render_frame(previous.view, styles, snapshot=snapshot, previous=previous)
                assert image == fresh.render(previous.view, styles, snapshot=snapshot)
                partial += record.dirty is not None
                shown[k] = record
        assert partial >= 2
    finally:
        project.close()


def test_the_opening_of_a_whole_city_leaves_out_what_it_will_not_draw(demo_gpkg):
    from gui.map.preload import unseen_layers

    assert unseen_layers(demo_gpkg, (30, 20)) == ("buildings",)  # the whole street in a stamp
    assert unseen_layers(demo_gpkg, (4000, 3000)) == ()
    assert unseen_layers("postgresql://nobody@nowhere/none", (30, 20)) == ()
