"""The project file: atomic creation, transactional edits, refusing foreign files."""
import hashlib
import sqlite3

import pytest
import shapely

from geo import gpkg
from geo.commands import SetValues
from geo.project import Project
from geo.store import ProjectError, ProjectStore, read_layers, save_as, write_project
from tests.factories import tiny_frames, tiny_rules


def table_digest(path, table):
    con = sqlite3.connect(path)
    rows = con.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    con.close()
    return hashlib.sha1(repr(rows).encode()).hexdigest()


def test_round_trip_keeps_layers_columns_and_rules(tiny_gpkg):
    loaded = read_layers(tiny_gpkg)
    assert loaded.crs == "EPSG:4490"
    assert loaded.rules == tiny_rules()
    b = loaded.frames["buildings"]
    assert list(b["building_id"]) == ["B1", "B2", "B3"]
    assert b["households"].dtype == "int64" and b["households"].sum() == 130
    assert loaded.frames["members"]["id_number"].tolist() == ["11010519491231002X", "110105198001010024"]
    assert loaded.problems == []


def test_geometry_blob_round_trip():
    geom = shapely.box(117.0, 36.6, 117.1, 36.7)
    blob = gpkg.encode(geom, 4490)
    assert blob[:2] == b"GP"
    assert gpkg.decode(blob).equals(geom)
    assert gpkg.decode(gpkg.encode(shapely.Point(), 4490)).is_empty


def test_edit_is_written_and_undone_on_disk(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    command = SetValues("buildings", {"B2": {"grid_id": "G2"}}, "move B2")
    command.do(project)
    assert project["buildings"].at["B2", "grid_id"] == "G2"
    assert read_layers(tiny_gpkg).frames["buildings"].set_index("building_id").at["B2", "grid_id"] == "G2"
    command.undo(project)
    assert read_layers(tiny_gpkg).frames["buildings"].set_index("building_id").at["B2", "grid_id"] == "G1"
    project.close()


def test_geometry_edit_updates_rtree(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    moved = shapely.affinity.translate(project["stations"].at["S1", "geometry"], 0.001, 0)
    project.apply([("update", "stations", "S1", {"geometry": moved})])
    project.close()
    con = sqlite3.connect(tiny_gpkg)
    minx = con.execute("SELECT minx FROM rtree_stations_geom").fetchone()[0]
    assert minx == pytest.approx(moved.x, abs=2e-5)  # the R-tree stores float32
    assert read_layers(tiny_gpkg).frames["stations"].geometry.iloc[0].equals_exact(moved, 1e-9)


def test_failure_in_the_middle_leaves_file_and_memory_as_they_were(tiny_gpkg):
    before = table_digest(tiny_gpkg, "buildings")
    project = Project.open(tiny_gpkg)
    changes = [("update", "buildings", "B1", {"grid_id": "G2"}),
               ("update", "buildings", "B2", {"no_such_column": 1})]
    with pytest.raises(sqlite3.OperationalError):
        project.apply(changes)
    assert project["buildings"].at["B1", "grid_id"] == "G1"
    project.close()
    assert table_digest(tiny_gpkg, "buildings") == before


def test_writing_over_a_non_geopackage_is_refused(tmp_path):
    target = tmp_path / "notes.gpkg"
    target.write_text("my notes, not a project")
    with pytest.raises(ProjectError, match="refusing to overwrite"):
        write_project(target, tiny_frames(), tiny_rules())
    assert target.read_text() == "my notes, not a project"


def test_failed_write_leaves_existing_project_untouched(tiny_gpkg):
    before = tiny_gpkg.read_bytes()
    frames = tiny_frames()
    frames["buildings"] = frames["buildings"].assign(geometry=None).set_geometry("geometry")
    frames["buildings"]["floors"] = [object(), 1, 2]  # not writable
    with pytest.raises(Exception):
        write_project(tiny_gpkg, frames, tiny_rules())
    assert tiny_gpkg.read_bytes() == before
    assert not list(tiny_gpkg.parent.glob("*.partial.gpkg"))


def test_save_as_copies_live_file_through_backup(tiny_gpkg, tmp_path):
    store = ProjectStore(tiny_gpkg)
    store.apply([("update", "grids", "G1", {"name": "改名网格"})])
    copy = save_as(store, tmp_path / "copy.gpkg")
    store.close()
    names = read_layers(copy).frames["grids"]["name"].tolist()
    assert names == ["改名网格", "第二网格"]


def test_settings_change_is_stored(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    project.apply([("setting", "households_max", "90")])
    assert project.rules.households_max == 90
    project.close()
    assert read_layers(tiny_gpkg).rules.households_max == 90


def test_open_refuses_truncated_file(tiny_gpkg):
    data = tiny_gpkg.read_bytes()
    tiny_gpkg.write_bytes(data[: len(data) // 3])
    with pytest.raises(ProjectError, match="tiny.gpkg"):
        Project.open(tiny_gpkg)
