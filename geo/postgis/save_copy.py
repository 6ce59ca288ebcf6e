"""File → 另存为 from a server project: a complete GeoPackage copy, written safely.

The copy is what the server holds now (every layer, every setting such as
bookmarks, and the history with its inverses, so ``undo`` and ``history …
revert`` work on the copy). It is built under a hidden temporary name beside
the target by :func:`geo.store.write_project` (which writes and reads back),
completed with the settings and history, read back once more, and only then
moved over the target. An existing target that is not a GeoPackage is refused.

It reads through a connection of its own: the open project's store keeps the
versions *its* memory shows, which a fresh read must not move on.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from psycopg import sql

from .. import gpkg
from ..schema import HISTORY_DDL, HISTORY_TABLE, SETTINGS_TABLE
from . import ddl


def save_server_copy(store, dst) -> Path:
    """Write the project of ``store`` (a :class:`geo.postgis.store.PostgisStore`) to ``dst``.

    Parameters
    ----------
    store : geo.postgis.store.PostgisStore
        The open project's store (only its URL is used).
    dst : path-like
        The GeoPackage to write; replaced only once the copy reads back whole.

    Returns
    -------
    pathlib.Path
        ``dst``.

    Raises
    ------
    geo.store.ProjectError
        ``dst`` exists and is not a GeoPackage, or the copy does not read back.
    """
    from ..store import _refuse_foreign_target, _temp_prefix, read_layers, write_project
    from .store import PostgisStore

    dst = Path(dst)
    _refuse_foreign_target(dst)
    reader = PostgisStore.connect(store.location)
    try:
        loaded = reader.read_layers()
        settings = reader.read_settings()
        with reader.connection() as conn:
            history = conn.execute(sql.SQL(
                "SELECT entry_id, time, command, counts, inverse, undone, undo_of FROM {}.{}"
                " ORDER BY entry_id").format(sql.Identifier(reader.server.schema),
                                             sql.Identifier(ddl.HISTORY))).fetchall()
    finally:
        reader.close()
    tmp = dst.parent / f"{_temp_prefix(dst)}{uuid.uuid4().hex[:8]}.partial.gpkg"
    try:
        write_project(tmp, loaded.frames, loaded.rules)  # itself written beside tmp and read back
        _add_settings_and_history(tmp, settings, history)
        read_layers(tmp)  # raises if the completed copy does not read back
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return dst


def _add_settings_and_history(path: Path, settings, history) -> None:
    """The settings rules do not cover (bookmarks, …) and the history rows, in one transaction."""
    con = gpkg.connect(path)
    try:
        with gpkg.transaction(con):
            known = {row[0] for row in con.execute(f'SELECT "key" FROM "{SETTINGS_TABLE}"')}
            con.executemany(f'INSERT INTO "{SETTINGS_TABLE}" ("key", "value") VALUES (?, ?)',
                            [(k, v) for k, v in settings if k not in known])
            con.execute(HISTORY_DDL)
            con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier)"
                        " VALUES (?, 'attributes', ?)", (HISTORY_TABLE, HISTORY_TABLE))
            con.executemany(
                f'INSERT INTO "{HISTORY_TABLE}" ("entry_id", "time", "command", "counts", "inverse",'
                ' "undone", "undo_of") VALUES (?, ?, ?, ?, ?, ?, ?)',
                [(r[0], r[1], r[2], r[3], None if r[4] is None else bytes(r[4]), r[5], r[6]) for r in history])
    finally:
        con.close()
