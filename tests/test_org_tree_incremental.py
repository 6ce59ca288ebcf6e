"""The organization tree after edits shows what a freshly built tree shows, and keeps what was open."""
import numpy as np
from PySide6.QtCore import QModelIndex

from gui.models.org_tree_model import OrgTreeModel


def _rows(model, parent=QModelIndex(), depth=0, limit=3) -> list:
    """Every node's (depth, texts) down to ``limit`` levels, fetching as a view would."""
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append((depth, index.data(), model.index(row, 1, parent).data(), model.node_key(index)))
        if depth < limit:
            out += _rows(model, index, depth + 1, limit)
    return out


def test_org_tree_after_random_edits_equals_a_fresh_one(make_main_window, demo_copy, qtbot):
    window = make_main_window(demo_copy)
    project, dock = window.project, window.org_dock
    rng = np.random.default_rng(14)
    branch = project["organizations"].index[(project["organizations"]["level"] == "grid_branch").to_numpy()][0]
    dock.select_org(branch)
    dock.tree.expand(dock.model.index_of_org(branch))
    for step in range(8):
        members, orgs = project["members"], project["organizations"]
        m = members.index[int(rng.integers(len(members)))]
        o = orgs.index[int(rng.integers(len(orgs)))]
        if step % 3 == 0:  # a text only: the node is redrawn, the tree not regrouped
            changes = [("update", "members", m, {"name": f"改名{step}"}),
                       ("update", "organizations", o, {"name": f"组织{step}"})]
        elif step % 3 == 1:  # a member files under another organization
            changes = [("update", "members", m, {"org_id": o})]
        else:
            changes = [("delete", "members", m)]
        project.apply(changes)
        qtbot.waitUntil(lambda: not dock._regroup.pending(), timeout=10_000)
        assert _rows(dock.model) == _rows(OrgTreeModel(project)), step
    assert dock.tree.isExpanded(dock.model.index_of_org(branch))  # what was open is open again
    assert dock.current_key() == ("org", branch)
