"""Writing one change list to the server inside its transaction, version-checked.

Consecutive changes of the same kind to the same layer (and, for updates, the
same columns) go to the server as one statement over ``unnest`` of typed
arrays: a plan adoption that updates 45,000 buildings is a handful of
statements, not 45,000 round trips. An update or delete matches
``id = … AND version = …`` with the version this client read; a feature that
does not match was changed or deleted by someone else, and the whole change
list is refused (:class:`geo.postgis.store.StaleEdit`; the caller's
transaction rolls back).
"""
from __future__ import annotations

import pandas as pd
import shapely
from psycopg import sql

from ..feature_history import _layer_and_id
from ..schema import LAYERS, SETTINGS_TABLE
from ..store import _promote
from . import ddl


class ChangeWriter:
    """Writes change lists for one transaction; keeps the versions they produce."""

    def __init__(self, store, cur):
        self.store, self.cur = store, cur
        self.schema = store.server.schema
        self.pending: dict[tuple[str, object], int | None] = {}  # (layer, id) -> new version (None: gone)
        self.touched: dict[str, list] = {}
        self.settings_changed = False
        self.current: tuple[str, list] | None = None  # (layer, ids) being written: named if it waits too long

    def write(self, changes) -> None:
        for run in _runs(changes):
            op = run[0][0]
            if op == "setting":
                self.current = ("settings", [c[1] for c in run])
                self._settings(run)
            else:
                self.current = (run[0][1], [_layer_and_id(c)[1] for c in run])
                getattr(self, "_" + op)(run[0][1], run)

    def commit_versions(self) -> None:
        """After commit: what this client now knows of the features it wrote."""
        for (layer, id_), version in self.pending.items():
            known = self.store.versions.setdefault(layer, {})
            if version is None:
                known.pop(id_, None)
            else:
                known[id_] = version

    # ------------------------------------------------------------ the three feature operations
    def _update(self, layer: str, run) -> None:
        columns = list(run[0][3])
        ids = [c[2] for c in run]
        arrays = [[str(i) for i in ids], [self._version(layer, i) for i in ids]]
        types = ["text[]", "integer[]"]
        for col in columns:
            arrays.append(self._values(layer, col, [c[3][col] for c in run]))
            types.append(self._array_type(layer, col))
        names = ["_id", "_ver"] + [f"c{k}" for k in range(len(columns))]
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = {}").format(self._target(layer, col), self._source(layer, col, f"c{k}"))
            for k, col in enumerate(columns))
        id_col = sql.Identifier(LAYERS[layer].id_column)
        query = sql.SQL("UPDATE {table} AS t SET {assign} FROM {unnest} WHERE t.{id} = v._id"
                        " AND t.version = v._ver RETURNING t.{id}, t.version").format(
            table=self._table(layer), assign=assignments, unnest=_unnest(types, names), id=id_col)
        self.cur.execute(query, arrays)
        self._check_all_matched(layer, ids, self.cur.fetchall())

    def _insert(self, layer: str, run) -> None:
        rows = [c[2] for c in run]
        columns = list(dict.fromkeys(k for row in rows for k in row))
        arrays = [self._values(layer, col, [row.get(col) for row in rows]) for col in columns]
        types = [self._array_type(layer, col) for col in columns]
        names = [f"c{k}" for k in range(len(columns))]
        id_col = sql.Identifier(LAYERS[layer].id_column)
        query = sql.SQL("INSERT INTO {table} ({targets}) SELECT {sources} FROM {unnest}"
                        " RETURNING {id}, version").format(
            table=self._table(layer),
            targets=sql.SQL(", ").join(self._target(layer, col) for col in columns),
            sources=sql.SQL(", ").join(self._source(layer, col, names[k]) for k, col in enumerate(columns)),
            unnest=_unnest(types, names), id=id_col)
        self.cur.execute(query, arrays)
        for id_, version in self.cur.fetchall():
            self.pending[(layer, id_)] = version
        self.touched.setdefault(layer, []).extend(row.get(LAYERS[layer].id_column) for row in rows)

    def _delete(self, layer: str, run) -> None:
        ids = [c[2] for c in run]
        id_col = sql.Identifier(LAYERS[layer].id_column)
        query = sql.SQL("DELETE FROM {table} AS t USING {unnest} WHERE t.{id} = v._id"
                        " AND t.version = v._ver RETURNING t.{id}, NULL::integer").format(
            table=self._table(layer), unnest=_unnest(["text[]", "integer[]"], ["_id", "_ver"]), id=id_col)
        self.cur.execute(query, [[str(i) for i in ids], [self._version(layer, i) for i in ids]])
        self._check_all_matched(layer, ids, self.cur.fetchall())

    def _settings(self, run) -> None:
        query = sql.SQL("INSERT INTO {}.{} (key, value) VALUES (%s, %s)"
                        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value").format(
            sql.Identifier(self.schema), sql.Identifier(SETTINGS_TABLE))
        self.cur.executemany(query, [(key, None if value is None else str(value)) for _, key, value in run])
        self.settings_changed = True

    # ------------------------------------------------------------ versions
    def _version(self, layer: str, id_) -> int | None:
        if (layer, id_) in self.pending:
            return self.pending[(layer, id_)]
        return self.store.versions.get(layer, {}).get(id_)

    def _check_all_matched(self, layer: str, ids, returned) -> None:
        from .store import stale_error

        matched = {}
        for id_, version in returned:
            matched[id_] = version
        stale = [i for i in dict.fromkeys(ids) if str(i) not in matched]
        if stale:
            raise stale_error(self.cur, self.schema, layer, stale, {i: self._version(layer, i) for i in stale})
        for id_ in dict.fromkeys(ids):
            self.pending[(layer, id_)] = matched[str(id_)]
        self.touched.setdefault(layer, []).extend(ids)

    # ------------------------------------------------------------ columns and values
    def _table(self, layer: str):
        return sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(layer))

    def _pg_type(self, layer: str, col: str) -> str:
        if col == "geometry":
            return "geometry"
        for name, pg_type in self.store.columns[layer]:
            if name == col:
                return pg_type
        raise KeyError(f"{layer} has no column {col}")

    def _array_type(self, layer: str, col: str) -> str:
        return ddl.ARRAY_TYPES.get(self._pg_type(layer, col), "text[]")

    def _target(self, layer: str, col: str):
        return sql.Identifier(ddl.GEOM if col == "geometry" else col)

    def _source(self, layer: str, col: str, name: str):
        if col == "geometry":
            return sql.SQL("ST_GeomFromWKB(v.{}, {})").format(sql.Identifier(name), sql.Literal(self.store.srid))
        pg_type = self._pg_type(layer, col)
        if pg_type not in ddl.ARRAY_TYPES:  # e.g. a date column of the file: sent as text, cast back
            return sql.SQL("v.{}::{}").format(sql.Identifier(name), ddl.type_sql(pg_type))
        return sql.SQL("v.{}").format(sql.Identifier(name))

    def _values(self, layer: str, col: str, values) -> list:
        if col == "geometry":
            geometry_type = self._geometry_type(layer)
            return [None if g is None or _missing(g) else shapely.to_wkb(_promote(g, geometry_type), flavor="iso")
                    for g in values]
        kind = self._pg_type(layer, col)
        return [_as_pg(v, kind) for v in values]

    def _geometry_type(self, layer: str) -> str:
        return self.store.geometry_types.get(layer, "GEOMETRY")


def _runs(changes) -> list[list[tuple]]:
    """Consecutive changes one statement can carry: same operation, layer and (updates)
    columns, and no id twice (a second update of an id must see the first one's version)."""
    runs: list[list[tuple]] = []
    key, seen = None, set()
    for change in changes:
        op = change[0]
        this = (op, None) if op == "setting" else (
            op, change[1], tuple(change[3]) if op == "update" else None)
        id_ = change[2] if op in ("update", "delete") else None
        if this != key or (id_ is not None and id_ in seen):
            runs.append([])
            key, seen = this, set()
        runs[-1].append(change)
        if id_ is not None:
            seen.add(id_)
    return runs


def _unnest(types: list[str], names: list[str]):
    args = sql.SQL(", ").join(sql.SQL("%s::{}").format(ddl.type_sql(t)) for t in types)
    cols = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    return sql.SQL("unnest({}) AS v({})").format(args, cols)


def _missing(value) -> bool:
    """None, NaN, pd.NA or NaT: a blank cell."""
    if value is None or isinstance(value, (str, bytes)) or hasattr(value, "geom_type"):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array: not a scalar blank
        return False


def _as_pg(value, pg_type: str):
    """A value of the model as the server column's type (numpy scalars, NaN as NULL)."""
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if pg_type in ("bigint", "integer", "smallint"):
        return int(value)
    if pg_type in ("double precision", "real", "numeric"):
        return float(value)
    if pg_type == "boolean":
        return bool(value)
    if isinstance(value, float) and value.is_integer() and pg_type == "text":
        return str(int(value))  # an id typed as a number in a spreadsheet
    return str(value)
