"""Faults on a shared project: a killed client, a restarted server, a terminated backend.

Real server (tests/pg_server.py), real processes. What must hold each time:
nothing half-written, no edit lost or applied twice (checked against the
history and the database's own feature log), and the other clients go on.
"""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from geo.commands import SetValues
from geo.editing.assign import EditRefused
from geo.postgis.url import parse_url
from geo.project import Project

ROOT = Path(__file__).resolve().parent.parent

_EDITOR = """
import sys
from geo.commands import SetValues
from geo.project import Project
url, first, second = sys.argv[1:4]
project = Project.open(url)
print("ready", flush=True)
SetValues("buildings", {first: {"name": "半途"}, second: {"households": 9002}}).do(project)
print("committed", flush=True)
"""


@pytest.fixture(autouse=True)
def _patient_edits(monkeypatch):
    """These tests hold rows on purpose while the server goes down: edits must wait, not give up
    after the app's own lock wait (libpq hands PGOPTIONS to every connection)."""
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=120s")


def _admin(url):
    return psycopg.connect(parse_url(url).conninfo, autocommit=True)


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _blocked_backends(admin):
    """GridAtlas backends waiting for a row lock (their transaction is open)."""
    return [r[0] for r in admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'GridAtlas'"
        " AND wait_event_type = 'Lock'").fetchall()]


def _hold_row_lock(url, building):
    """A transaction holding ``building``'s row: an edit touching it waits, mid-transaction."""
    schema = parse_url(url).schema
    holder = psycopg.connect(parse_url(url).conninfo)
    holder.execute(f'SELECT 1 FROM "{schema}".buildings WHERE building_id = %s FOR UPDATE', (building,))
    return holder


def _edit_in_background(project, values):
    """Run one building edit on a thread; ``outcome`` gets "committed" or the refusal."""
    outcome = []

    def edit():
        try:
            SetValues("buildings", values).do(project)
            outcome.append("committed")
        except EditRefused as exc:
            outcome.append(exc)

    thread = threading.Thread(target=edit)
    thread.start()
    return thread, outcome


def _log_rows(admin, schema, building):
    return admin.execute(f'SELECT operation, after FROM "{schema}".feature_log WHERE feature_id = %s',
                         (building,)).fetchall()


def _history_count(admin, schema):
    return admin.execute(f'SELECT count(*) FROM "{schema}".history').fetchone()[0]


def test_a_client_killed_mid_transaction_leaves_nothing_half_written(published_demo):
    _path, url = published_demo
    schema = parse_url(url).schema
    other = Project.open(url)
    first, second = list(other["buildings"].index[:2])
    name_before = other["buildings"].at[first, "name"]
    admin = _admin(url)
    entries_before = _history_count(admin, schema)
    holder = _hold_row_lock(url, second)
    proc = subprocess.Popen([sys.executable, "-c", _EDITOR, url, first, second], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        # the editor has updated `first` inside its transaction and now waits for `second`
        assert _wait_for(lambda: _blocked_backends(admin))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
        holder.rollback()
        holder.close()
    # its backend finds the client gone at its next read and rolls the transaction back
    assert _wait_for(lambda: not _blocked_backends(admin) and admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'GridAtlas'"
        " AND state = 'idle in transaction'").fetchone()[0] == 0)
    assert _log_rows(admin, schema, first) == [] and _history_count(admin, schema) == entries_before
    admin.execute("SET lock_timeout = '1s'")
    assert admin.execute(f'SELECT name FROM "{schema}".buildings WHERE building_id = %s',
                         (first,)).fetchone()[0] == name_before
    # the other client goes on: its versions are still the server's, the rows are free
    SetValues("buildings", {first: {"name": "继续"}, second: {"households": 12}}).do(other)
    other.close()
    fresh = Project.open(url)
    try:
        assert fresh["buildings"].at[first, "name"] == "继续"
        assert fresh["buildings"].at[second, "households"] == 12
    finally:
        fresh.close()
        admin.close()


def test_a_terminated_backend_mid_transaction_refuses_that_edit_only(published_demo):
    _path, url = published_demo
    schema = parse_url(url).schema
    a = Project.open(url)
    first, second = list(a["buildings"].index[2:4])
    admin = _admin(url)
    holder = _hold_row_lock(url, second)
    thread, outcome = _edit_in_background(a, {first: {"name": "被终止"}, second: {"households": 77}})
    try:
        assert _wait_for(lambda: _blocked_backends(admin))
        for pid in _blocked_backends(admin):
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        thread.join(timeout=30)
    finally:
        holder.rollback()
        holder.close()
    assert len(outcome) == 1 and isinstance(outcome[0], EditRefused)
    assert outcome[0].message.code == "postgis.connection_lost" and "连接" in str(outcome[0])
    assert _log_rows(admin, schema, first) == []
    assert a["buildings"].at[first, "name"] != "被终止"  # memory follows the server
    SetValues("buildings", {first: {"name": "再试"}}).do(a)  # the pool reconnects by itself
    assert [r[1]["name"] for r in _log_rows(admin, schema, first)] == ["再试"]
    a.close()
    admin.close()


def test_a_server_restart_during_edits_loses_nothing_and_doubles_nothing(published_demo, pg_cluster):
    from geo.postgis import local_cluster

    _path, url = published_demo
    schema = parse_url(url).schema
    a, b = Project.open(url), Project.open(url)
    buildings = list(a["buildings"].index[10:14])
    committed, refused, errors = [], [], []
    restarted = threading.Event()

    def work():
        for i in range(60):
            building, value = buildings[i % len(buildings)], 50000 + i
            try:
                SetValues("buildings", {building: {"households": value}}).do(a)
                committed.append((building, value))
            except EditRefused as exc:
                if exc.message.code != "postgis.connection_lost":
                    errors.append(exc)
                refused.append((building, value, str(exc)))
            except Exception as exc:  # noqa: BLE001  reported below
                errors.append(exc)
            if i >= 10 and not restarted.is_set():
                time.sleep(0.05)  # keep editing, slowly, while the server goes down and up

    thread = threading.Thread(target=work)
    thread.start()
    assert _wait_for(lambda: len(committed) + len(refused) >= 10)
    local_cluster.restart(pg_cluster)
    restarted.set()
    thread.join(timeout=120)
    assert not errors, errors
    assert len(committed) + len(refused) == 60 and len(committed) >= 40
    assert all("连接" in text for *_, text in refused)  # the client says what happened
    admin = _admin(url)
    try:
        logged = [(row[1]["building_id"], row[1]["households"]) for building in buildings
                  for row in _log_rows(admin, schema, building)]
        assert sorted(logged) == sorted(committed)  # each committed edit once, no refused one
    finally:
        admin.close()
    last = {}
    for building, value in committed:
        last[building] = value
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(b["buildings"].at[k, "households"] != v for k, v in last.items()):
        b.sync_remote(timeout=0.1)  # B's listener reconnects and catches up by versions
    assert all(b["buildings"].at[k, "households"] == v for k, v in last.items())
    a.close()
    b.close()


def test_an_edit_in_flight_when_the_server_restarts_is_refused_and_said(published_demo, pg_cluster):
    from geo.postgis import local_cluster

    _path, url = published_demo
    schema = parse_url(url).schema
    a = Project.open(url)
    first, second = list(a["buildings"].index[20:22])
    admin = _admin(url)
    holder = _hold_row_lock(url, second)
    thread, outcome = _edit_in_background(a, {first: {"name": "重启中"}, second: {"households": 88}})
    try:
        assert _wait_for(lambda: _blocked_backends(admin))  # its transaction is open
        admin.close()
        # immediate: with a fast shutdown the lock holder may die first and let the edit commit
        local_cluster.restart(pg_cluster, mode="immediate")
        thread.join(timeout=60)
        assert len(outcome) == 1 and isinstance(outcome[0], EditRefused)
        assert outcome[0].message.code == "postgis.connection_lost" and "连接" in str(outcome[0])
        SetValues("buildings", {first: {"name": "重启后"}}).do(a)  # reconnects by itself
        assert a.store.take_reconnected() and not a.store.take_reconnected()  # and says so, once
        admin = _admin(url)
        try:
            assert [r[1]["name"] for r in _log_rows(admin, schema, first)] == ["重启后"]
        finally:
            admin.close()
    finally:
        holder.close()
        a.close()


def test_a_row_held_longer_than_lock_timeout_is_refused_as_busy_not_as_lost(published_demo, monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=1s")  # libpq passes it to every connection
    _path, url = published_demo
    schema = parse_url(url).schema
    a = Project.open(url)
    admin = _admin(url)
    try:
        first, second = list(a["buildings"].index[30:32])
        households = a["buildings"].at[second, "households"]
        holder = _hold_row_lock(url, second)  # another client's open transaction holds the row
        try:
            with pytest.raises(EditRefused) as refused:  # not waited for past lock_timeout
                SetValues("buildings", {first: {"name": "等锁"}, second: {"households": 4242}}).do(a)
        finally:
            holder.rollback()
            holder.close()
        exc = refused.value
        assert exc.message.code == "postgis.feature_busy"
        assert f"buildings 中的 {second} 正被其他用户修改" in str(exc) and "1s" in str(exc)
        assert "连接" not in str(exc)
        assert "is being changed by another user" in exc.message.text("en")
        assert _log_rows(admin, schema, first) == []  # nothing of the list was written
        assert a["buildings"].at[second, "households"] == households and a["buildings"].at[first, "name"] != "等锁"
        SetValues("buildings", {first: {"name": "等锁"}, second: {"households": 4242}}).do(a)  # free again
        assert [r[1]["name"] for r in _log_rows(admin, schema, first)] == ["等锁"]
    finally:
        a.close()
        admin.close()
