"""A throwaway PostgreSQL/PostGIS server for the tests that need one.

Started once per test session the way ``bash setup.sh db`` starts the
developer's (:mod:`geo.postgis.local_cluster`): a temporary folder, a free
port, its own socket; stopped and removed at the end. No mock of the
database anywhere. Tests are skipped only when the server programs are not
installed at all (``bash setup.sh test`` installs them, so CI runs them).
"""
from __future__ import annotations

import itertools
import shutil
import tempfile
import threading

import pytest

_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    """The running throwaway cluster (:class:`geo.postgis.local_cluster.Cluster`)."""
    from geo.postgis import local_cluster

    if local_cluster.pg_bin_dir() is None:
        pytest.skip("PostgreSQL server programs are not installed (bash setup.sh test installs them)")
    folder = tempfile.mkdtemp(prefix="gridatlas-pg-")  # under /tmp: the postgres user can reach it
    try:
        cluster = local_cluster.start(folder, durable=False)
        yield cluster
    finally:
        local_cluster.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster):
    """The database URL of the test server (no schema: each test publishes its own)."""
    return pg_cluster.url()


@pytest.fixture
def pg_schema():
    """A schema name no other test in this session uses."""
    return f"t{next(_schemas)}"


@pytest.fixture
def published_demo(demo_gpkg, pg_url, pg_schema, tmp_path):
    """(GeoPackage copy, project URL): a copy of the demo street and its published twin."""
    from geo.postgis.publish import publish

    copy = tmp_path / "demo.gpkg"
    shutil.copyfile(demo_gpkg, copy)
    report = publish(copy, pg_url, pg_schema)
    return copy, report.url


@pytest.fixture
def offline(published_demo, tmp_path):
    """(project URL, offline copy path) of the whole demo street."""
    from geo.postgis.offline import checkout

    _path, url = published_demo
    out = tmp_path / "offline.gpkg"
    checkout(url, out)
    return url, out


def edit_and_close(location, command):
    """``command`` done by a client opened for it alone; the history entry it made."""
    from geo.project import Project

    project = Project.open(location)
    try:
        command.do(project)
        return project.last_entry_id
    finally:
        project.close()


def run_clients(work, clients, timeout):
    """``work(k, client)`` for every client at once, one thread each; none may still be running
    after ``timeout`` seconds per thread (a hung client fails the test, not the next one)."""
    threads = [threading.Thread(target=work, args=(k, p)) for k, p in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads)
