"""The recorded history: every write is one entry in its own transaction; `main.py undo`
walks the file back exactly; the GUI shows what earlier sessions recorded."""
from __future__ import annotations

import json
import sqlite3

import geopandas as gpd
import pytest
import shapely

from geo.cli import main as cli_main
from geo.commands import DeleteFeatures, InsertFeatures, SetValues
from geo.history import decode_changes, encode_changes, read_history
from geo.project import Project
from geo.schema import HISTORY_TABLE, SETTINGS_TABLE
from geo.store import read_layers
from tests.factories import rect
from tests.plan_session_checks import frame_digest


def content_digest(path) -> dict:
    """Table -> sha256 of its rows sorted by id, geometries as WKB; every table but history.

    A column with no value at all is left out: an import may add an optional column
    (``households_source``), and undo empties it but does not drop it.
    """
    frames = read_layers(path).frames
    out = {name: frame_digest(name, frame, [c for c in frame.columns if frame[c].notna().any() or not len(frame)])
           for name, frame in sorted(frames.items())}
    con = sqlite3.connect(path)
    try:
        out[SETTINGS_TABLE] = sorted(con.execute(f'SELECT "key", "value" FROM "{SETTINGS_TABLE}"'))
    finally:
        con.close()
    return out


def write_buildings_geojson(path):
    """B1 changed (name, households, shape) and one new building B9, in EPSG:4490."""
    frame = gpd.GeoDataFrame(
        {"building_id": ["B1", "B9"], "name": ["1号楼（改）", "9号楼"], "households": [66, 20]},
        geometry=[rect(12, 10, 60, 26), rect(130, 70, 160, 85)], crs="EPSG:4548").to_crs("EPSG:4490")
    frame.to_file(path, driver="GeoJSON")
    return path


def history_json(path, *extra):
    return json.loads(_stdout(["history", str(path), "--json", *extra]))


def _stdout(argv):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(argv) == 0
    return out.getvalue()


def test_an_import_is_one_entry_and_undo_restores_every_table(tiny_gpkg, tmp_path):
    before = content_digest(tiny_gpkg)
    source = write_buildings_geojson(tmp_path / "楼栋.geojson")
    assert cli_main(["import", str(tiny_gpkg), str(source), "--as", "buildings"]) == 0
    assert content_digest(tiny_gpkg) != before
    [entry] = history_json(tiny_gpkg)
    assert entry["command"] == "导入 楼栋.geojson → 楼栋"
    assert entry["counts"]["buildings"]["inserted"] == 1
    assert entry["counts"]["buildings"]["updated"] >= 1
    assert entry["undone"] is False and entry["undo_of"] is None

    assert cli_main(["undo", str(tiny_gpkg)]) == 0
    assert content_digest(tiny_gpkg) == before
    undo, original = history_json(tiny_gpkg)
    assert undo["undo_of"] == original["id"] and undo["id"] > original["id"]
    assert original["undone"] is True


def test_undo_steps_two_reverts_the_newest_two_in_order(tiny_gpkg):
    start = content_digest(tiny_gpkg)
    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B1": {"households": 61}}).do(project)
        after_first = content_digest(tiny_gpkg)
        SetValues("buildings", {"B1": {"households": 62}, "B2": {"name": "二号楼"}}).do(project)
        DeleteFeatures("buildings", ["B3"]).do(project)
    finally:
        project.close()
    assert [e["command"] for e in history_json(tiny_gpkg)] == [
        "删除楼栋", "修改楼栋", "修改楼栋"]

    assert cli_main(["undo", str(tiny_gpkg), "--steps", "2"]) == 0
    assert content_digest(tiny_gpkg) == after_first
    assert cli_main(["undo", str(tiny_gpkg)]) == 0
    assert content_digest(tiny_gpkg) == start
    assert len(history_json(tiny_gpkg, "--limit", "2")) == 2


def test_nothing_left_to_undo_is_refused_and_changes_nothing(tiny_gpkg, capsys):
    before = content_digest(tiny_gpkg)
    assert cli_main(["undo", str(tiny_gpkg)]) == 2
    err = capsys.readouterr().err
    assert "no recorded operation left to undo" in err or "没有可撤销" in err
    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B2": {"floors": 7}}).do(project)
    finally:
        project.close()
    assert cli_main(["undo", str(tiny_gpkg), "--steps", "2"]) == 2
    err = capsys.readouterr().err
    assert ("only 1 recorded" in err or "只能撤销 1 步" in err) and err.count("\n") == 1
    assert content_digest(tiny_gpkg) != before  # the one entry was not undone halfway
    assert [e["undone"] for e in history_json(tiny_gpkg)] == [False]


def test_a_gui_stack_undo_is_recorded_and_not_undone_twice(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        first = SetValues("buildings", {"B1": {"floors": 9}})
        first.do(project)
        second = InsertFeatures("stations", [{"station_id": "S2", "name": "新站", "level": "grid",
                                              "status": "planned", "service_radius_m": 100.0,
                                              "community_id": "C1",
                                              "geometry": shapely.Point(117.0, 36.65)}])
        second.do(project)
        second.undo(project)  # what the Qt undo stack does
    finally:
        project.close()
    entries = history_json(tiny_gpkg)
    assert entries[0]["undo_of"] == entries[1]["id"] and entries[1]["undone"] is True
    assert cli_main(["undo", str(tiny_gpkg)]) == 0  # reverts the first command, not the undo
    project = Project.open(tiny_gpkg)
    try:
        assert project["buildings"].at["B1", "floors"] == 6
        assert "S2" not in project["stations"].index
    finally:
        project.close()


def test_change_lists_round_trip_exactly():
    geom = shapely.MultiPolygon([shapely.box(117.123456789012, 36.1, 117.2, 36.2)])
    changes = [("insert", "grids", {"grid_id": "G9", "geometry": geom, "n": 3, "x": 0.1, "s": None}),
               ("update", "buildings", "B1", {"households": 7}), ("delete", "grids", "G1"),
               ("setting", "households_max", "80")]
    back = decode_changes(encode_changes(changes))
    assert back[1:] == changes[1:]
    assert shapely.to_wkb(back[0][2]["geometry"]) == shapely.to_wkb(geom)
    assert {k: v for k, v in back[0][2].items() if k != "geometry"} == \
        {"grid_id": "G9", "n": 3, "x": 0.1, "s": None}


def test_history_needs_no_lock_and_a_file_without_history_lists_nothing(tiny_gpkg, tmp_path):
    from geo.editing.lock import acquire_write_lock

    lock = acquire_write_lock(tiny_gpkg)
    try:
        assert "没有已记录的操作" in _stdout(["history", str(tiny_gpkg)])
    finally:
        lock.release()
    assert read_history(tiny_gpkg) == []
    con = sqlite3.connect(tiny_gpkg)
    try:
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name=?",
                           (HISTORY_TABLE,)).fetchone()[0] == 0
    finally:
        con.close()
    bad = tmp_path / "not.gpkg"
    bad.write_text("hello")
    assert cli_main(["history", str(bad)]) == 2


def test_a_failed_write_records_nothing(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        with pytest.raises(sqlite3.OperationalError):  # the transaction rolled back whole
            SetValues("buildings", {"B1": {"no_such_column": 1}}).do(project)
    finally:
        project.close()
    assert read_history(tiny_gpkg) == []


# ---------------------------------------------------------------- the window

def test_a_gui_edit_is_recorded_and_undone_from_the_command_line(make_main_window, tiny_gpkg):
    from gui.undo import run_and_push

    window = make_main_window(tiny_gpkg, show=False)
    run_and_push(window.undo_stack, window.project, SetValues("buildings", {"B2": {"floors": 11}},
                                                              text="edit 2号楼"))
    window._close_project()
    [entry] = history_json(tiny_gpkg)
    assert entry["command"] == "edit 2号楼" and entry["counts"] == {"buildings": {"updated": 1}}
    assert cli_main(["undo", str(tiny_gpkg)]) == 0
    assert read_layers(tiny_gpkg).frames["buildings"].set_index("building_id").at["B2", "floors"] == 5


def test_the_history_dock_shows_earlier_sessions_and_undoes_the_latest(make_main_window, tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B1": {"floors": 8}}, text="edit 1号楼").do(project)
    finally:
        project.close()
    window = make_main_window(tiny_gpkg, show=False)
    dock = window.undo_dock
    assert dock.saved_list.count() == 1 and "edit 1号楼" in dock.saved_list.item(0).text()
    assert dock.undo_saved_button.isEnabled()

    dock.undo_saved_button.click()
    assert window.project["buildings"].at["B1", "floors"] == 6  # memory follows the file
    assert dock.saved_list.count() == 2 and "#1" in dock.saved_list.item(0).text()
    assert not dock.undo_saved_button.isEnabled()  # nothing left to undo
    run_and_push_edit = SetValues("buildings", {"B1": {"floors": 7}})
    from gui.undo import run_and_push

    run_and_push(window.undo_stack, window.project, run_and_push_edit)
    assert window.undo_stack.count() == 1 and not dock.undo_saved_button.isEnabled()
