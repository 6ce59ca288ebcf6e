"""The coverage state of one project and the primitives that refresh parts of it.

:class:`CoverageState` holds per-building derived columns (numpy, row
positions of the buildings layer), per-grid building sums, and the grid,
community and street figure frames. Its ``refresh_*`` methods recompute only
the rows they are given; :class:`geo.coverage.model.CoverageModel` decides
what an edit touches.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from . import buildings as bmod
from . import figures as fig
from .station_grids import StationGrids
from .stations import StationSet, coverage, tree_bounds
from .tables import codes_of, member_table, org_table, partner_targets, take_codes


class CoverageState:
    """Everything computed from scratch; see the module docstring.

    Parameters
    ----------
    project : geo.project.Project
    metric : ndarray of shapely geometries, optional
        Building polygons in ``project.metric_crs`` (computed when omitted;
        the model reuses them across rebuilds because projecting half a
        million polygons is the slowest step).
    """

    def __init__(self, project, metric=None):
        self.project, self.rules = project, project.rules
        p = project
        self.G, self.C, self.B = len(p["grids"]), len(p["communities"]), len(p["buildings"])
        # a copy of the project's shared array: edits patch rows of it (the geometries stay shared)
        self.metric = p.metric_geoms("buildings").copy() if metric is None else metric
        self.bounds = shapely.bounds(p["buildings"].geometry.to_numpy())
        self.ccode = codes_of(p["grids"]["community_id"], p["communities"].index)
        self.mt = member_table(p["members"], p["buildings"].index, p["organizations"].index, self.rules)
        self.ot = org_table(p["organizations"], self.area_indexes())
        self.partners = partner_targets(p)
        self.stations = StationSet.from_project(p, self.rules.station_radius_m)
        self.station_grids = StationGrids(p)
        self.street_name = p.street_name
        self.b = bmod.base_columns(p["buildings"], p["grids"].index)
        self.b.update(self.member_columns(None))
        self.b.update(bmod.org_columns(self.arrays(self.ot), self.B))
        self.b.update(bmod.partner_columns(self.partners["building"], self.B))
        self._metric_tree = None
        self.set_coverage(None, coverage(self.metric, self.stations, *self.metric_tree()))
        self.extras = None
        self.extras = self.grid_extras()
        self.compound_counts = self.compound_figures()
        self.homeless = self.homeless_members()
        self.gsum = np.zeros((self.G + 1, len(bmod.SUM_COLUMNS)))
        self.gcols = self.ccols = self.street = None
        self.refresh_grids(None)

    # ------------------------------------------------------------ inputs
    def area_indexes(self) -> dict:
        p = self.project
        return {"community": p["communities"].index, "grid": p["grids"].index,
                "building": p["buildings"].index, "compound": p["compounds"].index}

    @staticmethod
    def arrays(frame: pd.DataFrame) -> dict:
        return {c: frame[c].to_numpy() for c in frame.columns}

    def member_columns(self, positions) -> dict:
        return bmod.member_columns(self.arrays(self.mt), self.B, self.b["units"], positions)

    def metric_tree(self) -> tuple:
        """An STRtree over the metric building polygons, and its geometries' bounds: both
        kept until a polygon moves, as every station edit measures against them."""
        if self._metric_tree is None:
            tree = shapely.STRtree(self.metric)
            self._metric_tree = (tree, tree_bounds(tree))
        return self._metric_tree

    def metric_moved(self) -> None:
        """Building polygons changed: the tree is built again when next needed."""
        self._metric_tree = None

    def set_coverage(self, positions, cov) -> None:
        sl = slice(None) if positions is None else positions
        for name, values in (("cov_built", cov.built), ("cov_any", cov.any),
                             ("planned_by", cov.planned_by), ("shortfall_m", cov.shortfall_m)):
            if positions is None:
                self.b[name] = values.astype(np.int64) if values.dtype == bool else values
            else:
                self.b[name][sl] = values

    def grid_extras(self, with_stations: bool = True) -> dict:
        """Per-grid inputs not summed from buildings (see figures.GRID_EXTRAS).

        ``with_stations=False`` keeps the previous stations-in-grid counts
        (members and organizations do not move stations).
        """
        G, ot, mt = self.G, self.ot, self.mt
        if with_stations or getattr(self, "extras", None) is None:
            stations = self.station_grids.counts(G)
        else:
            stations = self.extras["stations"]
        count = bmod._count
        return {"grid_branches": count(ot["branch_g"].to_numpy(), G),
                "grid_organizations": count(ot["grid_a"].to_numpy(), G),
                **self.member_role_grids(mt["org"].to_numpy(), mt["grid_head"].to_numpy(),
                                         mt["grid_staff"].to_numpy()),
                "grid_partners": count(self.partners["grid"], G),
                "stations": stations}

    def member_role_grids(self, org: np.ndarray, head: np.ndarray, staff: np.ndarray) -> dict:
        """Per grid, members (given as arrays) with a grid-head / grid-staff role in a grid branch.

        The model adds these for a member edit's new rows and subtracts them for
        the old ones, instead of counting a million members again.
        """
        grid = take_codes(self.ot["branch_g"].to_numpy(), org, -1)
        return {"org_grid_heads": bmod._count(grid[head], self.G),
                "org_grid_staff": bmod._count(grid[staff], self.G)}

    def shift_extras(self, delta: dict) -> np.ndarray:
        """Add per-grid ``delta`` arrays to the extras; the grid positions that changed."""
        changed = [np.flatnonzero(d) for d in delta.values()]
        for k, d in delta.items():
            self.extras[k] = self.extras[k] + d
        return np.unique(np.concatenate(changed)) if changed else np.array([], dtype=np.int64)

    def compound_figures(self) -> pd.DataFrame:
        """Compounds and compounds with a level-2 partner, per community (row C: none)."""
        comp = self.project["compounds"]
        cc = codes_of(comp["community_id"], self.project["communities"].index)
        cc = np.where(cc < 0, self.C, cc)
        partnered = np.zeros(len(comp), dtype=bool)
        partnered[self.partners["compound"]] = True
        return pd.DataFrame({"compounds": np.bincount(cc, minlength=self.C + 1),
                             "compounds_with_partner": np.bincount(cc[partnered], minlength=self.C + 1)})

    # ------------------------------------------------------------ refreshing
    def refresh_grids(self, codes, communities=None) -> np.ndarray | None:
        """Recompute sums and figures of grid positions ``codes`` (None: all; -1: unassigned).

        Communities of those grids, the community positions ``communities``
        and the street are refreshed too; returns the community positions
        refreshed (None when everything was recomputed).
        """
        G = self.G
        g = np.where(self.b["g"] < 0, G, self.b["g"])
        if codes is None:
            rows, pos = np.arange(G + 1), None
        else:
            rows = np.unique(np.where(np.asarray(codes) < 0, G, codes))
            sel = np.zeros(G + 1, dtype=bool)
            sel[rows] = True
            pos = np.flatnonzero(sel[g])
        self.gsum[rows] = self._sum_rows(pos, g, rows)
        real = rows[rows < G]
        self._write_grid_rows(real, full=codes is None)
        comms = None
        if codes is not None:
            extra = np.asarray(communities if communities is not None else [], dtype=np.int64)
            comms = np.unique(np.concatenate([self.ccode[real], extra]))
        self.refresh_communities(comms)
        return comms

    def _sum_rows(self, pos, g, rows) -> np.ndarray:
        cols = self.b if pos is None else {k: v[pos] for k, v in self.b.items()}
        contrib = bmod.contributions(cols)
        gg = g if pos is None else g[pos]
        remap = np.full(self.G + 1, -1, dtype=np.int64)
        remap[rows] = np.arange(len(rows))
        key = remap[gg]
        out = np.column_stack([np.bincount(key, weights=np.asarray(contrib[c], dtype=float),
                                           minlength=len(rows)) for c in bmod.SUM_COLUMNS])
        return out.reshape(len(rows), len(bmod.SUM_COLUMNS))

    def _write_grid_rows(self, real: np.ndarray, full: bool) -> None:
        extras = {k: v[real] for k, v in self.extras.items()}
        new = fig.grid_columns(self.gsum[real], extras, self.rules)
        values = fig.rollup_values(new)
        if full:
            self.gcols, self.gvals = new, values
            self.gtotal = values.sum(axis=0)
            return
        for k, v in new.items():
            self.gcols[k][real] = v
        # The street total follows by difference: re-adding 50,000 rows per edit is too slow.
        self.gtotal += values.sum(axis=0) - self.gvals[real].sum(axis=0)
        self.gvals[real] = values

    def refresh_communities(self, codes) -> None:
        """Recompute community positions ``codes`` (None: all) and the street."""
        C = self.C
        cc = np.where(self.ccode < 0, C, self.ccode)
        if codes is None:
            rows, gm = np.arange(C), slice(None)
        else:
            rows = np.unique(codes[(codes >= 0) & (codes < C)])
            sel = np.zeros(C + 1, dtype=bool)
            sel[rows] = True
            gm = np.flatnonzero(sel[cc])
        remap = np.full(C + 1, -1, dtype=np.int64)
        remap[rows] = np.arange(len(rows))
        f = fig.rollup(self.gvals[gm], remap[cc[gm]], len(rows))
        for c in self.compound_counts.columns:
            f[c] = self.compound_counts[c].to_numpy()[rows]
        f = fig.area_shares(fig.ratios(f))
        if codes is None:
            self.ccols = f
        else:
            for k, v in f.items():
                self.ccols[k][rows] = v
        self.refresh_street()

    def refresh_street(self) -> None:
        """The street: every grid, plus buildings in no grid and members in no building."""
        f = fig.totals_dict(self.gtotal[None, :], np.array([self.G]))
        pseudo = fig.sums_dict(self.gsum[self.G:])
        for c, v in pseudo.items():
            f[c] = f[c] + v
        hh = pseudo["households"]
        required = fig.central_required(hh, self.rules.households_per_central)
        f["central_households_required"] += required
        f["central_households_needed"] += np.maximum(required - pseudo["central_households"], 0)
        self._add_homeless_members(f)
        cc = self.compound_counts
        f["compounds"] = cc["compounds"].to_numpy().sum()
        f["compounds_with_partner"] = cc["compounds_with_partner"].to_numpy().sum()
        f = fig.area_shares(fig.ratios(f))
        p = self.project
        street = {"name": self.street_name, "communities": self.C,
                  **{k: np.asarray(v).reshape(-1)[0] for k, v in f.items()}}
        street.update(stations=len(p["stations"]), organizations=len(p["organizations"]),
                      unassigned_buildings=int(pseudo["buildings"][0]), unassigned_households=int(hh[0]))
        self.street = street

    # ------------------------------------------------------------ frames
    def grid_frame(self) -> pd.DataFrame:
        """Grid figures as a DataFrame indexed by grid id."""
        grids = self.project["grids"]
        meta = {"grid_id": grids.index.to_numpy(), "name": grids["name"].to_numpy(),
                "community_id": grids["community_id"].to_numpy()}
        return pd.DataFrame({**meta, **self.gcols}, index=grids.index.copy())

    def community_frame(self) -> pd.DataFrame:
        """Community figures as a DataFrame indexed by community id."""
        comm = self.project["communities"]
        meta = {"community_id": comm.index.to_numpy(), "name": comm["name"].to_numpy()}
        return pd.DataFrame({**meta, **self.ccols}, index=comm.index.copy())

    def homeless_members(self) -> dict:
        """Counts of members in no building (blank or unknown id) and in no grid.

        Cached: scanning a million members does not fit an edit's time budget,
        so the model calls this only when members change or a building enters
        or leaves "no grid".
        """
        mt = self.mt
        b = mt["b"].to_numpy()
        none = b < 0
        kind = mt["kind"].to_numpy()[none]
        out = {"members": int(none.sum()),
               "members_counted": int(mt["counted"].to_numpy()[none].sum())}
        for code, c in enumerate(("members_registered", "members_in_service", "members_floating")):
            out[c] = int((kind == code).sum())
        out["members_without_grid"] = int((np.append(self.b["g"], -1)[b] < 0).sum())
        return out

    def _add_homeless_members(self, f: pd.DataFrame) -> None:
        """Members whose building is blank or unknown still count at street level."""
        h = self.homeless
        for c in ("members", "members_counted", "members_registered", "members_in_service",
                  "members_floating"):
            f[c] += h[c]
        f["members_without_building"] = h["members"]
        f["members_without_grid"] = h["members_without_grid"]
