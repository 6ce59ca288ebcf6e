"""Roles enforced by PostgreSQL: a community editor cannot change another community, even with
direct SQL under its role; a viewer is never sent names, phones or ID numbers.

Real PostgreSQL/PostGIS (tests/pg_server.py); the local socket trusts its owner, so a test
connects as any role by naming it in the URL.
"""
import itertools

import psycopg
import pytest

from geo.cli import main as cli
from geo.commands import SetValues
from geo.editing.assign import EditRefused
from geo.postgis.url import parse_url
from geo.project import Project

_names = itertools.count(1)


def _as(url, role):
    """The same project URL, connecting as ``role``."""
    loc = parse_url(url)
    rest = loc.conninfo.split("@", 1)[1]
    return f"postgresql://{role}@{rest}?schema={loc.schema}"


def _two_communities(url):
    project = Project.open(url)
    try:
        grids = project["grids"]
        first, second = list(dict.fromkeys(grids["community_id"]))[:2]
        return (first, grids.index[grids["community_id"] == first][0],
                second, grids.index[grids["community_id"] == second][0])
    finally:
        project.close()


def test_a_community_editor_changes_only_its_community(published_demo, capsys):
    _path, url = published_demo
    mine, my_grid, other, other_grid = _two_communities(url)
    name = f"editor{next(_names)}"
    assert cli(["db-role", url, "add", name, "--role", "editor", "--community", mine]) == 0
    assert mine in capsys.readouterr().out
    editor = Project.open(_as(url, name))
    try:
        SetValues("grids", {my_grid: {"name": "我的网格"}}).do(editor)
        with pytest.raises(EditRefused) as info:
            SetValues("grids", {other_grid: {"name": "别人的网格"}}).do(editor)
        assert other_grid in str(info.value) and "无权" in str(info.value)
        with pytest.raises(EditRefused):  # moving a grid into another community: the new row fails the check
            SetValues("grids", {my_grid: {"community_id": other}}).do(editor)
    finally:
        editor.close()
    server = parse_url(_as(url, name))
    with psycopg.connect(server.conninfo, autocommit=True) as conn:  # plain SQL under the role
        cur = conn.execute(f'UPDATE "{server.schema}".grids SET name = %s WHERE grid_id = %s', ("x", other_grid))
        assert cur.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'UPDATE "{server.schema}".settings SET value = %s', ("1",))
    check = Project.open(url)
    try:
        assert check["grids"].at[my_grid, "name"] == "我的网格"
        assert check["grids"].at[other_grid, "name"] != "x"
    finally:
        check.close()


def test_a_viewer_never_receives_personal_data(published_demo, capsys):
    _path, url = published_demo
    name = f"viewer{next(_names)}"
    assert cli(["db-role", url, "add", name, "--role", "viewer"]) == 0
    viewer = Project.open(_as(url, name))
    try:
        members = viewer["members"]
        assert len(members) > 0
        assert members["name"].isna().all() and members["phone"].isna().all() and members["id_number"].isna().all()
        assert members["building_id"].notna().any()
        for layer in ("needs", "cases"):  # the reporters of needs and cases are as private
            frame = viewer[layer]
            assert len(frame) > 0 and frame["category"].notna().all()
            assert frame["reporter_name"].isna().all() and frame["reporter_phone"].isna().all()
        with pytest.raises(EditRefused):
            SetValues("grids", {viewer["grids"].index[0]: {"name": "x"}}).do(viewer)
    finally:
        viewer.close()
    server = parse_url(_as(url, name))
    with psycopg.connect(server.conninfo, autocommit=True) as conn:
        for query in ('SELECT phone FROM "{s}".members', 'SELECT * FROM "{s}".members',
                      'SELECT reporter_phone FROM "{s}".cases', 'SELECT reporter_name FROM "{s}".needs',
                      'SELECT inverse FROM "{s}".history', 'SELECT before FROM "{s}".feature_log'):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(query.format(s=server.schema))
            conn.rollback()


def test_an_admin_changes_settings_and_a_street_editor_its_street(published_demo, capsys):
    _path, url = published_demo
    admin = f"admin{next(_names)}"
    assert cli(["db-role", url, "add", admin, "--role", "admin"]) == 0
    project = Project.open(_as(url, admin))
    try:
        project.apply([("setting", "households_max", "510")])
        street = project.street_name
    finally:
        project.close()
    editor = f"street{next(_names)}"
    assert cli(["db-role", url, "add", editor, "--role", "editor", "--street", street]) == 0
    assert cli(["db-role", url, "add", editor, "--role", "editor", "--street", "没有这个街道"]) == 2
    assert "没有这个街道" in capsys.readouterr().err
