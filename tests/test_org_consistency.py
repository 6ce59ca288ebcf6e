"""``check`` finds organizations that do not match the current layout."""
from geo.editing.plans import CreatePlan, SwitchPlan
from geo.editing.assign import ReassignBuildings
from geo.org_consistency import org_consistency_problems
from geo.store import read_layers, write_project
from tests.factories import tiny_frames, tiny_rules


def _problems(frames, tmp_path, name="p.gpkg"):
    path = write_project(tmp_path / name, frames, tiny_rules())
    return {(p.kind, p.id) for p in org_consistency_problems(read_layers(path).frames)}


def _with_branch_g2(frames):
    orgs = frames["organizations"]
    frames["organizations"] = orgs._append(
        {"org_id": "O-G2", "parent_id": "O-C1", "level": "grid_branch", "name": "第二网格党支部",
         "area_type": "grid", "area_id": "G2"}, ignore_index=True)
    return frames


def test_tiny_project_is_consistent(tmp_path):
    assert _problems(_with_branch_g2(tiny_frames()), tmp_path) == set()


def test_misplaced_group_and_members(tmp_path):
    frames = _with_branch_g2(tiny_frames())
    b = frames["buildings"]
    b.loc[b["building_id"] == "B1", "grid_id"] = "G2"  # B1 moved without its group following
    m = frames["members"]
    m.loc[m["member_id"] == "M2", "org_id"] = "O-B1"   # M2 lives in B2, joined B1's group
    found = _problems(frames, tmp_path)
    assert ("group_misplaced", "O-B1") in found
    assert ("member_misplaced", "M2") in found
    frames = _with_branch_g2(tiny_frames())
    m = frames["members"]
    m.loc[m["member_id"] == "M2", "org_id"] = "O-G2"   # lives in G1, attached to G2's branch
    assert _problems(frames, tmp_path, "q.gpkg") == {("member_misplaced", "M2")}


def test_proposal_is_compared_with_the_current_layout(tiny_gpkg, tmp_path):
    from geo.project import Project

    project = Project.open(tiny_gpkg)
    CreatePlan("方案").do(project)
    SwitchPlan("P1").do(project)
    ReassignBuildings({"B1": "G2", "B2": "G2"}, force=True).do(project)  # G1 empties in the proposal
    project.close()
    # the organization still matches the current layout: nothing to report
    assert org_consistency_problems(read_layers(tiny_gpkg).frames) == []
