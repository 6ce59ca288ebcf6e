"""Offline copies of a published project: checkout, edit anywhere, sync back three-way.

Against the throwaway server of tests/pg_server.py (real PostgreSQL/PostGIS).
"""
import json
import sqlite3

import pytest

from geo.cli import main as cli
from geo.commands import DeleteFeatures, SetValues
from geo.messages import CodedError
from geo.postgis.offline import checkout, sync
from geo.project import Project
from tests.pg_server import edit_and_close


def _value(location, layer, id_, column):
    project = Project.open(location)
    try:
        return project[layer].at[id_, column] if id_ in project[layer].index else None
    finally:
        project.close()


def _ids(location, layer):
    project = Project.open(location)
    try:
        return set(project[layer].index)
    finally:
        project.close()


def _buildings(url, n):
    project = Project.open(url)
    try:
        return list(project["buildings"].index[:n])
    finally:
        project.close()


def test_checkout_writes_every_feature_and_its_base(offline):
    url, out = offline
    assert _ids(out, "buildings") == _ids(url, "buildings")
    con = sqlite3.connect(out)
    try:
        meta = dict(con.execute("SELECT key, value FROM sync_meta"))
        assert meta["url"] == url and meta["street"] == ""
        versions = dict(con.execute("SELECT version, count(*) FROM sync_base GROUP BY version"))
        assert set(versions) == {1}
    finally:
        con.close()
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}  # nothing moved


def test_disjoint_edits_both_land_and_a_second_sync_is_a_no_op(offline):
    url, out = offline
    mine, theirs = _buildings(url, 2)
    edit_and_close(out, SetValues("buildings", {mine: {"households": 401, "name": "离线改名"}}))
    edit_and_close(url, SetValues("buildings", {theirs: {"households": 402}}))
    report = sync(out)
    assert report.sent == {"buildings": 1} and report.taken == {"buildings": 1} and not report.conflicts
    assert _value(url, "buildings", mine, "households") == 401
    assert _value(url, "buildings", mine, "name") == "离线改名"
    assert _value(out, "buildings", theirs, "households") == 402
    before = out.read_bytes()
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}
    assert out.read_bytes() == before  # a sync with nothing to do leaves the file alone
    project = Project.open(url)
    try:
        assert project.store.history_entries()[0].counts == {"buildings": {"updated": 1}}
    finally:
        project.close()


def test_inserts_and_deletes_travel_both_ways(offline):
    url, out = offline
    project = Project.open(url)
    links = list(project["partner_links"].index[:2])
    row = project["partners"].iloc[0].to_dict()
    project.close()
    edit_and_close(out, DeleteFeatures("partner_links", [links[0]]))
    edit_and_close(url, DeleteFeatures("partner_links", [links[1]]))
    from geo.commands import InsertFeatures

    edit_and_close(out, InsertFeatures("partners", [dict(row, partner_id="PXOFF", name="离线新增")]))
    edit_and_close(url, InsertFeatures("partners", [dict(row, partner_id="PXSRV", name="服务器新增")]))
    report = sync(out)
    assert not report.conflicts
    for location in (url, out):
        assert not {links[0], links[1]} & _ids(location, "partner_links")
        assert {"PXOFF", "PXSRV"} <= _ids(location, "partners")
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}


def test_the_same_feature_edited_on_both_sides_is_a_conflict_and_nothing_is_lost(offline):
    url, out = offline
    (building,) = _buildings(url, 1)
    edit_and_close(out, SetValues("buildings", {building: {"households": 111}}))
    edit_and_close(url, SetValues("buildings", {building: {"households": 222}}))
    report = sync(out)
    assert [(c.layer, c.id, c.kind) for c in report.conflicts] == [("buildings", building, "edit/edit")]
    assert report.conflicts[0].columns == [("households", 111, 222)]
    assert _value(out, "buildings", building, "households") == 111  # both sides kept
    assert _value(url, "buildings", building, "households") == 222
    again = sync(out)  # still listed, still nothing overwritten
    assert [c.id for c in again.conflicts] == [building] and not again.sent and not again.taken
    # resolved by editing the file, then syncing again: the edit is the resolution
    edit_and_close(out, SetValues("buildings", {building: {"households": 333}}))
    resolved = sync(out)
    assert not resolved.conflicts and resolved.sent == {"buildings": 1}
    assert _value(url, "buildings", building, "households") == 333
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}


@pytest.mark.parametrize("prefer, expected", [("server", 222), ("local", 111)])
def test_prefer_settles_conflicts(offline, prefer, expected):
    url, out = offline
    (building,) = _buildings(url, 1)
    edit_and_close(out, SetValues("buildings", {building: {"households": 111}}))
    edit_and_close(url, SetValues("buildings", {building: {"households": 222}}))
    assert sync(out).conflicts
    assert not sync(out, prefer=prefer).conflicts
    assert _value(out, "buildings", building, "households") == expected
    assert _value(url, "buildings", building, "households") == expected
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}


def test_delete_against_edit_is_a_conflict_both_ways(offline):
    url, out = offline
    project = Project.open(url)
    first, second = list(project["partner_links"].index[:2])
    project.close()
    edit_and_close(out, DeleteFeatures("partner_links", [first]))
    edit_and_close(url, SetValues("partner_links", {first: {"items": 97}}))
    edit_and_close(out, SetValues("partner_links", {second: {"items": 8}}))
    edit_and_close(url, DeleteFeatures("partner_links", [second]))
    report = sync(out)
    assert sorted((c.id, c.kind) for c in report.conflicts) == sorted(
        [(first, "delete/edit"), (second, "edit/delete")])
    assert first in _ids(url, "partner_links") and first not in _ids(out, "partner_links")
    assert second in _ids(out, "partner_links") and second not in _ids(url, "partner_links")
    sync(out, prefer="server")
    assert _value(out, "partner_links", first, "items") == 97
    assert second not in _ids(out, "partner_links")


def test_a_street_checkout_holds_only_that_street(published_demo, tmp_path):
    _path, url = published_demo
    project = Project.open(url)
    street = project["communities"]["street"].iloc[0]
    project.close()
    out = tmp_path / "street.gpkg"
    result = checkout(url, out, street=street)
    assert result["layers"]["communities"] >= 1
    copy = Project.open(out)
    try:
        assert set(copy["communities"]["street"]) == {street}
    finally:
        copy.close()
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}
    with pytest.raises(CodedError) as info:
        checkout(url, tmp_path / "none.gpkg", street="没有这个街道")
    assert info.value.message.code == "offline.unknown_street"
    assert not (tmp_path / "none.gpkg").exists()


def test_the_cli_refuses_to_overwrite_and_reports_conflicts(published_demo, tmp_path, capsys):
    _path, url = published_demo
    out = tmp_path / "cli.gpkg"
    assert cli(["checkout", url, str(out)]) == 0
    assert "cli.gpkg" in capsys.readouterr().out
    before = out.read_bytes()
    assert cli(["checkout", url, str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == before
    (building,) = _buildings(url, 1)
    edit_and_close(out, SetValues("buildings", {building: {"households": 5}}))
    edit_and_close(url, SetValues("buildings", {building: {"households": 6}}))
    assert cli(["sync", str(out), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["conflicts"][0]["columns"] == [{"column": "households", "local": 5, "server": 6}]
    assert cli(["sync", str(out), "--prefer", "local"]) == 0
    assert _value(url, "buildings", building, "households") == 5
    capsys.readouterr()
    plain = tmp_path / "plain.gpkg"
    plain.write_bytes(b"")
    assert cli(["sync", str(plain)]) == 2
