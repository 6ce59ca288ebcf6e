"""Estimated households, floors and units for buildings that lack them.

A street starting from survey footprints often has no household figures. Until
a household table arrives, they are estimated from the footprint, and every
estimated building is marked ``households_source = "estimate"`` so that each
figure resting on it can say how many buildings are estimates. The rules:

* floors: the ``floors`` attribute; when blank (or not positive), from a
  ``height`` (or ``高度``) attribute: ``max(1, round(height / floor_height))`` (halves up),
  written into ``floors``;
* households: ``max(1, round(footprint area (m², in the project's metric CRS)
  × floors / area_per_household))``;
* units (单元), only when blank: ``ceil(households / (floors × 2))`` — two
  households per floor and stairwell, the common urban layout.

Only buildings with blank or zero households are estimated; ``overwrite``
estimates every building, replacing figures from attributes or tables too. A
building with neither floors nor height is skipped and listed.

Example
-------
>>> command, result = estimate_command(project, area_per_household=90)   # doctest: +SKIP
>>> command.do(project)                                                 # doctest: +SKIP
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .commands import SetValues
from .households_source import ESTIMATE
from .messages import CodedError, Message, register

DEFAULT_AREA_PER_HOUSEHOLD = 90.0
DEFAULT_FLOOR_HEIGHT = 3.0
#: Households per floor in one stairwell unit (一梯两户).
HOUSEHOLDS_PER_UNIT_FLOOR = 2
#: Attribute columns read as the building's height in metres, first found wins.
HEIGHT_COLUMNS = ("height", "高度")

BAD_PARAMETER = register("estimate.bad_parameter", "{name} 必须是正数，而不是 {value}",
                         "{name} must be a positive number, not {value}")
register("estimate.no_floors", "楼栋 {id}：没有层数，也没有高度，无法估算户数",
         "building {id}: no floors and no height; households cannot be estimated")
register("estimate.summary",
         "估算 {estimated} 栋楼的户数（其中 {from_height} 栋层数由高度推算，{units} 栋估算单元数），{skipped} 栋无法估算",
         "estimated households of {estimated} buildings ({from_height} with floors from height,"
         " {units} with estimated units), {skipped} could not be estimated")


@dataclass
class EstimateResult:
    """What estimating would write, building by building, and what it could not do."""

    values: dict = field(default_factory=dict)      # building id -> {column: value}
    floors_from_height: int = 0
    units_estimated: int = 0
    skipped: list = field(default_factory=list)     # list[Message] (estimate.no_floors)

    @property
    def summary(self) -> Message:
        return Message("estimate.summary", estimated=len(self.values),
                       from_height=self.floors_from_height, units=self.units_estimated,
                       skipped=len(self.skipped))


def estimate_households(project, area_per_household: float = DEFAULT_AREA_PER_HOUSEHOLD,
                        floor_height: float = DEFAULT_FLOOR_HEIGHT,
                        overwrite: bool = False) -> EstimateResult:
    """Work out estimated households (and floors, units) for the project's buildings.

    Parameters
    ----------
    project : geo.project.Project
    area_per_household : float
        Gross floor area per household in m² (90 by default).
    floor_height : float
        Metres per floor, to get floors from a height attribute (3 by default).
    overwrite : bool
        Estimate every building, also those whose households came from an
        attribute or a household table.

    Returns
    -------
    EstimateResult
        Nothing is changed; :func:`estimate_command` makes the undoable edit.

    Raises
    ------
    geo.messages.CodedError
        ``area_per_household`` or ``floor_height`` is not a positive number.
    """
    _check_positive("--area-per-household", area_per_household)
    _check_positive("--floor-height", floor_height)
    frame = project["buildings"]
    result = EstimateResult()
    if frame.empty:
        return result
    households = _number(frame, "households")
    todo = frame.index if overwrite else frame.index[~(households > 0)]
    if not len(todo):
        return result
    area = project.metric("buildings").area
    floors, units, height = _number(frame, "floors"), _number(frame, "units"), _height(frame)
    for id_ in todo:
        values = _estimate_one(area[id_], floors[id_], units[id_], height[id_],
                               area_per_household, floor_height)
        if values is None:
            result.skipped.append(Message("estimate.no_floors", id=id_))
            continue
        result.floors_from_height += "floors" in values
        result.units_estimated += "units" in values
        result.values[id_] = values
    return result


def estimate_command(project, **options) -> tuple[SetValues, EstimateResult]:
    """The undoable edit for :func:`estimate_households` (same options) and its result."""
    result = estimate_households(project, **options)
    return SetValues("buildings", result.values, text=Message("command.estimate_households")), result


def _estimate_one(area, floors, units, height, area_per_household, floor_height):
    """{column: value} for one building, or None when it has neither floors nor height."""
    values = {}
    if not floors > 0:
        if not height > 0:
            return None
        floors = max(1, _half_up(height / floor_height))
        values["floors"] = int(floors)
    households = max(1, _half_up(area * floors / area_per_household))
    values["households"] = int(households)
    if not units > 0:
        values["units"] = int(math.ceil(households / (floors * HOUSEHOLDS_PER_UNIT_FLOOR)))
    values["households_source"] = ESTIMATE
    return values


def _half_up(x: float) -> int:
    """Rounded half up (Python's round() rounds 2.5 to 2)."""
    return int(math.floor(x + 0.5))


def _number(frame, column) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(float("nan"), index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")


def _height(frame) -> pd.Series:
    for column in HEIGHT_COLUMNS:
        if column in frame.columns:
            return _number(frame, column)
    return pd.Series(float("nan"), index=frame.index)


def _check_positive(name, value) -> None:
    try:
        ok = math.isfinite(float(value)) and float(value) > 0
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise CodedError(BAD_PARAMETER, name=name, value=value)
