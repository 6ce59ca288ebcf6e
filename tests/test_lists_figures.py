"""Every list and case figure worked out by hand (tests/lists_factories.py), now and as of past days."""
import datetime as dt
import math

import pytest

from geo.lists.figures import FIGURE_COLUMNS, list_figures
from tests.lists_factories import lists_project

NAN = float("nan")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from tests.factories import write_tiny

    folder = tmp_path_factory.mktemp("lists")
    project = lists_project(write_tiny(folder / "tiny.gpkg"), folder)
    yield project
    project.close()


def _row(frame, key):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in frame.loc[key, FIGURE_COLUMNS]]


def _expect(*values):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


#             needs t/open/matched, resources, projects t/done, cases t/open/overdue, resolved, on time, satisfaction
def test_as_of_march_10_per_grid_community_and_street(project):
    grids = list_figures(project, as_of="2026-03-10")
    assert list(grids.columns) == FIGURE_COLUMNS and list(grids.index) == ["G1", "G2"]
    assert grids.index.name == "grid_id"
    assert _row(grids, "G1") == _expect(2, 1, 1, 2, 1, 1, 3, 1, 0, 2 / 3, 1.0, 5.0)
    assert _row(grids, "G2") == _expect(1, 0, 1, 0, 1, 0, 2, 1, 1, 0.5, 0.0, 3.0)
    community = list_figures(project, as_of="2026-03-10", level="community")
    assert _row(community, "C1") == _expect(3, 1, 2, 2, 2, 1, 5, 2, 1, 0.6, 2 / 3, 4.0)
    street = list_figures(project, as_of="2026-03-10", level="street")
    assert list(street.index) == ["street"]  # the need and the resource in no grid count here only
    assert _row(street, "street") == _expect(4, 2, 2, 3, 2, 1, 5, 2, 1, 0.6, 2 / 3, 4.0)


def test_overdue_depends_on_the_day(project):
    assert list_figures(project, as_of="2026-03-11").loc["G1", "cases_overdue"] == 0  # C0004 due 03-11
    assert list_figures(project, as_of="2026-03-12").loc["G1", "cases_overdue"] == 1
    assert list_figures(project, as_of=dt.date(2026, 2, 5)).loc["G2", "cases_overdue"] == 1  # C0002 due 02-04
    assert list_figures(project, as_of="2026-02-07").loc["G2", "cases_overdue"] == 0  # closed 02-06


def test_as_of_january_12_counts_only_what_existed(project):
    grids = list_figures(project, as_of="2026-01-12")
    # N0001 exists but P0001 is claimed on 01-15: open; C0001 visited 01-10 (5), C0005 closed 01-10
    assert _row(grids, "G1") == _expect(1, 1, 0, 2, 0, 0, 2, 0, 0, 1.0, 1.0, 5.0)
    assert _row(grids, "G2") == _expect(0, 0, 0, 0, 0, 0, 0, 0, 0, NAN, NAN, NAN)


def test_as_of_january_5_rebuilds_states_from_the_events(project):
    grids = list_figures(project, as_of="2026-01-05")
    # C0001 was in handling (its score of 5 comes on 01-10), C0005 just found
    assert _row(grids, "G1") == _expect(0, 0, 0, 2, 0, 0, 2, 2, 0, 0.0, NAN, NAN)


def test_as_of_before_anything(project):
    street = list_figures(project, as_of="2025-12-31", level="street")
    assert _row(street, "street") == _expect(0, 0, 0, 3, 0, 0, 0, 0, 0, NAN, NAN, NAN)


def test_as_stored_uses_the_stored_states(project):
    now = list_figures(project)
    assert _row(now, "G1")[:8] == [2, 1, 1, 2, 1, 1, 3, 1]
    assert _row(now, "G1")[9:] == _expect(2 / 3, 1.0, 5.0)
    assert now["cases_overdue"].equals(list_figures(project, as_of=dt.date.today())["cases_overdue"])


def test_empty_project_has_zero_counts_and_no_shares(tiny_gpkg):
    from geo.project import Project

    project = Project.open(tiny_gpkg)
    street = list_figures(project, level="street")
    assert _row(street, "street") == _expect(0, 0, 0, 0, 0, 0, 0, 0, 0, NAN, NAN, NAN)
    assert list(list_figures(project, level="community").index) == ["C1"]
    project.close()
