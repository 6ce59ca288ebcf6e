"""Applying and inverting many changes at once, for commands that touch thousands of rows.

:meth:`geo.project.Project.apply` updates memory one cell (and one ``concat``
per inserted row) at a time, which is right for a click and far too slow for
adopting a plan over half a million buildings. :func:`apply_changes` keeps the
same contract — the file first, in one transaction, then memory, then one
:class:`~geo.events.LayerChanged` per layer — but updates memory column by
column. Small change lists go through ``Project.apply`` unchanged.

:class:`EditCommand` is the :class:`~geo.commands.ChangeSet` every editing
command derives from: it computes its changes on first run, records their
inverse in bulk, and replays either through :func:`apply_changes`.
"""
from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd

from ..commands import ChangeSet, _plain, inverse_of
from ..events import LayerChanged
from ..schema import LAYERS

#: Below this many changes the plain per-cell path is fast enough.
BULK_THRESHOLD = 200


class EditCommand(ChangeSet):
    """A ChangeSet that stays fast for large change lists (see module docstring)."""

    def do(self, project) -> None:
        if self._forward is None:
            self._forward = self.changes(project)
            self._inverse = inverse_changes(project, self._forward)
        apply_changes(project, self._forward)

    def undo(self, project) -> None:
        apply_changes(project, self._inverse)


class ChangeList(EditCommand):
    """A command given as a ready-made change list (built by a helper function)."""

    def __init__(self, text: str, changes: list[tuple]):
        super().__init__(text)
        self._given = list(changes)

    def changes(self, project):
        return self._given


def apply_changes(project, changes: list[tuple]) -> None:
    """Write ``changes`` to the file in one transaction, then update memory and emit events."""
    if len(changes) < BULK_THRESHOLD:
        project.apply(changes)
        return
    if project.store is not None:
        project.store.apply(changes)
    events: dict[str, LayerChanged] = {}
    for (op, layer), run in itertools.groupby(changes, key=lambda c: (c[0], c[1])):
        run = list(run)
        if op == "setting":
            for change in run:
                project._set_rule(change[1], change[2])  # noqa: SLF001 (rare in bulk)
            continue
        previous = events.get(layer) or LayerChanged(layer)
        events[layer] = _RUNNERS[op](project, layer, run, previous)
    for event in events.values():
        project.changed.emit(event)


def _update_run(project, layer, run, event) -> LayerChanged:
    frame = project.layers[layer]
    by_column: dict[str, dict] = {}
    for _, _, id_, values in run:
        for col, value in values.items():
            by_column.setdefault(col, {})[id_] = value
    for col, values in by_column.items():
        _set_column(frame, col, values)
    ids = tuple(dict.fromkeys(c[2] for c in run))
    return LayerChanged(layer, event.ids + ids, event.columns | frozenset(by_column),
                        event.inserted, event.deleted)


def _set_column(frame: pd.DataFrame, col: str, values: dict) -> None:
    positions = frame.index.get_indexer(list(values))
    if (positions < 0).any():
        raise KeyError(f"ids not in layer: {[k for k, p in zip(values, positions) if p < 0][:5]}")
    new = list(values.values())
    if col == "geometry":
        array = frame.geometry.values.copy()
        array[positions] = np.array(new + [None], dtype=object)[:-1]
        frame["geometry"] = array
        return
    if col not in frame.columns:
        frame[col] = None
    old = frame[col]
    array = old.to_numpy(dtype=object, copy=True)
    array[positions] = np.array(new + [None], dtype=object)[:-1]
    series = pd.Series(array, index=frame.index)
    if old.dtype.kind in "iuf":
        series = pd.to_numeric(series, errors="coerce")
        if old.dtype.kind in "iu" and series.notna().all():
            series = series.astype(old.dtype)
    frame[col] = series


def _insert_run(project, layer, run, event) -> LayerChanged:
    frame = project.layers[layer]
    id_col = LAYERS[layer].id_column
    rows = [c[2] for c in run]
    ids = [row[id_col] for row in rows]
    data = {c: [row.get(c) for row in rows] for c in frame.columns if c != "geometry"}
    if isinstance(frame, gpd.GeoDataFrame):
        new = gpd.GeoDataFrame(data, geometry=[row.get("geometry") for row in rows],
                               crs=frame.crs, index=pd.Index(ids))
    else:
        new = pd.DataFrame(data, index=pd.Index(ids))
    out = pd.concat([frame, new]) if len(frame) else new  # concat with empty warns
    for col in frame.columns:
        if col != "geometry" and frame[col].dtype.kind in "iuf" and out[col].dtype != frame[col].dtype:
            out[col] = pd.to_numeric(out[col], errors="coerce")
            if frame[col].dtype.kind in "iu" and out[col].notna().all():
                out[col] = out[col].astype(frame[col].dtype)
    if isinstance(frame, gpd.GeoDataFrame):
        out = gpd.GeoDataFrame(out, geometry="geometry", crs=frame.crs)
    project.layers[layer] = out
    return LayerChanged(layer, event.ids, event.columns, event.inserted + tuple(ids), event.deleted)


def _delete_run(project, layer, run, event) -> LayerChanged:
    ids = [c[2] for c in run]
    project.layers[layer] = project.layers[layer].drop(index=ids)
    return LayerChanged(layer, event.ids, event.columns, event.inserted, event.deleted + tuple(ids))


_RUNNERS = {"update": _update_run, "insert": _insert_run, "delete": _delete_run}


def inverse_changes(project, changes: list[tuple]) -> list[tuple]:
    """Like :func:`geo.commands.inverse_of`, with column look-ups done once per layer."""
    if len(changes) < BULK_THRESHOLD:
        return inverse_of(project, changes)
    columns: dict[tuple[str, str], np.ndarray] = {}
    positions = {layer: _positions(project, layer, ids) for layer, ids in _ids_by_layer(changes).items()}
    deleted_rows = _deleted_rows(project, changes, positions)
    inverse = []
    for change in changes:
        op = change[0]
        if op == "update":
            _, layer, id_, values = change
            pos = positions[layer][id_]
            old = {col: _plain(_column(project, layer, col, columns)[pos]) if pos >= 0 else None
                   for col in values}
            inverse.append(("update", layer, id_, old))
        elif op == "insert":
            inverse.append(("delete", change[1], change[2][LAYERS[change[1]].id_column]))
        elif op == "delete":
            inverse.append(("insert", change[1], deleted_rows[(change[1], change[2])]))
        else:
            inverse.extend(inverse_of(project, [change]))
    inverse.reverse()
    return inverse


def _ids_by_layer(changes) -> dict[str, list]:
    out: dict[str, list] = {}
    for change in changes:
        if change[0] in ("update", "delete"):
            out.setdefault(change[1], []).append(change[2])
    return out


def _positions(project, layer, ids) -> dict:
    index = project[layer].index
    return dict(zip(ids, index.get_indexer(ids)))


def _column(project, layer, col, cache) -> np.ndarray:
    key = (layer, col)
    if key not in cache:
        frame = project[layer]
        cache[key] = (frame[col].to_numpy(dtype=object) if col in frame.columns
                      else np.full(len(frame), None, dtype=object))
    return cache[key]


def _deleted_rows(project, changes, positions) -> dict:
    wanted: dict[str, list] = {}
    for change in changes:
        if change[0] == "delete":
            wanted.setdefault(change[1], []).append(change[2])
    out = {}
    for layer, ids in wanted.items():
        frame = project[layer]
        records = frame.iloc[[positions[layer][i] for i in ids]].to_dict("records")
        for id_, record in zip(ids, records):
            out[(layer, id_)] = {k: _plain(v) for k, v in record.items()}
    return out
