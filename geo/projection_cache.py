"""Projected vertices kept on disk from one opening of a project to the next.

Opening a city projects ~14 million map vertices to metres (grids and
communities follow streets closely: 170 and 440 vertices each): ~3.4 s of one
core in PROJ, the longest single piece of work of an opening, and the same
every time the file is opened unchanged. :func:`geo.crs.project_geoms`
(``cache=True``, used by :class:`geo.metric_prefetch.MetricPrefetch` for each
piece of a map layer) therefore looks the projected vertices up here first.
Only polygons of one ring each (buildings, compounds, grids and communities as
drawn) in pieces of :data:`MIN_VERTICES` vertices or more are kept: anything
smaller is projected faster than it is looked up.

An entry is found by its content, never by file name or date: the SHA-256 of
the source vertices, the ring layout, both CRSs, the PROJ operation between
them and the PROJ and pyproj versions. An edited layer, a project copied
elsewhere or another PROJ finds nothing and is projected afresh. An entry's
file holds the SHA-256 of its own vertices too: a file cut short or damaged
counts as missing. A hit is therefore the very array a projection gave, and a
miss projects.

Entries live in ``$GRIDATLAS_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/gridatlas/metric`` or ``~/.cache/gridatlas/metric``, and are
removed least recently used first beyond :data:`LIMIT_BYTES` (a city takes
~210 MB). Only files named as entries are ever removed. Entries are written
behind, on a thread of their own (:meth:`Entry.store_later`); the app waits a
moment for them when it quits (:func:`flush`). The cache is an aid only: a
folder that cannot be written is skipped, and what goes wrong while writing is
logged, never raised. No Qt.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
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
FORMAT = b"gridatlas-metric-2"
SUFFIX = ".xy"
#: Entries, and files being written; nothing else in the folder is touched.
ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.xy")
PART_PREFIX = ".gridatlas-part-"
#: A part (a file being written) older than this (seconds) was left by a process that ended.
STALE_PART = 3600
DIGEST = 32  # bytes of SHA-256 ahead of the vertices in an entry's file

log = logging.getLogger(__name__)


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
        return max(0, int(float(chosen) * (1 << 20))) if chosen else LIMIT_BYTES
    except (ValueError, OverflowError):  # "inf", "lots": the default
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
        if self.folder is None:
            return None
        _sweep_once(self.folder)
        found = np.empty(self.shape, dtype=np.float64)
        try:
            with open(self.folder / self.name, "rb") as entry:
                expected = entry.read(DIGEST)
                read = entry.readinto(memoryview(found).cast("B"))
                extra = entry.read(1)
        except OSError:
            return None  # absent or unreadable: projected again, and stored anew
        if read != found.nbytes or extra or hashlib.sha256(found.data).digest() != expected:
            return None  # cut short or damaged
        with contextlib.suppress(OSError):
            os.utime(self.folder / self.name)  # used: the last to go when the cache is full
        return found

    def store_later(self, projected: np.ndarray) -> None:
        """:meth:`store` on the cache's writer thread: the caller goes on at once (written
        inline, a city's 210 MB cost its first opening ~1 s). :func:`flush` waits for it."""
        _writes.begin()
        _writer().submit(self._store_and_end, projected)

    def _store_and_end(self, projected) -> None:
        try:
            # the folder is trimmed after the last of a batch: a city's first opening writes
            # 16 entries, and trimming after each listed the folder 16 times
            self.store(projected, trim_after=_writes.pending() == 1)
        except Exception:  # noqa: BLE001 (an aid only: said in the log, the next opening projects)
            log.exception("projection cache: %s not written", self.name)
        finally:
            _writes.end()

    def store(self, projected: np.ndarray, trim_after: bool = True) -> None:
        """Keep ``projected`` (the vertices in metres, n x 2) for the next opening; then, with
        ``trim_after``, bring the folder back under its limit (:func:`trim`)."""
        folder = self.folder
        if folder is None or projected.shape != self.shape:
            return
        projected = np.ascontiguousarray(projected, dtype=np.float64)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=PART_PREFIX, suffix=SUFFIX, dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(hashlib.sha256(projected.data).digest())
                    out.write(projected.data)
                os.replace(temporary, folder / self.name)  # whole or not at all, also for a reader
            except BaseException:
                os.unlink(temporary)
                raise
            if trim_after:
                trim(folder, limit_bytes())
        except OSError as exc:  # a full disk or a read-only home: the next opening projects again
            log.info("projection cache: %s not written (%s)", self.name, exc)


def flush(timeout: float | None = None) -> bool:
    """Wait until every :meth:`Entry.store_later` so far is written; False on timeout."""
    return _writes.wait(timeout)


def trim(folder: Path, limit: int) -> None:
    """Remove the entries used longest ago until the folder holds at most ``limit`` bytes,
    and parts of files a process ended before it finished writing."""
    entries = []
    for path in folder.iterdir():
        if path.name.startswith(PART_PREFIX):
            _remove_if_stale(path)
            continue
        if not ENTRY_NAME.fullmatch(path.name):
            continue  # not ours
        try:
            stat = path.stat()
        except OSError:
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


def _remove_if_stale(path: Path) -> None:
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > STALE_PART:
            path.unlink()


_swept: set = set()


def _sweep_once(folder: Path) -> None:
    """Parts left by ended processes go at the first lookup in a folder (a warm cache writes
    nothing, so :func:`trim` would never see them)."""
    if folder in _swept:
        return
    _swept.add(folder)
    with contextlib.suppress(OSError):
        for path in folder.glob(PART_PREFIX + "*"):
            _remove_if_stale(path)


class _Writes:
    """How many entries are still to be written, and a wait for none."""

    def __init__(self):
        self._changed = threading.Condition()
        self._count = 0

    def begin(self) -> None:
        with self._changed:
            self._count += 1

    def end(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait(self, timeout: float | None) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout)

    def pending(self) -> int:
        with self._changed:
            return self._count


_writes = _Writes()
_writer_lock = threading.Lock()
_the_writer = None


def _writer():
    global _the_writer
    with _writer_lock:
        if _the_writer is None:
            from .background import DaemonWorker

            _the_writer = DaemonWorker("projection-cache-writer")
        return _the_writer
