"""The project model: layers in memory, the file on disk, and change events.

A :class:`Project` holds one (Geo)DataFrame per layer, indexed by the layer's id
column so that edits and look-ups by id are cheap. Every change goes through
:meth:`Project.apply`, in this order: validate every change (nothing is
written otherwise), write the file in one transaction, update memory, then
announce. A listener that raises cannot undo what is on disk and in memory; it
is reported (:class:`geo.events.ListenerError`) after every other listener ran.
What the user sees is always what is on disk.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import store as store_mod
from .crs import metric_crs_for, project_geoms
from .events import Event, ListenerError
from .lookup import positions
from .memory import apply_to_memory
from .messages import CodedError, register
from .rules import Rules
from .schema import LAYERS
from .store_api import is_server_url
from .validate import structural_problems

#: The layers whose extent places the project (the first with features, in this order):
#: :meth:`Project.bounds`, and the view read before the model (:mod:`geo.view_read`).
EXTENT_LAYERS = ("communities", "grids", "buildings", "stations")


class Project:
    def __init__(self, frames: dict[str, pd.DataFrame], rules: Rules | None = None,
                 path: Path | None = None, store: store_mod.ProjectStore | None = None,
                 problems=None, *, owned: bool = False, metric_extent=None):
        """``owned``: the frames are this project's alone (just read), indexed in place;
        otherwise each is copied, so that edits never reach a caller's frames.
        ``metric_extent``: (minx, miny, maxx, maxy), the extent whose metric CRS this
        project takes instead of its own :meth:`bounds` -- the whole project's, when
        the frames are the part of it one view shows (:mod:`geo.view_read`)."""
        self.rules = rules or Rules()
        self.path = Path(path) if path else None
        self.store = store
        self.problems = list(problems or [])
        self.layers = {name: _indexed(name, frame, copy=not owned) for name, frame in frames.items()}
        for name in LAYERS:
            if name not in self.layers:  # not setdefault: it would build every empty frame anyway
                self.layers[name] = _indexed(name, store_mod.empty_frame(name))
        self.changed = Event()        # LayerChanged
        self.rules_changed = Event()  # Rules
        self.last_entry_id = None     # the history entry the last apply wrote (geo.history)
        self._metric_crs = None
        self._metric_extent = metric_extent
        self._metric_cache = {}       # layer name -> (frame, read-only metric geometries)

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, path) -> "Project":
        """Open a project for editing: a GeoPackage path or a ``postgresql://`` URL.

        Raises ProjectError when it is not usable (a URL's errors are
        :class:`geo.messages.CodedError`, see :mod:`geo.postgis.store`).
        """
        if is_server_url(path):
            from .postgis.store import PostgisStore

            store = PostgisStore.connect(str(path))
            try:
                loaded = store.read_layers()
                _refuse_fatal(store.location, loaded)
            except BaseException:
                store.close()
                raise
            project = cls(loaded.frames, loaded.rules, store=store, problems=loaded.problems)
            store.attach(project)
            return project
        loaded = store_mod.read_layers(path)
        _refuse_fatal(path, loaded)
        store = store_mod.ProjectStore(path)
        return cls(loaded.frames, loaded.rules, path=path, store=store, problems=loaded.problems,
                   owned=True)

    @classmethod
    def read(cls, path, progress=None, reuse=None, on_layer=None, read_ahead: bool = True) -> "Project":
        """Read a project file into memory without opening it for writing.

        Safe on any thread (the app reads in the background while its window
        shows the map); the project takes edits only after :meth:`attach_file`
        on the thread that edits it (an SQLite connection stays on its thread).
        ``progress(done, total, layer)`` is called after each layer is read;
        ``reuse`` (name → frame): layers already read whole from this file,
        taken as they are (indexed in place, not copied); ``on_layer(name, frame)`` and
        ``read_ahead``: see :func:`geo.store.read_layers`.

        Raises
        ------
        geo.store.ProjectError
            The file is not a usable project (as :meth:`open`).
        """
        if is_server_url(path):  # a server connection serves any thread: opened whole at once
            return cls.open(path)
        # Memory other threads freed (the first frame's drawing) and then what the reading
        # freed go back to the system, so that the model is added to what is really in use:
        # at city scale the process's peak was ~700 MB of freed, unreturned memory higher.
        store_mod.release_free_memory()
        loaded = store_mod.read_layers(path, progress=progress, reuse=reuse, on_layer=on_layer,
                                       read_ahead=read_ahead)
        _refuse_fatal(path, loaded)
        project = cls(loaded.frames, loaded.rules, path=path, problems=loaded.problems, owned=True)
        store_mod.release_free_memory()
        return project

    def attach_file(self) -> None:
        """Open the file this project was :meth:`read` from for writing (on the editing thread)."""
        if self.store is None and self.path is not None:
            self.store = store_mod.ProjectStore(self.path)

    @property
    def location(self) -> str:
        """The file path or the server URL (never with a password), for messages and titles."""
        if self.store is not None:
            return self.store.location
        return str(self.path) if self.path else ""

    def sync_remote(self, timeout: float = 0.0) -> list:
        """Take in what other clients committed to a shared (server) project.

        Reads the features other clients changed (announced by the server,
        :meth:`geo.postgis.store.PostgisStore.poll_remote_changes`), updates
        memory and emits :attr:`changed` (and :attr:`rules_changed`) as a local
        edit would. A file project has no other writers: nothing happens.
        Waits up to ``timeout`` seconds for a first announcement. Returns the
        events emitted.
        """
        if self.store is None or not self.store.is_shared:
            return []
        from .postgis.remote import take_remote_changes

        return take_remote_changes(self, timeout)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # ------------------------------------------------------------ reading
    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.layers[name]

    @property
    def crs(self):
        for name in ("communities", "grids", "buildings"):
            frame = self.layers[name]
            if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
                return frame.crs
        return None

    @property
    def street_name(self) -> str:
        streets = self.layers["communities"].get("street")
        if streets is None or streets.dropna().empty:
            from .new_project import street_from_committee
            return street_from_committee(self.layers["organizations"])
        return str(streets.dropna().mode().iloc[0])

    def bounds(self):
        for name in EXTENT_LAYERS:
            frame = self.layers[name]
            if len(frame):
                return tuple(frame.total_bounds)
        return None

    @property
    def metric_crs(self):
        if self._metric_crs is None:
            bounds = self.bounds() if self._metric_extent is None else self._metric_extent
            crs = metric_crs_for(self.crs or "EPSG:4490", bounds)
            if bounds is None:
                return crs  # an empty project: chosen again once data says where it is
            self._metric_crs = crs
        return self._metric_crs

    def metric(self, name: str) -> gpd.GeoSeries:
        """A layer's geometries in the metric CRS (a new series; see :meth:`metric_geoms`).

        The same coordinates as ``GeoSeries.to_crs``, projected in one pass over
        every vertex of the layer (:func:`geo.crs.project_geoms`)."""
        series = self.layers[name].geometry
        metric = self.metric_crs
        if series.crs is None or series.crs == metric:
            return series.to_crs(metric)  # refused, or nothing to project: as GeoPandas says
        return gpd.GeoSeries(project_geoms(series.to_numpy(), series.crs, metric),
                             index=series.index, crs=metric, name=series.name)

    def metric_geoms(self, name: str) -> np.ndarray:
        """A layer's geometries in the metric CRS as a read-only array, projected once.

        The map and the coverage figures both need the buildings in metres; at
        city scale projecting them costs seconds and ~200 MB, so the first
        caller (or :meth:`share_metric`) fills this cache and the others reuse
        it. It is dropped when the layer's geometries or rows change. Callers
        that patch rows copy the array (the geometries themselves are shared).
        """
        cached = self.cached_metric(name)
        if cached is not None:
            return cached
        geoms = np.asarray(self.metric(name).to_numpy(), dtype=object)
        geoms.flags.writeable = False
        self.share_metric(name, geoms)
        return geoms

    def cached_metric(self, name: str) -> np.ndarray | None:
        """The layer's metric geometries if already projected (see :meth:`metric_geoms`), else None."""
        cached = self._metric_cache.get(name)
        return cached[1] if cached is not None and cached[0] is self.layers[name] else None

    def share_metric(self, name: str, geoms: np.ndarray) -> None:
        """Keep ``geoms``, the layer's current geometries already in the metric CRS
        (projected elsewhere, e.g. by the map's loader), for :meth:`metric_geoms`."""
        _ = self.metric_crs  # chosen now if not yet: the cache is valid for this CRS only
        if self._metric_crs is None:
            return  # an empty project: its metric CRS is chosen again once data says where it is
        geoms = np.asarray(geoms, dtype=object)
        if len(geoms) != len(self.layers[name]):
            return
        if geoms.flags.writeable:
            geoms = geoms.view()
            geoms.flags.writeable = False
        self._metric_cache[name] = (self.layers[name], geoms)

    def _forget_metric(self, events) -> None:
        """Drop the metric geometries of layers whose geometries or rows changed."""
        for e in events:
            if e.inserted or e.deleted or "geometry" in e.columns:
                self._metric_cache.pop(e.layer, None)

    # ------------------------------------------------------------ changing
    def apply(self, changes: list[tuple], record=None) -> int | None:
        """Validate ``changes``, write them to disk, update memory, then announce them.

        ``changes`` are those of :meth:`geo.store.ProjectStore.apply`; ``record``
        (a :class:`geo.history.Record`) is written to the file's history in the
        same transaction, and the new entry's id returned (None without a file
        or record). The order is
        the contract: nothing is written unless every change is valid (settings
        parse and pass :meth:`Rules.validate`, updated and deleted ids exist), and
        nothing is announced before disk and memory agree. If writing fails
        nothing in memory changes and the file is as it was.

        Raises
        ------
        geo.messages.CodedError
            A change is invalid; neither the file nor memory changed.
        geo.events.ListenerError
            A listener of :attr:`changed` or :attr:`rules_changed` raised. The
            change stands (disk and memory hold it) and every other listener
            was called; callers record the edit as done and report the error.
        """
        self.last_entry_id = None
        rules = self._rules_after(changes)
        check_ids(self, changes)
        try:  # on a server, an update or delete carries the version memory shows (geo.postgis)
            entry_id = self.store.apply(changes, record) if self.store is not None else None
        except CodedError as exc:
            if getattr(exc, "stale", None):  # another client changed them first: show theirs
                from .postgis.remote import reload_features

                reload_features(self, exc.stale)
            raise
        self.last_entry_id = entry_id  # kept for callers a listener error leaves without a return
        events = apply_to_memory(self, changes)
        self._forget_metric(events)
        old_rules, self.rules = self.rules, rules
        self._notify(events, rules if rules != old_rules else None)
        return entry_id

    def take_in(self, changes: list[tuple], rules: Rules | None = None) -> list:
        """Bring memory to changes already on the store (another client's), then announce them.

        The changes were validated and committed by whoever made them; this
        updates memory and emits :attr:`changed` (and :attr:`rules_changed` when
        ``rules`` differ) exactly as :meth:`apply` does after a local edit.
        Returns the events emitted.
        """
        events = apply_to_memory(self, changes)
        self._forget_metric(events)
        changed_rules = None
        if rules is not None and rules != self.rules:
            self.rules = changed_rules = rules
        self._notify(events, changed_rules)
        return events

    def set_rules(self, rules: Rules) -> None:
        """Replace all rules (not undoable; the GUI goes through a settings command)."""
        self.apply([("setting", k, v) for k, v in rules.to_rows()])

    def _rules_after(self, changes) -> Rules:
        """The rules once ``changes`` are applied; raises before anything is written."""
        values = {c[1]: c[2] for c in changes if c[0] == "setting"}
        if not values:
            return self.rules
        rows = [(k, v) for k, v in self.rules.to_rows() if k not in values] + list(values.items())
        return Rules.from_rows(rows)

    def _notify(self, events, rules) -> None:
        """Emit every event even if listeners of an earlier one raised; then report them all."""
        failures = []
        for emit, arg in [(self.changed.emit, e) for e in events] + (
                [(self.rules_changed.emit, rules)] if rules is not None else []):
            try:
                emit(arg)
            except ListenerError as exc:
                failures.append(exc)
        error = ListenerError.combined(failures)
        if error is not None:
            raise error


def _refuse_fatal(location, loaded) -> None:
    fatal = structural_problems(loaded)
    if fatal:
        raise store_mod.ProjectError(f"{location}: {fatal[0].line()}"
                                     + (f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""))


UNKNOWN_IDS = register("project.unknown_ids", "图层 {layer} 中没有这些编号：{ids}",
                       "Layer {layer} has no features with these ids: {ids}")


def check_ids(project, changes) -> None:
    """Raise CodedError when an update or delete names an id that is not in its layer.

    Ids inserted earlier in the same change list count as present. Memory must
    never be asked for a row the file does not have (``.loc`` would add it).
    """
    wanted: dict[str, list] = {}
    inserted: dict[str, set] = {}
    for change in changes:
        if change[0] in ("update", "delete"):
            wanted.setdefault(change[1], []).append(change[2])
        elif change[0] == "insert" and change[1] in LAYERS:
            inserted.setdefault(change[1], set()).add(change[2].get(LAYERS[change[1]].id_column))
    for layer, ids in wanted.items():
        index = project.layers[layer].index
        # the index's own table: isin would hash 450,000 ids on every click
        absent = positions(index, ids, missing=True) < 0 if index.is_unique else ~pd.Index(ids).isin(index)
        missing = np.asarray(ids, dtype=object)[absent].tolist()
        missing = [i for i in missing if i not in inserted.get(layer, ())]
        if missing:
            raise CodedError(UNKNOWN_IDS, layer=layer, ids=", ".join(map(str, missing[:5]))
                             + (" …" if len(missing) > 5 else ""))


def _indexed(name: str, frame: pd.DataFrame, copy: bool = True) -> pd.DataFrame:
    """``frame`` indexed by its id column (kept as a column too).

    ``copy=False`` sets the index on ``frame`` itself: ``set_index`` would copy
    every column (a million members: seconds, and the memory twice over).
    """
    id_col = LAYERS[name].id_column if name in LAYERS else None
    if id_col and id_col in frame.columns:
        index = pd.Index(frame[id_col].to_numpy(copy=True), name=None)
        if copy:
            return frame.set_index(index, drop=False)
        frame.index = index
    return frame


def ids_of(frame: pd.DataFrame) -> np.ndarray:
    return frame.index.to_numpy()
