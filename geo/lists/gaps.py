"""Gaps of the lists and the case loop: needs left unmatched too long, overdue cases.

A need still open (待认领) more than ``rules.need_unmatched_days`` days after it
was raised, and a case still open after its ``due_at`` (限时办结), are gaps; they
join the coverage gap list (:mod:`geo.coverage.gaps`, types ``need_unmatched``
and ``case_overdue``) so they show in ``python main.py gaps`` and the GUI's gap list.

Examples
--------
>>> [g["kind"] for g in list_gaps(project, as_of="2026-03-10")]   # doctest: +SKIP
['case_overdue', 'need_unmatched']
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..messages import Message, register
from .counts import NO_GRID, day_text, item_counts

register("gap_detail.need_unmatched", "{category}需求已待认领 {days} 天（规定 {limit} 天内认领）",
         "{category} need open for {days} days (to be claimed within {limit})")
register("gap_detail.case_overdue", "{category}事件超期 {days} 天（办结时限 {due}）",
         "{category} case {days} days overdue (due {due})")

GAP_KINDS = ("case_overdue", "need_unmatched")


def list_gaps(project, as_of=None) -> list[dict]:
    """Overdue cases and needs unmatched too long, most days first within each kind.

    Parameters
    ----------
    project : geo.project.Project
    as_of : date or ``"YYYY-MM-DD"``, optional
        The day to judge (default today); states as of that day (:mod:`geo.lists.counts`).

    Returns
    -------
    list of dict
        ``kind`` (``case_overdue`` / ``need_unmatched``), ``layer``, ``id``, ``title``,
        ``category``, ``grid_id`` (None when in no grid), ``days`` (overdue / open),
        ``limit`` (the due date of a case, the rule's days for a need), ``x``, ``y``
        (the item's point; None without one) and ``detail`` (a Message).
    """
    out = []
    for kind in GAP_KINDS:
        out += _gaps(project, kind, as_of).to_dict("records")
    return out


def _gaps(project, kind: str, as_of) -> pd.DataFrame:
    layer = "cases" if kind == "case_overdue" else "needs"
    day = dt.date.fromisoformat(day_text(as_of))
    frame = project[layer]
    counts = item_counts(project, layer, as_of)
    if layer == "cases":
        hit = counts.index[counts["cases_overdue"] == 1]
        since = frame.loc[hit, "due_at"]
        limit = since.astype(object)
    else:
        hit = counts.index[counts["needs_open"] == 1]
        since = frame.loc[hit, "created_at"]
        limit = pd.Series(project.rules.need_unmatched_days, index=hit, dtype=object)
    days = pd.Series([_days_since(v, day) for v in since], index=hit, dtype=object)
    keep = days.notna() & ((days > 0) if layer == "cases" else (days > project.rules.need_unmatched_days))
    hit = hit[keep.to_numpy(dtype=bool)]
    rows = frame.loc[hit]
    points = rows.geometry if len(rows) else pd.Series([], dtype=object)
    present = [p is not None and not p.is_empty for p in points]
    table = pd.DataFrame({
        "kind": kind, "layer": layer, "id": hit.to_numpy(dtype=object),
        "title": rows["title"].to_numpy(dtype=object), "category": rows["category"].to_numpy(dtype=object),
        "grid_id": counts.loc[hit, "grid"].replace(NO_GRID, None).to_numpy(dtype=object),
        "days": days[hit].astype(int).to_numpy() if len(hit) else np.zeros(0, int),
        "limit": limit[hit].to_numpy(dtype=object),
        "x": [p.x if ok else None for p, ok in zip(points, present)],
        "y": [p.y if ok else None for p, ok in zip(points, present)],
    })
    table["detail"] = [_detail(kind, r) for r in table.itertuples()]
    return table.sort_values(["days", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _days_since(value, day: dt.date):
    if value is None or value != value or not str(value).strip():
        return None
    try:
        return (day - dt.date.fromisoformat(str(value)[:10])).days
    except ValueError:
        return None


def _detail(kind, row) -> Message:
    from .items import word

    category = word("list_category", row.category)
    if kind == "case_overdue":
        return Message("gap_detail.case_overdue", category=category, days=row.days, due=row.limit)
    return Message("gap_detail.need_unmatched", category=category, days=row.days, limit=row.limit)


def gap_parts(project, kind: str, grid_ids, as_of=None) -> dict:
    """The columns :func:`geo.coverage.gaps` builds its rows from, for one list gap kind.

    ``grid_ids`` is the grids' index (row positions are the coverage state's grid codes).
    """
    table = _gaps(project, kind, as_of)
    codes = pd.Index(grid_ids).get_indexer(table["grid_id"].fillna("\0")) if len(table) else np.zeros(0, int)
    xy = table[["x", "y"]].astype(float).to_numpy() if len(table) else np.zeros((0, 2))
    return {"ids": table["id"].to_numpy(dtype=object), "names": table["title"].to_numpy(dtype=object),
            "g": codes, "needed": table["days"].to_numpy(dtype=float), "households": np.zeros(len(table)),
            "detail": table["detail"].to_numpy(dtype=object), "boxes": np.hstack([xy, xy])}
