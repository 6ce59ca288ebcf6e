"""The project as the map sees it: frozen layer snapshots for the renderer, taken on the GUI thread.

No Qt. The GUI thread owns the project's frames and edits them in place; the
render thread must never read them. :meth:`MapScene.snapshot` therefore copies
what a frame draws from into immutable :class:`~.layer_snapshot.LayerSnapshot`
objects (ids, metric geometry, a few columns) and hands the worker a
:class:`~.scene_snapshot.SceneSnapshot` of them (QGIS's map renderer job takes
a frozen copy of each layer on the main thread the same way). Edits replace
snapshots, never change them: :meth:`MapScene.invalidate` drops a layer whose
geometry or rows changed and marks changed columns stale, and the next
snapshot copies just those columns. Geometry caches, fill classes and chunkings
are built from snapshots on first use (in the render thread) and remembered
across frames, keyed on the snapshots they came from (:meth:`MapScene.remember`).

Value providers: a graduated style normally classifies a column of the
project frame. :meth:`MapScene.set_values` lets a view supply the values of a
field that is not stored (a computed figure such as a grid's station coverage
share, from :class:`geo.coverage.CoverageModel`): classification reads the
provided series (indexed by feature id) first.
"""
from __future__ import annotations

import threading
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.lookup import positions

from .layer_snapshot import MAP_COLUMNS, capture
from .layer_style import GRADUATED
from .scene_snapshot import ADJACENCY_TOLERANCE, LABEL_SEARCH, SceneSnapshot  # noqa: F401 (re-exported)

MAP_LAYERS = ("communities", "grids", "compounds", "buildings", "stations")


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
        self._layers: dict[str, object] = {}      # name -> current LayerSnapshot (GUI thread)
        self._stale: dict[str, set] = {}          # name -> columns edited since its snapshot
        self._stale_rows: dict[str, dict] = {}    # name -> column -> ids edited in it (None: unknown)
        self._moved: dict[str, set] = {}          # name -> ids whose geometry changed in place since
        self._values: dict[tuple[str, str], pd.Series] = {}  # (layer, field) -> values by id
        self._memo: dict[tuple, tuple] = {}       # key -> (deps, value), shared with render threads
        self._building: dict[tuple, tuple] = {}   # key -> (deps, Event, thread) of a build under way
        self._ticket = 0  # builds in the order they started: the latest started is kept (see remember)
        self._kept_ticket: dict[tuple, int] = {}  # key -> ticket of the build kept in _memo
        self._lock = threading.Lock()
        self._transformers = threading.local()  # each thread's own to-metric transformer (see _metric_geoms)
        self.version = 0  # bumped on every invalidation; path caches key on it

    # ---------------------------------------------------------------- snapshots (GUI thread)
    def snapshot(self, styles=(), names=None) -> SceneSnapshot:
        """Freeze what a frame with ``styles`` draws; call on the thread that edits the project.

        ``names`` (default: the styles' layers, or every map layer) are captured
        with the layers their drawing depends on. PROJ runs here too: it crashed
        when called from the render thread (a segfault in ``CRS.__init__`` under
        Qt's thread pool), so the worker only does numpy.
        """
        styles = list(styles)
        wanted = set(names or [s.name for s in styles] or MAP_LAYERS)
        wanted |= {"communities"} if "grids" in wanted else set()
        wanted |= {"grids", "buildings"} if wanted & {"buildings", "compounds"} else set()
        extra: dict[str, set] = {}
        for style in styles:
            if style.mode == GRADUATED and style.graduated is not None:
                extra.setdefault(style.name, set()).add(style.graduated.field)
        for name in MAP_LAYERS:
            if name in wanted and self._has(name):
                self._layers[name] = self._fresh(name, extra.get(name, set()))
        return SceneSnapshot(MappingProxyType(dict(self._layers)), MappingProxyType(dict(self._values)),
                             self.version, self.remember, self.recall)

    def _has(self, name) -> bool:
        try:
            self.project[name]
        except KeyError:
            return False
        return True

    def _fresh(self, name, extra):
        """The layer's snapshot, copied again only where an edit made it stale."""
        frame, current = self.project[name], self._layers.get(name)
        columns = set(MAP_COLUMNS.get(name, ())) | set(extra)
        moved = self._moved.pop(name, set())
        if current is not None and moved:
            current = self._with_moved(current, frame, moved)
        rows = self._stale_rows.pop(name, {})
        if current is None:
            self._stale.pop(name, None)
            geoms = self._metric_geoms(frame.geometry.to_numpy()) if len(frame) else np.empty(0, object)
            return capture(name, frame, geoms, columns)
        # a provided field (set_values) is no column: asking for it must not renew the snapshot
        stale = self._stale.pop(name, set()) | (set(extra) & set(frame.columns)) - set(current.columns)
        stale &= columns | set(current.columns)
        if not stale:
            return current
        return current.with_columns(frame, stale, {c: self._positions(frame, rows.get(c)) for c in stale})

    @staticmethod
    def _positions(frame, ids):
        """Positions of ``ids`` in ``frame`` (None when unknown or not all found: copy the column)."""
        if not ids or not frame.index.is_unique:
            return None
        found = positions(frame.index, ids, missing=True)
        return None if (found < 0).any() else np.sort(found)

    def _with_moved(self, current, frame, moved):
        """``current`` with the geometry of the ``moved`` ids projected again (None: rebuild)."""
        if not frame.index.is_unique:  # duplicate ids (a layer loaded with validate's warning)
            return None
        found = positions(frame.index, moved, missing=True)
        if (found < 0).any() or len(frame) != len(current):
            return None
        return current.with_geoms(found, self._metric_geoms(frame.geometry.to_numpy()[found]))

    def invalidate(self, name: str, columns=frozenset(), ids=None) -> None:
        """Note an edit of ``name``: added or removed rows (``columns`` empty) mean a new
        snapshot; a geometry edit of ``ids`` re-projects just those rows (all rows when
        ``ids`` is None); other columns are copied again if drawn."""
        self.version += 1
        if name not in MAP_LAYERS:
            return  # never snapshotted: what was edited there would pile up for the whole session
        if not columns or ("geometry" in columns and ids is None):
            self._layers.pop(name, None)
            self._stale.pop(name, None)
            self._stale_rows.pop(name, None)
            self._moved.pop(name, None)
            return
        if "geometry" in columns:
            self._moved.setdefault(name, set()).update(ids)
        others = set(columns) - {"geometry"}
        if others:
            self._stale.setdefault(name, set()).update(others)
            # which rows: the snapshot copies just those and can tell the map which changed
            rows = self._stale_rows.setdefault(name, {})
            for column in others:
                known = rows.get(column, set())
                rows[column] = None if known is None or not ids else known | set(ids)

    def adopt(self, layers, memo_from=None) -> None:
        """Take layer snapshots built elsewhere instead of projecting the layers again.

        ``layers`` (name → LayerSnapshot of this scene's project, e.g. from
        :func:`~.preload.metric_layers` in the loader thread). ``memo_from``: a
        scene (a preview of the same file) whose derived caches -- grid colours,
        caches, chunkings -- serve this scene where they were built from the very
        snapshots adopted here (the memo compares its inputs by identity).
        """
        self._layers.update(layers)
        for name in layers:
            self._stale.pop(name, None)
            self._stale_rows.pop(name, None)
            self._moved.pop(name, None)
        if memo_from is not None:
            with memo_from._lock:
                memo = dict(memo_from._memo)
            with self._lock:
                self._memo.update(memo)
        self.version += 1

    def set_values(self, layer: str, field: str, values: pd.Series | None) -> None:
        """Classify ``field`` of ``layer`` by ``values`` (a Series indexed by feature id)
        instead of the project column; ``None`` goes back to the column."""
        if values is None:
            self._values.pop((layer, field), None)
        else:
            self._values[(layer, field)] = values.copy()  # the render thread reads it later
        self.version += 1

    def project_layers(self) -> None:
        """Snapshot every map layer now (kept for callers that warm the scene)."""
        self.snapshot()

    def _metric_geoms(self, geoms) -> np.ndarray:
        """Project to metres with a transformer private to the calling thread, made once per thread
        (making one is ~2 ms of PROJ's database: every edit of a grid outline paid it)."""
        transformer = getattr(self._transformers, "to_metric", None)
        if transformer is None:
            transformer = self._transformers.to_metric = pyproj.Transformer.from_crs(
                self._crs_text, self._metric_text, always_xy=True)

        def project(xy):
            x, y = transformer.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(np.asarray(geoms, dtype=object), project)

    # ---------------------------------------------------------------- derived caches (any thread)
    def remember(self, key, deps: tuple, build):
        """``build()`` once per ``deps`` (compared by identity); the newest is kept per key.

        Built outside the lock. A thread asking for what another thread is building
        from the very same ``deps`` waits for that build instead of doing it again:
        after an edit the GUI thread's overlays ask for the grids' cache the render
        thread is building for the edit's frame (~7 ms at city scale, twice, each
        slowing the other). Keys form no cycle (a build asks only for the parts it
        is made of), so two builds never wait for each other; a build that fails
        leaves the waiter to build itself.
        """
        while True:
            with self._lock:
                found = self._memo.get(key)
                if found is not None and _same(found[0], deps):
                    return found[1]
                running = self._building.get(key)
                if running is None or not _same(running[0], deps) or running[2] == threading.get_ident():
                    done = threading.Event()
                    self._building[key] = (deps, done, threading.get_ident())
                    ticket = self._ticket = self._ticket + 1
                    break
            running[1].wait()
            with self._lock:
                found = self._memo.get(key)
                ticket = self._ticket = self._ticket + 1
            if found is None or not _same(found[0], deps):  # that build failed: build here
                return self._build_and_keep(key, deps, build, None, ticket)
        return self._build_and_keep(key, deps, build, done, ticket)

    def _build_and_keep(self, key, deps, build, done, ticket):
        try:
            value = build()
            with self._lock:
                # a build started later and kept already stays: the grids' colours worked out
                # behind a frame (from the outlines before an edit) ended after the edit's own
                # colouring, and the next frame would have repaired from the older one
                if self._kept_ticket.get(key, -1) < ticket:
                    self._memo[key] = (deps, value)
                    self._kept_ticket[key] = ticket
            return value
        finally:
            if done is not None:
                with self._lock:
                    if self._building.get(key, (None, None, None))[1] is done:
                        del self._building[key]
                done.set()

    def recall(self, key):
        """``(deps, value)`` last remembered under ``key`` whatever its deps, or None
        (what an incremental build starts from)."""
        with self._lock:
            return self._memo.get(key)

    # GUI-thread conveniences: the current state, frozen on the spot
    def cache(self, name: str):
        return self.snapshot(names=[name]).cache(name)

    def classes(self, style):
        return self.snapshot([style]).classes(style)

    def chunking(self, style):
        return self.snapshot([style]).chunking(style)

    def grid_colours(self) -> dict:
        return self.snapshot(names=["grids"]).grid_colours()

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


def _same(a: tuple, b: tuple) -> bool:
    """Two dependency tuples holding the very same objects."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))
