"""The case loop's state machine: every legal step, every illegal one refused, events recorded."""
import itertools

import pytest

from geo.editing.assign import EditRefused
from geo.lists.case_states import TRANSITIONS, AdvanceCase, is_open, legal_next, overdue
from geo.lists.items import AddItem
from geo.project import Project
from geo.schema import CASE_STATES
from tests.editing_checks import open_copy


@pytest.fixture
def project(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    AddItem("cases", {"title": "楼道堆物", "category": "环境卫生", "target_type": "building",
                      "target_id": "B1", "reported_at": "2026-05-01", "source": "patrol"}).do(project)
    yield project
    project.close()


def _walk(project, states, start_day=2):
    for day, state in enumerate(states, start=start_day):
        AdvanceCase("C0001", state, actor="王网格长", when=f"2026-05-{day:02d}").do(project)


def test_full_loop_records_every_step_and_closing_date(project):
    _walk(project, ["triage", "in_progress", "closed"])
    AdvanceCase("C0001", "visited", actor="社区", when="2026-05-06T10:30", satisfaction=4).do(project)
    case = project["cases"].loc["C0001"]
    assert case["state"] == "visited" and case["closed_at"] == "2026-05-04" and case["satisfaction"] == 4
    events = project["case_events"]
    assert list(zip(events["from_state"], events["to_state"])) == [
        (None, "found"), ("found", "triage"), ("triage", "in_progress"), ("in_progress", "closed"),
        ("closed", "visited")]
    assert events["time"].iloc[-1] == "2026-05-06T10:30" and set(events["actor"].iloc[1:]) == {"王网格长", "社区"}
    project.close()
    reopened = Project.open(project.path)
    assert len(reopened["case_events"]) == 5 and reopened["cases"].loc["C0001", "satisfaction"] == 4
    reopened.close()


def test_reopening_clears_closed_at_and_undo_restores_it(project):
    _walk(project, ["triage", "in_progress", "closed"])
    reopen = AdvanceCase("C0001", "in_progress", note="居民反映未解决", when="2026-05-06")
    reopen.do(project)
    assert project["cases"].loc["C0001", "closed_at"] is None
    reopen.undo(project)
    assert project["cases"].loc["C0001", "state"] == "closed"
    assert project["cases"].loc["C0001", "closed_at"] == "2026-05-04"
    assert len(project["case_events"]) == 4


def test_triage_routes_to_a_handler(project):
    AdvanceCase("C0001", "triage", handler_type="mediation", handler_id="调解队").do(project)
    assert project["cases"].loc["C0001", ["handler_type", "handler_id"]].tolist() == ["mediation", "调解队"]


@pytest.mark.parametrize("start, to", [(a, b) for a, b in itertools.product(CASE_STATES, CASE_STATES)
                                        if b not in TRANSITIONS[a]])
def test_every_illegal_transition_is_refused(project, start, to):
    path = {"found": [], "triage": ["triage"], "in_progress": ["triage", "in_progress"],
            "closed": ["triage", "in_progress", "closed"], "visited": ["triage", "in_progress", "closed", "visited"],
            "returned": ["returned"], "escalated": ["triage", "escalated"]}[start]
    _walk(project, path)
    events_before = len(project["case_events"])
    with pytest.raises(EditRefused) as refused:
        AdvanceCase("C0001", to).do(project)
    assert refused.value.message.code == "lists.case_illegal_transition"
    assert project["cases"].loc["C0001", "state"] == start and len(project["case_events"]) == events_before


def test_illegal_transition_names_case_and_states_in_both_languages(project):
    with pytest.raises(EditRefused) as refused:
        AdvanceCase("C0001", "closed").do(project)
    assert refused.value.text("zh") == "事件 C0001 不能从“发现”转为“办结”"
    assert refused.value.text("en") == 'Case C0001 cannot go from "Found" to "Closed"'


def test_satisfaction_only_on_visit_and_only_1_to_5(project):
    _walk(project, ["triage", "in_progress"])
    with pytest.raises(EditRefused):
        AdvanceCase("C0001", "closed", satisfaction=5).do(project)
    AdvanceCase("C0001", "closed").do(project)
    with pytest.raises(EditRefused) as refused:
        AdvanceCase("C0001", "visited", satisfaction=6).do(project)
    assert refused.value.message.code == "lists.bad_satisfaction"


def test_open_and_overdue(project):
    assert legal_next("closed") == ("in_progress", "visited")
    assert is_open("escalated") and not is_open("visited")
    cases = project["cases"]  # 环境卫生: due 3 days after 2026-05-01
    assert cases.loc["C0001", "due_at"] == "2026-05-04"
    assert not overdue(cases, "2026-05-04").any() and overdue(cases, "2026-05-05").all()
    _walk(project, ["triage", "in_progress", "closed"])
    assert not overdue(project["cases"], "2026-05-05").any()
