"""Several clients editing one published project: each sees the others' edits, none is overwritten.

Two (or more) :class:`geo.project.Project` objects on the same server schema,
as two desktops would have them. Real PostgreSQL/PostGIS (tests/pg_server.py).
"""
import time

import pytest

from geo.commands import DeleteFeatures, InsertFeatures, SetValues
from geo.messages import CodedError
from geo.postgis.store import StaleEdit
from geo.project import Project
from tests.pg_server import run_clients


@pytest.fixture
def two_clients(published_demo):
    _path, url = published_demo
    a, b = Project.open(url), Project.open(url)
    yield a, b
    a.close()
    b.close()


def _server_value(url, layer, id_, column):
    fresh = Project.open(url)
    try:
        return fresh[layer].at[id_, column]
    finally:
        fresh.close()


def _sync_until(project, predicate, seconds=2.0):
    """What the GUI's socket notifier does: take in announcements until ``predicate()`` holds."""
    deadline = time.monotonic() + seconds
    events = []
    while time.monotonic() < deadline and not predicate():
        events += project.sync_remote(timeout=0.1)
    return events


def test_b_sees_a_s_edit_within_two_seconds(two_clients):
    a, b = two_clients
    building = a["buildings"].index[0]
    heard = []
    b.changed.connect(heard.append)
    SetValues("buildings", {building: {"households": 321}}).do(a)
    started = time.monotonic()
    _sync_until(b, lambda: b["buildings"].at[building, "households"] == 321)
    assert time.monotonic() - started < 2.0
    assert b["buildings"].at[building, "households"] == 321
    assert [e.layer for e in heard] == ["buildings"] and building in heard[0].ids
    assert b.store.versions["buildings"][building] == a.store.versions["buildings"][building] == 2


def test_a_stale_edit_is_refused_naming_who_and_when_and_reloaded(two_clients, published_demo):
    a, b = two_clients
    building = a["buildings"].index[1]
    SetValues("buildings", {building: {"households": 111}}).do(a)
    with pytest.raises(StaleEdit) as info:  # B never took A's edit in: its version is old
        SetValues("buildings", {building: {"households": 222}}).do(b)
    message = str(info.value)
    assert building in message and "root" in message and "修改" in message
    assert info.value.stale == {"buildings": [building]}
    assert b["buildings"].at[building, "households"] == 111  # B now shows A's edit
    assert _server_value(published_demo[1], "buildings", building, "households") == 111  # not overwritten
    SetValues("buildings", {building: {"households": 222}}).do(b)  # redone on top of it: accepted
    assert _server_value(published_demo[1], "buildings", building, "households") == 222


def test_a_change_list_is_all_or_nothing(two_clients, published_demo):
    a, b = two_clients
    first, second = a["buildings"].index[2], a["buildings"].index[3]
    SetValues("buildings", {second: {"households": 5}}).do(a)
    before = b["buildings"].at[first, "households"]
    with pytest.raises(StaleEdit):
        SetValues("buildings", {first: {"households": 999}, second: {"households": 6}}).do(b)
    assert _server_value(published_demo[1], "buildings", first, "households") == before
    assert b["buildings"].at[first, "households"] == before


def test_editing_a_feature_another_client_deleted(two_clients):
    a, b = two_clients
    link = a["partner_links"].index[0]
    DeleteFeatures("partner_links", [link]).do(a)
    with pytest.raises(StaleEdit) as info:
        SetValues("partner_links", {link: {"items": 3}}).do(b)
    assert "删除" in str(info.value)
    assert link not in b["partner_links"].index  # B reloaded: it is gone there too


def test_two_clients_adding_the_same_id(two_clients, english_messages):
    a, b = two_clients
    row = {"partner_id": "PX1", "name": "新单位", "category": "enterprise", "community_id": None}
    InsertFeatures("partners", [row]).do(a)
    with pytest.raises(CodedError) as info:
        InsertFeatures("partners", [dict(row, name="另一个")]).do(b)
    assert info.value.message.code == "postgis.duplicate_id" and "PX1" in str(info.value)
    assert "PX1" not in b["partners"].index  # nothing of B's was written or kept in memory
    _sync_until(b, lambda: "PX1" in b["partners"].index)
    assert b["partners"].at["PX1", "name"] == "新单位"


def test_settings_reach_the_other_client(two_clients):
    a, b = two_clients
    heard = []
    b.rules_changed.connect(heard.append)
    a.apply([("setting", "households_max", "520")])
    _sync_until(b, lambda: dict(b.rules.to_rows())["households_max"] == "520")
    assert dict(b.rules.to_rows())["households_max"] == "520"
    assert heard and heard[-1] == b.rules


def test_undo_of_an_edit_someone_built_on_is_refused(two_clients):
    a, b = two_clients
    building = a["buildings"].index[4]
    edit = SetValues("buildings", {building: {"households": 10}})
    edit.do(a)
    _sync_until(b, lambda: b["buildings"].at[building, "households"] == 10)
    SetValues("buildings", {building: {"households": 20}}).do(b)
    with pytest.raises(StaleEdit):
        edit.undo(a)  # would silently drop B's 20
    assert a["buildings"].at[building, "households"] == 20


def test_plans_are_isolated_and_adopted_on_the_server_as_in_a_file(two_clients):
    from geo.editing.plans import AdoptPlan, CreatePlan, SwitchPlan
    from tests.plan_session_checks import touching_pair_with_branches
    from geo.editing.grids import MergeGrids

    a, b = two_clients
    source, target = touching_pair_with_branches(a)
    orgs_before = a["organizations"].copy()
    CreatePlan("方案").do(a)
    SwitchPlan("P1").do(a)
    MergeGrids([source], target).do(a)
    assert a["organizations"].equals(orgs_before)  # a proposal leaves the organization alone
    _sync_until(b, lambda: source not in b["grids"].index)
    assert source not in b["grids"].index and set(b["plans"].index) == {"P0", "P1"}
    adopt = AdoptPlan("P1", force=True)
    adopt.do(a)
    _sync_until(b, lambda: b["plans"].at["P1", "status"] == "current")
    assert b["plans"].at["P1", "status"] == "current"
    assert sorted(b["grids"].index) == sorted(a["grids"].index)
    assert b["buildings"]["grid_id"].equals(a["buildings"]["grid_id"])
    adopt.undo(a)
    assert a["organizations"].sort_index().equals(orgs_before.sort_index())
    fresh = Project.open(a.location)
    try:
        assert fresh["organizations"].sort_index().equals(orgs_before.sort_index())
    finally:
        fresh.close()


def test_overlapping_clients_lose_nothing(published_demo):
    """5 clients × 40 edits on 4 buildings: each edit is committed or refused to its maker;
    the final state equals the last committed edit per building (the history order)."""
    _path, url = published_demo
    clients = [Project.open(url) for _ in range(5)]
    buildings = list(clients[0]["buildings"].index[:4])
    committed, refused, errors = [], [], []

    def work(k, project):
        for i in range(40):
            building = buildings[(k + i) % len(buildings)]
            value = k * 1000 + i
            try:
                SetValues("buildings", {building: {"households": value}}).do(project)
                committed.append((project.last_entry_id, building, value))
            except StaleEdit:
                refused.append((k, i))
            except Exception as exc:  # noqa: BLE001  reported below
                errors.append(exc)
            project.sync_remote()

    try:
        run_clients(work, clients, timeout=120)
    finally:
        for p in clients:
            p.close()
    assert not errors
    assert len(committed) + len(refused) == 200 and committed
    last = {}
    for entry, building, value in sorted(committed):
        last[building] = value
    fresh = Project.open(url)
    try:
        for building, value in last.items():
            assert fresh["buildings"].at[building, "households"] == value
        assert len(fresh.store.history_entries()) == len(committed)
    finally:
        fresh.close()


def test_a_server_restart_loses_no_edit(two_clients, pg_cluster):
    """Both clients' connections die with the server; A's next edit reconnects and lands once,
    and B, whose announcements were lost meanwhile, catches up by comparing versions."""
    from geo.postgis import local_cluster

    a, b = two_clients
    building = a["buildings"].index[5]
    local_cluster.restart(pg_cluster)
    SetValues("buildings", {building: {"households": 606}}).do(a)
    _sync_until(b, lambda: b["buildings"].at[building, "households"] == 606, seconds=5)
    assert b["buildings"].at[building, "households"] == 606
    assert sum(1 for e in a.store.history_entries() if e.counts == {"buildings": {"updated": 1}}) == 1


def test_a_terminated_backend_costs_one_refused_edit_at_most(two_clients):
    import psycopg

    from geo.editing.assign import EditRefused
    from geo.postgis.url import parse_url

    a, b = two_clients
    with psycopg.connect(parse_url(a.location).conninfo, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE application_name LIKE 'GridAtlas%%' AND pid <> pg_backend_pid()")
    building = a["buildings"].index[6]
    try:
        SetValues("buildings", {building: {"households": 1}}).do(a)
    except EditRefused as exc:  # the pool found out only by using it: said, not lost
        assert "连接" in str(exc)
        SetValues("buildings", {building: {"households": 1}}).do(a)
    _sync_until(b, lambda: b["buildings"].at[building, "households"] == 1, seconds=5)
    assert b["buildings"].at[building, "households"] == 1


def test_an_edit_waits_ten_seconds_for_a_held_feature_unless_pgoptions_says_otherwise(two_clients, monkeypatch):
    a, _b = two_clients
    with a.store.connection() as conn:  # the window must not freeze behind another's row lock
        assert conn.execute("SHOW lock_timeout").fetchone()[0] == "10s"
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=3s")
    url = a.store.location
    c = Project.open(url)
    try:
        with c.store.connection() as conn:
            assert conn.execute("SHOW lock_timeout").fetchone()[0] == "3s"
    finally:
        c.close()
