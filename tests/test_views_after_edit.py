"""Views follow an edit in place (no rebuild) and still show what a freshly built view shows."""
import numpy as np
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from geo.project import Project
from gui.models.org_tree_model import OrgTreeModel


def _rows(model, parent=QModelIndex(), depth=0) -> list:
    """Every node's (depth, texts, key), fetching as a view would; each node knows its parent."""
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        assert model.parent(index) == parent
        out.append((depth, index.data(), model.index(row, 1, parent).data(), model.node_key(index)))
        out += _rows(model, index, depth + 1)
        assert model.hasChildren(index) == (model.rowCount(index) > 0)
    return out


def _below(orgs, org) -> set:
    """``org`` and every organization under it."""
    out, todo = set(), [org]
    while todo:
        o = todo.pop()
        if o not in out:
            out.add(o)
            todo += orgs.index[(orgs["parent_id"] == o).to_numpy()].tolist()
    return out


def test_org_moves_follow_in_place_and_equal_a_fresh_tree(demo_copy, qtbot):
    project = Project.open(demo_copy)
    try:
        orgs = project["organizations"]
        model = OrgTreeModel(project)
        view = QTreeView()
        view.setModel(model)
        levels = orgs["level"]
        groups = orgs.index[(levels == "building_group").to_numpy()].tolist()
        branches = orgs.index[(levels == "grid_branch").to_numpy()].tolist()
        committees = orgs.index[(levels == "community_committee").to_numpy()].tolist()
        assert len(groups) > 10 and len(branches) > 3 and len(committees) > 1
        rng = np.random.default_rng(13)
        # some parts of the tree made and open, others never opened: both kinds of parent
        for org in rng.choice(branches, size=3, replace=False).tolist() + [groups[0]]:
            view.expand(model.index_of_org(org))
        moved = 0
        for step in range(20):
            orgs = project["organizations"]
            if step % 5 == 4:  # a branch with its groups and members to another committee
                org, target = rng.choice(branches), rng.choice(committees)
            else:  # a building's group follows its building to another grid branch
                org, target = rng.choice(groups), rng.choice(branches)
            project.apply([("update", "organizations", org, {"parent_id": target})])
            assert model.move_orgs([org])
            moved += 1
            assert _rows(model) == _rows(OrgTreeModel(project)), step
            assert all(model.member_count(o) == n for o, n in OrgTreeModel(project)._total.items())
            if step % 10 == 7:  # into its own subtree: only a regroup can show a loop
                orgs = project["organizations"]
                branch = rng.choice(branches)
                below = sorted(_below(orgs, branch) - {branch})
                before, shown = orgs.at[branch, "parent_id"], _rows(model)
                project.apply([("update", "organizations", branch, {"parent_id": below[0]})])
                assert not model.move_orgs([branch])
                assert _rows(model) == shown  # nothing half done
                project.apply([("update", "organizations", branch, {"parent_id": before})])
                assert model.move_orgs([branch])  # back where the model still has it: nothing to move
                assert _rows(model) == shown == _rows(OrgTreeModel(project))
        assert moved == 20
    finally:
        project.close()


def test_a_building_group_moving_does_not_regroup_the_dock(make_main_window, demo_copy, qtbot):
    window = make_main_window(demo_copy)
    project, dock = window.project, window.org_dock
    orgs = project["organizations"]
    levels = orgs["level"]
    group = orgs.index[(levels == "building_group").to_numpy()][0]
    old = orgs.at[group, "parent_id"]
    target = next(b for b in orgs.index[(levels == "grid_branch").to_numpy()] if b != old)
    for org in (old, target, group):
        dock.tree.expand(dock.model.index_of_org(org))
    dock.select_org(group)
    model = dock.model
    project.apply([("update", "organizations", group, {"parent_id": target})])
    assert not dock._regroup.pending() and dock.model is model  # moved in place
    assert dock.current_key() == ("org", group)  # the node made anew is current again
    assert dock.tree.isExpanded(model.index_of_org(group)) and dock.tree.isExpanded(model.index_of_org(target))
    from tests.test_org_tree_incremental import _rows as rows_to

    assert rows_to(model, limit=8) == rows_to(OrgTreeModel(project), limit=8)


def _texts(model) -> list:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_gap_table_texts_kept_for_repaints_follow_edits_filters_and_sorting(qapp):
    from geo.coverage import CoverageModel
    from gui.coverage.gap_model import COLUMNS, GapTableModel
    from tests.coverage_factories import coverage_project
    from tests.test_coverage_incremental import EDITS

    project = coverage_project()
    coverage = CoverageModel(project)
    kept = GapTableModel()
    names = project["communities"]["name"].astype(str).to_dict()
    kept.set_gaps(coverage.gaps(), names)
    rng = np.random.default_rng(11)
    for step, name in enumerate(EDITS):
        _texts(kept)  # read (and kept) before the edit, as a repaint would
        project.apply(EDITS[name])
        kept.set_gaps(coverage.gaps(), names)
        if step % 3 == 1:
            kept.sort(int(rng.integers(0, len(COLUMNS))))
        fresh = GapTableModel()
        fresh.set_gaps(CoverageModel(project, live=False).gaps(), names)
        column, order = kept._sort
        fresh.sort([c for c, _ in COLUMNS].index(column), order)
        assert _texts(kept) == _texts(fresh), name
