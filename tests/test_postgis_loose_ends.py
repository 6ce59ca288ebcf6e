"""A server project where code once assumed a file: bookmarks, import, help texts, Save As.

Real PostgreSQL/PostGIS (tests/pg_server.py), real GeoPackages.
"""
import csv
import sqlite3

import pytest

from geo.bookmarks import add_user_bookmark, user_bookmarks
from geo.cli import build_parser, main as cli
from geo.commands import SetValues
from geo.history import read_history
from geo.project import Project
from geo.store import ProjectError, read_layers, save_as


def test_bookmarks_of_a_server_project_are_kept_on_the_server(published_demo):
    _path, url = published_demo
    project = Project.open(url)
    try:
        assert user_bookmarks(project) == []
        add_user_bookmark(project, "东门", (1.0, 2.0, 3.0, 4.0))
    finally:
        project.close()
    again = Project.open(url)
    try:
        assert [(b.name, b.bounds) for b in user_bookmarks(again)] == [("东门", (1.0, 2.0, 3.0, 4.0))]
    finally:
        again.close()


def test_import_into_a_server_project_names_its_url(published_demo, tmp_path, capsys):
    _path, url = published_demo
    project = Project.open(url)
    try:
        minx, miny, maxx, maxy = project.bounds()
    finally:
        project.close()
    source = tmp_path / "服务站.csv"
    with open(source, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(["站点名称", "经度", "纬度", "级别", "状态", "服务半径(米)"])
        out.writerow(["新服务站1", f"{(minx + maxx) / 2:.8f}", f"{(miny + maxy) / 2:.8f}", "grid", "planned", "300"])
    assert cli(["import", url, str(source), "--as", "stations"]) == 0
    printed = capsys.readouterr().out
    assert url in printed and "None" not in printed


def test_every_project_argument_says_file_or_url():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        for action in sub._actions:
            if action.dest == "project" and name not in ("publish", "sync", "db-role"):
                assert "postgresql://" in action.help and ".gpkg" in action.help, name


def test_save_as_from_a_server_project_writes_a_complete_geopackage(published_demo, tmp_path):
    _path, url = published_demo
    project = Project.open(url)
    try:
        building = project["buildings"].index[0]
        SetValues("buildings", {building: {"households": 42}}).do(project)
        add_user_bookmark(project, "东门", (1.0, 2.0, 3.0, 4.0))
        counts = {name: len(frame) for name, frame in project.layers.items()}
        target = save_as(project.store, tmp_path / "副本.gpkg")
    finally:
        project.close()
    copy = Project.open(target)
    try:
        assert {name: len(copy[name]) for name in counts} == counts
        assert copy["buildings"].at[building, "households"] == 42
        assert [b.name for b in user_bookmarks(copy)] == ["东门"]
    finally:
        copy.close()
    assert [e.text() for e in read_history(target)] == [e.text() for e in read_history(url)]
    assert cli(["undo", str(target)]) == 0  # the copied history undoes in the file
    assert read_layers(target).frames["buildings"].set_index("building_id").at[building, "households"] != 42
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]  # no temporary left behind


def test_save_as_from_a_server_refuses_to_replace_a_file_of_another_kind(published_demo, tmp_path):
    _path, url = published_demo
    notes = tmp_path / "notes.gpkg"
    notes.write_text("not a project")
    project = Project.open(url)
    try:
        with pytest.raises(ProjectError):
            save_as(project.store, notes)
    finally:
        project.close()
    assert notes.read_text() == "not a project"


def test_file_save_as_in_the_window_on_a_server_project(app, make_main_window, published_demo, tmp_path):
    _path, url = published_demo
    window = make_main_window(url, show=False)
    target = tmp_path / "本地副本.gpkg"
    assert window.save_project_as(str(target))
    assert window.project.path is not None and str(window.project.location) == str(target)
    with sqlite3.connect(target) as con:
        assert con.execute("SELECT count(*) FROM buildings").fetchone()[0] == len(window.project["buildings"])


def test_lists_on_a_server_project_need_no_file(published_demo):
    from geo.lists.items import ensure_list_tables

    _path, url = published_demo
    project = Project.open(url)
    try:
        ensure_list_tables(project)  # the tables are there: nothing to create, nothing raised
        assert len(project["needs"]) > 0
    finally:
        project.close()
