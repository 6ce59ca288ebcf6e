"""A project on a PostgreSQL/PostGIS server, edited by several clients at once.

:class:`PostgisStore` is the server twin of :class:`geo.store.ProjectStore`
(both satisfy :class:`geo.store_api.ProjectStoreAPI`): it reads the layers
into frames and applies change lists in one transaction each, with their
history entry. What a shared project adds:

* **Optimistic concurrency per feature.** The store remembers the ``version``
  of every feature as this client last read it. An update or delete names that
  version (``WHERE id = … AND version = …``); if another client changed or
  deleted the feature since, nothing of the change list is written and
  :class:`StaleEdit` names who changed it and when. The project then reloads
  those features (:func:`geo.postgis.remote.reload_features`), so the user sees
  the other edit and can redo theirs on top of it. Nothing is overwritten silently.
* **Change announcements.** In the same transaction the store sends
  ``NOTIFY gridatlas_<schema>`` with the ids it changed (delivered on commit);
  other clients read them with :meth:`poll_remote_changes`.
* **Reconnecting.** Writes go through a one-connection pool that checks the
  connection before use, so a restarted server or a killed backend costs one
  refused edit at most, never a lost or doubled one (a transaction commits
  whole or not at all).

Passwords: only libpq's own sources (``~/.pgpass``, ``PGPASSWORD``); a URL with
one is refused (:mod:`geo.postgis.url`). Nothing here logs a connection string.
"""
from __future__ import annotations

import contextlib
import json
import uuid
import zlib
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql
from psycopg_pool import ConnectionPool

from ..editing.assign import EditRefused
from ..history import HistoryEntry, change_counts, encode_changes
from ..messages import CodedError, register
from ..rules import Rules
from ..schema import LAYERS, SETTINGS_TABLE
from ..store import LoadedLayers, normalize_types
from . import ddl
from .url import parse_url

CONNECT_FAILED = register("postgis.connect_failed", "无法连接数据库 {url}：{detail}",
                          "Cannot connect to the database {url}: {detail}")
NO_PROJECT = register("postgis.no_project", "{url}：数据库中没有名为 {schema} 的项目（先用 publish 发布）",
                      "{url}: the database holds no project in schema {schema} (publish one first)")
STALE = register(
    "postgis.stale_feature",
    "{layer} 中的 {id} 已被 {who} 于 {when} 修改{more}；你的修改没有保存，已载入它的最新内容，请在此基础上重做",
    "{id} in {layer} was changed by {who} at {when}{more}; your edit was not saved. Its current state"
    " has been loaded: redo the edit on top of it")
STALE_DELETED = register(
    "postgis.stale_deleted",
    "{layer} 中的 {id} 已被其他用户删除{more}；你的修改没有保存，已载入最新内容",
    "{id} in {layer} was deleted by another user{more}; your edit was not saved and the current"
    " state has been loaded")
STALE_MORE = register("postgis.stale_more", "（另有 {n} 个要素也已被修改）",
                      " (and {n} more features changed too)")
DUPLICATE_ID = register("postgis.duplicate_id", "{layer} 中已有编号 {id}（可能刚由其他用户添加）；什么也没改",
                        "{layer} already has id {id} (perhaps just added by another user); nothing was changed")
NOT_PERMITTED = register(
    "postgis.not_permitted",
    "你的数据库角色无权修改 {layer} 中的 {id}（只能修改授权给你的社区或街道的要素）；什么也没改",
    "Your database role may not change {id} in {layer} (only features of the communities or street"
    " granted to you); nothing was changed")
NOT_PERMITTED_TABLE = register(
    "postgis.not_permitted_table", "你的数据库角色无权做这项修改（{detail}）；什么也没改",
    "Your database role may not make this change ({detail}); nothing was changed")
CONNECTION_LOST = register("postgis.connection_lost",
                           "与数据库 {url} 的连接中断，这次修改没有保存（{detail}）；重新连接后请再试一次",
                           "The connection to {url} was lost and this edit was not saved ({detail});"
                           " try again once reconnected")
FEATURE_BUSY = register(
    "postgis.feature_busy",
    "{layer} 中的 {id}{more} 正被其他用户修改（等待超过 {wait}）；你的修改没有保存，请稍后再试一次",
    "{id} in {layer}{more} is being changed by another user (waited longer than {wait}); your edit was"
    " not saved: try again in a moment")
BUSY_MORE = register("postgis.busy_more", "（及另外 {n} 个要素）", " (and {n} more features)")

#: seconds: the pool never swaps a healthy connection, so a new one always means the old was lost
_NEVER_RECYCLED = 365 * 86400.0
#: NOTIFY payloads must stay under 8,000 bytes: long id lists go in several
_NOTIFY_CHUNK = 7000


class StaleEdit(EditRefused):
    """An update or delete named a version another client has moved on from.

    ``stale`` maps layer -> ids to reload. Nothing of the change list was written.
    An :class:`~geo.editing.assign.EditRefused`: every editing tool already explains those.
    """

    def __init__(self, code, stale: dict[str, list], **params):
        super().__init__(code, **params)
        self.stale = stale


class PostgisStore:
    """A published project: one schema on a server (see the module's notes)."""

    is_shared = True

    def __init__(self, url: str):
        self.server = parse_url(url)
        self.location = self.server.url
        self.client_id = uuid.uuid4().hex  # our own announcements are not news to us
        self.versions: dict[str, dict] = {}  # layer -> {id: version as last read}
        self.columns: dict[str, list[tuple[str, str]]] = {}
        self.srid = 0
        self.crs = None
        self.geometry_types: dict[str, str] = {}  # layer -> "MULTIPOLYGON", "POINT", ...
        self._pool = None
        self._listener = None
        self._connected = False   # once the first connections are made, a new one is a reconnection
        self._reconnected = False  # ... not yet reported (:meth:`take_reconnected`)
        self._lock_timeout = "?"  # as the server words it ("1s"), for a refusal that hit it

    # ------------------------------------------------------------ connecting
    @classmethod
    def connect(cls, url: str) -> "PostgisStore":
        """Connect to the project at ``url``; CodedError when the server or schema is not there."""
        from .session_passwords import password_for

        store = cls(url)
        secret = password_for(store.server.conninfo)  # typed in the dialog; else libpq's ~/.pgpass
        try:
            store._listener = psycopg.connect(store.server.conninfo, autocommit=True,
                                              application_name=f"GridAtlas {store.server.schema}", **secret)
            store._pool = ConnectionPool(store.server.conninfo, min_size=1, max_size=1, open=False,
                                         kwargs={"autocommit": True, "application_name": "GridAtlas",
                                                 **secret},
                                         check=ConnectionPool.check_connection, name="gridatlas",
                                         configure=store._connection_made,
                                         max_lifetime=_NEVER_RECYCLED)
            store._pool.open(wait=True, timeout=15)
        except (psycopg.Error, Exception) as exc:  # the pool wraps connection errors in PoolTimeout
            store.close()
            raise CodedError(CONNECT_FAILED, url=store.location, detail=_first_line(exc)) from None
        store._listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(store.server.channel)))
        with store._pool.connection() as conn:
            if not ddl.is_project_schema(conn.cursor(), store.server.schema):
                store.close()
                raise CodedError(NO_PROJECT, url=store.location, schema=store.server.schema)
        store._connected = True
        return store

    def _connection_made(self, conn) -> None:
        """The pool opened a connection: after the first, the old one was lost (a restart, a
        terminated backend) and the pool reconnected by itself before an edit."""
        # An edit waiting on a row another client holds would freeze the window: give up after a
        # while and say so (postgis.feature_busy). PGOPTIONS may already have set a wait.
        self._lock_timeout = conn.execute("SHOW lock_timeout").fetchone()[0]
        if self._lock_timeout == "0":
            conn.execute("SET lock_timeout = '10s'")
            self._lock_timeout = "10s"
        if self._connected:
            self._reconnected = True

    def take_reconnected(self) -> bool:
        """Whether a lost connection was made again since the last call (the window says so once)."""
        reconnected, self._reconnected = self._reconnected, False
        return reconnected

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def attach(self, project) -> None:
        """Called by :meth:`geo.project.Project.open` once the project exists (nothing to do yet)."""

    @property
    def who(self) -> str:
        """``user@host:port/db``: who is connected where (the status bar shows it)."""
        from .url import display_host

        return display_host(self.server.conninfo)

    def connected_clients(self) -> list[str]:
        """The database roles of the GridAtlas clients that have this project open (us included)."""
        with self._pool.connection() as conn:
            rows = conn.execute("SELECT usename FROM pg_stat_activity WHERE datname = current_database()"
                                " AND application_name = %s ORDER BY backend_start",
                                (f"GridAtlas {self.server.schema}",)).fetchall()
        return [r[0] or "?" for r in rows]

    def listener_fileno(self) -> int | None:
        """The socket that becomes readable when another client's change is announced
        (the GUI watches it with a QSocketNotifier)."""
        return None if self._listener is None else self._listener.fileno()

    # ------------------------------------------------------------ reading
    def read_layers(self) -> LoadedLayers:
        """Every layer as a frame (file order, same types as from a GeoPackage), rules, CRS."""
        with self._pool.connection() as conn, conn.transaction():
            cur = conn.cursor(binary=True)
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self._read_meta(cur)
            frames = {name: self._read_frame(cur, name, None) for name in self.columns if name in LAYERS}
            cur.execute(sql.SQL("SELECT key, value FROM {}.{}").format(
                sql.Identifier(self.server.schema), sql.Identifier(SETTINGS_TABLE)))
            rows = cur.fetchall()
        problems = []
        try:
            rules = Rules.from_rows(rows)
        except ValueError as exc:
            from ..validate import Problem

            problems.append(Problem("bad_setting", SETTINGS_TABLE, None, str(exc)))
            rules = Rules()
        srs_ids = {name: self.srid for name in frames if LAYERS[name].is_spatial}
        return LoadedLayers(None, frames, rules, self.crs, problems, srs_ids)

    def _read_meta(self, cur) -> None:
        cur.execute(sql.SQL("SELECT key, value FROM {}.{}").format(
            sql.Identifier(self.server.schema), sql.Identifier(ddl.META_TABLE)))
        meta = dict(cur.fetchall())
        self.srid = int(meta.get("srid", 0))
        self.crs = meta.get("crs") or (f"EPSG:{self.srid}" if self.srid else None)
        self.columns = {t: cols for t, cols in ddl.table_columns(cur, self.server.schema).items()
                        if t in LAYERS}
        cur.execute("SELECT f_table_name, type FROM geometry_columns WHERE f_table_schema = %s",
                    (self.server.schema,))
        self.geometry_types = {t: g.upper() for t, g in cur.fetchall()}

    def read_versions(self) -> dict[str, dict]:
        """Read the project's metadata and every feature's version, not its rows.

        For a client whose rows come from a read made at the same moment (a
        second window on the same data): what it knows is then exactly what the
        server holds. Returns ``{layer: {id: version}}`` (also kept as :attr:`versions`).
        """
        with self._pool.connection() as conn, conn.transaction():
            cur = conn.cursor()
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self._read_meta(cur)
            for name in self.columns:
                cur.execute(sql.SQL("SELECT {}, version FROM {}.{}").format(
                    sql.Identifier(LAYERS[name].id_column), sql.Identifier(self.server.schema),
                    sql.Identifier(name)))
                self.versions[name] = dict(cur.fetchall())
        return self.versions

    def read_rows(self, layer: str, ids) -> pd.DataFrame:
        """The current rows of ``ids`` in ``layer`` (those still there), with their versions noted."""
        with self._pool.connection() as conn:
            return self._read_frame(conn.cursor(binary=True), layer, list(ids))

    def _read_frame(self, cur, name: str, ids) -> pd.DataFrame:
        layer = LAYERS[name]
        attrs = [(c, t) for c, t in self.columns[name] if c not in ddl.BOOKKEEPING]
        fields = [sql.Identifier(c) for c, _ in attrs]
        if layer.is_spatial:
            fields.append(sql.SQL("ST_AsBinary(geom)"))
        fields.append(sql.Identifier("version"))
        query = sql.SQL("SELECT {} FROM {}.{}").format(sql.SQL(", ").join(fields),
                                                      sql.Identifier(self.server.schema), sql.Identifier(name))
        if ids is not None:
            query += sql.SQL(" WHERE {} = ANY(%s)").format(sql.Identifier(layer.id_column))
        cur.execute(query + sql.SQL(" ORDER BY fid"), None if ids is None else ([str(i) for i in ids],))
        rows = cur.fetchall()
        values = list(zip(*rows)) if rows else [()] * len(fields)
        data = {c: _column_values(values[i], pg_type) for i, (c, pg_type) in enumerate(attrs)}
        data = _with_withheld_columns(name, data, len(rows))
        versions = values[-1]
        if layer.is_spatial:
            geoms = shapely.from_wkb(np.array([None if v is None else bytes(v) for v in values[len(attrs)]],
                                              dtype=object))
            frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=self.crs), crs=self.crs)
        else:
            frame = pd.DataFrame(data)
        frame = normalize_types(name, frame)
        known = self.versions.setdefault(name, {})
        known.update(zip(frame[layer.id_column].tolist(), versions) if layer.id_column in frame else ())
        return frame

    def forget(self, layer: str, ids) -> None:
        """Features gone from the server: drop their versions (a reload found them deleted)."""
        known = self.versions.get(layer, {})
        for id_ in ids:
            known.pop(id_, None)

    def read_settings(self) -> list[tuple[str, str]]:
        with self._pool.connection() as conn:
            cur = conn.execute(sql.SQL("SELECT key, value FROM {}.{}").format(
                sql.Identifier(self.server.schema), sql.Identifier(SETTINGS_TABLE)))
            return cur.fetchall()

    # ------------------------------------------------------------ writing
    def apply(self, changes, record=None) -> int | None:
        """Apply ``changes`` in one transaction, checked against the versions this client read.

        Same change lists and ``record`` as :meth:`geo.store.ProjectStore.apply`.

        Raises
        ------
        StaleEdit
            Another client changed or deleted a feature this list updates or
            deletes; nothing was written.
        geo.messages.CodedError
            ``postgis.duplicate_id`` or ``postgis.connection_lost``; nothing was written.
        """
        from .writing import ChangeWriter

        writer = None
        try:
            with self._pool.connection() as conn, conn.transaction():
                writer = ChangeWriter(self, conn.cursor())
                writer.write(changes)
                entry_id = self._write_history(conn.cursor(), record, changes) if record is not None else None
                self._announce(conn.cursor(), writer.touched, writer.settings_changed, entry_id)
        except psycopg.errors.InsufficientPrivilege as exc:  # a GRANT or a row-level policy said no
            raise EditRefused(NOT_PERMITTED_TABLE, detail=_first_line(exc)) from None
        except psycopg.errors.UniqueViolation as exc:
            raise EditRefused(DUPLICATE_ID, layer=_table_of(exc), id=_key_of(exc)) from None
        except psycopg.errors.LockNotAvailable:  # lock_timeout: another transaction holds the row
            raise _busy_error(writer, self._lock_timeout) from None
        except psycopg.OperationalError as exc:
            raise EditRefused(CONNECTION_LOST, url=self.location, detail=_first_line(exc)) from None
        writer.commit_versions()
        return entry_id

    def _write_history(self, cur, record, changes) -> int:
        inverse = None if record.inverse is None else zlib.compress(encode_changes(record.inverse).encode(), 1)
        table = sql.SQL("{}.{}").format(sql.Identifier(self.server.schema), sql.Identifier(ddl.HISTORY))
        cur.execute(sql.SQL("INSERT INTO {} (time, command, counts, inverse, undo_of)"
                            " VALUES (%s, %s, %s, %s, %s) RETURNING entry_id").format(table),
                    (_now(), record.text, json.dumps(change_counts(changes), ensure_ascii=False),
                     inverse, record.undo_of))
        entry_id = cur.fetchone()[0]
        if record.undo_of is not None:
            cur.execute(sql.SQL("UPDATE {} SET undone = 1 WHERE entry_id = %s").format(table),
                        (record.undo_of,))
        return entry_id

    def _announce(self, cur, touched: dict[str, list], settings: bool, entry_id) -> None:
        """NOTIFY the changed ids (delivered at commit, never for a rolled-back change)."""
        for payload in notify_payloads(self.client_id, touched, settings, entry_id):
            cur.execute("SELECT pg_notify(%s, %s)", (self.server.channel, payload))

    # ------------------------------------------------------------ others' changes
    def poll_remote_changes(self, timeout: float = 0.0) -> list[dict]:
        """Announcements from other clients since the last call: ``[{"layers": {layer: [ids]},
        "settings": bool, "entry": id}, ...]``. Waits up to ``timeout`` s for the first one.

        When the listening connection was lost (the server restarted, the backend
        was terminated), it is opened again and, since announcements made
        meanwhile are gone, the features whose versions differ from what this
        client read are reported instead (:meth:`changes_since_read`).
        """
        if self._listener is None:
            return []
        try:
            out = list(self._listener.notifies(timeout=timeout, stop_after=1)) if timeout else []
            out += list(self._listener.notifies(timeout=0))
        except psycopg.OperationalError:
            return self._listen_again()
        payloads = [json.loads(n.payload) for n in out]
        return [p for p in payloads if p.get("client") != self.client_id]

    def _listen_again(self) -> list[dict]:
        from .session_passwords import password_for

        self._listener.close()
        try:
            self._listener = psycopg.connect(self.server.conninfo, autocommit=True,
                                             application_name=f"GridAtlas {self.server.schema}",
                                             **password_for(self.server.conninfo))
        except psycopg.OperationalError as exc:  # still down: the caller says so and tries again later
            raise EditRefused(CONNECTION_LOST, url=self.location, detail=_first_line(exc)) from None
        self._listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.server.channel)))
        self._reconnected = True
        return [{"layers": self.changes_since_read(), "settings": True}]

    def changes_since_read(self) -> dict[str, list]:
        """{layer: ids} whose server version differs from the one this client read, new or gone."""
        out = {}
        with self._pool.connection() as conn:
            for name in self.columns:
                id_col = LAYERS[name].id_column
                rows = conn.execute(sql.SQL("SELECT {}, version FROM {}.{}").format(
                    sql.Identifier(id_col), sql.Identifier(self.server.schema), sql.Identifier(name))).fetchall()
                server = dict(rows)
                known = self.versions.get(name, {})
                changed = [i for i, v in server.items() if known.get(i) != v]
                changed += [i for i in known if i not in server]
                if changed:
                    out[name] = changed
        return out

    # ------------------------------------------------------------ layers, columns, history
    def ensure_layers(self, names, crs=None) -> list[str]:
        """Create the tables of layers added to the schema after the project was published."""
        missing = [n for n in names if n not in self.columns]
        if missing:
            with self._pool.connection() as conn, conn.transaction():
                cur = conn.cursor()
                for name in missing:
                    layer = LAYERS[name]
                    columns = [(c.name, ddl.PG_TYPES[c.kind]) for c in layer.columns]
                    ddl.create_layer_table(cur, self.server.schema, name, columns,
                                           layer.geometry and layer.geometry.upper(), self.srid, True)
                    if layer.is_spatial:
                        ddl.create_spatial_index(cur, self.server.schema, name)
                    ddl.create_log_trigger(cur, self.server.schema, name)
                self._read_meta(cur)
        return missing

    def ensure_columns(self, layer: str) -> list[str]:
        """Add the schema's optional columns the server's ``layer`` table lacks."""
        present = {c for c, _ in self.columns.get(layer, [])}
        missing = [c for c in LAYERS[layer].columns if not c.required and c.name not in present]
        if missing:
            with self._pool.connection() as conn, conn.transaction():
                for column in missing:
                    conn.execute(sql.SQL("ALTER TABLE {}.{} ADD COLUMN IF NOT EXISTS {} {}").format(
                        sql.Identifier(self.server.schema), sql.Identifier(layer),
                        sql.Identifier(column.name), ddl.type_sql(ddl.PG_TYPES[column.kind])))
                self.columns[layer] = ddl.table_columns(conn.cursor(), self.server.schema)[layer]
        return [c.name for c in missing]

    def history_entries(self, limit: int | None = None, undoable: bool = False) -> list[HistoryEntry]:
        from .history import server_entries

        with self._pool.connection() as conn:
            return server_entries(conn.cursor(), self.server.schema, limit, undoable)

    def history_inverse(self, entry_id: int) -> list[tuple] | None:
        from .history import server_inverse

        with self._pool.connection() as conn:
            return server_inverse(conn.cursor(), self.server.schema, entry_id)

    def connection(self):
        """A pooled connection (``with store.connection() as conn``), for readers such as history."""
        return self._pool.connection()


def notify_payloads(client_id: str, touched: dict[str, list], settings: bool, entry_id) -> list[str]:
    """JSON payloads naming the changed ids, each under PostgreSQL's 8,000-byte limit."""
    base = {"client": client_id, "entry": entry_id, "settings": settings}
    payloads, current, size = [], {}, 0
    for layer, ids in touched.items():
        for id_ in dict.fromkeys(ids):
            cost = len(json.dumps(str(id_), ensure_ascii=False).encode()) + 1
            if size + cost > _NOTIFY_CHUNK and current:
                payloads.append(json.dumps({**base, "layers": current}, ensure_ascii=False))
                current, size = {}, 0
            current.setdefault(layer, []).append(str(id_))
            size += cost + (len(layer) + 6 if len(current[layer]) == 1 else 0)
    if current or settings or not payloads:
        payloads.append(json.dumps({**base, "layers": current}, ensure_ascii=False))
    return payloads


def stale_error(cur, schema: str, layer: str, stale_ids: list, expected: dict | None = None) -> EditRefused:
    """The refusal for ``stale_ids`` of ``layer``, naming who changed the first one and when.

    A row still at the version this client read was not matched because a
    row-level policy hid it from this role's update or delete: that is refused
    as not permitted (``expected``: id -> the version sent).
    """
    id_col = LAYERS[layer].id_column
    cur.execute(sql.SQL("SELECT changed_by, changed_at, version FROM {}.{} WHERE {} = %s"
                        " ORDER BY fid LIMIT 1").format(
        sql.Identifier(schema), sql.Identifier(layer), sql.Identifier(id_col)), (str(stale_ids[0]),))
    row = cur.fetchone()
    if row is not None and expected is not None and expected.get(stale_ids[0]) == row[2]:
        return EditRefused(NOT_PERMITTED, layer=layer, id=stale_ids[0])
    more = "" if len(stale_ids) == 1 else _more(len(stale_ids) - 1)
    if row is None:
        return StaleEdit(STALE_DELETED, {layer: list(stale_ids)}, layer=layer, id=stale_ids[0], more=more)
    when = row[1].astimezone().isoformat(timespec="seconds")
    return StaleEdit(STALE, {layer: list(stale_ids)}, layer=layer, id=stale_ids[0], who=row[0], when=when,
                     more=more)


def _busy_error(writer, wait: str) -> EditRefused:
    """The refusal when a row stayed locked longer than ``lock_timeout``, naming the run that waited."""
    from ..messages import Message

    layer, ids = writer.current if writer is not None and writer.current else ("?", ["?"])
    more = "" if len(ids) <= 1 else Message(BUSY_MORE, n=len(ids) - 1)
    return EditRefused(FEATURE_BUSY, layer=layer, id=ids[0], more=more, wait=wait)


def _more(n: int):
    from ..messages import Message

    return Message(STALE_MORE, n=n)


def _with_withheld_columns(name: str, data: dict, n: int) -> dict:
    """Personal columns this role is not granted (a viewer, :mod:`geo.postgis.roles`) as blanks:
    the server never sent them, and the model keeps its columns."""
    from .roles import PERSONAL_COLUMNS

    withheld = [c for c in PERSONAL_COLUMNS.get(name, ()) if c not in data]
    if not withheld:
        return data
    for column in withheld:
        data[column] = np.full(n, None, dtype=object)
    schema_order = LAYERS[name].column_names
    order = [c for c in schema_order if c in data] + [c for c in data if c not in schema_order]
    return {c: data[c] for c in order}


def _column_values(values, pg_type: str):
    """A column as read, typed as GDAL reads the same column from a GeoPackage."""
    if pg_type in ("bigint", "integer", "smallint"):
        if any(v is None for v in values):
            return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
        return np.array(values, dtype="int64")
    if pg_type in ("double precision", "real", "numeric"):
        return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
    out = np.empty(len(values), dtype=object)
    out[:] = [None if v is None else (v if isinstance(v, str) else str(v)) for v in values]
    return out


def _table_of(exc) -> str:
    return getattr(exc.diag, "table_name", None) or "?"


def _key_of(exc) -> str:
    detail = getattr(exc.diag, "message_detail", None) or ""
    # "Key (grid_id)=(G12) already exists."
    return detail.split("=(", 1)[1].split(")", 1)[0] if "=(" in detail else "?"


@contextlib.contextmanager
def project_connection(url: str, application_name: str = "GridAtlas"):
    """A short autocommit connection to the project at ``url`` and its parsed URL, for reads
    beside an open store (history, feature log, the first view). Closed on leaving.

    Raises
    ------
    geo.messages.CodedError
        The server cannot be reached, or holds no project under that schema (both name the URL).
    """
    from .session_passwords import password_for

    server = parse_url(url)
    try:
        conn = psycopg.connect(server.conninfo, autocommit=True, application_name=application_name,
                               **password_for(server.conninfo))
    except psycopg.Error as exc:
        raise CodedError(CONNECT_FAILED, url=server.url, detail=_first_line(exc)) from None
    with conn:
        if not ddl.is_project_schema(conn.cursor(), server.schema):
            raise CodedError(NO_PROJECT, url=server.url, schema=server.schema)
        yield conn, server


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def read_server_layers(url: str) -> LoadedLayers:
    """A tolerant read of the project at ``url`` (``check``); ProjectError when it cannot be read."""
    from ..store import ProjectError

    try:
        store = PostgisStore.connect(url)
    except CodedError as exc:
        raise ProjectError(str(exc)) from None
    try:
        return store.read_layers()
    finally:
        store.close()
