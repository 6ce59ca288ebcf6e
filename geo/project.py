"""The project model: layers in memory, the file on disk, and change events.

A :class:`Project` holds one (Geo)DataFrame per layer, indexed by the layer's id
column so that edits and look-ups by id are cheap. Every change goes through
:meth:`Project.apply`, which writes it to the project file in one transaction
first and only then updates memory and announces it: what the user sees is
always what is on disk.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import store as store_mod
from .crs import metric_crs_for
from .events import Event
from .memory import apply_to_memory
from .rules import Rules
from .schema import LAYERS
from .validate import structural_problems


class Project:
    def __init__(self, frames: dict[str, pd.DataFrame], rules: Rules | None = None,
                 path: Path | None = None, store: store_mod.ProjectStore | None = None,
                 problems=None):
        self.rules = rules or Rules()
        self.path = Path(path) if path else None
        self.store = store
        self.problems = list(problems or [])
        self.layers = {name: _indexed(name, frame) for name, frame in frames.items()}
        for name in LAYERS:
            self.layers.setdefault(name, _indexed(name, store_mod.empty_frame(name)))
        self.changed = Event()        # LayerChanged
        self.rules_changed = Event()  # Rules
        self._metric_crs = None

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, path) -> "Project":
        """Open a project file for editing; raise ProjectError when it is not usable."""
        loaded = store_mod.read_layers(path)
        fatal = structural_problems(loaded)
        if fatal:
            raise store_mod.ProjectError(f"{path}: {fatal[0].line()}"
                                         + (f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""))
        store = store_mod.ProjectStore(path)
        return cls(loaded.frames, loaded.rules, path=path, store=store, problems=loaded.problems)

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
            return ""
        return str(streets.dropna().mode().iloc[0])

    def bounds(self):
        for name in ("communities", "grids", "buildings", "stations"):
            frame = self.layers[name]
            if len(frame):
                return tuple(frame.total_bounds)
        return None

    @property
    def metric_crs(self):
        if self._metric_crs is None:
            self._metric_crs = metric_crs_for(self.crs or "EPSG:4490", self.bounds())
        return self._metric_crs

    def metric(self, name: str) -> gpd.GeoSeries:
        """A layer's geometries in the metric CRS (not cached: edits change them)."""
        return self.layers[name].geometry.to_crs(self.metric_crs)

    # ------------------------------------------------------------ changing
    def apply(self, changes: list[tuple]) -> None:
        """Write ``changes`` (see :meth:`geo.store.ProjectStore.apply`) to disk, then memory.

        If writing fails nothing in memory changes and the file is as it was.
        """
        if self.store is not None:
            self.store.apply(changes)
        for event in apply_to_memory(self, changes):
            self.changed.emit(event)

    def _set_rules(self, values: dict) -> None:
        """Set several rules at once (key -> text), validated together; one rules_changed."""
        rows = [(k, v) for k, v in self.rules.to_rows() if k not in values] + list(values.items())
        self.rules = Rules.from_rows(rows)
        self.rules_changed.emit(self.rules)

    def set_rules(self, rules: Rules) -> None:
        rules.validate()
        changes = [("setting", k, v) for k, v in rules.to_rows()]
        if self.store is not None:
            self.store.apply(changes)
        self.rules = rules
        self.rules_changed.emit(rules)


def _indexed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    id_col = LAYERS[name].id_column if name in LAYERS else None
    if id_col and id_col in frame.columns:
        frame = frame.set_index(pd.Index(frame[id_col].to_numpy(), name=None), drop=False)
    return frame


def ids_of(frame: pd.DataFrame) -> np.ndarray:
    return frame.index.to_numpy()
