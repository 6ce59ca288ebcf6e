"""Where a building's households figure came from: ``buildings.households_source``.

``attribute`` (a column of the imported layer), ``table`` (a household table
matched by address), ``estimate`` (:mod:`geo.estimates`), or blank (unknown:
typed in, or a file from before the column). Figures resting on estimates say
how many buildings they are (``households_estimated_buildings`` in the stats).
"""
from __future__ import annotations

import pandas as pd

from .messages import Message, register

COLUMN = "households_source"
ATTRIBUTE, TABLE, ESTIMATE = "attribute", "table", "estimate"

register("households.note", "{estimated} 栋楼户数为估算，{blank} 栋缺户数",
         "buildings with estimated households: {estimated}, with none: {blank}")


def prepare_column(project) -> None:
    """Give the file and the in-memory buildings the column before a command writes it.

    Files written before the column existed lack it (an UPDATE naming it would
    fail, and inserted rows would lose it in memory); it is added empty, which
    changes no figure. Call outside any transaction, before ``command.do``.
    """
    if project.store is not None:
        project.store.ensure_columns("buildings")
    frame = project.layers["buildings"]
    if COLUMN not in frame.columns:
        frame[COLUMN] = pd.Series(None, index=frame.index, dtype=object)


def mark_rows(rows, source: str) -> None:
    """Mark the row dicts (inserts or updates) that set a households figure with ``source``."""
    for row in rows:
        if row.get("households") is not None:
            row[COLUMN] = source


def counts(buildings: pd.DataFrame) -> tuple[int, int]:
    """(estimated, blank): buildings whose households are estimated, and those with none.

    The same rule as the stats fields ``households_estimated_buildings`` and
    ``households_blank_buildings`` (:func:`geo.coverage.buildings.base_columns`):
    blank, zero or negative households count as none.
    """
    households = (pd.to_numeric(buildings["households"], errors="coerce").fillna(0)
                  if "households" in buildings.columns else pd.Series(0, index=buildings.index))
    source = buildings[COLUMN] if COLUMN in buildings.columns else pd.Series(None, index=buildings.index)
    return int(((source == ESTIMATE) & (households > 0)).sum()), int((households <= 0).sum())


def note(estimated: int, blank: int) -> Message | None:
    """The note "N 栋楼户数为估算，M 栋缺户数" when N or M is above 0, else None.

    Every figure, report and chart resting on households says it.

    Examples
    --------
    >>> note(3, 0).text("zh")
    '3 栋楼户数为估算，0 栋缺户数'
    >>> note(0, 0) is None
    True
    """
    if estimated <= 0 and blank <= 0:
        return None
    return Message("households.note", estimated=int(estimated), blank=int(blank))
