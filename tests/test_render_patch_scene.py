"""After edits, the map's patched caches equal what a build from scratch gives (issue 13).

Seeded random edits of the demo street (buildings moved to a neighbouring grid,
grids renamed, a building reshaped, undo). After each, the scene's chunkings
(patched from the last frame's, :meth:`Chunking.patched`) must equal
:meth:`Chunking.build` of the same caches and classes, the classes must equal a
lookup of every building's grid afresh, and the columns the snapshot copied row
by row must equal the project's.
"""
import numpy as np
import pandas as pd
import pytest

from geo.project import Project
# the demo street with a scene that follows its edits as the canvas does
from tests.test_paint_path_incremental import app, neighbour_moves, random_edit, street  # noqa: F401


def _same_column(a, b) -> bool:
    return pd.Series(a, dtype=object).equals(pd.Series(b, dtype=object))


@pytest.mark.parametrize("seed", [2, 11, 23])
def test_patched_chunkings_classes_and_columns_equal_fresh_ones(street, seed, monkeypatch):
    from gui.map.geometry import Chunking, morton
    from gui.map.layer_snapshot import MAP_COLUMNS
    from gui.map.layer_style import BY_GRID

    project, scene, styles = street
    polygon_styles = [s for s in styles if s.name in ("grids", "buildings", "compounds", "communities")]
    assert any(s.name == "buildings" and s.mode == BY_GRID for s in polygon_styles)
    rng = np.random.default_rng(seed)
    snapshot = scene.snapshot(styles)
    for style in polygon_styles:
        snapshot.chunking(style)
    built, extents = [], []
    original = Chunking.build.__func__
    import gui.map.scene_snapshot as scene_snapshot

    whole_extent = scene_snapshot.morton_extent
    monkeypatch.setattr(scene_snapshot, "morton_extent", lambda *a: extents.append(1) or whole_extent(*a))
    monkeypatch.setattr(Chunking, "build", classmethod(lambda cls, *a: built.append(1) or original(cls, *a)))
    moves = neighbour_moves(project, rng, 8)
    done, moved_rows = [], 0
    for step in range(14):
        random_edit(project, rng, step, moves, done, ["move", "move", "move", "rename", "reshape", "undo"])
        snapshot = scene.snapshot(styles)
        buildings = snapshot.layers["buildings"]
        for name in ("grids", "buildings"):
            for column in MAP_COLUMNS[name]:
                if column in project[name].columns:
                    assert _same_column(snapshot.layers[name].column(column), project[name][column].to_numpy())
        since = buildings.column_changed_since("grid_id", buildings.column("grid_id"))
        assert since is not None and not len(since)
        moved_rows += sum(len(s) for _a, s in buildings.column_lineage.get("grid_id", ())[:1])
        for style in polygon_styles:
            cache, classes = snapshot.cache(style.name), snapshot.classes(style)[0]
            chunking = snapshot.chunking(style)
            fresh = original(Chunking, cache, classes)
            z = scene.recall(("z-order", style.name))[1][0]
            assert np.array_equal(z, morton(cache.centre[:, 0], cache.centre[:, 1]))
            for field in ("order", "start", "chunk_class", "chunk_bbox"):
                assert np.array_equal(getattr(chunking, field), getattr(fresh, field)), (step, style.name, field)
        # the classes of buildings: their grid's colour looked up afresh
        style = next(s for s in polygon_styles if s.name == "buildings")
        ids, colour, _geoms = scene.recall(("grid_colours",))[1]
        position = pd.Index(ids).get_indexer(buildings.column("grid_id"))
        expected = np.append(np.asarray(colour, dtype=np.int64), -1)[position]
        expected = np.where(expected < 0, len(snapshot.classes(style)[1]) - 1, expected)
        assert np.array_equal(snapshot.classes(style)[0], expected)
    assert moved_rows > 0  # some frames looked up only the moved buildings
    assert len(built) <= 14 * len(polygon_styles) // 4  # most chunkings were patched, not built
    assert len(extents) <= 3  # the Z-order codes only the moved centres again


def test_a_column_copied_row_by_row_equals_a_full_copy_and_knows_its_rows():
    from gui.map.layer_snapshot import capture

    frame = pd.DataFrame({"grid_id": [f"G{i % 7}" for i in range(50)], "floors": np.arange(50)},
                         index=[f"B{i}" for i in range(50)])
    layer = capture("buildings", frame, np.full(50, None, dtype=object), ("grid_id", "floors"))
    first = layer.column("grid_id")
    frame.loc[["B3", "B40"], "grid_id"] = "G9"
    later = layer.with_columns(frame, {"grid_id"}, {"grid_id": np.array([3, 40])})
    assert _same_column(later.column("grid_id"), frame["grid_id"].to_numpy())
    assert later.column("floors") is layer.column("floors") and later.geoms is layer.geoms
    assert later.column_changed_since("grid_id", first).tolist() == [3, 40]
    frame.loc["B7", "grid_id"] = None
    last = later.with_columns(frame, {"grid_id"}, {"grid_id": np.array([7])})
    assert _same_column(last.column("grid_id"), frame["grid_id"].to_numpy())
    assert last.column_changed_since("grid_id", first).tolist() == [3, 7, 40]
    assert not last.column("grid_id").flags.writeable
    # a value the old dtype cannot hold (an integer column given a gap): copied whole, rows unknown
    frame["floors"] = frame["floors"].astype("float64")
    frame.loc["B1", "floors"] = np.nan
    floats = last.with_columns(frame, {"floors"}, {"floors": np.array([1])})
    assert floats.column("floors").dtype == np.float64 and np.isnan(floats.column("floors")[1])
    assert floats.column_changed_since("floors", layer.column("floors")) is None
    # rows not known: the whole column, and no row-wise answer
    frame.loc["B2", "grid_id"] = "G0"
    whole = floats.with_columns(frame, {"grid_id"}, {"grid_id": None})
    assert _same_column(whole.column("grid_id"), frame["grid_id"].to_numpy())
    assert whole.column_changed_since("grid_id", first) is None


def test_edits_of_layers_the_map_does_not_draw_leave_no_trace(demo_gpkg):
    """Members, organizations, cases are never snapshotted: their edited rows must not pile up."""
    from gui.map.scene import MapScene

    scene = MapScene(Project.read(demo_gpkg))
    scene.snapshot()
    version = scene.version
    for i in range(50):
        scene.invalidate("members", {"name"}, [f"M{i:05d}"])
        scene.invalidate("organizations", {"geometry"}, [f"O{i:03d}"])
    scene.snapshot()
    assert scene.version == version + 100  # frames still follow every edit
    assert not any(name in d for d in (scene._stale, scene._stale_rows, scene._moved)
                   for name in ("members", "organizations"))


def test_duplicate_ids_copy_the_column_whole_instead_of_raising(demo_gpkg):
    """A layer loaded with duplicate ids (validate warns, the project keeps it): edits of it are
    taken by copying whole columns and re-projecting the layer, as before rows were tracked."""
    from gui.map.scene import MapScene

    project = Project.read(demo_gpkg)
    grids = project["grids"]
    first = grids.index[0]
    project.layers["grids"] = pd.concat([grids, grids.iloc[[1]].rename(index={grids.index[1]: first})])
    scene = MapScene(project)
    scene.snapshot(names=["grids"])
    project.layers["grids"].iloc[0, project.layers["grids"].columns.get_loc("name")] = "改名"
    scene.invalidate("grids", {"name"}, [first])
    assert scene.snapshot(names=["grids"]).layers["grids"].column("name")[0] == "改名"
    scene.invalidate("grids", {"geometry"}, [first])
    assert len(scene.snapshot(names=["grids"]).layers["grids"]) == len(grids) + 1
