"""What one frame draws: frozen layer snapshots, and the caches derived from them.

No Qt, and no access to the project. :meth:`gui.map.scene.MapScene.snapshot`
takes a :class:`SceneSnapshot` on the GUI thread; the renderer (in the render
thread) asks it for geometry caches, fill classes and chunkings. Those are
built on first use and remembered by the scene across frames, keyed on the
identity of the snapshots they were built from, so a cache built from an old
snapshot is never served for a newer one, and an edit that touched only
``households`` (a column the map does not read) keeps every cache warm.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import shapely

from geo.colouring import TOL_LIGHT, UNASSIGNED, colour_map, repair_colouring
from geo.schema import LAYERS

from .geometry import Chunking, PointCache, PolygonCache, morton, morton_extent
from .layer_style import BY_GRID, GRADUATED, LayerStyle

#: Layers whose label points need a search inside the polygon; the others use box centres.
LABEL_SEARCH = ("communities", "grids", "compounds")
#: Neighbouring grids closer than this (metres) count as touching.
ADJACENCY_TOLERANCE = 0.5


class SceneSnapshot:
    """Frozen inputs of one frame: ``layers`` (name → LayerSnapshot), provided ``values``.

    ``remember(key, deps, build)`` is the scene's cross-frame memo (see
    :meth:`gui.map.scene.MapScene.remember`).
    """

    def __init__(self, layers, values, version: int, remember, recall=lambda key: None):
        self.layers = layers
        self.values = values
        self.version = version
        self._remember = remember
        self._recall = recall  # the memo's last entry under a key, to build on it (see grid_colours)

    # ---------------------------------------------------------------- caches
    def cache(self, name: str):
        """The layer's PolygonCache or PointCache, with ``names`` and ``label_text``."""
        layer = self.layers[name]
        deps = (layer, self.layers.get("communities")) if name == "grids" else (layer,)
        return self._remember(("cache", name), deps, lambda: self._build(layer))

    def _build(self, layer):
        if LAYERS[layer.name].geometry == "Point":
            radius = layer.column("service_radius_m")
            if radius is not None:
                radius = pd.to_numeric(pd.Series(radius), errors="coerce").to_numpy(dtype=float)
            cache = PointCache(layer.ids, layer.geoms, radius)
            cache.status = self._text(layer, "status")
        else:  # the geometry part survives attribute edits: share it, label it anew
            base = self._remember(("geometry", layer.name), (layer.geoms,), lambda: self._polygons(layer))
            cache = copy.copy(base)
        cache.names = self._text(layer, "name")
        communities = self.layers.get("communities")
        deps = (cache.names, layer.column("community_id"), communities and communities.column("name"))
        # kept while the names are: an edit of outlines alone does not redo 5,000 labels
        cache.label_text = self._remember(("label text", layer.name), deps,
                                          lambda: self._label_text(layer, cache.names))
        return cache

    def _polygons(self, layer) -> PolygonCache:
        """The layer's PolygonCache: the last one patched where an edit moved outlines, or new."""
        last = self._recall(("geometry", layer.name))
        if last is not None and last[1].ids is layer.ids:
            changed = layer.changed_since(last[0][0])
            if changed is not None:
                return last[1].patched(changed, layer.geoms[changed])
        return PolygonCache(layer.ids, layer.geoms, label_points=layer.name in LABEL_SEARCH)

    def _label_text(self, layer, names) -> np.ndarray:
        """Grid names without their community's name ("和平社区第3网格" → "第3网格"):
        the community is labelled on the same map, and short labels fit more grids."""
        communities = self.layers.get("communities")
        community_of = layer.column("community_id")
        if layer.name != "grids" or not len(layer) or community_of is None or communities is None:
            return names
        by_id = dict(zip(communities.ids.tolist(), self._text(communities, "name").tolist()))
        prefix = pd.Series(community_of).map(by_id).fillna("").to_numpy(dtype=object)
        return np.array([n[len(p):] if p and n.startswith(p) and len(n) > len(p) else n
                         for n, p in zip(names.tolist(), prefix.tolist())], dtype=object)

    def _text(self, layer, column) -> np.ndarray:
        """A column as text ("" for missing), kept while the column is (an attribute edit
        elsewhere in the layer does not redo 450,000 names)."""
        return self._remember(("text", layer.name, column), (layer.ids, layer.column(column)),
                              lambda: _text(layer, column))

    # ---------------------------------------------------------------- classes
    def classes(self, style: LayerStyle):
        """(class per feature, colours): every index in ``classes`` is < len(colours)."""
        key = ("classes", style.name, style.mode, style.colour, style.graduated)
        return self._remember(key, self._class_deps(style), lambda: self._classify(style))

    def _class_deps(self, style) -> tuple:
        layers = self.layers
        if style.mode == BY_GRID and style.name in ("grids", "buildings", "compounds"):
            grids = layers["grids"]
            return (layers[style.name], grids.geoms, layers.get("buildings") if style.name == "compounds" else None)
        if style.mode == GRADUATED and style.graduated is not None:
            return (layers[style.name], self.values.get((style.name, style.graduated.field)))
        return (layers[style.name],)

    def _classify(self, style: LayerStyle):
        n = len(self.layers[style.name])
        if style.mode == BY_GRID and style.name in ("grids", "buildings", "compounds"):
            return self._grid_index_of(style.name, len(TOL_LIGHT)), list(TOL_LIGHT) + [UNASSIGNED]
        if style.mode == GRADUATED and style.graduated is not None:
            values = self._graduated_values(style.name, style.graduated.field) if n else np.empty(0)
            cls = style.graduated.classify(np.asarray(values, dtype=float)) if n else np.empty(0, int)
            colours = list(style.graduated.colours)
            return np.where(cls < 0, len(colours), cls), colours + [UNASSIGNED]
        return np.zeros(n, dtype=np.int64), [style.colour]

    def _graduated_values(self, name: str, field: str):
        layer = self.layers[name]
        provided = self.values.get((name, field))
        if provided is not None:  # a computed figure, aligned to the drawn features
            return pd.to_numeric(provided.reindex(layer.ids), errors="coerce")
        column = layer.column(field)
        if column is None:
            return np.full(len(layer), np.nan)
        return pd.to_numeric(pd.Series(column), errors="coerce")

    def chunking(self, style: LayerStyle) -> Chunking:
        cache, classes = self.cache(style.name), self.classes(style)[0]
        key = ("chunking", style.name, style.mode, style.colour, style.graduated)
        # the Z-order of the features outlives a recolouring (an edit moving buildings to another grid)
        z = self._remember(("z-order", style.name), (cache.centre,), lambda: self._z_order(style.name, cache))[0]
        return self._remember(key, (cache, classes), lambda: self._chunk(key, cache, classes, z))

    def _z_order(self, name, cache) -> tuple:
        """(Z-order codes of the features' box centres, the extent they are scaled to).

        After an edit that moved a few centres inside the layer's extent only theirs are
        coded again: the cache tells which (``centre_since``), so neither the extent nor
        the centres of the whole layer are read again."""
        centre = cache.centre
        last = self._recall(("z-order", name))
        if last is not None and len(centre) and len(last[0][0]) == len(centre):
            old_centre, (old_z, extent) = last[0][0], last[1]
            since = getattr(cache, "centre_since", None)
            if since is not None and since[0] is old_centre:
                changed = np.unique(np.asarray(since[1], dtype=np.int64))
            else:
                changed = np.flatnonzero((centre != old_centre).any(axis=1))
            x0, y0, x1, y1 = extent
            before, after = old_centre[changed], centre[changed]
            # the extent stays when no moved centre was on its edge and none left it
            if ((before[:, 0] > x0) & (before[:, 0] < x1) & (before[:, 1] > y0) & (before[:, 1] < y1)
                    & (after[:, 0] >= x0) & (after[:, 0] <= x1) & (after[:, 1] >= y0) & (after[:, 1] <= y1)).all():
                z = old_z.copy()
                z[changed] = morton(after[:, 0], after[:, 1], extent)
                return z, extent
        extent = morton_extent(centre[:, 0], centre[:, 1]) if len(centre) else None
        return morton(centre[:, 0], centre[:, 1], extent), extent

    def _chunk(self, key, cache, classes, z) -> Chunking:
        """The chunking patched from the last one where an edit recoloured or moved a few
        features (equal to a full build, see :meth:`Chunking.patched`), or built."""
        last = self._recall(key)
        if last is not None:
            return last[1].patched(cache, classes, z)
        return Chunking.build(cache, classes, z)

    def grid_colours(self) -> dict:
        """Grid id -> palette index; touching grids always differ.

        After an edit the colours are repaired around the grids whose outline
        changed (:func:`geo.colouring.repair_colouring`); the other grids keep theirs.
        The same holds when the full model takes over from a first view
        (:meth:`gui.map.scene.MapScene.adopt` ``memo_from``): that view coloured
        only the grids it read, from their own adjacency, and the whole layer is
        coloured around them, so no grid on screen changes colour.
        """
        layer = self.layers["grids"]
        colouring = self._remember(("grid_colours",), (layer.geoms,), lambda: self._colour_grids(layer))
        # a dict of 50,000 ids only for who asks (compounds): drawing grids and buildings reads positions
        return self._remember(("grid colour map",), (colouring,),
                              lambda: dict(zip(colouring[0].tolist(), np.asarray(colouring[1]).tolist())))

    def colouring_known(self) -> bool:
        """Whether the grids' colours of this snapshot are worked out (or there are no grids)."""
        layer = self.layers.get("grids")
        last = self._recall(("grid_colours",))
        return layer is None or not len(layer.ids) or (last is not None and last[0][0] is layer.geoms)

    def colour_grids(self) -> None:
        """Work the grids' colours out now, for the frames that will draw them (any thread)."""
        layer = self.layers["grids"]
        self._remember(("grid_colours",), (layer.geoms,), lambda: self._colour_grids(layer))

    def _colour_grids(self, layer) -> tuple:
        """(ids, colours, geoms) of ``layer``, from the last colouring when there is one."""
        grids = self.cache("grids")
        last = self._recall(("grid_colours",))
        if last is None or not len(layer):
            colour = colour_map(grids.geoms, len(TOL_LIGHT), ADJACENCY_TOLERANCE)
        else:
            old_ids, old_colour, old_geoms = last[1]
            changed = layer.changed_since(old_geoms) if old_ids is layer.ids else None
            if changed is not None:
                colour = old_colour
            else:  # rows added or removed (split, merge): align by id, compare outlines
                position = pd.Index(old_ids).get_indexer(layer.ids)
                same = position >= 0
                colour = np.append(np.asarray(old_colour, dtype=np.int64), -1)[position]  # -1: a new grid
                same[same] = shapely.equals_exact(old_geoms[position[same]], layer.geoms[same], 0.0)
                changed = np.flatnonzero(~same)
            colour = repair_colouring(grids.geoms, colour, changed, len(TOL_LIGHT), ADJACENCY_TOLERANCE,
                                      bounds=grids.bbox)
        return layer.ids, colour, layer.geoms

    def _grid_position(self, name, ids, keys) -> np.ndarray:
        """Position in ``ids`` of each of ``keys`` (-1: none); after an edit of a few keys
        (buildings moved to another grid) only those are looked up again."""
        last = self._recall(("grid position", name))
        if last is not None and last[0][0] is ids and len(last[0][1]) == len(keys):
            # the snapshot knows which rows of its grid_id column an edit copied again
            changed = self.layers[name].column_changed_since("grid_id", last[0][1]) if name == "buildings" else None
            if changed is None:
                changed = np.flatnonzero(last[0][1] != keys)
            position = last[1].copy()
            if len(changed):
                index = self._remember(("grid id index",), (ids,), lambda: pd.Index(ids))
                position[changed] = index.get_indexer(keys[changed])
            return position
        index = self._remember(("grid id index",), (ids,), lambda: pd.Index(ids))
        return index.get_indexer(keys)

    def _grid_index_of(self, name: str, missing: int = -1) -> np.ndarray:
        """The colour of each feature's grid (``missing``: in no grid, or an uncoloured one)."""
        if name in ("grids", "buildings"):  # by position in the grid layer: no dict of 5,000 ids per edit
            grids = self.layers["grids"]
            ids, colour, _geoms = self._remember(("grid_colours",), (grids.geoms,),
                                                 lambda: self._colour_grids(grids))
            # -1 (no colour) becomes missing in the table of the grids, not over 450,000 buildings
            table = np.append(np.asarray(colour, dtype=np.int64), -1)
            table = np.where(table < 0, missing, table)
            if name == "grids" and ids is grids.ids:
                return table[:-1]
            keys = grids.ids if name == "grids" else _column(self.layers["buildings"], "grid_id")
            position = self._remember(("grid position", name), (ids, keys),
                                      lambda: self._grid_position(name, ids, keys))
            # position -1 (in no grid) reads the appended entry, also when no grid is left
            return table[position]
        colours = self.grid_colours()
        # a compound takes the grid most of its buildings are in
        b = self.layers["buildings"]
        pairs = pd.DataFrame({"compound_id": _column(b, "compound_id"), "grid_id": _column(b, "grid_id")})
        counts = pairs.groupby(["compound_id", "grid_id"]).size().sort_values()
        top = counts.groupby(level=0).tail(1).reset_index()
        keys = top.set_index("compound_id")["grid_id"].reindex(pd.Index(self.layers[name].ids)).to_numpy()
        index = pd.Series(keys).map(colours).fillna(-1).to_numpy(dtype=np.int64)
        return np.where(index < 0, missing, index)


def _column(layer, name) -> np.ndarray:
    column = layer.column(name)
    return np.full(len(layer), None, dtype=object) if column is None else column


def _text(layer, name) -> np.ndarray:
    return pd.Series(_column(layer, name)).fillna("").astype(str).to_numpy(dtype=object)
