"""Coverage and gap analysis: the organization department's view of a project.

Figures for every grid, community and the street (households, members,
branches, party groups, unit heads, central-household links, station
coverage, staffing, partners, household band) and a gap list saying what is
missing where. :class:`CoverageModel` keeps them current as the project is
edited; :func:`stats_json` is the machine-readable form (docs/stats_json.md).
"""
from __future__ import annotations

from .gaps import GAP_TYPES
from .model import CoverageChanged, CoverageModel
from .report import stats_json

__all__ = ["CoverageModel", "CoverageChanged", "GAP_TYPES", "stats_json"]
