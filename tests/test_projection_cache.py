"""Projected map vertices kept on disk between openings (geo.projection_cache): a hit is the very
projection, anything else projects again; and a prefetch shares its last pieces with the caller.

Real demo street through GDAL and PROJ; no Qt.
"""
from __future__ import annotations

import os
import threading

import numpy as np
import pytest
import shapely

from geo import crs as crs_mod
from geo import metric_prefetch, projection_cache
from geo.metric_prefetch import MetricPrefetch
from geo.project import Project


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of the test's own, caching from the first vertex on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(folder))
    monkeypatch.setattr(projection_cache, "MIN_VERTICES", 1)
    # written at once, so that the test sees the files (the writer thread: see the test of it)
    monkeypatch.setattr(projection_cache.Entry, "store_later", projection_cache.Entry.store)
    return folder


@pytest.fixture
def grids(demo_gpkg):
    project = Project.read(demo_gpkg)
    return project, np.asarray(project["grids"].geometry.to_numpy(), dtype=object)


def _count_projections(monkeypatch):
    calls = []
    real = crs_mod.project_xy

    def counted(x, *args, **kwargs):
        calls.append(len(x))
        return real(x, *args, **kwargs)

    monkeypatch.setattr(crs_mod, "project_xy", counted)
    return calls


def test_a_cached_projection_is_the_projection_to_the_bit(cache, grids, monkeypatch):
    project, geoms = grids
    first = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert len(list(cache.glob("*.xy"))) == 1
    calls = _count_projections(monkeypatch)
    again = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert calls == []  # read back, not projected
    assert shapely.equals_identical(again, first).all()
    assert shapely.equals_identical(again, project["grids"].geometry.to_crs(project.metric_crs).to_numpy()).all()


def test_other_vertices_or_another_crs_find_nothing(cache, grids, monkeypatch):
    project, geoms = grids
    crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    calls = _count_projections(monkeypatch)
    moved = geoms.copy()
    moved[3] = shapely.affinity.translate(moved[3], 1e-9, 0)  # one grid edited by a hair
    got = crs_mod.project_geoms(moved, project.crs, project.metric_crs, cache=True)
    assert len(calls) == 1
    assert shapely.equals_identical(got, crs_mod.project_geoms(moved, project.crs, project.metric_crs)).all()
    other = crs_mod.project_geoms(geoms, project.crs, "EPSG:4547", cache=True)  # the next zone west
    assert len(calls) == 3  # (the line above projected once more, uncached, to compare)
    assert shapely.equals_identical(
        other, project["grids"].geometry.to_crs("EPSG:4547").to_numpy()).all()
    assert len(list(cache.glob("*.xy"))) == 3


def test_a_damaged_entry_is_projected_again_and_replaced(cache, grids, monkeypatch):
    project, geoms = grids
    expected = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    (entry,) = cache.glob("*.xy")
    whole = entry.read_bytes()
    flipped = bytearray(whole)
    flipped[-3] ^= 0x10  # one bit of one vertex, the size unchanged
    calls = _count_projections(monkeypatch)
    for damaged in (whole[:-40], bytes(flipped), whole + b"\0"):  # cut short, rotted, grown
        entry.write_bytes(damaged)
        got = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
        assert len(calls) == 1
        assert shapely.equals_identical(got, expected).all()
        assert entry.read_bytes() == whole  # stored whole again
        calls.clear()
    crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert calls == []


def test_the_cache_keeps_under_its_limit_dropping_the_least_used(cache, grids, monkeypatch):
    project, geoms = grids

    def stored(part):
        before = set(cache.glob("*.xy")) if cache.exists() else set()
        crs_mod.project_geoms(part, project.crs, project.metric_crs, cache=True)
        (new,) = set(cache.glob("*.xy")) - before
        return new

    first, second = stored(geoms[:10]), stored(geoms[10:20])
    os.utime(first, (1, 1))
    os.utime(second, (2, 2))
    crs_mod.project_geoms(geoms[:10], project.crs, project.metric_crs, cache=True)  # used again: the newest
    assert first.stat().st_mtime > 2
    mine = cache / "notes.npy"  # not an entry: never removed, never counted
    mine.write_bytes(b"x" * 4096)
    third_size = projection_cache.DIGEST + 16 * int(shapely.get_num_coordinates(geoms[20:30]).sum())
    limit = first.stat().st_size + third_size + 64  # room for two: the newest and the one used again
    monkeypatch.setenv("GRIDATLAS_CACHE_LIMIT_MB", str(limit / (1 << 20)))
    third = stored(geoms[20:30])
    assert sorted(cache.glob("*.xy")) == sorted([first, third])  # the least recently used went
    assert mine.exists()


def test_a_cache_turned_off_or_unwritable_changes_nothing(tmp_path, grids, monkeypatch):
    project, geoms = grids
    monkeypatch.setattr(projection_cache, "MIN_VERTICES", 1)
    expected = crs_mod.project_geoms(geoms, project.crs, project.metric_crs)
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", "off")
    assert projection_cache.cache_dir() is None
    assert shapely.equals_identical(
        crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True), expected).all()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(blocker / "cache"))
    assert shapely.equals_identical(
        crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True), expected).all()
    assert projection_cache.flush(10)  # its write failed on the writer thread, said in the log only
    assert blocker.read_text() == "not a folder" and list(tmp_path.iterdir()) == [blocker]
    monkeypatch.delenv("GRIDATLAS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert projection_cache.cache_dir() == tmp_path / "xdg" / "gridatlas" / "metric"


def test_small_pieces_are_not_cached(tmp_path, grids, monkeypatch):
    project, geoms = grids
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(tmp_path / "cache"))  # MIN_VERTICES as shipped
    assert shapely.get_num_coordinates(geoms).sum() < projection_cache.MIN_VERTICES
    crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert projection_cache.flush(10)
    assert not (tmp_path / "cache").exists()


def test_a_prefetch_shares_its_last_pieces_with_the_caller(demo_gpkg, monkeypatch):
    """Layers are projected in pieces; taking them, the caller projects the pieces nobody has
    started while the prefetch's thread works: the result is the whole layer's projection."""
    monkeypatch.setattr(metric_prefetch, "PIECE_VERTICES", 300)
    plain = Project.read(demo_gpkg)
    release, threads = threading.Event(), []
    real = metric_prefetch.project_geoms

    def held(geoms, *args, **kwargs):
        me = threading.current_thread().name
        threads.append(me)
        if me == "metric-prefetch":
            release.wait(10)  # the prefetch's thread stays on its first piece ...
        elif threads.count(me) == 2:
            release.set()  # ... until the caller has projected two others
        return real(geoms, *args, **kwargs)

    monkeypatch.setattr(metric_prefetch, "project_geoms", held)
    prefetch = MetricPrefetch(plain.crs, plain.metric_crs, ["grids", "buildings"])
    project = Project.read(demo_gpkg, on_layer=prefetch)
    pieces = {name: len(prefetch._jobs[name][1]) for name in ("grids", "buildings")}  # noqa: SLF001
    assert pieces["grids"] > 1 and pieces["buildings"] > 1
    got = {}
    for name in ("grids", "buildings"):
        got[name] = prefetch.take(name, project[name].geometry.to_numpy(), project.crs, project.metric_crs)
    prefetch.close()
    assert threads.count("metric-prefetch") >= 1 and threads.count(threading.current_thread().name) >= 2
    for name, geoms in got.items():
        assert shapely.equals_identical(geoms, plain.metric(name).to_numpy()).all(), name


def test_a_closed_prefetch_drops_what_nobody_started_and_its_thread_ends(demo_gpkg, monkeypatch):
    monkeypatch.setattr(metric_prefetch, "PIECE_VERTICES", 300)
    plain = Project.read(demo_gpkg)
    release = threading.Event()
    real = metric_prefetch.project_geoms
    monkeypatch.setattr(metric_prefetch, "project_geoms",
                        lambda *args, **kwargs: release.wait(10) and real(*args, **kwargs))
    prefetch = MetricPrefetch(plain.crs, plain.metric_crs, ["buildings"])
    prefetch("buildings", plain["buildings"])
    futures = prefetch._jobs["buildings"][1]  # noqa: SLF001
    prefetch.close()
    release.set()
    prefetch._thread.join(10)  # noqa: SLF001
    assert not prefetch._thread.is_alive()  # noqa: SLF001
    assert all(f.cancelled() for f in futures[1:])  # the first was being projected, the rest dropped
    assert prefetch.take("buildings", plain["buildings"].geometry.to_numpy(), plain.crs, plain.metric_crs) is None


def test_a_second_opening_takes_the_map_layers_from_the_cache(cache, demo_gpkg, monkeypatch):
    """The app's loader steps twice (whole first view, then the rest): the second time no
    polygon vertex goes through PROJ (stations, points, are projected: they are few), and
    every map layer in metres is what the first gave."""
    from gui.map.preload import read_first, read_full

    def opening():
        view, preview = read_first(demo_gpkg)
        return read_full(demo_gpkg, view, preview)[1]

    first = opening()
    assert list(cache.glob("*.xy"))
    calls = _count_projections(monkeypatch)
    again = opening()
    assert calls == [len(first["stations"].geoms)]
    assert set(again) == set(first)
    for name, layer in first.items():
        assert shapely.equals_identical(again[name].geoms, layer.geoms).all(), name


def test_entries_are_written_behind_and_flush_waits_for_them(tmp_path, grids, monkeypatch):
    project, geoms = grids
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(projection_cache, "MIN_VERTICES", 1)
    writing, real = threading.Event(), projection_cache.Entry.store

    def slow(self, projected, **kwargs):
        writing.wait(10)  # the writer holds on until the caller has its geometries
        real(self, projected, **kwargs)

    monkeypatch.setattr(projection_cache.Entry, "store", slow)
    got = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert not list((tmp_path / "cache").glob("*.xy"))  # not written yet: the caller went on
    assert not projection_cache.flush(timeout=0.05)
    writing.set()
    assert projection_cache.flush(timeout=10)
    assert len(list((tmp_path / "cache").glob("*.xy"))) == 1
    calls = _count_projections(monkeypatch)
    again = crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)
    assert calls == [] and shapely.equals_identical(again, got).all()


def test_a_part_left_by_an_ended_process_is_removed(cache, grids):
    project, geoms = grids
    cache.mkdir()
    left = cache / (projection_cache.PART_PREFIX + "left.xy")
    left.write_bytes(b"half written")
    fresh = cache / (projection_cache.PART_PREFIX + "now.xy")
    fresh.write_bytes(b"being written")
    hidden = cache / ".part-of-something-else.xy"  # not ours: left alone however old
    hidden.write_bytes(b"theirs")
    for path in (left, hidden):
        os.utime(path, (1, 1))
    projection_cache._swept.discard(cache)  # noqa: SLF001 (as in a new process)
    crs_mod.project_geoms(geoms, project.crs, project.metric_crs, cache=True)  # looks up: sweeps
    assert not left.exists() and fresh.exists() and hidden.exists()


def test_a_closed_prefetch_refuses_a_layer_instead_of_keeping_it_waiting(demo_gpkg):
    plain = Project.read(demo_gpkg)
    prefetch = MetricPrefetch(plain.crs, plain.metric_crs, ["buildings"])
    prefetch.close()
    with pytest.raises(RuntimeError, match="closed"):
        prefetch("buildings", plain["buildings"])
    assert prefetch.take("buildings", plain["buildings"].geometry.to_numpy(), plain.crs, plain.metric_crs) is None


def test_writes_behind_trim_the_folder_once_per_batch(tmp_path, grids, monkeypatch):
    project, geoms = grids
    folder = tmp_path / "cache"
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(folder))
    monkeypatch.setattr(projection_cache, "MIN_VERTICES", 1)
    trims = []
    real = projection_cache.trim
    monkeypatch.setattr(projection_cache, "trim", lambda *args: trims.append(args) or real(*args))
    # the writer is held until the batch is queued, as when an opening stores its pieces one by one
    gate = threading.Event()
    projection_cache._writer().submit(gate.wait, 10)
    for part in (geoms[:10], geoms[10:20], geoms[20:30]):
        crs_mod.project_geoms(part, project.crs, project.metric_crs, cache=True)
    gate.set()
    assert projection_cache.flush(10)
    assert len(list(folder.glob("*.xy"))) == 3
    assert len(trims) == 1  # after the last of the three, not after each
