"""The table and tree models stay lazy at city scale (500,000 rows, 1,000,000 members)."""
import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QModelIndex, Qt

from geo.project import Project
from tests.factories import tiny_frames


@pytest.fixture(scope="module")
def big_project():
    frames = tiny_frames()
    n = 500_000
    ids = np.char.add("B", np.arange(n).astype(str)).astype(object)
    frames["buildings"] = pd.DataFrame({
        "building_id": ids, "name": (np.arange(n) % 30 + 1).astype(str).astype(object) + "号楼",
        "compound_id": "K1", "grid_id": np.where(np.arange(n) % 2, "G1", "G2").astype(object),
        "floors": np.arange(n) % 33, "units": 3, "households": (np.arange(n) * 7919) % 500})
    m = 1_000_000
    orgs = frames["organizations"]
    extra = pd.DataFrame({"org_id": [f"O-X{i}" for i in range(2000)], "parent_id": "O-G1",
                          "level": "building_group", "name": [f"{i}号楼党小组" for i in range(2000)],
                          "area_type": "building", "area_id": [f"B{i}" for i in range(2000)]})
    frames["organizations"] = pd.concat([orgs, extra], ignore_index=True)
    frames["members"] = pd.DataFrame({
        "member_id": np.char.add("M", np.arange(m).astype(str)).astype(object),
        "name": np.char.add("党员", np.arange(m).astype(str)).astype(object),
        "org_id": np.char.add("O-X", (np.arange(m) % 2000).astype(str)).astype(object),
        "building_id": np.char.add("B", (np.arange(m) % 2000).astype(str)).astype(object),
        "roles": None})
    return Project(frames)


def test_attribute_model_reads_500k_rows_on_demand(qapp, big_project):
    from gui.models.attribute_table_model import AttributeTableModel
    from gui.models.frame_proxy_model import FrameProxyModel

    model = AttributeTableModel(big_project, "buildings")
    proxy = FrameProxyModel()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 500_000
    assert proxy.index(499_999, 0).data() == "B499999"
    column = model.columns().index("households")
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, column).data() == "499"
    proxy.set_filter_text("B49999")
    assert proxy.rowCount() == 11  # B49999 and B499990..B499999


def test_org_tree_groups_a_million_members_once_and_fetches_lazily(qapp, big_project):
    from gui.models.org_tree_model import MEMBER_BATCH, OrgTreeModel

    model = OrgTreeModel(big_project)
    model.fetchMore(QModelIndex())  # what a view does first
    root = model.index(0, 0)
    assert model.index(0, 1).data() == str(1_000_000)
    group = model.index_of_org("O-X7")
    assert group.data() == "7号楼党小组" and model.index(group.row(), 1, group.parent()).data() == "500"
    assert model.rowCount(group) == 0 and model.canFetchMore(group)
    model.fetchMore(group)
    assert model.rowCount(group) == min(500, MEMBER_BATCH)
    assert model.index(0, 0, group).data() == "党员7"
    assert root.isValid()
