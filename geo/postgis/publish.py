"""Publishing a GeoPackage project to a PostGIS schema, verified, in one transaction.

Every layer of :data:`geo.schema.LAYERS` (the file's extra columns too), the
settings and the whole history are copied into a new schema; then, still in
the same transaction, each layer's row count and a hash of its ids and
geometries (WKB, in row order) are computed on the server and compared with
the file's. Only when all agree is the transaction committed: a failed or
interrupted publish leaves nothing behind. An existing schema is replaced
only with ``force`` and only when it holds a published project (any other
schema is never touched).
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import psycopg
import shapely
from psycopg import sql

from .. import gpkg
from ..messages import CodedError, register
from ..schema import HISTORY_TABLE, LAYERS, SETTINGS_TABLE
from ..store import _promote, conform, empty_frame, read_layers
from . import ddl
from .store import CONNECT_FAILED, _first_line
from .url import check_schema_name, parse_url
from .writing import _as_pg

SCHEMA_EXISTS = register(
    "postgis.schema_exists",
    "{url}：模式 {schema} 已存在；要用这个项目替换它，请加 --force",
    "{url}: schema {schema} already exists; add --force to replace it with this project")
FOREIGN_SCHEMA = register(
    "postgis.foreign_schema",
    "{url}：模式 {schema} 已存在且不是 GridAtlas 项目，不会替换它（即使加 --force）；请换一个 --schema",
    "{url}: schema {schema} exists and is not a GridAtlas project; it is never replaced (even with"
    " --force): choose another --schema")
NO_POSTGIS = register("postgis.no_extension",
                      "{url}：数据库没有安装 PostGIS 扩展（由管理员执行 CREATE EXTENSION postgis）",
                      "{url}: the database lacks the PostGIS extension (an administrator runs"
                      " CREATE EXTENSION postgis)")
UNKNOWN_SRID = register("postgis.unknown_srid", "{path}：坐标系 {crs} 不是服务器已知的 EPSG 坐标系，无法发布",
                        "{path}: the coordinate system {crs} is not an EPSG system the server knows;"
                        " it cannot be published")
RESERVED_COLUMN = register("postgis.reserved_column",
                           "{path}：图层 {layer} 有名为 {column} 的列，该名称由服务器保留；请先改名",
                           "{path}: layer {layer} has a column named {column}, a name the server"
                           " reserves; rename it first")
NOT_VERIFIED = register("postgis.not_verified",
                        "{url}：发布后核对不一致（图层 {layer}：{detail}）；已回滚，服务器上什么也没留下",
                        "{url}: the published copy did not verify (layer {layer}: {detail}); rolled"
                        " back, nothing was left on the server")


@dataclass
class LayerCheck:
    """One layer's verification: rows and hash in the file and on the server."""

    layer: str
    file_count: int
    server_count: int
    file_hash: str
    server_hash: str

    @property
    def ok(self) -> bool:
        return self.file_count == self.server_count and self.file_hash == self.server_hash

    def as_dict(self) -> dict:
        return {"layer": self.layer, "count": self.server_count, "hash": self.server_hash, "ok": self.ok}


@dataclass
class PublishReport:
    url: str
    checks: list[LayerCheck] = field(default_factory=list)
    settings: int = 0
    history: int = 0

    def as_dict(self) -> dict:
        return {"url": self.url, "layers": [c.as_dict() for c in self.checks],
                "settings": self.settings, "history": self.history}


def publish(path, url: str, schema: str | None = None, force: bool = False) -> PublishReport:
    """Copy the project file ``path`` into ``schema`` on the server ``url`` names.

    Parameters
    ----------
    path : path-like
        A project GeoPackage (read only).
    url : str
        ``postgresql://USER@HOST:PORT/DB`` (no password; :mod:`geo.postgis.url`).
    schema : str, optional
        The schema to create; default the URL's ``schema`` parameter, else ``gridatlas``.
    force : bool
        Replace an existing published project in that schema.

    Returns
    -------
    PublishReport
        The URL to open and the verification of every layer.

    Raises
    ------
    geo.messages.CodedError
        The file, the server or the schema refuses; the server is as it was.
    """
    from ..store import ProjectError
    from ..validate import structural_problems

    server = parse_url(url)
    schema = check_schema_name(schema or server.schema)
    path = Path(path)
    loaded = read_layers(path)
    fatal = structural_problems(loaded)
    if fatal:
        raise ProjectError(f"{path}: {fatal[0].line()}")
    info, srid, settings_rows, history_rows = _file_extras(path, loaded)
    target = parse_url(_with_schema(server.url, schema))
    try:
        conn = psycopg.connect(server.conninfo, application_name="GridAtlas publish")
    except psycopg.Error as exc:
        raise CodedError(CONNECT_FAILED, url=target.url, detail=_first_line(exc)) from None
    with conn:  # one transaction: commit at the end of the block, rollback on any error
        cur = conn.cursor()
        _prepare_schema(cur, target, schema, force, srid, path, loaded.crs)
        report = PublishReport(target.url)
        for name in ddl.layer_table_names():
            frame = conform(name, loaded.frames.get(name, _empty_like(name, loaded.crs)))
            report.checks.append(_copy_layer(cur, schema, name, frame, info.get(name), srid, path))
        report.settings = _copy_settings(cur, schema, settings_rows)
        report.history = _copy_history(cur, schema, history_rows)
        _meta(cur, schema, {"crs": loaded.crs or "", "srid": str(srid), "format": "1",
                            "published_from": path.name,
                            "published_at": datetime.now().astimezone().isoformat(timespec="seconds")})
        bad = next((c for c in report.checks if not c.ok), None)
        if bad is not None:
            raise CodedError(NOT_VERIFIED, url=target.url, layer=bad.layer,
                             detail=f"{bad.file_count}/{bad.server_count} rows,"
                                    f" {bad.file_hash[:8]}/{bad.server_hash[:8]}")
    conn.close()
    return report


def _with_schema(url: str, schema: str) -> str:
    base = url.split("?schema=", 1)[0].split("&schema=", 1)[0]
    return base + ("&" if "?" in base else "?") + f"schema={schema}"


def _empty_like(name: str, crs):
    frame = empty_frame(name)
    return frame.set_crs(crs, allow_override=True) if LAYERS[name].is_spatial and crs else frame


# ---------------------------------------------------------------- the file's side

def _file_extras(path: Path, loaded):
    """Geometry types, the project's EPSG code, raw settings rows and history rows."""
    con = gpkg.connect(path, readonly=True)
    try:
        info = gpkg.layer_info(con)
        srid = _epsg_code(con, info, path, loaded.crs)
        settings = con.execute(f'SELECT "key", "value" FROM "{SETTINGS_TABLE}"').fetchall() \
            if SETTINGS_TABLE in info else []
        try:
            history = con.execute(f'SELECT "entry_id", "time", "command", "counts", "inverse", "undone",'
                                  f' "undo_of" FROM "{HISTORY_TABLE}" ORDER BY "entry_id"').fetchall()
        except sqlite3.OperationalError:  # no history table yet
            history = []
    finally:
        con.close()
    return info, srid, settings, history


def _epsg_code(con, info, path, crs) -> int:
    for name in ("communities", "grids", "buildings", "compounds", "stations"):
        meta = info.get(name)
        if meta and meta["geom_column"]:
            definition = gpkg.srs_definition(con, meta["srs_id"])
            if definition and str(definition[0]).upper() == "EPSG" and definition[1]:
                return int(definition[1])
            raise CodedError(UNKNOWN_SRID, path=path, crs=crs or meta["srs_id"])
    return 4490


def layer_hash(ids, wkbs) -> str:
    """md5 of ``hex(wkb) + id`` per row joined by commas, as the server computes it."""
    parts = [(w.hex() if w is not None else "") + (i if i is not None else "") for i, w in zip(ids, wkbs)]
    return hashlib.md5(",".join(parts).encode()).hexdigest() if parts else ""


# ---------------------------------------------------------------- the server's side

def _prepare_schema(cur, target, schema: str, force: bool, srid: int, path, crs) -> None:
    cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if cur.fetchone() is None:
        raise CodedError(NO_POSTGIS, url=target.url)
    cur.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = %s", (srid,))
    if cur.fetchone() is None:
        raise CodedError(UNKNOWN_SRID, path=path, crs=crs or srid)
    if ddl.schema_exists(cur, schema):
        if not ddl.is_project_schema(cur, schema):
            raise CodedError(FOREIGN_SCHEMA, url=target.url, schema=schema)
        if not force:
            raise CodedError(SCHEMA_EXISTS, url=target.url, schema=schema)
        cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    ddl.create_schema(cur, schema)


def _copy_layer(cur, schema: str, name: str, frame: pd.DataFrame, meta, srid: int, path) -> LayerCheck:
    layer = LAYERS[name]
    attrs = [c for c in frame.columns if c != "geometry"]
    for column in attrs:
        if column in ddl.BOOKKEEPING:
            raise CodedError(RESERVED_COLUMN, path=path, layer=name, column=column)
    types = [(c, _pg_type(name, c, frame[c])) for c in attrs]
    geometry_type = None
    if layer.is_spatial:
        geometry_type = ((meta or {}).get("geometry_type") or layer.geometry).upper()
    ids = frame[layer.id_column]
    unique = bool(ids.notna().all() and ids.is_unique)
    ddl.create_layer_table(cur, schema, name, types, geometry_type, srid, unique)
    wkbs = _file_wkbs(frame, geometry_type) if layer.is_spatial else [None] * len(frame)
    _copy_rows(cur, schema, name, frame, types, wkbs, srid if layer.is_spatial else None)
    if layer.is_spatial:
        ddl.create_spatial_index(cur, schema, name)
    ddl.create_log_trigger(cur, schema, name)
    id_texts = [None if v is None else str(v) for v in ids.tolist()]
    return _check(cur, schema, name, len(frame), layer_hash(id_texts, wkbs))


def _check(cur, schema: str, name: str, file_count: int, file_hash: str) -> LayerCheck:
    layer = LAYERS[name]
    geom = sql.SQL("coalesce(encode(ST_AsBinary(geom), 'hex'), '')" if layer.is_spatial else "''")
    cur.execute(sql.SQL("SELECT count(*), coalesce(md5(string_agg({} || coalesce({}, ''), ',' ORDER BY fid)), '')"
                        " FROM {}.{}").format(geom, sql.Identifier(layer.id_column),
                                              sql.Identifier(schema), sql.Identifier(name)))
    count, digest = cur.fetchone()
    return LayerCheck(name, file_count, count, file_hash, digest)


def _file_wkbs(frame, geometry_type: str) -> list:
    geoms = [_promote(g, geometry_type) if g is not None else None for g in frame.geometry.array]
    return [None if g is None else shapely.to_wkb(g, flavor="iso", byte_order=1) for g in geoms]


def _copy_rows(cur, schema, name, frame, types, wkbs, srid) -> None:
    targets = [sql.Identifier(c) for c, _ in types] + ([sql.Identifier(ddl.GEOM)] if srid is not None else [])
    if not targets:
        return
    columns = [[_as_pg(v, pg_type) for v in frame[c].tolist()] for c, pg_type in types]
    if srid is not None:
        # EWKB in hex is what a geometry column takes as text: type and SRID checked by the server
        columns.append([None if w is None else _ewkb_hex(w, srid) for w in wkbs])
    query = sql.SQL("COPY {}.{} ({}) FROM STDIN").format(sql.Identifier(schema), sql.Identifier(name),
                                                         sql.SQL(", ").join(targets))
    with cur.copy(query) as copy:
        for row in zip(*columns):
            copy.write_row(row)


def _ewkb_hex(wkb: bytes, srid: int) -> str:
    return shapely.to_wkb(shapely.set_srid(shapely.from_wkb(wkb), srid), hex=True, include_srid=True,
                          flavor="extended", byte_order=1)


def _pg_type(layer: str, column: str, series: pd.Series) -> str:
    known = {c.name: c.kind for c in LAYERS[layer].columns}
    if column in known:
        return ddl.PG_TYPES[known[column]]
    kind = series.dtype.kind
    return {"i": "bigint", "u": "bigint", "f": "double precision", "b": "boolean"}.get(kind, "text")


def _copy_settings(cur, schema: str, rows) -> int:
    cur.executemany(sql.SQL("INSERT INTO {}.{} (key, value) VALUES (%s, %s) ON CONFLICT (key)"
                            " DO UPDATE SET value = EXCLUDED.value").format(
        sql.Identifier(schema), sql.Identifier(SETTINGS_TABLE)),
        [(str(k), None if v is None else str(v)) for k, v in rows])
    return len(rows)


def _copy_history(cur, schema: str, rows) -> int:
    table = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(ddl.HISTORY))
    cur.executemany(sql.SQL("INSERT INTO {} (entry_id, time, command, counts, inverse, undone, undo_of)"
                            " VALUES (%s, %s, %s, %s, %s, %s, %s)").format(table),
                    [(r[0], r[1], r[2], r[3], None if r[4] is None else bytes(r[4]), r[5], r[6]) for r in rows])
    if rows:  # new entries continue after the file's, never reusing an id
        cur.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'entry_id'), %s)"),
                    (f'"{schema}"."{ddl.HISTORY}"', max(r[0] for r in rows)))
    return len(rows)


def _meta(cur, schema: str, values: dict) -> None:
    cur.executemany(sql.SQL("INSERT INTO {}.{} (key, value) VALUES (%s, %s)").format(
        sql.Identifier(schema), sql.Identifier(ddl.META_TABLE)), list(values.items()))
