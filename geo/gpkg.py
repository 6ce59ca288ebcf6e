"""Low-level GeoPackage access with the standard library's sqlite3.

GDAL writes whole layers well, but it has no feature-level update API in
pyogrio, so edits go through sqlite3 directly. Two things make that safe:

* geometries are encoded as GeoPackage binary (a small header, then WKB), and
* the R-tree triggers GDAL installs call ``ST_IsEmpty``/``ST_MinX``/...; plain
  sqlite3 does not have them, so :func:`connect` registers them. Without them
  any geometry insert or update fails with "no such function".
"""
from __future__ import annotations

import os
import sqlite3
import stat
import struct
from pathlib import Path

import shapely

from .messages import Message, register

DAMAGED = register("gpkg.damaged", "{path}：SQLite 文件已损坏或不完整（{detail}）",
                   "{path}: damaged or truncated SQLite file ({detail})")
UNRECOVERED = register(
    "gpkg.unrecovered_write",
    "{path}：上次写入被中断，但无法回滚（文件夹只读或另一程序正占用它）；请在可写的位置打开，文件本身未被改动",
    "{path}: an interrupted write could not be rolled back (the folder is read-only or another"
    " program holds the file); open it where it can be written. The file was not changed")
BUSY = register("gpkg.busy", "{path}：另一程序正在写入此文件，请在它完成后再试",
                "{path}: another program is writing this file; try again when it has finished")

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
SQLITE_MAGIC = b"SQLite format 3\x00"

_HEADER = struct.Struct("<2sBBi")  # magic, version, flags, srs_id (little-endian)
_ENVELOPE = struct.Struct("<4d")


class NotAGeoPackage(Exception):
    """The file exists but is not a readable GeoPackage."""


def encode(geom, srs_id: int) -> bytes | None:
    """GeoPackage binary for a shapely geometry (None stays None)."""
    if geom is None:
        return None
    empty = shapely.is_empty(geom)
    flags = 0b1  # little-endian
    if empty:
        flags |= 0b1_0000
        envelope = b""
    else:
        flags |= 0b0010  # envelope [minx, maxx, miny, maxy]
        minx, miny, maxx, maxy = shapely.bounds(geom)
        envelope = _ENVELOPE.pack(minx, maxx, miny, maxy)
    wkb = shapely.to_wkb(geom, byte_order=1, flavor="iso")
    return _HEADER.pack(b"GP", 0, flags, srs_id) + envelope + wkb


def _header_size(blob: bytes) -> int:
    flags = blob[3]
    envelope_kind = (flags >> 1) & 0b111
    return 8 + {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(envelope_kind, 0)


def decode(blob):
    """Shapely geometry from GeoPackage binary."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    return shapely.from_wkb(blob[_header_size(blob):])


def _bounds(blob):
    # The R-tree triggers ask four times per written geometry: read the envelope the
    # header carries (as GDAL's own ST_MinX does) instead of parsing the WKB each time.
    # encode() writes shapely.bounds there, so the values are the same.
    if blob is not None and len(blob) >= 8 + _ENVELOPE.size and blob[:2] == b"GP" \
            and (blob[3] >> 1) & 0b111 in (1, 2, 3, 4) and not (blob[3] >> 4) & 1 and blob[3] & 1:
        minx, maxx, miny, maxy = _ENVELOPE.unpack_from(blob, 8)
        if minx <= maxx and miny <= maxy:  # NaN (no envelope after all): parse the geometry
            return minx, miny, maxx, maxy
    geom = decode(blob)
    if geom is None or geom.is_empty:
        return None
    return shapely.bounds(geom)


def _is_empty(blob):
    if blob is None:
        return 1
    blob = bytes(blob)
    return 1 if (blob[3] >> 4) & 1 else 0


def _bound_function(index):
    def fn(blob):
        b = _bounds(blob) if blob is not None else None
        return None if b is None else float(b[index])
    return fn


def looks_like_geopackage(path) -> str | None:
    """Why ``path`` is not a GeoPackage, or None when it looks like one."""
    path = os.fspath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "file does not exist"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        return "is not a regular file (a pipe, socket or device)"
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return "is not a GeoPackage (not an SQLite database)"
    app_id = struct.unpack(">I", head[68:72])[0]
    if app_id != GPKG_APPLICATION_ID:
        return "is an SQLite database but not a GeoPackage (application_id is not GPKG)"
    return None


def connect(path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a GeoPackage with the functions GDAL's triggers need.

    Transactions are explicit (``isolation_level=None``): callers use
    :func:`transaction` so one user operation is one SQLite transaction.
    """
    path = os.fspath(path)
    why = looks_like_geopackage(path)
    if why:
        raise NotAGeoPackage(f"{path}: {why}")
    uri = sqlite_uri(path, "ro" if readonly else "rw")
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check_not_truncated(con, path)
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):  # a writer holds it: healthy, not damaged
            raise NotAGeoPackage(str(Message(BUSY, path=path))) from None
        if readonly and has_leftover_journal(path):  # SQLITE_READONLY_ROLLBACK: healthy, not damaged
            raise NotAGeoPackage(str(Message(UNRECOVERED, path=path))) from None
        raise NotAGeoPackage(str(Message(DAMAGED, path=path, detail=exc))) from None
    con.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MinY", 1), ("ST_MaxX", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, _bound_function(index), deterministic=True)
    con.execute("PRAGMA foreign_keys=OFF")
    return con


def sqlite_uri(path, mode: str) -> str:
    """A ``file:`` URI naming exactly ``path`` whatever it holds (``#``, ``?``, ``%``, spaces).

    A bare ``file:{path}`` would end the name at ``#`` or ``?`` and decode
    ``%20``, so SQLite would open (or create) a different file.

    >>> sqlite_uri("/tmp/3#楼 %20.gpkg", "ro")
    'file:///tmp/3%23%E6%A5%BC%20%2520.gpkg?mode=ro'
    """
    return f"{Path(os.path.abspath(os.fspath(path))).as_uri()}?mode={mode}"


def journal_paths(path) -> list[str]:
    """The rollback journal and write-ahead log SQLite keeps beside ``path``."""
    path = os.fspath(path)
    return [path + "-journal", path + "-wal"]


def has_leftover_journal(path) -> bool:
    """A non-empty journal or WAL beside the file: a writer is busy, or was killed."""
    return any(os.path.isfile(p) and os.path.getsize(p) > 0 for p in journal_paths(path))


def _check_not_truncated(con: sqlite3.Connection, path: str) -> None:
    """A file cut short is smaller than its header's page count says; checking that
    is exact and instant, where ``PRAGMA quick_check`` reads every page (seconds
    on a city project). A hot journal or WAL beside the file may legitimately
    hold the missing pages, so the test is skipped then."""
    if os.path.exists(path + "-wal") or os.path.exists(path + "-journal"):
        return
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    page_count = con.execute("PRAGMA page_count").fetchone()[0]
    if os.path.getsize(path) < page_size * page_count:
        raise sqlite3.DatabaseError(
            f"file holds {os.path.getsize(path)} bytes, its header says {page_size * page_count}")


class transaction:
    """``with transaction(con):`` — BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")
        return False


def layer_info(con: sqlite3.Connection) -> dict[str, dict]:
    """Per table in gpkg_contents: data_type, geometry column, geometry type, srs_id."""
    info = {}
    for name, data_type, srs_id in con.execute(
            "SELECT table_name, data_type, srs_id FROM gpkg_contents"):
        info[name] = {"data_type": data_type, "srs_id": srs_id, "geom_column": None,
                      "geometry_type": None}
    for name, column, gtype, srs_id in con.execute(
            "SELECT table_name, column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns"):
        if name in info:
            info[name].update(geom_column=column, geometry_type=gtype, srs_id=srs_id)
    return info


def srs_definition(con: sqlite3.Connection, srs_id: int) -> tuple[str, int, str] | None:
    """(organization, organization_coordsys_id, definition) of an srs_id, if registered."""
    row = con.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys"
        " WHERE srs_id=?", (srs_id,)).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def backup(src: sqlite3.Connection, dst_path) -> None:
    """Copy a live database, WAL content included, with SQLite's online backup API."""
    dst = sqlite3.connect(os.fspath(dst_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
