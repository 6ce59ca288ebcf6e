"""A small project with needs, resources, projects and cases whose every figure is worked out by hand.

On the tiny project (tests/factories.py: grids G1 (B1, B2 in K1) and G2 (B3 in K2), community C1):

    needs      N0001 B1 (G1) 01-10, claimed by P0001 01-15, done 02-01   N0002 grid G1 02-05, open
               N0003 compound K2 (G2) 03-01, claimed by P0002 03-05      N0004 a point in no grid 01-20, open
    resources  R0001 partner P1 on G1   R0002 member M2 (lives in B2, G1)   R0003 organization, nowhere
    cases      C0001 B1 (G1) 矛盾纠纷 01-02 due 01-09: triage 01-03, handling 01-04, closed 01-08, visited 01-10 (5)
               C0002 B3 (G2) 环境卫生 02-01 due 02-04: triage 02-02, handling 02-03, closed 02-06 (late), visited 02-07 (3)
               C0003 G2 设施维修 02-10 due 02-25: triage 02-11, handling 02-12 (still open)
               C0004 B2 (G1) 停车管理 03-01 due 03-11: found only
               C0005 G1 矛盾纠纷 01-05 due 01-12: triage 01-06, handling 01-07, closed 01-10 (no visit)
All dates are 2026.
"""
import geopandas as gpd
from shapely.geometry import Point

from geo.lists.case_states import AdvanceCase
from geo.lists.items import AddItem, UpdateItem
from geo.lists.matching import ClaimMatch
from tests.editing_checks import open_copy
from tests.factories import at

STEPS = {"C0001": [("triage", "01-03"), ("in_progress", "01-04"), ("closed", "01-08"), ("visited", "01-10", 5)],
         "C0002": [("triage", "02-02"), ("in_progress", "02-03"), ("closed", "02-06"), ("visited", "02-07", 3)],
         "C0003": [("triage", "02-11"), ("in_progress", "02-12")],
         "C0004": [],
         "C0005": [("triage", "01-06"), ("in_progress", "01-07"), ("closed", "01-10")]}


def point_in_no_grid(project):
    return gpd.GeoSeries([Point(*at(300, 50))], crs="EPSG:4548").to_crs(project.crs).iloc[0]


def add_lists(project) -> None:
    for values in [("building", "B1", "2026-01-10"), ("grid", "G1", "2026-02-05"), ("compound", "K2", "2026-03-01")]:
        AddItem("needs", {"title": "需求", "category": "设施维修", "target_type": values[0],
                          "target_id": values[1], "created_at": values[2]}).do(project)
    AddItem("needs", {"title": "外面", "category": "环境卫生", "target_type": "point", "created_at": "2026-01-20"},
            geometry=point_in_no_grid(project)).do(project)
    AddItem("resources", {"title": "维修", "category": "设施维修", "provider_type": "partner", "provider_id": "P1",
                          "target_type": "grid", "target_id": "G1"}).do(project)
    AddItem("resources", {"title": "理发", "category": "助老助残", "provider_type": "member",
                          "provider_id": "M2"}).do(project)
    AddItem("resources", {"title": "资金", "category": "资金", "provider_type": "org", "provider_id": "O-C1"}).do(project)
    ClaimMatch("N0001", "R0001", "partner", "P1", when="2026-01-15").do(project)
    UpdateItem("projects", "P0001", {"status": "done", "done_at": "2026-02-01"}).do(project)
    ClaimMatch("N0003", "R0002", "member", "M2", when="2026-03-05").do(project)
    UpdateItem("projects", "P0002", {"status": "in_progress"}).do(project)
    for target, category, day in [(("building", "B1"), "矛盾纠纷", "01-02"), (("building", "B3"), "环境卫生", "02-01"),
                                  (("grid", "G2"), "设施维修", "02-10"), (("building", "B2"), "停车管理", "03-01"),
                                  (("grid", "G1"), "矛盾纠纷", "01-05")]:
        AddItem("cases", {"title": category, "category": category, "target_type": target[0], "target_id": target[1],
                          "reported_at": f"2026-{day}"}).do(project)
    for case, steps in STEPS.items():
        for step in steps:
            AdvanceCase(case, step[0], when=f"2026-{step[1]}", satisfaction=step[2] if len(step) > 2 else None,
                        actor="网格员").do(project)


def lists_project(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    add_lists(project)
    return project
