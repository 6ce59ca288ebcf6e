"""A frame redrawn only where an edit changed it equals a frame drawn from scratch, pixel for pixel.

Seeded random edits of the demo street (buildings moved between neighbouring
grids with their outlines re-derived, grids renamed, a building reshaped,
undo), each drawn incrementally from the frame before it, as the canvas's
render thread does, and compared with a fresh full render by another renderer.
"""
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QRect

from geo.commands import SetValues
from geo.editing.assign import ReassignBuildings
from geo.project import Project


@pytest.fixture
def app():
    from gui.app import create_app

    return create_app(["test"])


@pytest.fixture
def street(app, demo_copy):
    from gui.map.layer_style import LayerStack
    from gui.map.scene import MapScene

    project = Project.open(demo_copy)
    scene = MapScene(project)

    def follow(event):  # as the canvas does (MapCanvas._on_project_changed)
        rows = event.inserted or event.deleted
        scene.invalidate(event.layer, () if rows else event.columns, None if rows else event.ids)

    project.changed.connect(follow)
    yield project, scene, tuple(LayerStack.default().snapshot())
    project.close()


def neighbour_moves(project, rng, n):
    """(building ids, target grid): a few buildings of a grid to a touching grid of its community."""
    grids, b = project["grids"], project["buildings"]
    geoms = grids.geometry.values.to_numpy()
    tree = shapely.STRtree(geoms)
    out = []
    for g in rng.permutation(len(grids)):
        near = [k for k in tree.query(geoms[g], predicate="intersects") if k != g
                and grids["community_id"].iloc[k] == grids["community_id"].iloc[g]]
        mine = np.flatnonzero(b["grid_id"].to_numpy() == grids.index[g])
        if not near or len(mine) < 4:
            continue
        target = near[int(rng.integers(len(near)))]
        order = np.argsort(shapely.distance(shapely.centroid(b.geometry.values.to_numpy()[mine]), geoms[target]))
        take = int(rng.integers(1, 4))
        out.append((list(b.index[mine[order[:take]]]), grids.index[target]))
        if len(out) == n:
            break
    return out


def random_edit(project, rng, step, moves, done, kinds) -> None:
    """One edit picked from ``kinds`` (move: the next of ``moves``, rename a grid, reshape a
    building, undo the last of ``done``); the commands done are appended to ``done``."""
    kind = rng.choice(kinds)
    if kind == "undo" and done:
        done.pop().undo(project)
        return
    command = None
    if kind == "rename":
        g = project["grids"].index[int(rng.integers(len(project["grids"])))]
        command = SetValues("grids", {g: {"name": f"改名网格{step}"}})
    elif kind == "reshape":
        i = project["buildings"].index[int(rng.integers(len(project["buildings"])))]
        geom = project["buildings"].geometry.loc[i]
        command = SetValues("buildings", {i: {"geometry": shapely.affinity.scale(geom, 1.3, 0.8)}})
    elif moves:
        ids, target = moves.pop()
        if all(project["buildings"].at[i, "grid_id"] != target for i in ids):
            command = ReassignBuildings(dict.fromkeys(ids, target), force=True)
    if command is not None:
        command.do(project)
        done.append(command)


def views(scene):
    from gui.map.view import MapView

    whole = MapView.fit(scene.bounds(), 700, 500)
    grids = scene.cache("grids")
    i = int(np.argsort(grids.size)[len(grids) // 2])
    x0, y0, x1, y1 = grids.bbox[i]
    close = MapView.fit((x0 - (x1 - x0), y0 - (y1 - y0), x1 + (x1 - x0), y1 + (y1 - y0)), 640, 480)
    small = MapView(whole.cx, whole.cy, scene.cache("buildings").median_size / 2.0, 300, 220)  # dots
    return {"whole street": whole, "grid scale": close, "small": small}


@pytest.mark.parametrize("seed, scale", [(3, 1.0), (17, 1.0), (29, 1.8)])  # 1.8: presenter mode
def test_incremental_frames_equal_full_renders_after_random_edits(street, seed, scale):
    from gui.map.renderer import MapRenderer

    project, scene, styles = street
    rng = np.random.default_rng(seed)
    renderer, fresh = MapRenderer(scene, scale=scale), MapRenderer(scene, scale=scale)
    b = project["buildings"]
    selection = {"buildings": tuple(b.index[rng.choice(len(b), 6, replace=False)]),
                 "grids": (project["grids"].index[0],)}  # kept through the edits, as on the canvas
    shown = {name: renderer.render_frame(view, styles, selection, snapshot=scene.snapshot(styles))[1]
             for name, view in views(scene).items()}
    moves = neighbour_moves(project, rng, 8)
    done, partial = [], 0
    for step in range(16):
        random_edit(project, rng, step, moves, done, ["move", "move", "rename", "reshape", "undo"])
        snapshot = scene.snapshot(styles)
        for name, previous in shown.items():
            image, record = renderer.render_frame(previous.view, styles, selection, snapshot=snapshot,
                                                  previous=previous)
            expected = fresh.render(previous.view, styles, selection, snapshot=snapshot)
            assert image == expected, f"{name}, step {step} ({kind}): the incremental frame differs"
            if record.dirty is not None:
                partial += 1
                assert record.dirty.share() < 1.0
            shown[name] = record
    # most frames were redrawn in part (dots two pixels wide, in presenter mode, are drawn in full)
    assert partial >= (24 if scale == 1.0 else 16)
    plans = {name: record.layers["buildings"].plan[0] for name, record in shown.items()}
    assert plans == {"whole street": "paths", "grid scale": "paths", "small": "dots"}


def test_a_changed_view_or_selection_draws_in_full_and_an_unchanged_frame_is_reused(street):
    from gui.map.renderer import MapRenderer

    project, scene, styles = street
    renderer = MapRenderer(scene)
    view = views(scene)["grid scale"]
    _, first = renderer.render_frame(view, styles, snapshot=scene.snapshot(styles))
    assert first.dirty is None
    image, again = renderer.render_frame(view, styles, snapshot=scene.snapshot(styles), previous=first)
    assert again.dirty is not None and not again.dirty.any()  # nothing changed: the old pixels
    assert image == first.image
    b = project["buildings"].index[0]
    image, selected = renderer.render_frame(view, styles, {"buildings": (b,)}, snapshot=scene.snapshot(styles),
                                            previous=again)
    assert selected.dirty is None
    assert image == renderer.render(view, styles, {"buildings": (b,)})
    moved = view.pan_pixels(10, 0)
    _, panned = renderer.render_frame(moved, styles, snapshot=scene.snapshot(styles), previous=selected)
    assert panned.dirty is None
    renderer.label_keep_out = ((0.0, 0.0, 120.0, 60.0),)  # presenter mode's title: labels move
    image, kept_clear = renderer.render_frame(moved, styles, snapshot=scene.snapshot(styles), previous=panned)
    assert kept_clear.dirty is None and kept_clear.keep_out == renderer.label_keep_out
    assert image == renderer.render(moved, styles)


def test_dirty_cells_become_a_few_rectangles_covering_them():
    from gui.map.incremental import CELL, MAX_PASSES, DirtyCells
    from gui.map.view import MapView

    view = MapView(0.0, 0.0, 1.0, 320, 240)
    cells = DirtyCells(view, 3)
    boxes = [(-100.0, -50.0, -90.0, -40.0), (-95.0, -45.0, -60.0, -42.0), (100.0, 80.0, 110.0, 90.0),
             (0.0, 0.0, 2.0, 2.0), (50.0, -100.0, 52.0, -98.0), (-150.0, 100.0, -148.0, 102.0)]
    cells.add_map_boxes(boxes)
    cells.finish()
    rects = cells.rects()
    assert 1 <= len(rects) <= MAX_PASSES
    for r, c in zip(*cells.mask.nonzero()):  # every dirty cell is redrawn by a pass
        assert any(rect.intersects(QRect(c * CELL, r * CELL, CELL, CELL)) for rect in rects)
    assert cells.share() < 0.9


def test_a_patched_cache_gives_the_rings_of_a_fresh_one():
    """Patching keeps the tiles of the untouched features and re-simplifies only the patched."""
    from gui.map.geometry import PolygonCache

    rng = np.random.default_rng(5)
    boxes = [shapely.box(x, y, x + 8, y + 6).buffer(1.5, 3) for x, y in rng.uniform(0, 2000, (400, 2))]
    geoms = np.array(boxes, dtype=object)
    ids = np.array([f"F{i}" for i in range(len(geoms))], dtype=object)
    old = PolygonCache(ids, geoms)
    everything = np.arange(len(geoms))
    for level in (0.5, 2.0):
        old.feature_rings(level, everything)  # every tile built
    positions = np.array([3, 150, 151, 399])
    moved = np.array([shapely.affinity.scale(g, 1.4, 0.7) for g in geoms[positions]], dtype=object)
    new = old.patched(positions, moved)
    fresh_geoms = geoms.copy()
    fresh_geoms[positions] = moved
    fresh = PolygonCache(ids, fresh_geoms)
    for level in (0.5, 2.0, 4.0):
        for features in (everything, positions, np.array([0, 3, 4, 398, 399])):
            for a, b in zip(new.feature_rings(level, features), fresh.feature_rings(level, features)):
                assert np.array_equal(a, b)
