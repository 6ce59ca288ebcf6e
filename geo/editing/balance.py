"""Live balance: households and buildings per grid, kept up to date edit by edit.

A :class:`GridBalance` listens to ``project.changed`` and moves a building's
households from its old grid to its new one, so the balance panel never
regroups half a million buildings after a click. It keeps its own copy of each
building's grid because a change event carries the new value only.

Examples
--------
>>> balance = GridBalance(project)                       # doctest: +SKIP
>>> balance.households["G0101"], balance.status("G0101")  # doctest: +SKIP
(412, 'ok')
"""
from __future__ import annotations

import itertools
from collections.abc import MutableMapping

import numpy as np
import pandas as pd

from ..events import Event
from ..grouping import Groups
from ..lookup import positions, rows_of
from .assign import _blank


class GridBalance:
    """Households and buildings per grid, the building → grid map, and compounds' sizes.

    Attributes
    ----------
    households : dict
        grid_id -> households.
    members : GridMembers
        grid_id -> set of building ids (a mapping that makes each set on first use).
    changed : geo.events.Event
        Emitted with the set of grid ids whose figures changed.
    """

    def __init__(self, project):
        self.project = project
        self.changed = Event()
        self._orgs = None  # (level, area_id) -> org_id, built on first use
        self._residents = None  # member ids per building (Groups), built on first use
        self._communities = None  # (grids frame, grid rows per community (Groups)), built on first use
        self._rebuild()
        project.changed.connect(self._on_changed)

    def close(self) -> None:
        self.project.changed.disconnect(self._on_changed)

    # ------------------------------------------------------------ queries
    def statuses(self, grid_ids, preview: dict | None = None) -> np.ndarray:
        """"under", "ok" or "over" the project's households band per grid (an object array).

        ``preview`` (grid -> households of a stroke being drawn) counts instead of the
        committed figure. Whole arrays: a status per grid took ~0.5 s at city scale.
        """
        preview, households, rules = preview or {}, self.households, self.project.rules
        hh = np.fromiter((preview.get(g, households.get(g, 0)) for g in grid_ids), dtype=np.int64)
        return np.where(hh < rules.households_min, "under",
                        np.where(hh > rules.households_max, "over", "ok")).astype(object)

    def status(self, grid_id) -> str:
        """"under", "ok" or "over" the project's households band."""
        return self.statuses([grid_id])[0]

    def figures(self, grid_ids) -> list[dict]:
        """One row per grid: grid_id, households, buildings, status."""
        grid_ids = list(grid_ids)
        return [{"grid_id": g, "households": self.households.get(g, 0),
                 "buildings": self.buildings(g), "status": s}
                for g, s in zip(grid_ids, self.statuses(grid_ids).tolist())]

    def preview(self, moves: dict) -> dict:
        """Households per affected grid if ``moves`` (building -> grid) were applied.

        Nothing is written; this is the brush's live figure while a stroke is drawn.
        """
        delta: dict = {}
        for building, grid in moves.items():
            old = self.grid_of.get(building)
            if old == grid:
                continue
            hh = self.hh_of.get(building, 0)
            delta[old] = delta.get(old, 0) - hh
            delta[grid] = delta.get(grid, 0) + hh
        return {g: self.households.get(g, 0) + d for g, d in delta.items() if g is not None}

    def warm(self) -> None:
        """Build the look-ups of :meth:`org_for` and :meth:`residents` now, their hash tables
        included: a first edit needs them, between its release and its frame otherwise."""
        self.org_for("grid_branch", None)
        self.residents(None)

    def org_for(self, level: str, area_id):
        """The organization of ``level`` covering ``area_id`` (e.g. a grid's branch), or None."""
        if self._orgs is None:
            orgs = self.project["organizations"]
            self._orgs = {(lv, a): o for o, lv, a in zip(orgs.index, orgs["level"], orgs["area_id"])}
        return self._orgs.get((level, area_id))

    def residents(self, building_id) -> list:
        """Ids of the members whose building is ``building_id``."""
        if self._residents is None:  # members sorted by building: ~20 ms for 160,000, not a loop
            m = self.project["members"]
            self._residents = Groups.of(m["building_id"], m.index.to_numpy())
        found = self._residents.get(building_id, None)
        return [] if found is None else found.tolist()

    def buildings(self, grid_id) -> int:
        """How many buildings ``grid_id`` holds."""
        return self.members.size(grid_id)

    def compound_size(self, compound_id) -> int:
        return self.compound_sizes.get(compound_id, 0)

    def community_rows(self, community_id) -> np.ndarray:
        """Row positions in the grids layer of the grids of ``community_id``, ascending
        (what ``np.flatnonzero(grids["community_id"] == community_id)`` gives, without
        comparing 50,000 grids on every edit at city scale)."""
        grids = self.project["grids"]
        if self._communities is None or self._communities[0] is not grids:
            codes, uniques = pd.factorize(grids["community_id"].to_numpy(dtype=object))
            groups = Groups(codes, np.asarray(uniques, dtype=object), np.arange(len(grids)))
            self._communities = (grids, groups)
        found = self._communities[1].get(community_id, None)
        return np.empty(0, dtype=np.intp) if found is None else np.sort(found)

    # ------------------------------------------------------------ upkeep
    def _rebuild(self) -> None:
        # whole columns at once: a loop per building took seconds at city scale (454,000)
        b = self.project["buildings"]
        ids = b.index.to_numpy()
        codes, uniques = pd.factorize(b["grid_id"].to_numpy(dtype=object))  # a missing grid: -1
        uniques = np.asarray(uniques, dtype=object)
        if (uniques == "").any():  # an empty text is no grid either
            blank = int(np.flatnonzero(uniques == "")[0])
            codes = np.where(codes == blank, -1, codes - (codes > blank))
            uniques = np.delete(uniques, blank)
        placed = codes >= 0
        grids = np.full(len(codes), None, dtype=object)
        grids[placed] = uniques[codes[placed]]
        hh = b["households"].fillna(0).to_numpy().astype(np.int64)
        comps = b["compound_id"].to_numpy(dtype=object)
        self.grid_of = BuildingValues(b.index, grids.tolist())
        self.hh_of = BuildingValues(b.index, hh.tolist())
        self.compound_of = BuildingValues(b.index, comps.tolist())
        sums = np.bincount(codes[placed], weights=hh[placed], minlength=len(uniques))
        self.households = dict.fromkeys(self.project["grids"].index, 0)
        self.households.update(zip(uniques.tolist(), np.rint(sums).astype(np.int64).tolist()))
        self.members = GridMembers(self.project["grids"].index, ids[placed], codes[placed], uniques)
        comp_codes, comp_ids = pd.factorize(pd.Series(comps, dtype=object))
        sizes = np.bincount(comp_codes[comp_codes >= 0], minlength=len(comp_ids))
        self.compound_sizes = dict(zip(comp_ids.tolist(), sizes.tolist()))

    def _add(self, building, grid, hh) -> None:
        if grid is None:
            return
        self.households[grid] = self.households.get(grid, 0) + hh
        self.members.setdefault(grid, set()).add(building)

    def _remove(self, building) -> object:
        grid = self.grid_of.pop(building, None)
        hh = self.hh_of.pop(building, 0)
        if grid is not None:
            self.households[grid] = self.households.get(grid, 0) - hh
            if grid in self.members:
                self.members[grid].discard(building)
        comp = self.compound_of.pop(building, None)
        if not _missing(comp):
            self.compound_sizes[comp] = self.compound_sizes.get(comp, 1) - 1
        return grid

    def _on_changed(self, event) -> None:
        if event.layer == "organizations" and (event.inserted or event.deleted
                                               or event.columns & {"level", "area_id"}):
            self._orgs = None
            return
        if event.layer == "members" and (event.inserted or event.deleted or "building_id" in event.columns):
            self._residents = None
            return
        if event.layer == "grids":
            if event.inserted or event.deleted or "community_id" in event.columns:
                self._communities = None  # rows shifted, or a grid changed community
            touched = set(event.inserted) | set(event.deleted)
            for g in event.inserted:
                self.households.setdefault(g, 0)
                self.members.setdefault(g, set())
            for g in event.deleted:
                self.households.pop(g, None)
                self.members.pop(g, None)
            if touched:
                self.changed.emit(touched)
            return
        if event.layer != "buildings":
            return
        relevant = {"grid_id", "households", "compound_id"}
        ids = list(event.inserted) + (list(event.ids) if event.columns & relevant else [])
        touched = set()
        for building in event.deleted:
            touched.add(self._remove(building))
        touched |= self._refresh(ids)
        touched.discard(None)
        if touched:
            self.changed.emit(touched)

    def _refresh(self, ids) -> set:
        """Take the current values of buildings ``ids`` (read as columns, applied per building)."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return set()
        frame = self.project["buildings"]
        rows = positions(frame.index, ids, missing=True)  # one hash look-up each, not get_indexer's table
        grids = rows_of(frame["grid_id"], rows)
        hhs = frame["households"].to_numpy()[rows]
        comps = rows_of(frame["compound_id"], rows)
        touched = set()
        for building, grid, hh, comp in zip(ids, grids, hhs.tolist(), comps):
            touched.add(self._remove(building))
            grid = None if _blank(grid) else grid
            hh = 0 if hh != hh else int(hh)
            self.grid_of[building], self.hh_of[building], self.compound_of[building] = grid, hh, comp
            if not _missing(comp):
                self.compound_sizes[comp] = self.compound_sizes.get(comp, 0) + 1
            self._add(building, grid, hh)
            touched.add(grid)
        return touched


def _missing(value) -> bool:
    return value is None or value != value


class GridMembers(MutableMapping):
    """grid_id -> set of building ids, each set made when first asked for.

    Sets for 50,000 grids take a noticeable part of a second to build; an editor
    looks at a few grids at a time, so the grouping is kept as one sorted array and
    a grid's set is cut from it on first use. Counting needs no set (:meth:`size`).
    """

    def __init__(self, grid_ids, buildings, codes, uniques):
        groups = Groups(codes, uniques, buildings)
        starts = groups.starts
        self._sorted = groups.entries
        self._spans = dict(zip(uniques.tolist(), zip(starts[:-1].tolist(), starts[1:].tolist())))
        self._sets = {g: set() for g in grid_ids if g not in self._spans}

    def size(self, grid_id) -> int:
        """How many buildings ``grid_id`` holds (0 for an unknown grid)."""
        span = self._spans.get(grid_id)
        return span[1] - span[0] if span is not None else len(self._sets.get(grid_id, ()))

    def __getitem__(self, grid_id) -> set:
        found = self._sets.get(grid_id)
        if found is None:
            start, stop = self._spans.pop(grid_id)  # KeyError for an unknown grid, as a dict
            found = self._sets[grid_id] = set(self._sorted[start:stop].tolist())
        return found

    def __setitem__(self, grid_id, buildings) -> None:
        self._spans.pop(grid_id, None)
        self._sets[grid_id] = buildings

    def __delitem__(self, grid_id) -> None:
        if self._spans.pop(grid_id, None) is None:
            del self._sets[grid_id]

    def __contains__(self, grid_id) -> bool:
        return grid_id in self._sets or grid_id in self._spans

    def __iter__(self):
        return itertools.chain(list(self._sets), list(self._spans))

    def __len__(self) -> int:
        return len(self._sets) + len(self._spans)


class BuildingValues(MutableMapping):
    """building_id -> one value, a dict to its readers without a dict of 454,000 entries.

    Three such dicts took about a second to build at city scale. The values of the
    buildings as read are kept in a list by row of the (immutable) index they came
    with, whose hash table pandas already keeps; what changes since goes in a small dict.
    """

    def __init__(self, index, values: list):
        self._index, self._values = index, values
        self._changed: dict = {}
        self._gone: set = set()  # read buildings removed since

    def _row(self, building) -> int:
        if building in self._gone:
            return -1
        try:
            row = self._index.get_loc(building)
        except (KeyError, TypeError):
            return -1
        return row if isinstance(row, int) else -1  # a duplicated id is no key of a dict either

    def __getitem__(self, building):
        if building in self._changed:
            return self._changed[building]
        row = self._row(building)
        if row < 0:
            raise KeyError(building)
        return self._values[row]

    def __setitem__(self, building, value) -> None:
        self._changed[building] = value
        if self._row(building) >= 0:
            self._gone.add(building)  # the row's value is shadowed for good: _changed holds it

    def __delitem__(self, building) -> None:
        if building in self._changed:
            del self._changed[building]
        elif self._row(building) >= 0:
            self._gone.add(building)
        else:
            raise KeyError(building)

    def __contains__(self, building) -> bool:
        return building in self._changed or self._row(building) >= 0

    def __iter__(self):
        read = (b for b in self._index if b not in self._gone)
        return itertools.chain(read, list(self._changed))

    def __len__(self) -> int:
        return len(self._index) - len(self._gone) + len(self._changed)
