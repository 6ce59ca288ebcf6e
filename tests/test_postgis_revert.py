"""Reverting one recorded change as a new change: ``main.py history PROJECT revert ENTRY_ID``.

The same tests on a GeoPackage copy of the demo street and on its published
twin on the throwaway PostgreSQL/PostGIS server (tests/pg_server.py).
"""
import shutil

import psycopg
import pytest

from geo.cli import main as cli
from geo.commands import DeleteFeatures, SetValues
from geo.history import read_history
from geo.postgis.url import parse_url
from geo.project import Project
from tests.pg_server import edit_and_close


@pytest.fixture(params=["gpkg", "postgis"])
def location(request, demo_gpkg, tmp_path):
    """A writable project: a GeoPackage copy, or a published copy on the test server."""
    if request.param == "gpkg":
        copy = tmp_path / "demo.gpkg"
        shutil.copyfile(demo_gpkg, copy)
        return str(copy)
    return request.getfixturevalue("published_demo")[1]


def _value(location, layer, fid, column):
    project = Project.open(location)
    try:
        return project[layer].at[fid, column]
    finally:
        project.close()


def _two_buildings(location):
    project = Project.open(location)
    try:
        first, second = project["buildings"].index[:2]
        return first, second, project["buildings"].at[first, "households"]
    finally:
        project.close()


def test_an_older_change_is_reverted_as_a_new_recorded_change(location, capsys):
    first, second, before = _two_buildings(location)
    entry = edit_and_close(location, SetValues("buildings", {first: {"households": 777}}))
    edit_and_close(location, SetValues("buildings", {second: {"households": 555}}))  # a later, unrelated change
    assert cli(["history", location, "revert", str(entry)]) == 0
    assert f"#{entry}" in capsys.readouterr().out
    assert _value(location, "buildings", first, "households") == before
    assert _value(location, "buildings", second, "households") == 555  # the later change stands
    newest = read_history(location, 1)[0]
    assert f"#{entry}" in newest.text() and newest.undo_of is None and not newest.undone
    assert newest.counts == {"buildings": {"updated": 1}}


def test_refused_when_a_later_change_touched_the_same_feature(location, capsys):
    first, _second, _before = _two_buildings(location)
    entry = edit_and_close(location, SetValues("buildings", {first: {"households": 777}}))
    later = edit_and_close(location, SetValues("buildings", {first: {"households": 778}}))
    count = len(read_history(location))
    assert cli(["history", location, "revert", str(entry)]) == 2
    err = capsys.readouterr().err
    assert first in err and f"#{entry}" in err
    assert (_role(location) if location.startswith("postgresql") else f"#{later}") in err  # who changed it
    assert _value(location, "buildings", first, "households") == 778  # nothing changed
    assert len(read_history(location)) == count


def _role(url):
    with psycopg.connect(parse_url(url).conninfo, autocommit=True) as conn:
        return conn.execute("SELECT session_user").fetchone()[0]


def test_a_revert_of_a_delete_brings_the_feature_back_and_cannot_be_applied_twice(location, capsys):
    project = Project.open(location)
    try:
        link = project["partner_links"].index[0]
        row = project["partner_links"].loc[link].to_dict()
    finally:
        project.close()
    entry = edit_and_close(location, DeleteFeatures("partner_links", [link]))
    assert cli(["history", location, "revert", str(entry)]) == 0
    project = Project.open(location)
    try:
        assert link in project["partner_links"].index
        back = project["partner_links"].loc[link]
        assert {k: back[k] for k in ("partner_id",) if k in row} == {k: row[k] for k in ("partner_id",) if k in row}
    finally:
        project.close()
    capsys.readouterr()
    assert cli(["history", location, "revert", str(entry)]) == 2  # the revert itself changed it since
    assert link in capsys.readouterr().err


def test_undo_entries_unknown_ids_and_undone_entries_are_refused(location, capsys):
    first, _second, _before = _two_buildings(location)
    assert cli(["history", location, "revert", "999"]) == 2
    assert "#999" in capsys.readouterr().err
    entry = edit_and_close(location, SetValues("buildings", {first: {"households": 1}}))
    assert cli(["undo", location]) == 0
    undo_entry = read_history(location, 1)[0].entry_id
    capsys.readouterr()
    assert cli(["history", location, "revert", str(entry)]) == 2  # already undone
    assert cli(["history", location, "revert", str(undo_entry)]) == 2  # an undo itself
    assert cli(["history", location, "revert"]) == 2  # no id


def test_on_the_server_a_change_made_outside_gridatlas_blocks_the_revert(published_demo, capsys):
    _path, url = published_demo
    first, _second, _before = _two_buildings(url)
    entry = edit_and_close(url, SetValues("buildings", {first: {"households": 321}}))
    server = parse_url(url)
    with psycopg.connect(server.conninfo, autocommit=True) as conn:  # as QGIS or psql would
        conn.execute(f'SET search_path TO "{server.schema}"')
        conn.execute("UPDATE buildings SET name = %s WHERE building_id = %s", ("改名楼", first))
    assert cli(["history", url, "revert", str(entry)]) == 2
    err = capsys.readouterr().err
    assert first in err and _role(url) in err and f"#{entry}" in err
    assert _value(url, "buildings", first, "households") == 321


def test_the_history_panel_reverts_the_selected_entry_as_an_undoable_step(app, make_main_window, location,
                                                                           monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    first, second, before = _two_buildings(location)
    entry = edit_and_close(location, SetValues("buildings", {first: {"households": 777}}))
    edit_and_close(location, SetValues("buildings", {second: {"households": 555}}))
    window = make_main_window(location, show=False)
    dock = window.undo_dock
    assert not dock.revert_button.isEnabled()  # nothing selected yet
    dock.saved_list.setCurrentRow(1)  # newest first: row 1 is the first edit
    assert dock.selected_entry().entry_id == entry and dock.revert_button.isEnabled()
    dock.revert_button.click()
    assert window.project["buildings"].at[first, "households"] == before
    assert window.undo_stack.count() == 1 and f"#{entry}" in window.undo_stack.text(0)
    window.undo_stack.undo()  # the revert is an ordinary step of this session
    assert window.project["buildings"].at[first, "households"] == 777
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.undo_stack.redo()  # the revert again, then a second revert of the same entry is refused
    dock.refresh()
    dock.saved_list.setCurrentRow([e.entry_id for e in dock._entries].index(entry))
    dock.revert_button.click()
    assert warnings and first in warnings[0]
    assert window.project["buildings"].at[first, "households"] == before
