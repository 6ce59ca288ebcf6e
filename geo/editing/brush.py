"""The reassignment brush: one stroke collects buildings and commits as one command.

The GUI tool feeds pointer positions to a :class:`BrushStroke`; while the
stroke is in progress nothing is written, and :meth:`BrushStroke.preview`
gives the live balance from the stroke's own running deltas (no regrouping).
On release, :meth:`BrushStroke.commit` returns one
:class:`~geo.editing.assign.ReassignBuildings` for the undo stack; Esc calls
:meth:`BrushStroke.cancel`. A crash mid-stroke loses only the stroke.

Examples
--------
>>> stroke = BrushStroke(project, "G0102", balance=balance)   # doctest: +SKIP
>>> stroke.move_to(117.001, 36.652, radius_m=20)              # doctest: +SKIP
>>> stroke.preview()                                          # doctest: +SKIP
{'G0101': 246, 'G0102': 435}
>>> command = stroke.commit(); command.do(project)            # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Point

from .assign import EditRefused, ReassignBuildings
from .balance import GridBalance
from .metric import from_metric, to_metric
from ..messages import Message, register

register("brush.grid_locked", "网格 {grid} 已锁定，不能再划入楼栋", "Grid {grid} is locked: no buildings can be painted into it")


@dataclass(frozen=True)
class BrushOptions:
    """What a brush may take: never from ``locked`` grids, only inside ``community``
    (default: the target grid's), whole compounds at once when ``whole_compounds``."""

    locked: frozenset = field(default_factory=frozenset)
    community: str | None = None
    whole_compounds: bool = False


class BuildingIndex:
    """An STRtree over building polygons, rebuilt only when buildings move or come and go."""

    def __init__(self, project):
        self.project = project
        self._tree = None
        project.changed.connect(self._on_changed)

    def _on_changed(self, event) -> None:
        if event.layer == "buildings" and (event.inserted or event.deleted or "geometry" in event.columns):
            self._tree = None

    def warm(self) -> None:
        """Build the tree now (~0.1 s at city scale), e.g. when the brush tool is activated."""
        self.query(Point(0, 0))

    def query(self, area) -> np.ndarray:
        """Ids of buildings intersecting ``area`` (project CRS)."""
        if self._tree is None:
            frame = self.project["buildings"]
            self._ids = frame.index.to_numpy()
            self._tree = shapely.STRtree(frame.geometry.values.to_numpy())
        return self._ids[self._tree.query(area, predicate="intersects")]


class BrushStroke:
    """Buildings gathered by one press-move-release of the brush (see module docstring)."""

    def __init__(self, project, target_grid, options: BrushOptions | None = None,
                 balance: GridBalance | None = None, index: BuildingIndex | None = None):
        if target_grid not in project["grids"].index:
            raise EditRefused("edit.unknown_grid", grid=target_grid)
        self.project, self.target = project, target_grid
        self.options = options or BrushOptions()
        if target_grid in self.options.locked:
            raise EditRefused("brush.grid_locked", grid=target_grid)
        self.community = self.options.community or project["grids"].at[target_grid, "community_id"]
        self.balance = balance or GridBalance(project)
        self.index = index or BuildingIndex(project)
        self.taken: dict = {}  # building -> its grid before the stroke
        self._delta: dict = {}

    def move_to(self, x: float, y: float, radius_m: float) -> list:
        """Add the buildings under a circle at (x, y) (project CRS); return the new ones."""
        centre = to_metric(self.project, Point(x, y))
        circle = from_metric(self.project, centre.buffer(radius_m, 8))
        return self.add(self.index.query(circle))

    def add(self, building_ids) -> list:
        """Add buildings by id (after the lock/community/compound rules); return those added."""
        ids = list(dict.fromkeys(i for i in building_ids if i not in self.taken))  # a repeated id counts once
        if self.options.whole_compounds:
            ids = self._whole_compounds(ids)
        added = [i for i in ids if self._allowed(i)]
        for i in added:
            old = self.balance.grid_of.get(i)
            self.taken[i] = old
            hh = self.balance.hh_of.get(i, 0)
            if old is not None:
                self._delta[old] = self._delta.get(old, 0) - hh
            self._delta[self.target] = self._delta.get(self.target, 0) + hh
        return added

    def _allowed(self, building) -> bool:
        old = self.balance.grid_of.get(building)
        if building in self.taken or old == self.target or old in self.options.locked:
            return False
        return self._community(building) == self.community

    def _community(self, building):
        comp = self.balance.compound_of.get(building)
        compounds = self.project["compounds"]
        if comp is not None and comp in compounds.index:
            return compounds.at[comp, "community_id"]
        grid = self.balance.grid_of.get(building)
        return self.project["grids"].at[grid, "community_id"] if grid is not None else None

    def _whole_compounds(self, ids) -> list:
        comps = {self.balance.compound_of.get(i) for i in ids} - {None}
        if not comps:
            return ids
        b = self.project["buildings"]
        extra = b.index[b["compound_id"].isin(comps)]
        return list(dict.fromkeys([*ids, *extra]))

    def preview(self) -> dict:
        """grid_id -> households if the stroke were committed now (only grids it touches)."""
        return {g: self.balance.households.get(g, 0) + d for g, d in self._delta.items()}

    def commit(self, derive: bool = True) -> ReassignBuildings | None:
        """The stroke as one command (None when it took nothing); the caller does it."""
        if not self.taken:
            return None
        moves = dict.fromkeys(self.taken, self.target)
        return ReassignBuildings(moves, derive=derive, balance=self.balance,
                                 text=Message("command.brush", n=len(moves), grid=self.target))

    def cancel(self) -> None:
        self.taken.clear()
        self._delta.clear()
