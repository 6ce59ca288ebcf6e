"""CoverageModel: coverage figures and gaps that follow every edit of a project.

The model subscribes to ``project.changed`` and ``project.rules_changed`` and
recomputes only what an edit touched: moving a building from grid A to grid
B re-sums A and B, their communities and the street; editing a member
re-counts its old and new building; a rules change recomputes everything
(reusing the projected building polygons). Inserting or deleting communities,
grids or buildings also recomputes everything, because the integer codes the
figures are built on shift.

Public API (what the GUI builds on)
-----------------------------------
``model.grids``, ``model.communities``
    DataFrames of figures indexed by grid / community id (columns: see
    docs/stats_json.md). Treat them as read-only; they are patched in place.
``model.street``
    dict of street figures.
``model.buildings``
    per-building derived columns (group presence, station coverage, ...).
``model.gaps(types=None, community=None)``
    the sorted gap list (see :mod:`geo.coverage.gaps`).
``model.changed``
    :class:`geo.events.Event` emitting :class:`CoverageChanged` after each
    update, naming the grids and communities whose figures changed.

Examples
--------
>>> model = CoverageModel(project)                      # doctest: +SKIP
>>> model.changed.connect(lambda ev: print(ev.grids))   # doctest: +SKIP
>>> project.apply([("update", "buildings", "B3", {"grid_id": "G1"})])  # doctest: +SKIP
('G1', 'G2')
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..events import Event
from . import buildings as bmod
from . import gaps as gaps_mod
from .state import CoverageState
from .stations import StationSet, coverage
from .tables import codes_of, member_table, org_table, partner_targets

#: Building columns whose change never alters a figure other than the grid sums.
_MOVE_ONLY = frozenset({"grid_id", "name", "address", "compound_id", "floors"})
_SPATIAL_AREAS = ("communities", "grids", "buildings")


@dataclass(frozen=True)
class CoverageChanged:
    """Figures changed: which grids and communities (ids); the street always may have.

    ``rebuilt`` is True when everything was recomputed (rules changed, areas
    inserted or deleted); ``grids`` and ``communities`` are then empty and a
    view should refresh all of its rows.
    """

    grids: tuple = ()
    communities: tuple = ()
    rebuilt: bool = False


class CoverageModel:
    """Coverage figures of a project, kept current as the project changes.

    Parameters
    ----------
    project : geo.project.Project
    live : bool
        Subscribe to the project's events (default). ``False`` computes once,
        as the command line does.
    """

    def __init__(self, project, live: bool = True):
        self.project = project
        self.changed = Event()
        self._state = CoverageState(project)
        self._gaps = None
        self._buildings = None
        self._frames = {}
        self._live = False
        # Keep the bound methods: Event.disconnect compares by identity, and each
        # attribute access makes a new bound-method object.
        self._callbacks = (self._on_changed, self._on_rules_changed)
        if live:
            project.changed.connect(self._callbacks[0])
            project.rules_changed.connect(self._callbacks[1])
            self._live = True

    def close(self) -> None:
        """Stop following the project."""
        if self._live:
            self.project.changed.disconnect(self._callbacks[0])
            self.project.rules_changed.disconnect(self._callbacks[1])
            self._live = False

    # ------------------------------------------------------------ reading
    @property
    def grids(self) -> pd.DataFrame:
        """Figures per grid, indexed by grid id (a fresh frame after each change)."""
        if self._frames.get("grids") is None:
            self._frames["grids"] = self._state.grid_frame()
        return self._frames["grids"]

    @property
    def communities(self) -> pd.DataFrame:
        """Figures per community, indexed by community id (a fresh frame after each change)."""
        if self._frames.get("communities") is None:
            self._frames["communities"] = self._state.community_frame()
        return self._frames["communities"]

    @property
    def street(self) -> dict:
        """Figures of the whole project (the street), as plain Python values."""
        return {k: _plain(v) for k, v in self._state.street.items()}

    @property
    def buildings(self) -> pd.DataFrame:
        """Derived per-building columns, indexed by building id (built on demand)."""
        if self._buildings is None:
            self._buildings = gaps_mod.building_frame(self._state)
        return self._buildings

    def gaps(self, types=None, community=None) -> pd.DataFrame:
        """The gap list, most severe first (see :func:`geo.coverage.gaps.gap_frame`).

        Parameters
        ----------
        types : iterable of str, optional
            Only these gap types (:data:`geo.coverage.gaps.GAP_TYPES`).
        community : str, optional
            Only gaps located in this community id.
        """
        if types is None and community is None:
            if self._gaps is None:
                self._gaps = gaps_mod.gap_frame(self._state)
            return self._gaps
        return gaps_mod.gap_frame(self._state, types=types, community=community)

    # ------------------------------------------------------------ updating
    def rebuild(self) -> None:
        """Recompute everything (keeps the projected building polygons)."""
        s = self._state
        metric = s.metric if len(s.metric) == len(self.project["buildings"]) else None
        self._state = CoverageState(self.project, metric=metric)
        self._finish(None, None, rebuilt=True)

    def _on_rules_changed(self, _rules) -> None:
        self.rebuild()

    def _on_changed(self, event) -> None:
        if event.layer in _SPATIAL_AREAS and (event.inserted or event.deleted):
            if event.layer == "buildings":  # positions shifted: project the polygons again
                self._state.metric = np.array([], dtype=object)
            self.rebuild()
            return
        handler = getattr(self, f"_on_{event.layer}", None)
        if handler is not None:
            grids, comms = handler(event)
            self._finish(grids, comms)

    def _finish(self, grids, comms, rebuilt=False) -> None:
        self._gaps = self._buildings = None
        self._frames = {}
        if rebuilt:
            self.changed.emit(CoverageChanged(rebuilt=True))
            return
        s = self._state
        g = np.unique(grids[(grids >= 0) & (grids < s.G)]) if grids is not None else []
        c = np.unique(comms[comms >= 0]) if comms is not None else []
        self.changed.emit(CoverageChanged(
            tuple(self.project["grids"].index[g]), tuple(self.project["communities"].index[c])))

    # ------------------------------------------------------------ layer handlers
    def _on_buildings(self, event):
        s, frame = self._state, self.project["buildings"]
        pos = _positions(event.ids, frame.index)
        old_g = s.b["g"][pos].copy()
        if event.columns <= _MOVE_ONLY:
            s.b["g"][pos] = codes_of(frame["grid_id"].iloc[pos], self.project["grids"].index)
        else:
            _set_rows(s.b, pos, bmod.base_columns(frame, self.project["grids"].index, pos))
            _set_rows(s.b, pos, s.member_columns(pos))
        if "geometry" in event.columns:
            self._reproject(pos)
        new_g = s.b["g"][pos]
        if (old_g < 0).any() or (new_g < 0).any():
            s.homeless = s.homeless_members()
        grids = np.concatenate([old_g, new_g])
        return grids, s.refresh_grids(grids)

    def _reproject(self, pos) -> None:
        s, frame = self._state, self.project["buildings"]
        geoms = frame.geometry.iloc[pos]
        s.metric[pos] = geoms.to_crs(self.project.metric_crs).to_numpy()
        s.bounds[pos] = shapely.bounds(geoms.to_numpy())
        s.set_coverage(pos, coverage(s.metric[pos], s.stations))

    def _on_members(self, event):
        s, members = self._state, self.project["members"]
        gone = [i for i in tuple(event.ids) + tuple(event.deleted) if i in s.mt.index]
        old_b = s.mt.loc[gone, "b"].to_numpy() if gone else np.array([], dtype=np.int64)
        if event.deleted:
            s.mt = s.mt.drop(index=[i for i in event.deleted if i in s.mt.index])
        ids = [i for i in event.ids if i in members.index and i in s.mt.index]
        if ids:
            new = self._member_rows(members.loc[ids])
            _assign(s.mt, ids, new)
        added = [i for i in event.inserted if i in members.index]
        if added:
            s.mt = pd.concat([s.mt, self._member_rows(members.loc[added])])
        new_b = s.mt.loc[ids + added, "b"].to_numpy() if ids or added else old_b[:0]
        pos = np.unique(np.concatenate([old_b, new_b]))
        pos = pos[pos >= 0]
        _set_rows(s.b, pos, s.member_columns(pos))
        s.homeless = s.homeless_members()
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras()])
        return grids, s.refresh_grids(grids)

    def _member_rows(self, rows: pd.DataFrame) -> pd.DataFrame:
        s = self._state
        return member_table(rows, self.project["buildings"].index, s.ot.index, s.rules)

    def _on_organizations(self, event):
        s, orgs = self._state, self.project["organizations"]
        ids = [i for i in event.ids if i in orgs.index]
        touched = [i for i in tuple(ids) + tuple(event.deleted) if i in s.ot.index]
        old = s.ot.loc[touched, ["group_b", "building_a"]].to_numpy().ravel()
        if event.deleted:
            dead = [i for i in event.deleted if i in s.ot.index]
            for c in s.ot.columns:  # keep the row: members hold positions into the table
                s.ot.loc[dead, c] = False if c == "missing" else -1
        fresh = [i for i in ids if i in s.ot.index]
        if fresh:
            _assign(s.ot, fresh, org_table(orgs.loc[fresh], s.area_indexes()))
        added = [i for i in tuple(event.inserted) + tuple(i for i in ids if i not in s.ot.index)
                 if i not in s.ot.index]
        if added:
            self._append_orgs(added)
        new = s.ot.loc[fresh + added, ["group_b", "building_a"]].to_numpy().ravel()
        pos = np.unique(np.concatenate([old, new]).astype(np.int64))
        pos = pos[pos >= 0]
        _set_rows(s.b, pos, bmod.org_columns(s.arrays(s.ot), s.B, pos))
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras()])
        return grids, s.refresh_grids(grids)

    def _append_orgs(self, added) -> None:
        s = self._state
        orgs = self.project["organizations"]
        s.ot = pd.concat([s.ot, org_table(orgs.loc[added], s.area_indexes())])
        # Members may already name the new organization: give them its position.
        members = self.project["members"]
        who = members.index[members["org_id"].isin(added).to_numpy()]
        if len(who):
            s.mt.loc[who, "org"] = codes_of(members.loc[who, "org_id"], s.ot.index)

    def _on_partner_links(self, event):
        s = self._state
        s.partners = partner_targets(self.project)
        fresh = bmod.partner_columns(s.partners["building"], s.B)
        pos = np.flatnonzero(fresh["partners"] != s.b["partners"])
        s.b["partners"] = fresh["partners"]
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras()])
        comms = self._refresh_compounds()
        return grids, np.concatenate([s.refresh_grids(grids), comms])

    _on_partners = _on_partner_links

    def _on_needs(self, event):
        """A list or case edit changes no coverage figure, only the gap list (geo.lists.gaps)."""
        return np.array([], dtype=np.int64), None

    _on_projects = _on_cases = _on_case_events = _on_needs

    def _refresh_compounds(self) -> np.ndarray:
        s = self._state
        fresh = s.compound_figures()
        changed = np.flatnonzero((fresh != s.compound_counts).any(axis=1).to_numpy())
        s.compound_counts = fresh
        changed = changed[changed < s.C]
        if len(changed):
            s.refresh_communities(changed)
        return changed

    def _on_compounds(self, event):
        self._state.partners = partner_targets(self.project)
        return np.array([], dtype=np.int64), self._refresh_compounds()

    def _on_stations(self, event):
        s = self._state
        s.stations = StationSet.from_project(self.project, s.rules.station_radius_m)
        old_built, old_any = s.b["cov_built"].copy(), s.b["cov_any"].copy()
        s.set_coverage(None, coverage(s.metric, s.stations))
        pos = np.flatnonzero((old_built != s.b["cov_built"]) | (old_any != s.b["cov_any"]))
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras(stations=True)])
        return grids, s.refresh_grids(grids)

    def _on_grids(self, event):
        s, grids = self._state, self.project["grids"]
        pos = _positions(event.ids, grids.index)
        old_c = s.ccode[pos].copy()
        s.ccode[pos] = codes_of(grids["community_id"].iloc[pos], self.project["communities"].index)
        extra = self._refresh_extras(stations=True) if "geometry" in event.columns else pos[:0]
        comms = s.refresh_grids(np.concatenate([pos, extra]))
        s.refresh_communities(old_c)
        return pos, np.concatenate([comms, old_c])

    def _on_communities(self, event):
        pos = _positions(event.ids, self.project["communities"].index)
        self._state.refresh_communities(pos)
        return None, pos

    def _refresh_extras(self, stations: bool = False) -> np.ndarray:
        """Recompute the per-grid extras; return the grid positions where they changed."""
        s = self._state
        fresh = s.grid_extras(with_stations=stations)
        changed = [np.flatnonzero(fresh[k] != s.extras[k]) for k in fresh]
        s.extras = fresh
        return np.unique(np.concatenate(changed)) if changed else np.array([], dtype=np.int64)


def _positions(ids, index: pd.Index) -> np.ndarray:
    pos = codes_of(list(ids), index)
    return np.unique(pos[pos >= 0])


def _assign(frame: pd.DataFrame, ids, new: pd.DataFrame) -> None:
    """Overwrite rows ``ids`` column by column (a whole-row write would upcast to object)."""
    for c in new.columns:
        frame.loc[ids, c] = new[c].to_numpy()


def _set_rows(cols: dict, pos: np.ndarray, values: dict) -> None:
    for name, v in values.items():
        cols[name][pos] = v


def _plain(value):
    return value.item() if hasattr(value, "item") else value
