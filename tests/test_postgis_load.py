"""Load: 20 clients × 200 edits on the published district demo, overlapping on purpose.

Every edit is either committed or refused (as stale) to the client that made
it; nothing is lost: replaying the committed edits in history order gives the
server's final state, and the database's feature log holds exactly those
edits. No edit waits on a row lock longer than 1 s (``lock_timeout = '1s'`` for
every connection; a lock timeout counts as a failure).

The clients share this process (threads), as the CI machine has two cores and
20 processes each reading the whole district (~7 s, ~220 MB apiece) would be
the test. One client reads the project from the server; the other 19 are
:class:`~geo.project.Project` objects of their own — own connections, own
listener, own versions read from the server (:meth:`read_versions`), own
frames — whose rows are copies of that one read (pandas copies share the
immutable strings and geometries, so a client costs tens of MB, not hundreds).
"""
import random
import shutil
import threading

import psycopg
import pytest

from geo.commands import SetValues
from geo.editing.assign import EditRefused
from geo.postgis.store import PostgisStore, StaleEdit
from geo.postgis.url import parse_url
from geo.project import Project
from geo.schema import LAYERS
from tests.pg_server import run_clients

CLIENTS, EDITS = 20, 200


@pytest.fixture
def published_district(district_gpkg, pg_url, pg_schema, tmp_path):
    from geo.postgis.publish import publish

    copy = tmp_path / "district.gpkg"
    shutil.copyfile(district_gpkg, copy)
    return publish(copy, pg_url, pg_schema).url


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def _client_beside(first: Project, url: str) -> Project:
    """Another client on the same data, read at the same moment as ``first`` (see the module's notes)."""
    store = PostgisStore.connect(url)
    try:
        versions = store.read_versions()
        assert versions == first.store.versions  # nothing changed since ``first`` read its rows
        project = Project({name: frame.copy() for name, frame in first.layers.items()}, first.rules, store=store)
    except BaseException:
        store.close()
        raise
    store.attach(project)
    return project


def _hot_set(project):
    """30 buildings and 6 grids of one community: the clients collide on them often."""
    grids = project["grids"]
    counts = grids.groupby("community_id").size()
    community = counts[counts >= 6].index[0]
    hot_grids = list(grids.index[grids["community_id"] == community][:6])
    buildings = project["buildings"]
    return list(buildings.index[buildings["grid_id"].isin(hot_grids)][:30]), hot_grids


def _edit(rng, k, i, hot_buildings, hot_grids, all_buildings):
    roll = rng.random()
    if roll < 0.6:
        return "buildings", rng.choice(hot_buildings), "grid_id", rng.choice(hot_grids)
    if roll < 0.8:
        return "grids", rng.choice(hot_grids), "name", f"网格{k}-{i}"
    return "buildings", rng.choice(all_buildings), "households", 1000 + k * EDITS + i  # spread: rarely collides


@pytest.mark.timeout(600)  # a hang guard only: ~4-5 min with setup on a busy 2-core machine
def test_twenty_clients_on_the_district_lose_nothing(published_district, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=1s")  # libpq passes it to every connection
    url = published_district
    schema = parse_url(url).schema
    rss_before = _rss_mb()
    start = Project.open(url)
    assert len(start["buildings"]) > 40000 and len(start["grids"]) > 5000
    rss_one = _rss_mb()
    clients = [start]
    try:
        clients += [_client_beside(start, url) for _ in range(CLIENTS - 1)]
        rss_all = _rss_mb()
        print(f"RSS: {rss_before} MB before, {rss_one} MB with one client, {rss_all} MB with {CLIENTS}")
        with start.store.connection() as conn:
            assert conn.execute("SHOW lock_timeout").fetchone()[0] == "1s"
        hot_buildings, hot_grids = _hot_set(start)
        all_buildings = list(start["buildings"].index)
        entries_before = len(start.store.history_entries())
        committed, stale, failures = [], [], []
        lock = threading.Lock()

        def work(k, project):
            rng = random.Random(k)
            for i in range(EDITS):
                edit = _edit(rng, k, i, hot_buildings, hot_grids, all_buildings)
                layer, id_, column, value = edit
                try:
                    SetValues(layer, {id_: {column: value}}).do(project)
                    with lock:
                        committed.append((project.last_entry_id, layer, id_, column, value))
                except StaleEdit:
                    with lock:
                        stale.append(edit)
                except EditRefused as exc:  # a lock timeout or a lost connection: a failure here
                    failures.append(f"client {k} edit {i}: {exc}")
                except Exception as exc:  # noqa: BLE001  reported below
                    failures.append(f"client {k} edit {i}: {type(exc).__name__}: {exc}")
                if i % 5 == 0:
                    project.sync_remote()

        run_clients(work, clients, timeout=480)
    finally:
        for p in clients:
            p.close()
    assert not failures, failures[:5]
    assert len(committed) + len(stale) == CLIENTS * EDITS
    assert committed and stale  # they did overlap
    print(f"{len(committed)} committed, {len(stale)} refused as stale")

    with psycopg.connect(parse_url(url).conninfo) as conn:
        expected = {}
        for _entry, layer, id_, column, value in sorted(committed, key=lambda c: c[0]):
            expected[(layer, id_, column)] = value
        for (layer, id_, column), value in expected.items():
            id_col = LAYERS[layer].id_column
            row = conn.execute(f'SELECT "{column}" FROM "{schema}"."{layer}" WHERE "{id_col}" = %s',
                               (id_,)).fetchone()
            assert row[0] == value, (layer, id_, column)
        new_ids = [r[0] for r in conn.execute(f'SELECT entry_id FROM "{schema}".history ORDER BY entry_id')
                   .fetchall()][entries_before:]
        assert new_ids == sorted(c[0] for c in committed)  # each committed edit recorded once
        logged = conn.execute(f'SELECT count(*) FROM "{schema}".feature_log'
                              " WHERE operation = 'update'").fetchone()[0]
    assert logged == len(committed)  # no refused edit reached a table, none twice
