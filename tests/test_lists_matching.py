"""Matching needs with resources: category, 四包 responsibility, distance; claiming makes a project."""
import pytest

from geo.editing.assign import EditRefused
from geo.lists.items import AddItem
from geo.lists.matching import ClaimMatch, suggest_resources
from tests.editing_checks import open_copy


@pytest.fixture
def project(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    project.apply([("insert", "partners", {"partner_id": "P2", "name": "物业公司", "category": "enterprise",
                                           "community_id": "C1"})])
    AddItem("needs", {"title": "楼道灯坏了", "category": "设施维修", "target_type": "building",
                      "target_id": "B1", "created_at": "2026-04-01"}).do(project)
    for values in [
        # R0001: same category, by P1 which is linked to grid G1 (B1's grid), on G2
        {"title": "电工服务", "category": "设施维修", "provider_type": "partner", "provider_id": "P1",
         "target_type": "grid", "target_id": "G2"},
        # R0002: same category, not responsible, right at B1
        {"title": "维修基金", "category": "设施维修", "provider_type": "partner", "provider_id": "P2",
         "target_type": "building", "target_id": "B1"},
        # R0003: another category, responsible, at B1
        {"title": "清扫", "category": "环境卫生", "provider_type": "partner", "provider_id": "P1",
         "target_type": "building", "target_id": "B1"},
        # R0004: same category, not responsible, far (B3)
        {"title": "修理", "category": "设施维修", "provider_type": "member", "provider_id": "M1",
         "target_type": "building", "target_id": "B3"},
        # R0005: same category, no point
        {"title": "资金", "category": "设施维修", "provider_type": "org", "provider_id": "O-C1"},
    ]:
        AddItem("resources", values).do(project)
    yield project
    project.close()


def test_suggestions_rank_category_then_responsibility_then_distance(project):
    found = suggest_resources(project, "N0001")
    assert list(found["resource_id"]) == ["R0001", "R0002", "R0004", "R0005", "R0003"]
    assert list(found.columns) == ["resource_id", "title", "category", "provider_type", "provider_id",
                                   "distance_m", "responsible", "score"]
    by_id = found.set_index("resource_id")
    assert by_id.loc["R0001", "responsible"] and by_id.loc["R0003", "responsible"]
    assert not by_id.loc["R0002", "responsible"]
    assert by_id.loc["R0002", "distance_m"] == pytest.approx(0.0, abs=0.01)
    # point to point: B1's centre (35, 17.5) to B3's (145, 47.5) = box(120, 40, 170, 55)
    assert by_id.loc["R0004", "distance_m"] == pytest.approx((110 ** 2 + 30 ** 2) ** 0.5, abs=0.5)
    assert by_id["distance_m"].isna().tolist() == [False, False, False, True, False]  # R0005 has no point
    assert len(suggest_resources(project, "N0001", limit=2)) == 2


def test_claim_makes_a_project_at_the_need_and_undo_takes_it_back(project):
    claim = ClaimMatch("N0001", "R0001", "partner", "P1", when="2026-04-03")
    claim.do(project)
    assert claim.project_id == "P0001"
    row = project["projects"].loc["P0001"]
    assert (row["need_id"], row["resource_id"], row["claimed_by"], row["claimed_at"], row["status"]) == (
        "N0001", "R0001", "P1", "2026-04-03", "claimed")
    assert row["title"] == "楼道灯坏了" and row.geometry.equals(project["needs"].geometry["N0001"])
    assert project["needs"].loc["N0001", "status"] == "claimed"
    claim.undo(project)
    assert project["projects"].empty and project["needs"].loc["N0001", "status"] == "open"


def test_claim_refuses_unknown_need_resource_or_claimant(project):
    for args, code in [(("N9", "R0001", "partner", "P1"), "lists.unknown_item"),
                       (("N0001", "R9", "partner", "P1"), "lists.unknown_item"),
                       (("N0001", "R0001", "member", "M9"), "lists.unknown_provider")]:
        with pytest.raises(EditRefused) as refused:
            ClaimMatch(*args).do(project)
        assert refused.value.message.code == code
    assert project["projects"].empty
