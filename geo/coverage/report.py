"""Coverage figures and gaps as plain data: ``stats --json`` and the gaps command.

The field names are a public interface, documented in docs/stats_json.md.
"""
from __future__ import annotations

import math

import pandas as pd

from ..messages import Message
from .model import CoverageModel

#: Gap fields in the JSON output, in order.
GAP_FIELDS = ["type", "severity", "title", "layer", "id", "name", "community_id", "grid_id",
              "needed", "needed_unit", "households", "detail", "x", "y"]


def plain(value):
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/NA become None.

    Examples
    --------
    >>> plain(float("nan")) is None, plain(3.0)
    (True, 3)
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, Message):  # a gap's detail: worded in the current language
        return value.text()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() else value
    return value


def records(frame: pd.DataFrame, columns=None) -> list[dict]:
    """Rows of ``frame`` as JSON-ready dicts."""
    columns = list(frame.columns if columns is None else columns)
    return [{c: plain(v) for c, v in zip(columns, row)}
            for row in frame[columns].itertuples(index=False, name=None)]


def stats_json(project, model: CoverageModel | None = None) -> dict:
    """Every coverage figure and gap of ``project`` as one JSON-ready dict.

    Parameters
    ----------
    project : geo.project.Project
    model : CoverageModel, optional
        A live model to read from (computed once when omitted).

    Returns
    -------
    dict
        ``{"street": {...}, "communities": [...], "grids": [...], "gaps": [...],
        "rules": {...}}``; see docs/stats_json.md for every field.
    """
    model = model or CoverageModel(project, live=False)
    street = {k: plain(v) for k, v in model.street.items()}
    return {
        "street": street,
        "communities": records(model.communities),
        "grids": records(model.grids),
        "gaps": records(model.gaps(), GAP_FIELDS),
        "rules": {k: v for k, v in project.rules.to_rows()},
    }
