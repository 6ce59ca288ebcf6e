"""Choosing a metric CRS for distance and area work.

Data stays in the CRS it came in (the demo: CGCS2000 geographic, EPSG:4490);
metres come from the CGCS2000 3-degree Gauss-Krüger zone of the data's
centre, the projection Chinese surveyors use.

Examples
--------
>>> gauss_kruger_epsg(117.0)
4548
>>> gauss_kruger_epsg(75.2)
4534
"""
from __future__ import annotations

import pyproj


def gauss_kruger_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3-degree GK zone (no zone prefix) for a longitude."""
    central = 3 * round(lon / 3)
    central = min(max(central, 75), 135)
    return 4534 + (central - 75) // 3


def metric_crs_for(crs, bounds) -> pyproj.CRS:
    """A metric CRS for data in ``crs`` covering ``bounds`` (minx, miny, maxx, maxy)."""
    crs = pyproj.CRS.from_user_input(crs)
    if crs.is_projected:
        return crs
    lon = (bounds[0] + bounds[2]) / 2 if bounds is not None else 117.0
    return pyproj.CRS.from_epsg(gauss_kruger_epsg(lon))
