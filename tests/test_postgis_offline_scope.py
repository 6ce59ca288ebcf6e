"""Offline copies: what a street checkout holds, and what sync shows of people.

Against the throwaway server of tests/pg_server.py (real PostgreSQL/PostGIS).
"""
import json

from geo.cli import main as cli
from geo.commands import SetValues
from geo.masking import mask_name, mask_phone
from geo.postgis.offline import checkout, sync
from geo.project import Project
from tests.pg_server import edit_and_close


def _split_street(url):
    """Move one community of the demo street to another street; returns (street, moved community)."""
    project = Project.open(url)
    try:
        communities = project["communities"]
        street, moved = communities["street"].iloc[0], communities.index[-1]
        SetValues("communities", {moved: {"street": "另一街道"}}).do(project)
        return street, moved
    finally:
        project.close()


def test_a_street_checkout_leaves_out_another_street_s_people_and_syncs_back(published_demo, tmp_path):
    _path, url = published_demo
    street, moved = _split_street(url)
    server = Project.open(url)
    try:
        buildings = server["buildings"]
        grids_moved = set(server["grids"].index[server["grids"]["community_id"] == moved])
        out_buildings = set(buildings.index[buildings["grid_id"].isin(grids_moved)])
        members = server["members"]
        theirs = set(members.index[members["building_id"].isin(out_buildings)])
        orgs = server["organizations"]
        their_orgs = set(orgs.index[(orgs["area_type"] == "community") & (orgs["area_id"] == moved)])
        assert theirs and their_orgs
        ours = set(members.index) - theirs
    finally:
        server.close()
    out = tmp_path / "street.gpkg"
    result = checkout(url, out, street=street)
    copy = Project.open(out)
    try:
        assert moved not in copy["communities"].index
        assert not theirs & set(copy["members"].index)  # another street's members are absent
        assert not their_orgs & set(copy["organizations"].index)
        kept = copy["organizations"]
        assert set(kept["parent_id"].dropna()) <= set(kept.index)  # no parent outside the copy
        assert set(copy["members"]["org_id"].dropna()) <= set(kept.index)
        assert set(copy["members"].index) <= ours and len(copy["members"]) == result["layers"]["members"]
        member = copy["members"].index[0]
    finally:
        copy.close()
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}
    edit_and_close(out, SetValues("members", {member: {"work_unit": "离线修改"}}))
    report = sync(out)
    assert report.sent == {"members": 1} and not report.conflicts and not report.taken
    server = Project.open(url)
    try:
        assert server["members"].at[member, "work_unit"] == "离线修改"
        assert len(server["members"]) == len(members)  # nothing outside the street was taken as deleted
    finally:
        server.close()
    assert sync(out).as_dict() == {"sent": {}, "taken": {}, "conflicts": []}


def test_sync_conflict_lines_and_json_mask_names_and_phones(offline, capsys):
    url, out = offline
    server = Project.open(url)
    member = server["members"].index[0]
    server.close()
    edit_and_close(out, SetValues("members", {member: {"name": "欧阳本地", "phone": "13912345678"}}))
    edit_and_close(url, SetValues("members", {member: {"name": "欧阳服务", "phone": "13887654321"}}))
    assert cli(["sync", str(out)]) == 1
    text = capsys.readouterr().out
    assert cli(["sync", str(out), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    for shown in (text, json.dumps(data, ensure_ascii=False)):
        for secret in ("欧阳本地", "欧阳服务", "13912345678", "13887654321"):
            assert secret not in shown
    columns = {c["column"]: (c["local"], c["server"]) for c in data["conflicts"][0]["columns"]}
    assert columns["name"] == (mask_name("欧阳本地"), mask_name("欧阳服务"))
    assert columns["phone"] == (mask_phone("13912345678"), mask_phone("13887654321"))
    assert mask_name("欧阳本地") in text


def test_a_column_added_by_a_user_is_compared_and_sent_or_refused_clearly(offline, capsys):
    import sqlite3

    import psycopg

    from geo.postgis.url import parse_url

    url, out = offline
    with sqlite3.connect(out) as con:  # a column the user added to the file (not in the schema)
        con.execute('ALTER TABLE buildings ADD COLUMN "巡查备注" TEXT')
    copy = Project.open(out)
    first, second = list(copy["buildings"].index[:2])
    copy.close()
    edit_and_close(out, SetValues("buildings", {first: {"巡查备注": "屋顶漏水"}}))
    before = out.read_bytes()
    assert cli(["sync", str(out)]) == 2  # the server has no such column: refused, not dropped
    err = capsys.readouterr().err
    assert "巡查备注" in err and first in err and "服务器" in err
    assert out.read_bytes() == before
    server = parse_url(url)
    with psycopg.connect(server.conninfo, autocommit=True) as conn:  # the administrator adds it
        conn.execute(f'ALTER TABLE "{server.schema}".buildings ADD COLUMN "巡查备注" text')
    report = sync(out)
    assert report.sent == {"buildings": 1} and not report.conflicts
    project = Project.open(url)
    try:
        assert project["buildings"].at[first, "巡查备注"] == "屋顶漏水"
        SetValues("buildings", {second: {"巡查备注": "楼道堆物"}}).do(project)
    finally:
        project.close()
    report = sync(out)
    assert report.taken == {"buildings": 1} and not report.sent
    copy = Project.open(out)
    try:
        assert copy["buildings"].at[second, "巡查备注"] == "楼道堆物"
    finally:
        copy.close()
    edit_and_close(out, SetValues("buildings", {second: {"巡查备注": "已清理"}}))
    edit_and_close(url, SetValues("buildings", {second: {"巡查备注": "未清理"}}))
    conflicts = sync(out).conflicts
    assert [(c.id, c.columns) for c in conflicts] == [(second, [("巡查备注", "已清理", "未清理")])]
