"""The project file: one GeoPackage, written safely.

Three rules keep a user's data safe (see DOMAIN.md, "known traps"):

* a new file, a "save as" or an export is written to a temporary file in the
  target's folder, read back and checked, and only then moved into place;
* edits to an open project are feature-level changes applied inside one
  SQLite transaction per user operation, never by rewriting a layer;
* nothing is ever written into a file that is not already a GeoPackage.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .gdal_env import skip_vrt

skip_vrt()  # before pyogrio loads GDAL (see geo.gdal_env)

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyogrio  # noqa: E402
import shapely  # noqa: E402

from . import gpkg, gpkg_read  # noqa: E402
from .background import DaemonWorker  # noqa: E402
from .rules import Rules
from .schema import LAYER_ORDER, LAYERS, OPTIONAL_LAYERS, SETTINGS_TABLE


class ProjectError(Exception):
    """A project file cannot be read or written; the message names file and problem."""


@dataclass
class LoadedLayers:
    """What a tolerant read found: frames by layer, the rules, the CRS, and what was wrong."""

    path: Path
    frames: dict[str, pd.DataFrame]
    rules: Rules
    crs: str | None
    problems: list = field(default_factory=list)  # list[geo.validate.Problem]
    srs_ids: dict[str, int] = field(default_factory=dict)
    #: what opening did and the user should hear (geo.messages.Message), e.g. a rolled-back write
    notices: list = field(default_factory=list)


# ---------------------------------------------------------------- writing new files

def write_project(path, frames: dict[str, pd.DataFrame], rules: Rules | None = None) -> Path:
    """Write a complete new project file atomically.

    The file is built next to ``path`` under a temporary name, read back, and
    moved over ``path`` only when it reads back whole. An existing ``path`` that
    is not a GeoPackage is refused rather than replaced.
    """
    path = Path(path)
    _refuse_foreign_target(path)
    rules = rules or Rules()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".partial.gpkg", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL must create the file itself
    try:
        _write_layers(tmp, frames, rules)
        _verify_written(tmp, frames)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _temp_prefix(path: Path) -> str:
    """A hidden temporary name beside ``path``; the stem is cut so that a long name
    (a file system allows 255 bytes, a Chinese character takes 3) still fits."""
    return f".{path.stem[:40]}-"


def _refuse_foreign_target(path: Path) -> None:
    if path.exists():
        why = gpkg.looks_like_geopackage(path)
        if why:
            raise ProjectError(f"{path}: refusing to overwrite: the existing file {why}")


def _write_layers(tmp: Path, frames, rules: Rules) -> None:
    for name in LAYER_ORDER:
        layer = LAYERS[name]
        frame = frames.get(name)
        if frame is None:
            frame = empty_frame(name)
            if layer.is_spatial:  # an empty layer takes the project's CRS, not the default
                frame = frame.set_crs(_frames_crs(frames) or frame.crs, allow_override=True)
        frame = conform(name, frame)
        kwargs = dict(layer=name, driver="GPKG", use_arrow=True)
        if layer.is_spatial:
            pyogrio.write_dataframe(frame, tmp, geometry_type=layer.geometry,
                                    promote_to_multi=layer.geometry.startswith("Multi"), **kwargs)
        else:
            pyogrio.write_dataframe(pd.DataFrame(frame), tmp, **kwargs)
    settings = pd.DataFrame(rules.to_rows(), columns=["key", "value"])
    pyogrio.write_dataframe(settings, tmp, layer=SETTINGS_TABLE, driver="GPKG")
    con = gpkg.connect(tmp)
    try:
        with gpkg.transaction(con):
            for name in LAYER_ORDER:
                id_col = LAYERS[name].id_column
                con.execute(f'CREATE INDEX IF NOT EXISTS "idx_{name}_{id_col}" ON "{name}"("{id_col}")')
    finally:
        con.close()


def _frames_crs(frames):
    for frame in frames.values():
        if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
            return frame.crs
    return None


def _verify_written(tmp: Path, frames) -> None:
    loaded = read_layers(tmp)
    for name, frame in frames.items():
        if name in loaded.frames and len(loaded.frames[name]) != len(frame):
            raise ProjectError(f"{tmp}: layer {name} read back {len(loaded.frames[name])}"
                               f" features, expected {len(frame)}")


def empty_frame(name: str) -> pd.DataFrame:
    layer = LAYERS[name]
    data = {c.name: pd.Series([], dtype=c.pandas_dtype) for c in layer.columns}
    if layer.is_spatial:
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4490"), crs="EPSG:4490")
    return pd.DataFrame(data)


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Schema columns first in schema order, extra user columns kept after them."""
    layer = LAYERS[name]
    known = [c for c in layer.column_names if c in frame.columns]
    extra = [c for c in frame.columns if c not in layer.column_names and c != "geometry"]
    cols = known + extra + (["geometry"] if layer.is_spatial else [])
    out = frame[cols].reset_index(drop=True)
    return out


# ---------------------------------------------------------------- reading

def read_layers(path, progress=None, reuse=None, on_layer=None, read_ahead: bool = True) -> LoadedLayers:
    """Read every layer that is there; structural problems are collected, not raised.

    ``progress(done, total, layer)``, when given, is called after each layer;
    ``on_layer(name, frame)`` with each layer as read (a
    :class:`geo.metric_prefetch.MetricPrefetch` starts projecting it). ``read_ahead``:
    GDAL reads the next table while this thread converts the last one (off: one
    thread only, for a caller that shares the machine with other work).
    ``reuse`` (name → frame) holds layers already read whole from this file
    (a view read before, :mod:`geo.view_read`); they are taken, not read again.
    Raises ProjectError only when the file is not a readable GeoPackage at all.
    A ``postgresql://`` URL reads a published project (:mod:`geo.postgis`).
    """
    from .store_api import is_server_url

    if is_server_url(path):
        from .postgis.store import read_server_layers

        return read_server_layers(str(path))
    reuse = reuse or {}
    from .recovery import recover_interrupted_write
    from .validate import Problem  # validate imports store; keep the cycle lazy

    path = Path(path)
    recovered = recover_interrupted_write(path)
    con = _open_readonly(path)
    problems, frames, srs_ids = [], {}, {}
    ahead = DaemonWorker("gpkg-read-ahead")
    try:
        info = gpkg.layer_info(con)
        settings_rows = _settings_rows(con, info)
        for name in LAYER_ORDER:
            if name not in info and name not in OPTIONAL_LAYERS:
                problems.append(Problem("missing_layer", name, None, f"layer {name} is missing"))
        order = [(done, name) for done, name in enumerate(LAYER_ORDER, 1) if name in info]
        # GDAL reads the next table (outside Python's lock) while this thread converts the
        # last one: at city scale the reading is a third of the time and is hidden that way
        fetched = {}
        for k, (done, name) in enumerate(order):
            for _, later in order[k:k + (2 if read_ahead else 1)]:
                if later not in fetched and later not in reuse:
                    fetched[later] = ahead.submit(_arrow_of(con, path, later, info[later]))
            frames[name] = reuse[name] if name in reuse else read_layer(con, path, name, info[name],
                                                                        fetched=fetched.pop(name))
            srs_ids[name] = info[name]["srs_id"]
            if on_layer is not None:
                on_layer(name, frames[name])
            if progress is not None:
                progress(done, len(LAYER_ORDER), name)
    finally:
        ahead.shutdown(wait=True)  # GDAL done with the file before the caller goes on (or deletes it)
        con.close()
    try:
        rules = Rules.from_rows(settings_rows)
    except ValueError as exc:
        problems.append(Problem("bad_setting", SETTINGS_TABLE, None, str(exc)))
        rules = Rules()
    if SETTINGS_TABLE not in info:
        problems.append(Problem("missing_layer", SETTINGS_TABLE, None,
                                "settings table is missing (defaults used)"))
    crs = _project_crs(path, frames)
    return LoadedLayers(path, frames, rules, crs, problems, srs_ids,
                        [recovered] if recovered is not None else [])


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    Memory a thread frees stays in that thread's malloc arena, and the other
    threads' allocations never reuse it: reading a city project on a background
    thread leaves ~100 MB there (GDAL's and Arrow's buffers, projection
    temporaries), drawing its first frame on the render thread several hundred
    more. Returned, it no longer counts towards the process's memory (the app
    opening a city project: ~700 MB off its peak). Takes ~0.1 s of CPU with that much
    to return, a few milliseconds otherwise.
    """
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def _open_readonly(path: Path):
    try:
        return gpkg.connect(path, readonly=True)
    except gpkg.NotAGeoPackage as exc:
        raise ProjectError(str(exc)) from None


def _settings_rows(con, info):
    if SETTINGS_TABLE not in info:
        return []
    try:
        return con.execute(f'SELECT "key", "value" FROM "{SETTINGS_TABLE}"').fetchall()
    except Exception as exc:  # a hand-edited settings table without key/value columns
        raise ProjectError(f"settings table is unreadable: {exc}") from None


def read_layer(con, path: Path, name: str, meta: dict, sql: str | None = None, fetched=None) -> pd.DataFrame:
    """One layer through GDAL's Arrow reader, by table or by SQL (see geo.gpkg_read).

    ``sql``: read only the rows it selects (a view's box, :mod:`geo.view_read`).
    ``fetched``: a future of its Arrow table, being read already (:func:`read_layers`).
    """
    try:
        arrow = fetched.result() if fetched is not None else _arrow_of(con, path, name, meta, sql)()
        frame, text = gpkg_read.to_frame(*arrow)
    except ProjectError:
        raise
    except Exception as exc:
        raise ProjectError(f"{path}: layer {name} cannot be read ({exc})") from None
    return normalize_types(name, frame, text)


def _arrow_of(con, path, name, meta, sql=None):
    """A call reading layer ``name``'s Arrow table; the SQLite questions it needs (by table
    when that is safe, else by SQL) are asked here, on the thread ``con`` belongs to."""
    try:
        by_table = sql is None and gpkg_read.arrow_is_safe(con, name)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: layer {name} cannot be read ({exc})") from None
    return lambda: gpkg_read.fetch_arrow(path, name, by_table, read_geometry=meta["geom_column"] is not None,
                                         sql=sql)


def normalize_types(name: str, frame: pd.DataFrame, text_columns=()) -> pd.DataFrame:
    """Ids and text as Python strings (None for blank); ints stay ints when complete.

    ``text_columns``: columns known to hold only ``str`` and ``None`` already
    (read from Arrow strings), left as they are without looking at each value.
    """
    layer = LAYERS.get(name)
    if layer is None:
        return frame
    for col in layer.columns:
        if col.name not in frame.columns:
            continue
        series = frame[col.name]
        if col.kind == "text" and col.name not in text_columns:
            frame[col.name] = _as_text(series)
        elif col.kind == "int" and series.dtype != "int64" and series.notna().all():
            frame[col.name] = pd.to_numeric(series, errors="coerce").fillna(0).astype("int64")
    return frame


def _as_text(series: pd.Series) -> pd.Series:
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        return series  # what GDAL gives for TEXT columns: str and None already
    values = series.astype(object).to_numpy()
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out[i] = None
        elif isinstance(v, float) and v.is_integer():
            out[i] = str(int(v))  # an id column typed as number in QGIS
        else:
            out[i] = str(v)
    return pd.Series(out, index=series.index, dtype=object)


def _project_crs(path: Path, frames) -> str | None:
    for name in ("communities", "grids", "buildings", "compounds", "stations"):
        frame = frames.get(name)
        if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
            return frame.crs.to_string()
    return None


# ---------------------------------------------------------------- editing a live file

class ProjectStore:
    """A live project file that takes feature-level changes, one transaction each.

    One of the two implementations of :class:`geo.store_api.ProjectStoreAPI`
    (the other is :class:`geo.postgis.store.PostgisStore`).
    """

    #: only this process writes the file while it is open (the write lock sees to it)
    is_shared = False

    def __init__(self, path):
        self.path = Path(path)
        self.location = str(self.path)
        self.con = _open_readwrite(self.path)
        self.info = gpkg.layer_info(self.con)

    def close(self) -> None:
        self.con.close()

    def apply(self, changes, record=None) -> int | None:
        """Apply a list of changes atomically: all land, or the file is as it was.

        Each change is one of ``("update", layer, id, {column: value})``,
        ``("insert", layer, {column: value})``, ``("delete", layer, id)`` or
        ``("setting", key, value)``; a ``"geometry"`` key means the layer's
        geometry column. With ``record`` (a :class:`geo.history.Record`) the
        change is written to the history table in the same transaction; the
        new entry's id is returned (else None).
        """
        from .history import write_entry

        with gpkg.transaction(self.con):
            for change in changes:
                getattr(self, "_" + change[0])(*change[1:])
            if record is not None:
                return write_entry(self.con, record, changes)
        return None

    def _update(self, layer, fid_value, values):
        cols, params = self._encode(layer, values)
        assignments = ", ".join(f'"{c}"=?' for c in cols)
        id_col = LAYERS[layer].id_column
        self.con.execute(f'UPDATE "{layer}" SET {assignments} WHERE "{id_col}"=?',
                         (*params, fid_value))

    def _insert(self, layer, values):
        cols, params = self._encode(layer, values)
        names = ", ".join(f'"{c}"' for c in cols)
        marks = ", ".join("?" for _ in cols)
        self.con.execute(f'INSERT INTO "{layer}" ({names}) VALUES ({marks})', params)

    def _delete(self, layer, fid_value):
        id_col = LAYERS[layer].id_column
        self.con.execute(f'DELETE FROM "{layer}" WHERE "{id_col}"=?', (fid_value,))

    def _setting(self, key, value):
        cur = self.con.execute(f'UPDATE "{SETTINGS_TABLE}" SET "value"=? WHERE "key"=?',
                               (str(value), key))
        if cur.rowcount == 0:
            self.con.execute(f'INSERT INTO "{SETTINGS_TABLE}" ("key", "value") VALUES (?, ?)',
                             (key, str(value)))

    def _encode(self, layer, values):
        meta = self.info[layer]
        cols, params = [], []
        for col, value in values.items():
            if col == "geometry":
                cols.append(meta["geom_column"])
                params.append(gpkg.encode(_promote(value, meta["geometry_type"]), meta["srs_id"]))
            else:
                cols.append(col)
                params.append(_sql_value(value))
        return cols, params

    def ensure_layers(self, names, crs=None) -> list[str]:
        """Create the layers among ``names`` that this file lacks (see :func:`ensure_layers`)."""
        created = ensure_layers(self.path, names, crs)
        if created:
            self.info = gpkg.layer_info(self.con)
        return created

    def ensure_columns(self, layer: str) -> list[str]:
        """Add the columns this file's ``layer`` lacks (see :func:`ensure_columns`)."""
        return ensure_columns(self.con, layer)

    def backup_to(self, dst_path) -> None:
        gpkg.backup(self.con, dst_path)

    def history_entries(self, limit: int | None = None, undoable: bool = False) -> list:
        """Recorded entries newest first; ``undoable``: only those undo would revert."""
        from .history import file_entries

        return file_entries(self.con, limit, undoable)

    def history_inverse(self, entry_id: int) -> list[tuple] | None:
        """The change list that undoes entry ``entry_id`` (None for an undo entry)."""
        from .history import file_inverse

        return file_inverse(self.con, entry_id)

    def read_settings(self) -> list[tuple[str, str]]:
        """Every ``(key, value)`` of the settings table (none when the file has no such table)."""
        try:
            return self.con.execute(f'SELECT "key", "value" FROM "{SETTINGS_TABLE}"').fetchall()
        except sqlite3.OperationalError:  # a file without a settings table
            return []


def ensure_layers(path, names, crs=None) -> list[str]:
    """Add missing (empty) layers to an existing project file; return the names created.

    Files written before a layer existed (e.g. ``plans``) lack it. GDAL creates
    the table, its metadata rows and (for spatial layers) the R-tree in append
    mode, which is transactional: a failure leaves the file as it was.

    Parameters
    ----------
    path : path-like
        An existing project GeoPackage (not inside an open transaction).
    names : iterable of str
        Layer names from :data:`geo.schema.LAYERS`.
    crs : optional
        CRS of new spatial layers; defaults to the file's CRS.
    """
    path = Path(path)
    con = _open_readwrite(path)
    try:
        info = gpkg.layer_info(con)
    finally:
        con.close()
    missing = [n for n in names if n not in info]
    if missing and crs is None:
        crs = _file_crs(path, info)
    for name in missing:
        layer = LAYERS[name]
        frame = conform(name, empty_frame(name))
        if layer.is_spatial:
            frame = frame.set_crs(crs or "EPSG:4490", allow_override=True)
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", append=True,
                                    geometry_type=layer.geometry, promote_to_multi=True)
        else:
            pyogrio.write_dataframe(pd.DataFrame(frame), path, layer=name, driver="GPKG",
                                    append=True)
        con = gpkg.connect(path)
        try:
            id_col = layer.id_column
            con.execute(f'CREATE INDEX IF NOT EXISTS "idx_{name}_{id_col}" ON "{name}"("{id_col}")')
        finally:
            con.close()
    return missing


def ensure_columns(con, layer: str) -> list[str]:
    """Add the schema's optional columns that an older file's ``layer`` lacks; return them.

    Files written before a column existed (e.g. ``buildings.households_source``)
    lack it, and an UPDATE naming it would fail. ``ALTER TABLE … ADD COLUMN``
    adds it empty (NULL), in its own transaction; readers see it at once.

    Parameters
    ----------
    con : sqlite3.Connection
        A read-write connection to the project, not inside a transaction.
    layer : str
        A layer name from :data:`geo.schema.LAYERS` that the file holds.
    """
    present = {row[1] for row in con.execute(f'PRAGMA table_info("{layer}")')}
    # required columns are left alone: a file lacking one is for ``check`` to report
    missing = [c for c in LAYERS[layer].columns if not c.required and c.name not in present]
    if missing:
        with gpkg.transaction(con):
            for column in missing:
                kind = {"text": "TEXT", "int": "INTEGER", "real": "REAL"}[column.kind]
                con.execute(f'ALTER TABLE "{layer}" ADD COLUMN "{column.name}" {kind}')
    return [c.name for c in missing]


def _file_crs(path: Path, info) -> str | None:
    for name in ("grids", "communities", "buildings"):
        if name in info and info[name]["geom_column"]:
            meta = pyogrio.read_info(path, layer=name)
            return meta.get("crs")
    return None


def _open_readwrite(path: Path):
    try:
        return gpkg.connect(path)
    except gpkg.NotAGeoPackage as exc:
        raise ProjectError(str(exc)) from None


def _promote(geom, geometry_type):
    if geom is not None and geometry_type == "MULTIPOLYGON" and geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    return geom


def _sql_value(value):
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def save_as(store: ProjectStore, dst) -> Path:
    """Copy the live project to ``dst`` through a checked temporary file.

    A server project (:mod:`geo.postgis`) is written as a complete GeoPackage copy
    (:func:`geo.postgis.save_copy.save_server_copy`).
    """
    if getattr(store, "is_shared", False):
        from .postgis.save_copy import save_server_copy

        return save_server_copy(store, dst)
    dst = Path(dst)
    _refuse_foreign_target(dst)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(dst), suffix=".partial.gpkg", dir=dst.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        store.backup_to(tmp)
        read_layers(tmp)  # raises if the copy does not read back
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return dst
