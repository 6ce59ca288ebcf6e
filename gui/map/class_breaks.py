"""Class breaks for a graduated style that a reader can tell apart.

Plain quantiles of skewed figures repeat themselves: 每百户党员数 of a street's
communities once gave "< 17, 17 – 17, 17 – 17, 17 – 17, ≥ 17" (breaks of
16.8, 17.0, 17.1, 17.3 printed without decimals). Here the quantile breaks
are rounded to a step that follows the data's spread, finer only as long as
rounding would merge breaks, duplicates are dropped, and so is a break at the
minimum (its lower class would be empty). Few distinct values get a class
each; a constant gets one class.
"""
from __future__ import annotations

import math

import numpy as np

#: How many times a rounding step may be made ten times finer to keep breaks apart.
FINER_STEPS = 4


def class_breaks(values, classes: int = 5) -> tuple[float, ...]:
    """Inner class limits (ascending, distinct, each above the minimum).

    Quantiles are taken over every value, so ties weigh; missing values are ignored.

    >>> class_breaks([17] * 95 + [3, 40, 80, 200, 1000])
    (17.0,)
    >>> class_breaks([5, 5, 5])
    ()
    >>> class_breaks([0, 50, 100])
    (20.0, 80.0)
    >>> class_breaks([17.006803, 17.096296, 17.295524, 17.4])
    (17.05, 17.2, 17.35)
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    distinct = np.unique(values)
    if len(distinct) <= 1:
        return ()
    if len(distinct) <= classes:
        return between(distinct)  # a class per value
    quantiles = np.unique(np.quantile(values, np.linspace(0, 1, classes + 1)[1:-1]))
    return rounded_breaks(quantiles, distinct[0], distinct[-1], classes)


def between(distinct) -> tuple[float, ...]:
    """A round break between each pair of neighbouring values, each value in its own class.

    The coarsest step at which every rounded midpoint still lies above the
    lower value and not above the upper one (so it prints short, not as
    17.006803).
    """
    low, high = distinct[:-1], distinct[1:]
    middle = (low + high) / 2
    step = 10.0 ** math.ceil(math.log10(float((high - low).max())))
    for _ in range(16):
        breaks = np.round(middle / step) * step
        if ((breaks > low) & (breaks <= high)).all():
            return tuple(float(round(b, 10)) for b in breaks)
        step /= 10
    return tuple(float(v) for v in high)


def rounded_breaks(quantiles, low: float, high: float, classes: int) -> tuple[float, ...]:
    """``quantiles`` rounded to the coarsest step that keeps them apart, inside (low, high]."""
    wanted = len(_inside(quantiles, low, high))
    step = 10.0 ** math.floor(math.log10((high - low) / classes))
    smallest = np.abs(quantiles[quantiles != 0]).min(initial=np.inf)
    if np.isfinite(smallest):  # at most two significant digits lost: 17 stays 17, not 20
        step = min(step, 10.0 ** (math.floor(math.log10(smallest)) - 1))
    best = ()
    for _ in range(FINER_STEPS + 1):
        breaks = _inside(np.unique(np.round(quantiles / step) * step), low, high)
        if len(breaks) > len(best):
            best = breaks
        if len(breaks) >= wanted:
            break
        step /= 10
    return tuple(float(round(b, 10)) for b in best)


def _inside(breaks, low: float, high: float) -> np.ndarray:
    breaks = np.asarray(breaks, dtype=float)
    return breaks[(breaks > low) & (breaks <= high)]


def decimals_of(breaks) -> int:
    """The fewest decimals that print every break exactly (so labels stay distinct)."""
    for d in range(7):
        if all(abs(b - round(b, d)) < 1e-9 * max(1.0, abs(b)) for b in breaks):
            return d
    return 6
