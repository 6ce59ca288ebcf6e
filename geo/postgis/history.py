"""The history table of a published project: the same entries as a GeoPackage's.

Entries are written by :meth:`geo.postgis.store.PostgisStore.apply` in the
change's own transaction (as :func:`geo.history.write_entry` does in a file),
with the database role that wrote them (``changed_by``). Reading gives
:class:`geo.history.HistoryEntry` objects, so ``history`` prints the same
lines and JSON for a file and for its published copy.
"""
from __future__ import annotations

import json
import zlib

from psycopg import sql

from ..history import HistoryEntry, decode_changes, shown_text
from . import ddl


def server_entries(cur, schema: str, limit: int | None = None, undoable: bool = False) -> list[HistoryEntry]:
    """Entries newest first; ``undoable``: only those ``undo`` would revert."""
    where = sql.SQL(" WHERE undone = 0 AND undo_of IS NULL AND inverse IS NOT NULL" if undoable else "")
    query = sql.SQL("SELECT entry_id, time, command, counts, undone, undo_of FROM {}.{}{}"
                    " ORDER BY entry_id DESC").format(sql.Identifier(schema), sql.Identifier(ddl.HISTORY), where)
    if limit is not None:
        query += sql.SQL(" LIMIT %s")
    cur.execute(query, (limit,) if limit is not None else None)
    return [HistoryEntry(r[0], r[1], r[2], json.loads(r[3]), bool(r[4]), r[5]) for r in cur.fetchall()]


def server_inverse(cur, schema: str, entry_id: int) -> list[tuple] | None:
    """The change list that undoes ``entry_id`` (None for an undo entry)."""
    cur.execute(sql.SQL("SELECT inverse FROM {}.{} WHERE entry_id = %s").format(
        sql.Identifier(schema), sql.Identifier(ddl.HISTORY)), (entry_id,))
    row = cur.fetchone()
    return None if row is None or row[0] is None else decode_changes(zlib.decompress(row[0]).decode())


def read_server_history(url: str, limit: int | None = None) -> list[HistoryEntry]:
    """The entries of the project at ``url``, newest first (one short read-only connection)."""
    from .store import project_connection

    with project_connection(url) as (conn, server):
        return server_entries(conn.cursor(), server.schema, limit)


def read_feature_log(url: str, feature=None, since=None, limit=None) -> list[dict]:
    """Rows of the database's own feature log (see :func:`geo.feature_history.feature_changes`)."""
    from .store import project_connection

    with project_connection(url) as (conn, server):
        return feature_log(conn.cursor(), server.schema, feature, since, limit)


def feature_log(cur, schema: str, feature=None, since=None, limit=None) -> list[dict]:
    """Feature changes newest first, each with the GridAtlas history entry of its transaction."""
    s = sql.Identifier(schema)
    query = sql.SQL(
        "SELECT f.time, f.layer, f.feature_id, f.operation, f.role, f.before, f.after, h.entry_id, h.command"
        " FROM {s}.{log} f LEFT JOIN {s}.{history} h ON h.xact = f.xact"
        " WHERE (%(feature)s::text IS NULL OR f.feature_id = %(feature)s)"
        " AND (%(since)s::timestamptz IS NULL OR f.time >= %(since)s)"
        " ORDER BY f.log_id DESC").format(s=s, log=sql.Identifier(ddl.FEATURE_LOG),
                                           history=sql.Identifier(ddl.HISTORY))
    params = {"feature": feature, "since": since}
    if limit is not None:
        query += sql.SQL(" LIMIT %(limit)s")
        params["limit"] = limit
    cur.execute(query, params)
    return [{"time": r[0].astimezone().isoformat(timespec="seconds"), "layer": r[1], "feature": r[2],
             "operation": r[3], "columns": _changed(r[5], r[6]) if r[3] == "update" else [],
             "role": r[4], "entry": r[7], "command": None if r[8] is None else shown_text(r[8])}
            for r in cur.fetchall()]


def _changed(before: dict, after: dict) -> list[str]:
    keys = set(before or {}) | set(after or {})
    return sorted("geometry" if k == ddl.GEOM else k for k in keys
                  if (before or {}).get(k) != (after or {}).get(k))
