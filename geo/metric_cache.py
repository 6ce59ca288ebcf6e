"""Projected vertices kept on disk from one opening of a project to the next.

Opening a city projects ~14 million map vertices to metres (grids and
communities follow streets closely: 170 and 440 vertices each): ~3.4 s of one
core in PROJ, the longest single piece of work of an opening, and the same
every time the file is opened unchanged. :func:`geo.crs.project_geoms`
(``cache=True``, used by :class:`geo.metric_prefetch.MetricPrefetch` for each
piece of a map layer) therefore looks the projected vertices up here first.

An entry is found by its content, never by file name or date: the SHA-256 of
the source vertices, the ring layout, both CRSs, the PROJ operation between
them and the PROJ and pyproj versions. An edited layer, a project copied elsewhere or another PROJ finds
nothing and is projected afresh; a file that does not read back as exactly the
expected array counts as missing. Nothing here can change a result: a hit is
the very array a projection gave, a miss projects.

Entries live in ``$GRIDATLAS_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/gridatlas/metric`` or ``~/.cache/gridatlas/metric``, and are
removed oldest-used first beyond :data:`LIMIT_BYTES` (a city takes ~220 MB).
The cache is an aid only: a folder that cannot be written is skipped silently.
No Qt.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyproj

#: Below this many vertices a piece is projected faster than it is looked up and stored.
MIN_VERTICES = 200_000
#: The cache's size at most, in bytes (``GRIDATLAS_CACHE_LIMIT_MB`` overrides).
LIMIT_BYTES = 1 << 30
#: Part of every key: entries of an older layout are never read.
FORMAT = b"gridatlas-metric-1"
SUFFIX = ".npy"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off (``GRIDATLAS_CACHE_DIR=off``)."""
    chosen = os.environ.get("GRIDATLAS_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gridatlas" / "metric"


def limit_bytes() -> int:
    chosen = os.environ.get("GRIDATLAS_CACHE_LIMIT_MB")
    try:
        return int(float(chosen) * (1 << 20)) if chosen else LIMIT_BYTES
    except ValueError:
        return LIMIT_BYTES


class Entry:
    """The cache entry of source vertices ``xy`` (n x 2 float64) with ring ``layout``
    (``(type, offsets)`` as :func:`shapely.from_ragged_array` takes them) projected
    from ``src_wkt`` to ``dst_wkt`` by the PROJ ``operation`` (its definition)."""

    def __init__(self, xy: np.ndarray, layout, src_wkt: str, dst_wkt: str, operation: str = ""):
        kind, offsets = layout
        digest = hashlib.sha256(FORMAT)
        for text in (str(int(kind)), src_wkt, dst_wkt, operation, pyproj.proj_version_str, pyproj.__version__):
            digest.update(text.encode() + b"\0")
        for part in offsets:
            digest.update(np.ascontiguousarray(part, dtype=np.int64).data)
        digest.update(str(xy.shape).encode())
        digest.update(np.ascontiguousarray(xy, dtype=np.float64).data)  # hashlib leaves Python's lock
        self.shape = xy.shape
        self.name = digest.hexdigest() + SUFFIX
        self.folder = cache_dir()  # now: a write behind goes where the lookup looked

    def load(self) -> np.ndarray | None:
        """The projected vertices stored for this entry, or None."""
        folder = self.folder
        if folder is None:
            return None
        path = folder / self.name
        try:
            found = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError):
            return None  # absent, unreadable or cut short: projected again, and stored anew
        if found.dtype != np.float64 or found.shape != self.shape or not found.flags.c_contiguous:
            return None
        try:
            os.utime(path)  # used: the last to go when the cache is full
        except OSError:
            pass
        return found

    def store_later(self, projected: np.ndarray) -> None:
        """:meth:`store` on the cache's writer thread: the caller goes on at once (writing a
        city's 210 MB took ~1 s of the opening's critical thread). :func:`flush` waits for it."""
        with _pending:
            _pending.count += 1
        try:
            _writer().submit(self._store_and_count, projected)
        except RuntimeError:  # the writer is shut down (the interpreter is exiting)
            self._store_and_count(projected)

    def _store_and_count(self, projected) -> None:
        try:
            self.store(projected)
        finally:
            with _pending:
                _pending.count -= 1
                _pending.notify_all()

    def store(self, projected: np.ndarray) -> None:
        """Keep ``projected`` (the vertices in metres, n x 2) for the next opening."""
        folder = self.folder
        if folder is None or projected.shape != self.shape:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".part-", suffix=SUFFIX, dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    np.save(out, np.ascontiguousarray(projected, dtype=np.float64), allow_pickle=False)
                os.replace(temporary, folder / self.name)  # whole or not at all, also for a reader
            except BaseException:
                os.unlink(temporary)
                raise
            trim(folder, limit_bytes())
        except OSError:
            pass  # a full disk or a read-only home: the next opening projects again


def flush(timeout: float | None = None) -> bool:
    """Wait until every :meth:`Entry.store_later` so far is written; False on timeout."""
    with _pending:
        return _pending.wait_for(lambda: _pending.count == 0, timeout)


_pending = threading.Condition()
_pending.count = 0
_writer_lock = threading.Lock()
_the_writer = None


def _writer():
    global _the_writer
    with _writer_lock:
        if _the_writer is None:
            from .background import DaemonWorker

            _the_writer = DaemonWorker("metric-cache-writer")
        return _the_writer


#: A file being written (``.part-*``) older than this (seconds) was left by a process that ended.
STALE_PART = 3600


def trim(folder: Path, limit: int) -> None:
    """Remove the entries used longest ago until the folder holds at most ``limit`` bytes,
    and parts of files a process ended before it finished writing."""
    entries = []
    for path in folder.glob("*" + SUFFIX):
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.name.startswith("."):  # being written, or left half written
            if time.time() - stat.st_mtime > STALE_PART:
                with contextlib.suppress(OSError):
                    path.unlink()
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _used, size, _path in entries)
    for _used, size, path in sorted(entries, key=lambda entry: entry[0]):
        if total <= limit:
            break
        try:
            path.unlink()
            total -= size
        except OSError:
            pass
