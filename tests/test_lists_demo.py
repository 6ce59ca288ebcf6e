"""The demo street's year of lists and cases: realistic, seasonal, consistent, deterministic."""
import sqlite3

import pandas as pd
import pytest

from geo.demo import generate
from geo.demo_file import ensure_demo
from geo.editing.grids import RenameGrid
from geo.lists.case_states import TRANSITIONS
from geo.lists.figures import list_figures
from geo.lists.gaps import list_gaps
from geo.project import Project
from geo.schema import CASE_STATES, NEED_STATUSES, PROJECT_STATUSES


@pytest.fixture(scope="module")
def layers():
    return generate("street", seed=1)[0]


def test_hundreds_of_each(layers):
    assert 300 <= len(layers["needs"]) <= 700 and 150 <= len(layers["resources"]) <= 400
    assert 300 <= len(layers["projects"]) <= 900 and 400 <= len(layers["cases"]) <= 900
    assert {"矛盾纠纷", "环境卫生", "设施维修", "养老助餐", "停车管理"} <= set(layers["cases"]["category"])
    assert set(layers["needs"]["status"]) <= set(NEED_STATUSES)
    assert set(layers["projects"]["status"]) <= set(PROJECT_STATUSES)
    assert set(layers["cases"]["state"]) <= set(CASE_STATES)


def test_seasons_show(layers):
    cases = layers["cases"]
    month = pd.to_datetime(cases["reported_at"]).dt.month
    sanitation = cases["category"] == "环境卫生"
    repairs = cases["category"] == "设施维修"
    assert sanitation[month.isin([6, 7, 8])].sum() > 1.5 * sanitation[month.isin([12, 1, 2])].sum()
    assert repairs[month.isin([11, 12, 1])].sum() > 1.5 * repairs[month.isin([5, 6, 7])].sum()


def test_every_case_state_is_its_last_event_and_every_step_is_legal(layers):
    cases, events = layers["cases"].set_index("case_id"), layers["case_events"]
    assert events["case_id"].isin(cases.index).all() and cases.index.isin(events["case_id"]).all()
    ordered = events.sort_values(["case_id", "time", "event_id"])
    last = ordered.groupby("case_id")["to_state"].last()
    assert (last.reindex(cases.index) == cases["state"]).all()
    for prev, to in zip(ordered["from_state"], ordered["to_state"]):
        assert prev is None and to == "found" or to in TRANSITIONS[prev]
    resolved = cases["state"].isin(["closed", "visited"])
    assert cases.loc[resolved, "closed_at"].notna().all() and cases.loc[~resolved, "closed_at"].isna().all()
    scored = cases["satisfaction"].dropna()
    assert set(scored.index) <= set(cases.index[cases["state"] == "visited"])
    assert scored.isin([1, 2, 3, 4, 5]).all() and (scored >= 4).mean() > 0.8


def test_projects_link_matched_needs(layers):
    needs, projects = layers["needs"].set_index("need_id"), layers["projects"]
    assert projects["need_id"].isin(needs.index).all()
    assert projects["resource_id"].isin(set(layers["resources"]["resource_id"])).all()
    claimed = set(projects["need_id"])
    assert (needs.loc[needs["status"] == "open"].index.isin(claimed)).sum() == 0
    assert needs.loc[needs["status"] != "open"].index.isin(claimed).all()


def test_figures_a_few_overdue_and_gaps(demo_gpkg):
    project = Project.open(demo_gpkg)
    street = list_figures(project, as_of="2026-11-30", level="street").iloc[0]
    assert 1 <= street["cases_overdue"] <= 15
    assert 0.9 <= street["cases_resolved_share"] < 1 and 4.0 <= street["satisfaction_mean"] <= 5
    gaps = list_gaps(project, as_of="2026-11-30")
    assert {g["kind"] for g in gaps} == {"case_overdue", "need_unmatched"}
    by_grid = list_figures(project, as_of="2026-11-30")
    assert (by_grid["cases_total"] > 0).mean() > 0.9  # every view has something to show
    project.close()


def test_an_untouched_older_demo_is_written_again_an_edited_one_kept(tmp_path, demo_gpkg):
    import shutil

    old = tmp_path / "old.gpkg"
    shutil.copy(demo_gpkg, old)
    con = sqlite3.connect(old)
    con.execute('DROP TABLE "cases"')
    con.execute("DELETE FROM gpkg_contents WHERE table_name='cases'")
    con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name='cases'")
    con.commit()
    con.close()
    edited = tmp_path / "edited.gpkg"
    shutil.copy(old, edited)
    project = Project.open(edited)
    RenameGrid(project["grids"].index[0], "改过的网格").do(project)  # recorded in the history
    project.close()
    ensure_demo(old)
    ensure_demo(edited)
    rewritten = Project.open(old)
    assert len(rewritten["cases"]) > 0
    rewritten.close()
    con = sqlite3.connect(edited)
    assert "cases" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
