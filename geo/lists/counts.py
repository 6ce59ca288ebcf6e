"""What each list item adds to its grid's figures, now or as of a past day.

One row per item: the grid it counts in (:func:`geo.lists.places.item_grids`)
and its 0/1 contributions (a need that is open, a case that is overdue …), so
a grid's figures are column sums and an edit changes only the rows of the
items it touched (:class:`geo.lists.figures.ListFigures`).

**As of a day D** (``as_of``): an item created, claimed or reported after D
does not count; a case's state is the last ``case_events`` row dated on or
before D ("found" before its first step); a case without any events is taken
as it is now if it was closed by D (or is still open), else as open; a need's
status follows its projects claimed (done) by D; a project is done if its
``done_at`` is on or before D. Without ``as_of`` the stored states count and
"overdue" means due before today.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .case_states import RESOLVED_STATES
from .places import item_grids

#: The per-item columns of each layer (all integers; satisfaction_sum adds scores).
COUNT_COLUMNS = {
    "needs": ("needs_total", "needs_open", "needs_matched"),
    "resources": ("resources_total",),
    "projects": ("projects_total", "projects_done"),
    "cases": ("cases_total", "cases_open", "cases_overdue", "cases_resolved", "cases_closed",
              "cases_closed_on_time", "satisfaction_sum", "satisfaction_n"),
}
ALL_COUNTS = tuple(c for cols in COUNT_COLUMNS.values() for c in cols)
NO_GRID = ""  # the key of items in no grid (counted in the street only)


def day_text(as_of) -> str:
    """``as_of`` (date, datetime, ISO text or None for today) as ``YYYY-MM-DD``."""
    if as_of is None:
        return dt.date.today().isoformat()
    if isinstance(as_of, dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, dt.date):
        return as_of.isoformat()
    return dt.date.fromisoformat(str(as_of).strip()[:10]).isoformat()


def item_counts(project, layer: str, as_of=None, ids=None) -> pd.DataFrame:
    """Per-item contributions of ``layer`` (index: item id; columns ``grid``, ``need_id`` for
    projects, and :data:`COUNT_COLUMNS`); ``ids`` limits the rows to those items."""
    frame = project[layer]
    if ids is not None:
        frame = frame.loc[frame.index.intersection(pd.Index(list(ids), dtype=object))]
    out = pd.DataFrame(index=pd.Index(frame.index, dtype=object))
    extra = ["need_id"] if layer == "projects" else []
    if frame.empty:
        for column in ["grid", *COUNT_COLUMNS[layer], *extra]:
            out[column] = pd.Series([], dtype=np.int64 if column in COUNT_COLUMNS[layer] else object)
        return out
    grids = item_grids(project, layer, frame.index)
    out["grid"] = grids.reindex(frame.index).where(grids.notna(), NO_GRID).astype(object)
    counted = _counts[layer](project, frame, as_of)
    for column in COUNT_COLUMNS[layer]:
        out[column] = np.asarray(counted[column], dtype=np.int64)
    for column in extra:
        out[column] = frame[column].astype(object)
    return out


def _on_or_before(dates: pd.Series, day: str) -> np.ndarray:
    """True where a date is blank (undated items count) or not after ``day``."""
    text = dates.astype(object).where(dates.notna(), None)
    return np.array([v is None or str(v)[:10] <= day for v in text], dtype=bool)


def _given(values: pd.Series) -> np.ndarray:
    return np.array([v is not None and v == v and str(v).strip() != "" for v in values], dtype=bool)


def _needs(project, needs, as_of) -> dict:
    day = day_text(as_of)
    counted = _on_or_before(needs["created_at"], day)
    status = needs["status"].to_numpy(dtype=object)
    if as_of is not None:
        status = _need_status_as_of(project, needs, day)
    return {"needs_total": counted, "needs_open": counted & (status == "open"),
            "needs_matched": counted & np.isin(status, ["claimed", "done"])}


def _need_status_as_of(project, needs, day) -> np.ndarray:
    projects = project["projects"]
    mine = projects[projects["need_id"].isin(needs.index)]
    claimed = mine[_on_or_before(mine["claimed_at"], day)] if len(mine) else mine
    done = claimed[(claimed["status"] == "done") & _given(claimed["done_at"])
                   & _on_or_before(claimed["done_at"], day)] if len(claimed) else claimed
    has_any, has_claimed = set(mine["need_id"]), set(claimed["need_id"])
    all_done = set(done["need_id"]) - set(claimed.loc[~claimed.index.isin(done.index), "need_id"])
    out = needs["status"].to_numpy(dtype=object).copy()
    for i, need in enumerate(needs.index):
        if need not in has_any:
            continue  # set by hand, no project to tell when: as stored
        if need in has_claimed:
            out[i] = "done" if out[i] == "done" and need in all_done else "claimed"
        else:
            out[i] = "open"
    return out


def _resources(project, resources, as_of) -> dict:
    # resources carry no date: every resource counts, whatever the day
    return {"resources_total": np.ones(len(resources), dtype=bool)}


def _projects(project, projects, as_of) -> dict:
    day = day_text(as_of)
    counted = _on_or_before(projects["claimed_at"], day)
    done = (projects["status"] == "done").to_numpy()
    if as_of is not None:
        done &= _on_or_before(projects["done_at"], day)
    return {"projects_total": counted, "projects_done": counted & done}


def _cases(project, cases, as_of) -> dict:
    day = day_text(as_of)
    counted = _on_or_before(cases["reported_at"], day)
    if as_of is None:
        state = cases["state"].to_numpy(dtype=object)
        closed_at = cases["closed_at"].to_numpy(dtype=object)
        has_events = _has_events(project, cases)
    else:
        state, closed_at, has_events = _case_state_as_of(project, cases, day)
    resolved = counted & np.isin(state, list(RESOLVED_STATES))
    open_ = counted & ~np.isin(state, list(RESOLVED_STATES))
    due = cases["due_at"].to_numpy(dtype=object)
    due_given = _given(pd.Series(due))
    overdue = open_ & due_given & np.array([str(d)[:10] < day if g else False for d, g in zip(due, due_given)])
    closed = resolved & _given(pd.Series(closed_at)) & due_given
    on_time = closed & np.array([str(c)[:10] <= str(d)[:10] if k else False
                                 for c, d, k in zip(closed_at, due, closed)])
    scored_state = np.where(has_events, state == "visited", resolved)
    scores = pd.to_numeric(cases["satisfaction"], errors="coerce").to_numpy(dtype=float)
    scored = counted & scored_state & ~np.isnan(scores)
    return {"cases_total": counted, "cases_open": open_, "cases_overdue": overdue, "cases_resolved": resolved,
            "cases_closed": closed, "cases_closed_on_time": on_time,
            "satisfaction_sum": np.where(scored, np.nan_to_num(scores), 0).astype(np.int64),
            "satisfaction_n": scored}


def _has_events(project, cases) -> np.ndarray:
    return cases.index.isin(set(project["case_events"]["case_id"]))


def _case_state_as_of(project, cases, day):
    """(state, closed_at, has_events) of each case as of ``day``, from its events."""
    events = project["case_events"]
    events = events[events["case_id"].isin(cases.index)]
    has_events = cases.index.isin(set(events["case_id"]))
    until = events[_on_or_before(events["time"], day) & _given(events["time"])]
    until = until.sort_values(["time", "event_id"], kind="stable")
    last = until.groupby("case_id")["to_state"].last()
    closing = until[until["to_state"] == "closed"].groupby("case_id")["time"].last().str[:10]
    state = cases["state"].to_numpy(dtype=object).copy()
    closed_at = cases["closed_at"].to_numpy(dtype=object).copy()
    stored_by_day = _given(cases["closed_at"]) & _on_or_before(cases["closed_at"], day)
    for i, case in enumerate(cases.index):
        if has_events[i]:
            state[i] = last.get(case, "found")  # reported, no step yet
            resolved = state[i] in RESOLVED_STATES
            # visited without a closing step (an import): the stored date if it was by then
            closed_at[i] = closing.get(case, closed_at[i] if stored_by_day[i] else None) if resolved else None
        elif _given(cases["closed_at"].iloc[[i]])[0] and not stored_by_day[i]:
            state[i], closed_at[i] = "in_progress", None  # closed after the day: open then
    return state, closed_at, has_events


_counts = {"needs": _needs, "resources": _resources, "projects": _projects, "cases": _cases}
