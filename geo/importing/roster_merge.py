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

import numbers
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
    stored = merged.to_dict("records")  # read as dicts: a cell look-up per field is slow
    result = MergeResult(merged)
    new_rows, changes = [], {}
    for row in incoming.to_dict("records"):
        i = where.get(idcard.normalize(row["id_number"]))
        if i is None:
            new_rows.append(row)
            continue
        changed = _row_changes(stored[i], row)
        if changed:
            stored[i].update(changed)
            changes[i] = changed
        (result.updated if changed else result.unchanged).append(stored[i]["member_id"])
    for i, changed in changes.items():  # only the cells that differ are written back
        for col, value in changed.items():
            merged.at[i, col] = value
    result.members = _append_new(merged, new_rows, result)
    return result


def _row_changes(old: dict, row: dict) -> dict:
    """{column: new value} for the fields of ``row`` that change the stored member."""
    out = {}
    for col, value in row.items():
        if col == "member_id" or col not in old:
            continue
        if col in _KEEP_WHEN_BLANK and _blank(value):
            continue
        if col == "linked_households" and not value:  # 0 = the roster did not say
            continue
        if not _same(old[col], value):
            out[col] = value
    return out


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
            out[col] = _as_dtype(out[col], merged[col].dtype)
    return out


def _as_dtype(column: pd.Series, dtype) -> pd.Series:
    """``column`` in the stored ``dtype``; blanks in an integer column make it nullable.

    A new member without a unit number (an address like "3号楼") must not fail
    the cast to the stored int64 column.
    """
    if pd.api.types.is_integer_dtype(dtype) and column.isna().any():
        return pd.to_numeric(column, errors="coerce").astype("Int64")
    return column.astype(dtype)


def _blank(value) -> bool:
    return value is None or value is pd.NA or value == "" or (
        isinstance(value, float) and value != value)


def _same(a, b) -> bool:
    if _blank(a) and _blank(b):
        return True
    if _blank(a) or _blank(b):
        return False
    if isinstance(a, numbers.Number) and isinstance(b, numbers.Number):
        return float(a) == float(b)  # a unit number read back as 3.0 is still unit 3
    return str(a) == str(b)
