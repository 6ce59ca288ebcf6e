"""The figures of a project as one dict (the ``stats --json`` object).

The coverage analysis provides the full figures; until a project has what it
needs, the plain counts of :mod:`geo.stats` stand in with the same top-level keys.
"""
from __future__ import annotations


def project_figures(project) -> dict:
    try:
        from .coverage.report import stats_json
    except ImportError:
        from .stats import counts
        return counts(project)
    return stats_json(project)
