"""Load: 20 clients × 200 edits on one published street, overlapping on purpose.

Every edit is either committed or refused (as stale) to the client that made
it; nothing is lost: replaying the committed edits in history order gives the
server's final state, and the database's feature log holds exactly those
edits. No edit waits on a row lock longer than 1 s (``lock_timeout = '1s'`` for
every connection; a lock timeout counts as a failure).
"""
import random
import threading

import psycopg
import pytest

from geo.commands import SetValues
from geo.editing.assign import EditRefused
from geo.postgis.store import StaleEdit
from geo.postgis.url import parse_url
from geo.project import Project

CLIENTS, EDITS = 20, 200


@pytest.mark.timeout(240)
def test_twenty_clients_lose_nothing(published_demo, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=1s")  # libpq passes it to every connection
    _path, url = published_demo
    schema = parse_url(url).schema
    clients = [Project.open(url) for _ in range(CLIENTS)]
    start = clients[0]
    with start.store.connection() as conn:
        assert conn.execute("SHOW lock_timeout").fetchone()[0] == "1s"
    buildings = list(start["buildings"].index[:30])  # a hot set: clients collide often
    grids = list(start["grids"].index[:6])
    entries_before = len(start.store.history_entries())
    committed, stale, failures = [], [], []
    lock = threading.Lock()

    def work(k, project):
        rng = random.Random(k)
        for i in range(EDITS):
            if rng.random() < 0.7:
                edit = ("buildings", rng.choice(buildings), "grid_id", rng.choice(grids))
            else:
                edit = ("grids", rng.choice(grids), "name", f"网格{k}-{i}")
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

    threads = [threading.Thread(target=work, args=(k, p)) for k, p in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=220)
    assert not any(t.is_alive() for t in threads)
    for p in clients:
        p.close()
    assert not failures, failures[:5]
    assert len(committed) + len(stale) == CLIENTS * EDITS
    assert committed and stale  # they did overlap
    print(f"{len(committed)} committed, {len(stale)} refused as stale")

    fresh = Project.open(url)
    try:
        expected = {}
        for _entry, layer, id_, column, value in sorted(committed, key=lambda c: c[0]):
            expected[(layer, id_, column)] = value
        for (layer, id_, column), value in expected.items():
            assert fresh[layer].at[id_, column] == value, (layer, id_, column)
        entries = fresh.store.history_entries()
        new_ids = sorted(e.entry_id for e in entries[: len(entries) - entries_before])
        assert new_ids == sorted(c[0] for c in committed)  # each committed edit recorded once
    finally:
        fresh.close()
    with psycopg.connect(parse_url(url).conninfo) as conn:
        logged = conn.execute(f'SELECT count(*) FROM "{schema}".feature_log'
                              " WHERE operation = 'update'").fetchone()[0]
    assert logged == len(committed)  # no refused edit reached a table, none twice
