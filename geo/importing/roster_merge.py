"""Merge imported members into the stored ones by ID number (pure DataFrame functions).

Importing the same roster twice must not duplicate anybody: a member whose
ID number is already stored keeps their member_id and gets the changed,
non-blank fields; everyone else is added with a fresh id.

Examples
--------
>>> allocate_ids(["M000007", "X1"], 2)
['M000008', 'M000009']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .. import idcard

#: Fields a re-import never blanks out: an empty roster cell means "not given".
_KEEP_WHEN_BLANK = ("phone", "org_id", "building_id", "roles", "work_unit", "unit_no",
                    "gender")


def allocate_ids(existing, n: int, prefix: str = "M", width: int = 6) -> list[str]:
    """``n`` new ids ``prefix + number`` above every numbered id in ``existing``."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [int(m.group(1)) for m in map(pattern.match, map(str, existing)) if m]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{k:0{width}d}" for k in range(start, start + n)]


@dataclass
class MergeResult:
    """The merged members table and what happened to each incoming row."""

    members: pd.DataFrame
    added: list = field(default_factory=list)  # member_ids
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def merge_members(existing: pd.DataFrame, incoming: pd.DataFrame) -> MergeResult:
    """Merge ``incoming`` members into ``existing`` matching on ID number.

    Parameters
    ----------
    existing, incoming : DataFrame
        Members-layer columns; ``incoming`` member_ids are ignored for rows
        that match and replaced by fresh ones for rows that do not.

    Returns
    -------
    MergeResult
        Neither input is modified.
    """
    merged = existing.copy().reset_index(drop=True)
    where = {idcard.normalize(v): i for i, v in enumerate(merged["id_number"]) if v}
    result = MergeResult(merged)
    new_rows = []
    for row in incoming.to_dict("records"):
        i = where.get(idcard.normalize(row["id_number"]))
        if i is None:
            new_rows.append(row)
            continue
        changed = _update_row(merged, i, row)
        (result.updated if changed else result.unchanged).append(merged.at[i, "member_id"])
    result.members = _append_new(merged, new_rows, result)
    return result


def _update_row(merged: pd.DataFrame, i: int, row: dict) -> bool:
    changed = False
    for col, value in row.items():
        if col == "member_id" or col not in merged.columns:
            continue
        if col in _KEEP_WHEN_BLANK and _blank(value):
            continue
        if col == "linked_households" and not value:  # 0 = the roster did not say
            continue
        if not _same(merged.at[i, col], value):
            merged.at[i, col] = value
            changed = True
    return changed


def _append_new(merged: pd.DataFrame, rows: list, result: MergeResult) -> pd.DataFrame:
    if not rows:
        return merged
    new = pd.DataFrame(rows).reindex(columns=merged.columns)
    new["member_id"] = allocate_ids(merged["member_id"], len(new))
    result.added.extend(new["member_id"])
    frames = [f for f in (merged, new) if len(f)]
    out = pd.concat(frames, ignore_index=True)
    for col in merged.columns:  # concat with an empty frame can loosen dtypes
        if len(merged):
            out[col] = out[col].astype(merged[col].dtype)
    return out


def _blank(value) -> bool:
    return value is None or value is pd.NA or value == "" or (
        isinstance(value, float) and value != value)


def _same(a, b) -> bool:
    if _blank(a) and _blank(b):
        return True
    return str(a) == str(b)
