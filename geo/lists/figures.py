"""The figures of the lists and the case loop per grid, community and street (now or as of a day).

``needs_total, needs_open, needs_matched, resources_total, projects_total,
projects_done, cases_total, cases_open, cases_overdue`` are counts;
``cases_resolved_share`` (办结 or 回访 over all cases), ``cases_closed_on_time_share``
(closed_at ≤ due_at over resolved cases with both dates) are shares 0..1 and
``satisfaction_mean`` the mean score of visited cases with a score; all three
NaN when there is nothing to divide by. A community sums its grids; the street
sums every item, those in no grid included. How items are placed and what
"as of" means: :mod:`geo.lists.places`, :mod:`geo.lists.counts`.

Examples
--------
>>> list_figures(project, level="community").loc["C1", "cases_open"]   # doctest: +SKIP
>>> live = ListFigures(project); live.frame("grid")                    # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..events import Event
from .counts import ALL_COUNTS, COUNT_COLUMNS, item_counts

FIGURE_COLUMNS = ["needs_total", "needs_open", "needs_matched", "resources_total", "projects_total",
                  "projects_done", "cases_total", "cases_open", "cases_overdue", "cases_resolved_share",
                  "cases_closed_on_time_share", "satisfaction_mean"]
LEVELS = ("grid", "community", "street")
LIST_ITEM_LAYERS = tuple(COUNT_COLUMNS)
#: Layers whose edits move items between grids (their targets' grids): recount everything.
PLACE_LAYERS = frozenset({"buildings", "compounds", "grids"})


def list_figures(project, as_of=None, level: str = "grid") -> pd.DataFrame:
    """The list and case figures of every grid, community or the street.

    Parameters
    ----------
    project : geo.project.Project
    as_of : date, datetime, ``"YYYY-MM-DD"`` or None
        Count as of the end of that day (see :mod:`geo.lists.counts`); None: as stored, overdue as of today.
    level : {"grid", "community", "street"}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``grid_id`` (every grid), ``community_id`` (every community) or the one
        row ``"street"``; exactly the columns :data:`FIGURE_COLUMNS`.
    """
    return figures_from_sums(project, grid_sums(_all_counts(project, as_of)), level)


def _all_counts(project, as_of) -> dict[str, pd.DataFrame]:
    return {layer: item_counts(project, layer, as_of) for layer in LIST_ITEM_LAYERS}


def grid_sums(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Column sums of the per-item rows by grid key (:data:`NO_GRID` for items in no grid)."""
    parts = [frame.groupby("grid")[list(COUNT_COLUMNS[layer])].sum() for layer, frame in rows.items() if len(frame)]
    sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    return sums.reindex(columns=list(ALL_COUNTS)).fillna(0).astype(np.int64)


def figures_from_sums(project, sums: pd.DataFrame, level: str) -> pd.DataFrame:
    """Aggregate grid sums to ``level`` and turn them into the figures."""
    if level == "grid":
        grids = project["grids"].index
        table = sums.reindex(pd.Index(grids, dtype=object, name="grid_id"), fill_value=0)
    elif level == "community":
        communities = project["communities"].index
        community = pd.Series(sums.index, index=sums.index).map(project["grids"]["community_id"])
        table = sums.groupby(community.to_numpy()).sum() if len(sums) else sums
        table = table.reindex(pd.Index(communities, dtype=object, name="community_id"), fill_value=0)
    elif level == "street":
        table = pd.DataFrame([sums.sum(axis=0).reindex(list(ALL_COUNTS), fill_value=0)],
                             index=pd.Index(["street"], dtype=object))
    else:
        raise ValueError(f"unknown level {level!r} (grid, community or street)")
    return _figures(table.astype(np.int64))


def _figures(table: pd.DataFrame) -> pd.DataFrame:
    out = table[[c for c in FIGURE_COLUMNS if c in table.columns]].copy()
    out["cases_resolved_share"] = _share(table["cases_resolved"], table["cases_total"])
    out["cases_closed_on_time_share"] = _share(table["cases_closed_on_time"], table["cases_closed"])
    out["satisfaction_mean"] = _share(table["satisfaction_sum"], table["satisfaction_n"])
    return out[FIGURE_COLUMNS]


def _share(numerator, denominator) -> pd.Series:
    num, den = numerator.to_numpy(dtype=float), denominator.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(den > 0, num / np.where(den > 0, den, 1), np.nan), index=numerator.index)


def figure_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts for JSON: ints as int, NaN as None."""
    out = []
    for key, row in frame.iterrows():
        out.append({c: (None if isinstance(v, float) and np.isnan(v) else
                        float(v) if isinstance(v, (float, np.floating)) else int(v)) for c, v in row.items()})
    return out


class ListFigures:
    """The figures kept current as the project changes: an edit recounts only the items it touched.

    ``frame(level)`` equals ``list_figures(project, as_of, level)`` computed from scratch.
    :attr:`changed` announces the grid keys whose sums changed (a tuple; ``""`` is "no grid").
    """

    def __init__(self, project, as_of=None):
        self.project, self.as_of = project, as_of
        self.changed = Event()
        self.refresh()
        project.changed.connect(self._on_changed)

    def close(self) -> None:
        self.project.changed.disconnect(self._on_changed)

    def refresh(self) -> None:
        """Recount every item (after the layers were replaced wholesale)."""
        self._rows = _all_counts(self.project, self.as_of)
        self._sums = grid_sums(self._rows)
        events = self.project["case_events"]
        self._event_case = dict(zip(events.index, events["case_id"]))

    def frame(self, level: str = "grid") -> pd.DataFrame:
        return figures_from_sums(self.project, self._sums, level)

    # ------------------------------------------------------------ following edits
    def _on_changed(self, event) -> None:
        if event.layer in PLACE_LAYERS:
            if any(len(f) for f in self._rows.values()):
                before = set(self._sums.index)
                self.refresh()
                self.changed.emit(tuple(sorted(before | set(self._sums.index))))
            return
        touched = self._touched(event)
        grids = set()
        for layer, ids in touched.items():
            if ids:
                grids |= self._recount(layer, ids)
        if event.layer == "case_events":
            events = self.project["case_events"]
            self._event_case.update(zip(events.index, events["case_id"]))
        if grids:
            self.changed.emit(tuple(sorted(grids)))

    def _touched(self, event) -> dict[str, set]:
        ids = set(event.ids) | set(event.inserted) | set(event.deleted)
        touched = {layer: set() for layer in LIST_ITEM_LAYERS}
        if event.layer in touched:
            touched[event.layer] |= ids
        projects = self.project["projects"]
        if event.layer == "needs":  # a project counts in its need's grid
            touched["projects"] |= set(projects.index[projects["need_id"].isin(ids)])
        if event.layer == "projects":  # a need's status as of a day follows its projects
            old = self._rows["projects"]["need_id"]
            touched["needs"] |= set(old.reindex(list(ids & set(old.index))).dropna())
            touched["needs"] |= set(projects["need_id"].reindex(list(ids & set(projects.index))).dropna())
        if event.layer == "case_events":
            events = self.project["case_events"]
            now = events["case_id"].reindex(list(ids & set(events.index))).dropna()
            touched["cases"] |= set(now) | {self._event_case[e] for e in ids if e in self._event_case}
        return touched

    def _recount(self, layer: str, ids: set) -> set:
        old_rows = self._rows[layer]
        gone = old_rows.loc[old_rows.index.intersection(pd.Index(list(ids), dtype=object))]
        new = item_counts(self.project, layer, self.as_of, ids)
        columns = list(COUNT_COLUMNS[layer])
        delta = new.groupby("grid")[columns].sum().sub(gone.groupby("grid")[columns].sum(), fill_value=0)
        sums = self._sums.reindex(self._sums.index.union(delta.index), fill_value=0)
        sums.loc[delta.index, columns] += delta.astype(np.int64).to_numpy()
        self._sums = sums
        kept = old_rows.drop(index=gone.index)
        self._rows[layer] = pd.concat([kept, new]) if len(kept) else new
        return set(delta.index)
