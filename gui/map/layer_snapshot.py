"""One layer's drawing inputs, copied on the GUI thread so a render thread may read them.

No Qt. The project's frames are changed in place by edits on the GUI thread
(``geo.memory.apply_to_memory``); a render thread must never read them. A
:class:`LayerSnapshot` holds what the map draws from -- ids, geometries in
metres and the few attribute columns the painters use -- as private, read-only
numpy arrays. An edit never changes a snapshot: the scene replaces it
(copy-on-write per column), and a frame in flight keeps drawing the old one.

Copying is cheap where it matters: an attribute edit re-copies only the columns
it touched that the map uses (a building moved to another grid copies the
``grid_id`` column, ~2 ms at city scale), and the new snapshot shares the
ids, geometries and other columns of the old one.

Example
-------
>>> layer = capture("buildings", frame, metric_geoms, ("name", "grid_id"))  # doctest: +SKIP
>>> later = layer.with_columns(frame, {"grid_id"})                          # doctest: +SKIP
>>> later.geoms is layer.geoms                                              # doctest: +SKIP
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

#: Columns the map reads from each layer besides ids and geometry (labels,
#: colour by grid, station status and radius). A graduated style adds its field.
MAP_COLUMNS = {
    "communities": ("name",),
    "grids": ("name", "community_id"),
    "compounds": ("name",),
    "buildings": ("name", "grid_id", "compound_id"),
    "stations": ("name", "status", "service_radius_m"),
}


#: How many earlier geometry states a snapshot remembers (edits between two frames).
LINEAGE = 8


@dataclass(frozen=True, eq=False)
class LayerSnapshot:
    """``ids`` and metric ``geoms`` of one layer and copies of some ``columns``.

    Compared by identity: a new snapshot object means something changed, so
    caches derived from one can be keyed on it.
    """

    name: str
    ids: np.ndarray
    geoms: np.ndarray
    columns: Mapping[str, np.ndarray]
    #: ``((earlier geoms array, positions changed since it), ...)``, newest first: what an
    #: in-place geometry edit changed, so caches built from an earlier snapshot are patched
    #: row by row instead of rebuilt (see :meth:`changed_since`).
    lineage: tuple = ()
    #: ``column -> ((earlier array, positions changed since it), ...)``, newest first, for
    #: columns copied again row by row (see :meth:`column_changed_since`)
    column_lineage: Mapping[str, tuple] = field(default_factory=lambda: MappingProxyType({}))

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str) -> np.ndarray | None:
        """The copied column, or None when the layer has no such column."""
        return self.columns.get(name)

    def with_columns(self, frame, names, rows=None) -> "LayerSnapshot":
        """A new snapshot with ``names`` copied again from ``frame`` (same ids and geometry).

        ``rows``: column -> sorted positions of the only rows edited in it (None: unknown).
        Those columns copy just these rows over the old copy, and remember which they
        were (:meth:`column_changed_since`), so the map looks up 20 buildings moved to
        another grid, not 450,000.
        """
        columns, lineage = dict(self.columns), dict(self.column_lineage)
        whole = []
        for name in names:
            positions = (rows or {}).get(name)
            old = self.columns.get(name)
            if name not in frame.columns:
                continue
            values = frame[name].to_numpy() if positions is not None and old is not None else None
            if values is None or len(values) != len(old) or values.dtype != old.dtype:
                whole.append(name)
                lineage.pop(name, None)
                continue
            new = old.copy()
            new[positions] = values[positions]
            columns[name] = _frozen(new)
            lineage[name] = _extended(self.column_lineage.get(name, ()), old, positions)
        columns.update(_copy_columns(frame, whole))
        return LayerSnapshot(self.name, self.ids, self.geoms, MappingProxyType(columns), self.lineage,
                             MappingProxyType(lineage))

    def with_geoms(self, positions, geoms) -> "LayerSnapshot":
        """A new snapshot whose rows at ``positions`` have the (metric) ``geoms``; same ids."""
        positions = np.asarray(positions, dtype=np.int64)
        new = self.geoms.copy()
        new[positions] = np.asarray(geoms, dtype=object)
        return LayerSnapshot(self.name, self.ids, _frozen(new), self.columns,
                             _extended(self.lineage, self.geoms, positions), self.column_lineage)

    def changed_since(self, geoms) -> np.ndarray | None:
        """Positions whose geometry changed since the snapshot whose geoms array is ``geoms``
        (an empty array when it is this one), or None when that is not a recent ancestor."""
        if geoms is self.geoms:
            return np.empty(0, dtype=np.int64)
        return next((since for earlier, since in self.lineage if earlier is geoms), None)

    def column_changed_since(self, name: str, column) -> np.ndarray | None:
        """Positions of column ``name`` that changed since it was the array ``column`` (empty
        when it still is), or None when that is not a recent ancestor known row by row."""
        if column is self.columns.get(name):
            return np.empty(0, dtype=np.int64)
        return next((since for earlier, since in self.column_lineage.get(name, ()) if earlier is column), None)


def capture(name: str, frame, geoms: np.ndarray, columns) -> LayerSnapshot:
    """Snapshot ``frame`` (on the thread that owns it) with ``geoms`` already in metres."""
    return LayerSnapshot(name, _frozen(frame.index.to_numpy(dtype=object, copy=True)),
                         _frozen(np.asarray(geoms, dtype=object)),
                         MappingProxyType(_copy_columns(frame, columns)))


def _copy_columns(frame, names) -> dict[str, np.ndarray]:
    return {c: _frozen(frame[c].to_numpy(copy=True))  # own dtype: numbers stay numbers
            for c in names if c in frame.columns}


def _frozen(array: np.ndarray) -> np.ndarray:
    """Read-only, so a slip that writes into a snapshot fails loudly instead of racing."""
    array.flags.writeable = False
    return array


def _extended(lineage: tuple, old: np.ndarray, positions: np.ndarray) -> tuple:
    """``lineage`` after an edit of ``positions`` replaced the array ``old``: ``old`` becomes
    the newest ancestor, and each earlier one (up to :data:`LINEAGE` in all) also differs there."""
    return ((old, positions),) + tuple(
        (earlier, np.union1d(since, positions)) for earlier, since in lineage[:LINEAGE - 1])
