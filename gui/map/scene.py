"""The project as the map sees it: metric geometry caches and fill classes per layer.

No Qt. A :class:`MapScene` builds each layer's cache on first use (in the
render thread, so opening a large project does not freeze the window) and
drops only what an edit touched: a geometry change rebuilds that layer's
cache, an attribute change only its fill classes.

Value providers: a graduated style normally classifies a column of the
project frame. :meth:`MapScene.set_values` lets a view supply the values of a
field that is not stored (a computed figure such as a grid's station coverage
share, from :class:`geo.coverage.CoverageModel`): ``_classify`` reads the
provided series (indexed by feature id) first. Setting or clearing values
drops that layer's fill classes, so the next frame uses them.
"""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.colouring import TOL_LIGHT, UNASSIGNED, colour_map
from geo.schema import LAYERS

from .geometry import Chunking, PointCache, PolygonCache
from .layer_style import BY_GRID, GRADUATED, LayerStyle

MAP_LAYERS = ("communities", "grids", "compounds", "buildings", "stations")
#: Layers whose label points need a search inside the polygon; the others use box centres.
LABEL_SEARCH = ("communities", "grids", "compounds")
#: Neighbouring grids closer than this (metres) count as touching.
ADJACENCY_TOLERANCE = 0.5


class MapScene:
    def __init__(self, project):
        self.project = project
        self.metric_crs = project.metric_crs
        crs = project.crs or "EPSG:4490"
        # pyproj objects must not be shared between threads (a shared CRS
        # crashed a render thread): keep text, make transformers where used
        self._crs_text = pyproj.CRS.from_user_input(crs).to_wkt()
        self._metric_text = pyproj.CRS.from_user_input(self.metric_crs).to_wkt()
        self.to_metric = pyproj.Transformer.from_crs(crs, self.metric_crs, always_xy=True)
        self.to_project = pyproj.Transformer.from_crs(self.metric_crs, crs, always_xy=True)
        self._caches: dict[str, object] = {}
        self._classes: dict[tuple, tuple] = {}
        self._chunks: dict[tuple, Chunking] = {}
        self._grid_colour: dict | None = None
        self._lock = threading.RLock()
        self._projected: dict[str, np.ndarray] = {}
        self._values: dict[tuple[str, str], pd.Series] = {}  # (layer, field) -> values by id
        self.version = 0  # bumped on every invalidation; path caches key on it

    # ---------------------------------------------------------------- caches
    def cache(self, name: str):
        with self._lock:
            cache = self._caches.get(name)
            if cache is None:
                cache = self._caches[name] = self._build(name)
            return cache

    def _build(self, name: str):
        frame = self.project[name]
        geoms = self._projected.pop(name, None)  # the cache keeps its own copy
        if geoms is None:
            geoms = self._metric_geoms(frame.geometry.to_numpy()) if len(frame) else np.empty(0, object)
        ids = frame.index.to_numpy()
        if LAYERS[name].geometry == "Point":
            cache = PointCache(ids, geoms, frame.get("service_radius_m"))
            cache.status = _text(frame, "status")
        else:
            cache = PolygonCache(ids, geoms, label_points=name in LABEL_SEARCH)
        cache.names = _text(frame, "name")
        cache.label_text = self._label_text(name, frame, cache.names)
        return cache

    def _label_text(self, name, frame, names) -> np.ndarray:
        """Grid names without their community's name ("和平社区第3网格" → "第3网格"):
        the community is labelled on the same map, and short labels fit more grids."""
        if name != "grids" or not len(frame) or "community_id" not in frame.columns:
            return names
        communities = _text(self.project["communities"], "name")
        by_id = dict(zip(self.project["communities"].index.tolist(), communities.tolist()))
        prefix = frame["community_id"].map(by_id).fillna("").to_numpy(dtype=object)
        return np.array([n[len(p):] if p and n.startswith(p) and len(n) > len(p) else n
                         for n, p in zip(names.tolist(), prefix.tolist())], dtype=object)

    def project_layers(self) -> None:
        """Project layers without a cache to metres, on the calling (GUI) thread.

        PROJ crashed when called from the render thread (a segfault in
        ``CRS.__init__`` under Qt's thread pool), so the canvas projects here
        before it hands a frame to the worker, and the worker only does numpy.
        """
        for name in MAP_LAYERS:
            with self._lock:
                done = name in self._caches or name in self._projected
            if not done:
                frame = self.project[name]
                geoms = self._metric_geoms(frame.geometry.to_numpy()) if len(frame) else np.empty(0, object)
                with self._lock:
                    self._projected[name] = geoms

    def _metric_geoms(self, geoms) -> np.ndarray:
        """Project to metres with a transformer private to the calling thread."""
        transformer = pyproj.Transformer.from_crs(self._crs_text, self._metric_text, always_xy=True)

        def project(xy):
            x, y = transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(np.asarray(geoms, dtype=object), project)

    def bounds(self):
        """The metric extent of everything drawn, or None for an empty project."""
        boxes = []
        for name in ("communities", "grids", "buildings", "stations"):
            if len(self.project[name]):
                minx, miny, maxx, maxy = self.project[name].total_bounds
                xs, ys = self.to_metric.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy])
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
        if not boxes:
            return None
        b = np.array(boxes)
        return (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())

    # ---------------------------------------------------------------- classes
    def classes(self, style: LayerStyle):
        """(class per feature, colours): every index in ``classes`` is < len(colours)."""
        key = (style.name, style.mode, style.colour, style.graduated)
        with self._lock:
            found = self._classes.get(key)
            if found is None:
                found = self._classes[key] = self._classify(style)
            return found

    def _classify(self, style: LayerStyle):
        n = len(self.cache(style.name))
        if style.mode == BY_GRID and style.name in ("grids", "buildings", "compounds"):
            index = self._grid_index_of(style.name)
            return np.where(index < 0, len(TOL_LIGHT), index), list(TOL_LIGHT) + [UNASSIGNED]
        if style.mode == GRADUATED and style.graduated is not None:
            values = self._graduated_values(style.name, style.graduated.field) if n else np.empty(0)
            cls = style.graduated.classify(np.asarray(values, dtype=float)) if n else np.empty(0, int)
            colours = list(style.graduated.colours)
            return np.where(cls < 0, len(colours), cls), colours + [UNASSIGNED]
        return np.zeros(n, dtype=np.int64), [style.colour]

    def _graduated_values(self, name: str, field: str):
        provided = self._values.get((name, field))
        if provided is not None:  # a computed figure, aligned to the drawn features
            return pd.to_numeric(provided.reindex(self.cache(name).ids), errors="coerce")
        return pd.to_numeric(self.project[name].get(field), errors="coerce")

    def set_values(self, layer: str, field: str, values: pd.Series | None) -> None:
        """Classify ``field`` of ``layer`` by ``values`` (a Series indexed by feature id)
        instead of the project column; ``None`` goes back to the column."""
        with self._lock:
            if values is None:
                self._values.pop((layer, field), None)
            else:
                self._values[(layer, field)] = values.copy()  # the render thread reads it later
            self.version += 1
            self._classes = {k: v for k, v in self._classes.items() if k[0] != layer}
            self._chunks = {k: v for k, v in self._chunks.items() if k[0] != layer}

    def chunking(self, style: LayerStyle) -> Chunking:
        key = (style.name, style.mode, style.colour, style.graduated)
        with self._lock:
            found = self._chunks.get(key)
            if found is None:
                found = self._chunks[key] = Chunking.build(self.cache(style.name), self.classes(style)[0])
            return found

    def grid_colours(self) -> dict:
        """Grid id -> palette index; touching grids always differ."""
        with self._lock:
            if self._grid_colour is None:
                grids = self.cache("grids")
                index = colour_map(grids.geoms, len(TOL_LIGHT), ADJACENCY_TOLERANCE)
                self._grid_colour = dict(zip(grids.ids.tolist(), index.tolist()))
            return self._grid_colour

    def _grid_index_of(self, name: str) -> np.ndarray:
        colours = self.grid_colours()
        frame = self.project[name]
        if name == "grids":
            keys = frame.index
        elif name == "buildings":
            keys = frame["grid_id"]
        else:  # a compound takes the grid most of its buildings are in
            b = self.project["buildings"]
            counts = b.groupby(["compound_id", "grid_id"]).size().sort_values()
            top = counts.groupby(level=0).tail(1).reset_index()
            keys = top.set_index("compound_id")["grid_id"].reindex(frame.index)
        return pd.Series(keys.to_numpy()).map(colours).fillna(-1).to_numpy(dtype=np.int64)

    # ---------------------------------------------------------------- edits
    def invalidate(self, name: str, columns=frozenset()) -> None:
        """Forget what a change to ``name`` made stale (all of it if ``columns`` is empty)."""
        with self._lock:
            self.version += 1
            geometry = not columns or "geometry" in columns
            if geometry:
                self._caches.pop(name, None)
                self._projected.pop(name, None)
                if name == "grids":
                    self._grid_colour = None
            stale = {name} | ({"buildings", "compounds", "grids"} if name in ("grids", "buildings") else set())
            self._classes = {k: v for k, v in self._classes.items() if k[0] not in stale}
            self._chunks = {k: v for k, v in self._chunks.items() if k[0] not in stale}


def _text(frame, column) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[column].fillna("").astype(str).to_numpy(dtype=object)

