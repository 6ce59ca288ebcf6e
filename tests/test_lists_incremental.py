"""ListFigures follows every edit (and undo) and always equals a from-scratch computation."""
import random

import pandas as pd
import pytest

from geo.editing.assign import EditRefused, ReassignBuildings
from geo.lists.case_states import AdvanceCase, legal_next
from geo.lists.figures import LEVELS, ListFigures, list_figures
from geo.lists.items import AddItem, DeleteItem, UpdateItem
from geo.lists.matching import ClaimMatch
from tests.lists_factories import lists_project

TARGETS = [("building", "B1"), ("building", "B2"), ("building", "B3"), ("compound", "K1"),
           ("compound", "K2"), ("grid", "G1"), ("grid", "G2")]


def _day(rng):
    return f"2026-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"


def _random_command(project, rng):
    needs, cases, projects = project["needs"], project["cases"], project["projects"]
    kind = rng.choice(["need", "move_need", "claim", "project_done", "drop_project", "case", "step",
                       "move_case", "drop_case", "reassign"])
    target = rng.choice(TARGETS)
    if kind == "need":
        return AddItem("needs", {"title": "新需求", "category": "养老助餐", "target_type": target[0],
                                 "target_id": target[1], "created_at": _day(rng)})
    if kind == "move_need" and len(needs):
        return UpdateItem("needs", rng.choice(list(needs.index)), {"target_type": target[0], "target_id": target[1]})
    if kind == "claim" and (needs["status"] == "open").any():
        need = rng.choice(list(needs.index[needs["status"] == "open"]))
        return ClaimMatch(need, "R0001", "partner", "P1", when=_day(rng))
    if kind == "project_done" and len(projects):
        return UpdateItem("projects", rng.choice(list(projects.index)), {"status": "done", "done_at": _day(rng)})
    if kind == "drop_project" and len(projects):
        return DeleteItem("projects", rng.choice(list(projects.index)))
    if kind == "case":
        return AddItem("cases", {"title": "新事件", "category": rng.choice(["矛盾纠纷", "环境卫生", "其他"]),
                                 "target_type": target[0], "target_id": target[1], "reported_at": _day(rng)})
    if kind == "step" and len(cases):
        case = rng.choice(list(cases.index))
        steps = legal_next(cases.at[case, "state"])
        if steps:
            to = rng.choice(steps)
            return AdvanceCase(case, to, when=_day(rng), satisfaction=rng.randint(1, 5) if to == "visited" else None)
    if kind == "move_case" and len(cases):
        return UpdateItem("cases", rng.choice(list(cases.index)), {"target_type": target[0], "target_id": target[1]})
    if kind == "drop_case" and len(cases):
        return DeleteItem("cases", rng.choice(list(cases.index)))
    if kind == "reassign":
        grid = project["buildings"].at["B2", "grid_id"]
        return ReassignBuildings({"B2": "G2" if grid == "G1" else "G1"})
    return None


def _assert_equal(live, project, as_of):
    for level in LEVELS:
        pd.testing.assert_frame_equal(live.frame(level), list_figures(project, as_of, level), check_dtype=False)


@pytest.mark.parametrize("seed", [1])
def test_random_edits_and_undos_keep_the_live_figures_equal_to_a_recount(tiny_gpkg, tmp_path, seed):
    project = lists_project(tiny_gpkg, tmp_path)
    live_now, live_then = ListFigures(project), ListFigures(project, as_of="2026-02-15")
    touched = []
    live_now.changed.connect(touched.append)
    rng, done = random.Random(seed), []
    for _ in range(50):
        if done and rng.random() < 0.2:
            done.pop().undo(project)
        else:
            command = _random_command(project, rng)
            if command is None:
                continue
            try:
                command.do(project)
            except EditRefused:
                continue  # a refused edit changes nothing (e.g. a compound with no building left)
            done.append(command)
        _assert_equal(live_now, project, None)
        _assert_equal(live_then, project, "2026-02-15")
    assert touched and all(isinstance(grids, tuple) for grids in touched)
    live_now.close()
    project.close()


def test_an_edit_announces_only_the_grids_it_touched(tiny_gpkg, tmp_path):
    project = lists_project(tiny_gpkg, tmp_path)
    live = ListFigures(project)
    heard = []
    live.changed.connect(heard.append)
    AdvanceCase("C0004", "triage").do(project)  # C0004 is on B2 in G1: the case and its event
    assert set(heard) == {("G1",)}
    UpdateItem("cases", "C0004", {"target_type": "building", "target_id": "B3"}).do(project)
    assert heard[-1] == ("G1", "G2")
    assert live.frame("grid").loc["G2", "cases_total"] == 3
    project.close()
