"""Has anything changed these features since history entry E? Asked of the server's feature log.

The feature log (:func:`geo.postgis.ddl.create_feature_log`) has a row for
every insert, update and delete, whoever made it, and the transaction id that
ties the rows of entry E to E (``history.xact``). Rows after E's own rows that
name one of E's features mean the feature changed since: a revert of E would
overwrite that change (:mod:`geo.history_revert`).
"""
from __future__ import annotations

from psycopg import sql

from . import ddl


def first_later_change(store, entry_id: int, touched) -> tuple[str, str, str, str] | None:
    """The earliest change of a feature in ``touched`` after entry ``entry_id``.

    Parameters
    ----------
    store : geo.postgis.store.PostgisStore
    entry_id : int
    touched : set of (layer, id)
        Settings (``("settings", key)``) are not in the feature log and are ignored here.

    Returns
    -------
    tuple or None
        ``(layer, feature id, database role, time ISO)``, or None when nothing changed.
    """
    pairs = sorted(p for p in touched if p[0] != "settings")
    if not pairs:
        return None
    s = sql.Identifier(store.server.schema)
    log, history = sql.Identifier(ddl.FEATURE_LOG), sql.Identifier(ddl.HISTORY)
    # the entry's own rows end at the last row of its transaction; without any (an entry
    # that only changed settings) every row logged after the entry was written counts
    query = sql.SQL(
        "WITH e AS (SELECT xact, time FROM {s}.{history} WHERE entry_id = %(entry)s),"
        " own AS (SELECT max(f.log_id) AS last FROM {s}.{log} f, e WHERE f.xact = e.xact)"
        " SELECT f.layer, f.feature_id, f.role, f.time FROM {s}.{log} f, e, own,"
        " unnest(%(layers)s::text[], %(ids)s::text[]) AS t(layer, feature_id)"
        " WHERE f.layer = t.layer AND f.feature_id = t.feature_id AND f.xact <> e.xact"
        " AND (f.log_id > own.last OR (own.last IS NULL AND f.time >= e.time::timestamptz))"
        " ORDER BY f.log_id LIMIT 1").format(s=s, log=log, history=history)
    with store.connection() as conn:
        row = conn.execute(query, {"entry": entry_id, "layers": [p[0] for p in pairs],
                                   "ids": [p[1] for p in pairs]}).fetchone()
    if row is None:
        return None
    return row[0], row[1], row[2], row[3].astimezone().isoformat(timespec="seconds")
