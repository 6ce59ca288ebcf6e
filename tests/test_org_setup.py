"""geo.editing.org_setup: setting up the organization where a gap says it is missing."""
import pandas as pd
import pytest

from geo.editing import org_setup
from geo.editing.assign import EditRefused
from geo.editing.plans import CreatePlan, SwitchPlan
from geo.project import Project


@pytest.fixture
def project(tiny_gpkg):
    p = Project.open(tiny_gpkg)
    yield p
    p.close()


def test_new_branch_and_committee_with_undo(project):
    branch = org_setup.add_grid_branch(project, "G2")
    branch.do(project)
    orgs = project["organizations"]
    new = orgs[(orgs["level"] == "grid_branch") & (orgs["area_id"] == "G2")].iloc[0]
    assert (new["parent_id"], new["name"]) == ("O-C1", "测试社区第二网格党支部")
    with pytest.raises(EditRefused, match="已有党支部"):
        org_setup.add_grid_branch(project, "G2")
    branch.undo(project)
    assert not (project["organizations"]["area_id"] == "G2").any()
    with pytest.raises(EditRefused, match="已有社区党委"):
        org_setup.add_community_committee(project, "C1")
    with pytest.raises(EditRefused, match="社区中没有 C9"):
        org_setup.add_community_committee(project, "C9")


def test_a_new_member_is_filed_where_they_live(project):
    org_setup.add_member(project, "王新", "B1").do(project)
    org_setup.add_member(project, "赵新", "B2", linked_households=8).do(project)
    org_setup.add_member(project, "钱新", "B3", kind="in_service").do(project)
    m = project["members"].set_index("name")
    assert m.at["王新", "org_id"] == "O-B1"        # the building's party group
    assert m.at["赵新", "org_id"] == "O-G1"        # no group: the grid's branch
    assert m.at["赵新", "roles"] == "central_household" and m.at["赵新", "linked_households"] == 8
    assert m.at["钱新", "org_id"] == "O-C1"        # no branch in G2: the community's committee
    with pytest.raises(EditRefused, match="请填写党员姓名"):
        org_setup.add_member(project, "  ", "B1")
    with pytest.raises(EditRefused):
        org_setup.add_member(project, "孙新", "B1", kind="nobody")


def test_a_member_filed_by_place_follows_the_building_others_keep_their_org(project):
    org_setup.member_to_building(project, "M1", "B2").do(project)  # from B1's group
    m1 = project["members"].loc["M1"]
    assert (m1["building_id"], m1["org_id"]) == ("B2", "O-G1")
    assert m1["roles"] == "central_household" and pd.isna(m1["unit_no"])  # unit head of the old building
    project.apply([("update", "members", "M2", {"org_id": "O-S"})])  # filed with the street: not by place
    org_setup.member_to_building(project, "M2", "B3").do(project)
    assert project["members"].at["M2", "org_id"] == "O-S"
    with pytest.raises(EditRefused, match="已在楼栋"):
        org_setup.member_to_building(project, "M2", "B3")


def test_inside_a_proposal_the_organization_is_locked(project):
    CreatePlan("调整").do(project)
    plan = project["plans"].index[project["plans"]["name"] == "调整"][0]
    SwitchPlan(plan).do(project)
    for command in (org_setup.add_grid_branch(project, "G2"), org_setup.add_member(project, "王新", "B1"),
                    org_setup.member_to_building(project, "M1", "B3")):
        with pytest.raises(EditRefused, match="方案中不能修改党组织"):
            command.do(project)
