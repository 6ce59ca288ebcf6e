"""CoverageModel: coverage figures and gaps that follow every edit of a project.

The model subscribes to ``project.changed`` and ``project.rules_changed`` and
recomputes only what an edit touched: moving a building from grid A to grid
B re-sums A and B, their communities and the street; editing a member
re-counts its old and new building and shifts the grid role counts by its old
and new row; new grid outlines place again only the stations that stood in
those grids or lie in their new bounds; re-parenting a party group changes no
figure. A rules change recomputes everything (reusing the projected building
polygons). Inserting or deleting communities, grids or buildings also
recomputes everything, because the integer codes the figures are built on shift.

Each event updates the per-building columns and per-grid inputs at once and
announces :class:`CoverageChanged`; the grid, community and street sums are
redone on the next read, once for all the layers one edit announces (a
reassignment announces buildings, grids, organizations and members), so the
map can draw the edit first.

Public API (what the GUI builds on)
-----------------------------------
``model.grids``, ``model.communities``
    DataFrames of figures indexed by grid / community id (columns: see
    docs/stats_json.md). Treat them as read-only; a fresh frame after each change.
``model.street``
    dict of street figures.
``model.buildings``
    per-building derived columns (group presence, station coverage, ...).
``model.gaps(types=None, community=None)``
    the sorted gap list (see :mod:`geo.coverage.gaps`); the full list is kept and
    after an edit recomputed only for the grids the edit changed (and the kinds of
    no grid it can change), the new rows placed among the kept ones: a new frame,
    equal to one built from scratch.
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
from ..lookup import rows_of
from . import buildings as bmod
from . import gaps as gaps_mod
from .state import CoverageState
from .station_grids import StationGrids
from .stations import StationSet, coverage
from .tables import codes_of, member_table, org_table, partner_targets, take_codes

#: Building columns whose change never alters a figure other than the grid sums.
_MOVE_ONLY = frozenset({"grid_id", "name", "address", "compound_id", "floors"})
_SPATIAL_AREAS = ("communities", "grids", "buildings")
#: Organization columns the figures read (area and level); a re-parented group changes none.
_ORG_AREA = frozenset({"level", "area_type", "area_id"})
#: The gap kinds of no grid an edit of each layer can change (the buildings handler adds its
#: own); a layer not named here (lists, cases, areas, ...) changes the lists' kinds.
_WHOLE_KINDS_OF = {"members": ("member_no_grid",), "organizations": ("org_area_missing",),
                   "buildings": (), "stations": (), "partner_links": (), "partners": ()}
#: Member table columns a member edit moves between grids' role counts.
_ROLE_COLUMNS = ("b", "org", "grid_head", "grid_staff")


@dataclass(frozen=True)
class CoverageChanged:
    """Figures changed: which grids and communities (ids); the street always may have.

    A station edit also names the grids of buildings whose distance to a built
    station or covering planned station changed: their gap rows say both.

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
        self._s = CoverageState(project)
        self._pending = []  # (grid positions, community positions) not yet summed: see _flush
        # the last full gap list (gaps.GapRows), and per edit since the grid positions it changed
        # and the kinds of no grid it can have changed: the next gaps() recomputes only their rows
        # (None: built whole, as positions shifted)
        self._gaps, self._gap_grids, self._gap_whole = None, [], set()
        self._buildings = None
        self._frames = {}
        self._stale = None  # the figures an edit replaced, freed by the next read (see _finish)
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
    def _state(self) -> CoverageState:
        """The state with every announced edit summed in (readers in this package use it)."""
        self._flush()
        return self._s

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
                self._gaps = gaps_mod.GapRows(self._state, gaps_mod.gap_frame(self._state))
            elif self._gap_grids:
                grids = np.concatenate(self._gap_grids)
                self._gaps = gaps_mod.update_gap_rows(self._state, self._gaps, grids, self._gap_whole,
                                                      figures=self.grids)  # kept for the next read too
            self._gap_grids, self._gap_whole = [], set()
            return self._gaps.frame
        return gaps_mod.gap_frame(self._state, types=types, community=community)

    # ------------------------------------------------------------ updating
    def rebuild(self) -> None:
        """Recompute everything (keeps the projected building polygons)."""
        s = self._s
        metric = s.metric if len(s.metric) == len(self.project["buildings"]) else None
        self._s = CoverageState(self.project, metric=metric)
        self._pending = []
        self._finish(None, None, rebuilt=True)

    def _on_rules_changed(self, _rules) -> None:
        self.rebuild()

    def _on_changed(self, event) -> None:
        if event.layer in _SPATIAL_AREAS and (event.inserted or event.deleted):
            if event.layer == "buildings":  # positions shifted: project the polygons again
                self._s.metric = np.array([], dtype=object)
            self.rebuild()
            return
        if self._gaps is not None:
            self._gap_whole.update(_WHOLE_KINDS_OF.get(event.layer, gaps_mod.LIST_KINDS))
        handler = getattr(self, f"_on_{event.layer}", None)
        if handler is not None:
            grids, comms = handler(event)
            self._finish(grids, comms)
        elif self._gaps is not None:  # no figure changes, but the lists' kinds may (see above)
            self._gap_grids.append(np.array([], dtype=np.int64))

    def _finish(self, grids, comms, rebuilt=False) -> None:
        if self._frames or self._buildings is not None:
            # kept until the next read, which comes after the edit's frame is drawn: freeing a
            # city's figures (50,000 grids by 50 columns) costs ~2 ms inside the edit
            self._stale = (self._frames, self._buildings)
        self._buildings = None
        self._frames = {}
        if rebuilt:
            self._gaps, self._gap_grids, self._gap_whole = None, [], set()
            self.changed.emit(CoverageChanged(rebuilt=True))
            return
        s = self._s
        grids = np.asarray(grids if grids is not None else [], dtype=np.int64)
        g = np.unique(grids[(grids >= 0) & (grids < s.G)])
        comms = np.asarray(comms if comms is not None else [], dtype=np.int64)
        c = np.unique(np.concatenate([s.ccode[g], comms]))
        c = c[(c >= 0) & (c < s.C)]
        if len(grids) or len(c):
            self._pending.append((grids, comms))  # refresh_grids adds the grids' own communities
        if self._gaps is not None:  # even with no grid: the kinds of no grid (lists, ...) follow every edit
            self._gap_grids.append(g)
        self.changed.emit(CoverageChanged(
            tuple(self.project["grids"].index[g]), tuple(self.project["communities"].index[c])))

    def _flush(self) -> None:
        """Sum the grids and communities edits touched since the last read, once.

        One edit announces several layers (buildings, grids, organizations,
        members); summing after each would redo the grid, community and street
        figures three or four times before the map can draw the edit.
        """
        self._stale = None
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        grids = np.concatenate([g for g, _ in pending])
        comms = np.concatenate([c for _, c in pending])
        self._s.refresh_grids(grids, communities=comms)

    # ------------------------------------------------------------ layer handlers
    def _on_buildings(self, event):
        s, frame = self._s, self.project["buildings"]
        pos = _positions(event.ids, frame.index)
        old_g = s.b["g"][pos].copy()
        if event.columns <= _MOVE_ONLY:
            s.b["g"][pos] = codes_of(rows_of(frame["grid_id"], pos), self.project["grids"].index)
        else:
            _set_rows(s.b, pos, bmod.base_columns(frame, self.project["grids"].index, pos))
            _set_rows(s.b, pos, s.member_columns(pos))
        if "geometry" in event.columns:
            self._reproject(pos)
        new_g = s.b["g"][pos]
        if (old_g < 0).any() or (new_g < 0).any():
            s.homeless = s.homeless_members()
            self._gap_whole.add("member_no_grid")  # its rows say whether the building has a grid
        if "geometry" in event.columns:
            self._gap_whole.add("member_no_grid")  # a member in no grid zooms to its building
        if self._gaps is not None and self._lists_name(event, pos):
            self._gap_whole.update(gaps_mod.LIST_KINDS)
        grids = np.concatenate([old_g, new_g])
        return grids, None

    def _lists_name(self, event, pos) -> bool:
        """Whether a need or case may be counted in another grid after this building edit.

        Items are placed through their target building, or the grid holding most of
        their target compound's buildings (geo.lists.places).
        """
        if "compound_id" in event.columns:  # the old compound's grid may change: its id is gone
            return True
        compounds = rows_of(self.project["buildings"]["compound_id"], pos)
        targets = set(event.ids) | {c for c in compounds if pd.notna(c)}
        for layer in ("needs", "cases"):
            frame = self.project[layer]
            if "target_id" not in frame.columns or frame["target_id"].isin(targets).any():
                return True
        return False

    def _reproject(self, pos) -> None:
        s, frame = self._s, self.project["buildings"]
        geoms = frame.geometry.iloc[pos]
        s.metric[pos] = geoms.to_crs(self.project.metric_crs).to_numpy()
        s.metric_moved()
        s.bounds[pos] = shapely.bounds(geoms.to_numpy())
        s.set_coverage(pos, coverage(s.metric[pos], s.stations))

    def _on_members(self, event):
        s, members = self._s, self.project["members"]
        gone = [i for i in dict.fromkeys(tuple(event.ids) + tuple(event.deleted)) if i in s.mt.index]
        old = _rows(s.mt, gone, _ROLE_COLUMNS)
        if event.deleted:
            s.mt = s.mt.drop(index=[i for i in event.deleted if i in s.mt.index])
        ids = [i for i in dict.fromkeys(event.ids) if i in members.index and i in s.mt.index]
        if ids:  # by position: ``.loc`` with a list of labels builds an indexer of them first
            _assign(s.mt, ids, self._member_rows(members.iloc[codes_of(ids, members.index)]))
        added = [i for i in event.inserted if i in members.index]
        if added:
            s.mt = pd.concat([s.mt, self._member_rows(members.loc[added])])
        new = _rows(s.mt, ids + added, _ROLE_COLUMNS)
        pos = np.unique(np.concatenate([old["b"], new["b"]]))
        pos = pos[pos >= 0]
        _set_rows(s.b, pos, s.member_columns(pos))
        if (take_codes(s.b["g"], old["b"], -1) < 0).any() or (take_codes(s.b["g"], new["b"], -1) < 0).any():
            s.homeless = s.homeless_members()  # only members in no building or grid count there
        before = s.member_role_grids(old["org"], old["grid_head"], old["grid_staff"])
        after = s.member_role_grids(new["org"], new["grid_head"], new["grid_staff"])
        roles = s.shift_extras({k: after[k] - before[k] for k in after})
        grids = np.concatenate([s.b["g"][pos], roles])
        return grids, None

    def _member_rows(self, rows: pd.DataFrame) -> pd.DataFrame:
        s = self._s
        return member_table(rows, self.project["buildings"].index, s.ot.index, s.rules)

    def _on_organizations(self, event):
        s, orgs = self._s, self.project["organizations"]
        structural = bool(event.inserted or event.deleted)
        if structural or event.columns & {"level", "name"}:  # the street committee may name the street
            s.street_name = self.project.street_name
        if not (structural or event.columns & _ORG_AREA):
            return np.array([], dtype=np.int64), None  # e.g. groups re-parented: no figure changes
        # an undone delete inserts the id again, whose row the delete kept (emptied): fill it again
        ids = [i for i in dict.fromkeys(tuple(event.ids) + tuple(event.inserted)) if i in orgs.index]
        touched = [i for i in dict.fromkeys(tuple(ids) + tuple(event.deleted)) if i in s.ot.index]
        rows = _rows(s.ot, touched, ("group_b", "building_a"))
        old = np.concatenate([rows["group_b"], rows["building_a"]])
        if event.deleted:
            dead = [i for i in event.deleted if i in s.ot.index]
            for c in s.ot.columns:  # keep the row: members hold positions into the table
                s.ot.loc[dead, c] = False if c == "missing" else -1
        fresh = [i for i in ids if i in s.ot.index]
        if fresh:
            _assign(s.ot, fresh, org_table(orgs.loc[fresh], s.area_indexes()))
        added = [i for i in dict.fromkeys(tuple(event.inserted) + tuple(ids)) if i not in s.ot.index]
        if added:
            self._append_orgs(added)
        rows = _rows(s.ot, fresh + added, ("group_b", "building_a"))
        pos = np.unique(np.concatenate([old, rows["group_b"], rows["building_a"]]).astype(np.int64))
        pos = pos[pos >= 0]
        _set_rows(s.b, pos, bmod.org_columns(s.arrays(s.ot), s.B, pos))
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras()])
        return grids, None

    def _append_orgs(self, added) -> None:
        s = self._s
        orgs = self.project["organizations"]
        s.ot = pd.concat([s.ot, org_table(orgs.loc[added], s.area_indexes())])
        # Members may already name the new organization: give them its position.
        members = self.project["members"]
        who = members.index[members["org_id"].isin(added).to_numpy()]
        if len(who):
            s.mt.loc[who, "org"] = codes_of(members.loc[who, "org_id"], s.ot.index)

    def _on_partner_links(self, event):
        s = self._s
        s.partners = partner_targets(self.project)
        fresh = bmod.partner_columns(s.partners["building"], s.B)
        pos = np.flatnonzero(fresh["partners"] != s.b["partners"])
        s.b["partners"] = fresh["partners"]
        grids = np.concatenate([s.b["g"][pos], self._refresh_extras()])
        return grids, self._refresh_compounds()

    _on_partners = _on_partner_links

    def _on_needs(self, event):
        """A list or case edit changes no coverage figure, only the gap list (geo.lists.gaps)."""
        return np.array([], dtype=np.int64), None

    _on_projects = _on_cases = _on_case_events = _on_needs

    def _refresh_compounds(self) -> np.ndarray:
        s = self._s
        fresh = s.compound_figures()
        changed = np.flatnonzero((fresh != s.compound_counts).any(axis=1).to_numpy())
        s.compound_counts = fresh
        return changed[changed < s.C]

    def _on_compounds(self, event):
        s = self._s
        s.partners = partner_targets(self.project)
        grids = np.array([], dtype=np.int64)
        if "name" in event.columns:  # gap rows name a building by its compound ("幸福小区1号楼")
            inside = self.project["buildings"]["compound_id"].isin(event.ids).to_numpy()
            grids = np.unique(s.b["g"][inside])
        return grids, self._refresh_compounds()

    def _on_stations(self, event):
        s = self._s
        old = {k: s.b[k].copy() for k in ("cov_built", "cov_any", "shortfall_m")}
        old_plan = np.append(s.stations.ids, None)[s.b["planned_by"]]
        s.stations = StationSet.from_project(self.project, s.rules.station_radius_m)
        s.set_coverage(None, coverage(s.metric, s.stations, *s.metric_tree()))
        # distance and planned station change no figure, but the building's gap row names them
        pos = np.flatnonzero((old["cov_built"] != s.b["cov_built"]) | (old["cov_any"] != s.b["cov_any"])
                             | ~_same_float(old["shortfall_m"], s.b["shortfall_m"])
                             | (old_plan != np.append(s.stations.ids, None)[s.b["planned_by"]]))
        if event.inserted or event.deleted:  # rows shifted: place every station again
            s.station_grids = StationGrids(self.project)
            placed = self._refresh_extras(stations=True)
        elif "geometry" in event.columns:
            rows = _positions(event.ids, self.project["stations"].index)
            placed = self._restation(*s.station_grids.stations_moved(rows))
        else:
            placed = pos[:0]
        grids = np.concatenate([s.b["g"][pos], placed])
        return grids, None

    def _restation(self, old: np.ndarray, new: np.ndarray) -> np.ndarray:
        """Stations left grids ``old`` for ``new``: shift the counts; the grids that changed."""
        if not len(old) and not len(new):  # no station changed grid (most edits): no per-grid pass
            return np.array([], dtype=np.int64)
        count, G = bmod._count, self._s.G  # noqa: SLF001 (one package)
        return self._s.shift_extras({"stations": count(new, G) - count(old, G)})

    def _on_grids(self, event):
        s, grids = self._s, self.project["grids"]
        pos = _positions(event.ids, grids.index)
        old_c = s.ccode[pos].copy()
        s.ccode[pos] = codes_of(rows_of(grids["community_id"], pos), self.project["communities"].index)
        placed = self._restation(*s.station_grids.grids_reshaped(pos)) \
            if "geometry" in event.columns else pos[:0]
        return np.concatenate([pos, placed]), old_c

    def _on_communities(self, event):
        pos = _positions(event.ids, self.project["communities"].index)
        self._s.street_name = self.project.street_name
        return None, pos

    def _refresh_extras(self, stations: bool = False) -> np.ndarray:
        """Recompute the per-grid extras; return the grid positions where they changed."""
        s = self._s
        fresh = s.grid_extras(with_stations=stations)
        changed = [np.flatnonzero(fresh[k] != s.extras[k]) for k in fresh]
        s.extras = fresh
        return np.unique(np.concatenate(changed)) if changed else np.array([], dtype=np.int64)


def _same_float(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) | (np.isnan(a) & np.isnan(b))


def _positions(ids, index: pd.Index) -> np.ndarray:
    pos = codes_of(list(ids), index)
    return np.unique(pos[pos >= 0])


def _assign(frame: pd.DataFrame, ids, new: pd.DataFrame) -> None:
    """Overwrite rows ``ids`` column by column (a whole-row write would upcast to object).

    Positional writes: ``.loc`` with labels costs ~1.5 ms per column on 160,000 members.
    """
    pos = codes_of(list(ids), frame.index)
    for c in new.columns:
        values = new[c].to_numpy()
        column = frame[c].to_numpy()
        if column.dtype == values.dtype and column.flags.writeable:
            # the column's own storage, row by row: ``iloc`` costs ~0.5 ms a column (ten per
            # member edit); same dtype, so nothing is cast that iloc would have cast
            column[pos] = values
        else:
            frame.iloc[pos, frame.columns.get_loc(c)] = values


def _rows(frame: pd.DataFrame, ids, columns) -> dict:
    """Columns of rows ``ids`` (all present) as numpy arrays."""
    pos = codes_of(list(ids), frame.index)
    return {c: frame[c].to_numpy()[pos] for c in columns}


def _set_rows(cols: dict, pos: np.ndarray, values: dict) -> None:
    for name, v in values.items():
        cols[name][pos] = v


def _plain(value):
    return value.item() if hasattr(value, "item") else value
