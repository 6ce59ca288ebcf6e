"""History on the server: the database logs every feature change itself, whoever makes it.

Real PostgreSQL/PostGIS (tests/pg_server.py); the same ``history --feature`` on the file.
"""
import json

import psycopg
import pytest

from geo.cli import main as cli
from geo.commands import SetValues
from geo.postgis.store import StaleEdit
from geo.postgis.url import parse_url
from geo.project import Project


def _direct_sql(url, statement, params):
    """What QGIS or psql would do: plain SQL under the same role, no GridAtlas involved."""
    server = parse_url(url)
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{server.schema}"')
        conn.execute(statement, params)


def _changes(capsys, *argv):
    assert cli(["history", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_change_is_logged_with_role_time_before_and_after(published_demo, capsys):
    path, url = published_demo
    project = Project.open(url)
    building = project["buildings"].index[0]
    try:
        SetValues("buildings", {building: {"households": 99}}).do(project)
        _direct_sql(url, "UPDATE buildings SET name = %s WHERE building_id = %s", ("改名楼", building))
        with pytest.raises(StaleEdit):  # the trigger moved the version: the direct edit counts too
            SetValues("buildings", {building: {"households": 98}}).do(project)
        assert project["buildings"].at[building, "name"] == "改名楼"
    finally:
        project.close()
    direct, ours = _changes(capsys, url, "--feature", building)
    assert direct["columns"] == ["name"] and direct["entry"] is None and direct["role"] == "root"
    assert ours["columns"] == ["households"] and ours["entry"] is not None and ours["operation"] == "update"
    assert _changes(capsys, url, "--feature", building, "--since", "2999-01-01") == []
    file_project = Project.open(path)
    try:
        SetValues("buildings", {building: {"households": 99}}).do(file_project)
    finally:
        file_project.close()
    (in_file,) = _changes(capsys, str(path), "--feature", building)
    assert {k: in_file[k] for k in ("layer", "feature", "operation", "columns", "command")} == \
        {k: ours[k] for k in ("layer", "feature", "operation", "columns", "command")}


def test_inserts_and_deletes_are_logged(published_demo, capsys):
    from geo.commands import DeleteFeatures

    _path, url = published_demo
    project = Project.open(url)
    link = project["partner_links"].index[0]
    try:
        command = DeleteFeatures("partner_links", [link])
        command.do(project)
        command.undo(project)
    finally:
        project.close()
    inserted, deleted = _changes(capsys, url, "--feature", link)
    assert (inserted["operation"], deleted["operation"]) == ("insert", "delete")
    assert inserted["entry"] == deleted["entry"] + 1


def test_a_bad_since_is_one_clear_line(published_demo, capsys):
    _path, url = published_demo
    assert cli(["history", url, "--since", "yesterday"]) == 2
    assert "yesterday" in capsys.readouterr().err
