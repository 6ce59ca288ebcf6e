"""What an offline copy remembers of the server: its base (a stable interface).

A GeoPackage made by ``checkout`` (:mod:`geo.postgis.offline`) holds three
plain SQLite tables besides the project's layers:

``sync_meta`` (``key`` TEXT PRIMARY KEY, ``value`` TEXT)
    ``url`` (the project URL, never with a password), ``schema``, ``street``
    (empty: the whole project), ``checked_out_at``, ``synced_at``, ``format`` ("1").
``sync_base`` (``layer``, ``feature_id``, ``version`` INTEGER, ``hash`` TEXT; key layer + feature_id)
    every feature as it was on the server at the last checkout or sync: the
    server's ``version`` and :func:`feature_hash` of its content.
``sync_conflicts`` (``layer``, ``feature_id``, ``local_hash``, ``server_version``, ``server_hash``)
    features changed on both sides the last sync left for the user; a later
    local edit of one resolves it in favour of the edit.

A hash of ``None`` (SQL NULL) means "the feature is absent" (deleted).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
import shapely

from .. import gpkg
from ..messages import CodedError, register
from ..schema import LAYERS

META, BASE, CONFLICTS = "sync_meta", "sync_base", "sync_conflicts"
FORMAT = "1"

NOT_A_CHECKOUT = register(
    "offline.not_a_checkout",
    "{path}：不是用 checkout 取出的离线副本（没有 sync_base 表），无法同步",
    "{path}: not an offline copy made by checkout (it has no sync_base table); nothing to sync")

_DDL = (
    f'CREATE TABLE IF NOT EXISTS "{META}" ("key" TEXT PRIMARY KEY, "value" TEXT)',
    f'CREATE TABLE IF NOT EXISTS "{BASE}" ("layer" TEXT NOT NULL, "feature_id" TEXT NOT NULL,'
    ' "version" INTEGER, "hash" TEXT, PRIMARY KEY ("layer", "feature_id"))',
    f'CREATE TABLE IF NOT EXISTS "{CONFLICTS}" ("layer" TEXT NOT NULL, "feature_id" TEXT NOT NULL,'
    ' "local_hash" TEXT, "server_version" INTEGER, "server_hash" TEXT, PRIMARY KEY ("layer", "feature_id"))',
)


@dataclass
class SyncBase:
    """The three tables of an offline copy, in memory."""

    meta: dict = field(default_factory=dict)
    #: layer -> {id: (version, hash)}
    base: dict = field(default_factory=dict)
    #: layer -> {id: (local_hash, server_version, server_hash)}
    conflicts: dict = field(default_factory=dict)


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def read_base(path) -> SyncBase:
    """The sync tables of ``path``; CodedError ``offline.not_a_checkout`` when it has none."""
    con = sqlite3.connect(gpkg.sqlite_uri(str(path), "ro"), uri=True)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {META, BASE} <= names:
            raise CodedError(NOT_A_CHECKOUT, path=path)
        out = SyncBase(dict(con.execute(f'SELECT "key", "value" FROM "{META}"').fetchall()))
        for layer, id_, version, digest in con.execute(f'SELECT * FROM "{BASE}"'):
            out.base.setdefault(layer, {})[id_] = (version, digest)
        if CONFLICTS in names:
            for layer, id_, local, version, digest in con.execute(f'SELECT * FROM "{CONFLICTS}"'):
                out.conflicts.setdefault(layer, {})[id_] = (local, version, digest)
        return out
    finally:
        con.close()


def write_base(con: sqlite3.Connection, state: SyncBase) -> None:
    """Replace the sync tables on ``con`` with ``state`` (inside the caller's transaction)."""
    for statement in _DDL:
        con.execute(statement)
    con.execute(f'DELETE FROM "{META}"')
    con.executemany(f'INSERT INTO "{META}" VALUES (?, ?)', list(state.meta.items()))
    con.execute(f'DELETE FROM "{BASE}"')
    con.executemany(f'INSERT INTO "{BASE}" VALUES (?, ?, ?, ?)',
                    [(layer, str(i), v, h) for layer, rows in state.base.items() for i, (v, h) in rows.items()])
    con.execute(f'DELETE FROM "{CONFLICTS}"')
    con.executemany(f'INSERT INTO "{CONFLICTS}" VALUES (?, ?, ?, ?, ?)',
                    [(layer, str(i), *row) for layer, rows in state.conflicts.items() for i, row in rows.items()])


# ---------------------------------------------------------------- content hashes

def hashed_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """The schema's columns of layer ``name`` the frame has (see :func:`extra_columns` for the rest)."""
    return [c for c in LAYERS[name].column_names if c in frame.columns]


def extra_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """Columns a user added to layer ``name`` (not in the schema), in name order. They are
    compared and sent like the schema's: an edit in them is an edit."""
    schema = set(LAYERS[name].column_names)
    return sorted(c for c in frame.columns if c not in schema and c != "geometry")


def layer_hashes(name: str, frame: pd.DataFrame) -> dict:
    """{id: content hash} of every feature of ``frame`` (as read from a file or the server)."""
    id_col = LAYERS[name].id_column
    if id_col not in frame.columns or not len(frame):
        return {}
    columns = hashed_columns(name, frame)
    values = [frame[c].tolist() for c in columns]
    extras = {c: frame[c].tolist() for c in extra_columns(name, frame)}
    geoms = frame.geometry.array if LAYERS[name].is_spatial and "geometry" in frame else None
    out = {}
    for k, id_ in enumerate(frame[id_col].tolist()):
        row = [plain(v[k]) for v in values]
        if geoms is not None:
            row.append(geometry_key(geoms[k]))
        # only filled extra cells count: a column one side lacks equals a blank one, and a
        # feature with none hashes as it always did (bases written before stay valid)
        filled = {c: plain(v[k]) for c, v in extras.items() if plain(v[k]) is not None}
        if filled:
            row.append(filled)
        out[id_] = _digest(row)
    return out


def _digest(row: list) -> str:
    return hashlib.sha1(json.dumps(row, ensure_ascii=False).encode()).hexdigest()


def plain(value):
    """A cell as a JSON-able canonical value: blanks None, whole floats as ints, numpy as Python."""
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "item") and not hasattr(value, "geom_type"):
        value = value.item()
    if isinstance(value, float):
        if np.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value if isinstance(value, (int, bool)) else str(value)


def geometry_key(geom) -> str | None:
    """Hex WKB of ``geom`` with a single polygon as a one-part multipolygon (file and server agree)."""
    if geom is None or (isinstance(geom, float) and np.isnan(geom)):
        return None
    if geom.geom_type == "Polygon":
        geom = shapely.MultiPolygon([geom])
    return shapely.to_wkb(geom, hex=True, flavor="iso", byte_order=1)
