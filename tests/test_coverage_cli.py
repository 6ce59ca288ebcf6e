"""stats --json, the gaps command and the demo's deliberate flaws."""
import json

import openpyxl
import pytest

from geo.cli import main
from tests.coverage_factories import write_coverage

GRID_FIELDS = {"grid_id", "name", "community_id", "households", "buildings", "members", "has_branch",
               "building_group_share", "unit_head_share", "linked_households",
               "central_households_needed", "station_covered_households", "in_band",
               "stations", "organizations"}


@pytest.fixture
def coverage_gpkg(tmp_path):
    return write_coverage(tmp_path / "coverage.gpkg")


def test_stats_json_fields(coverage_gpkg, capsys):
    assert main(["stats", str(coverage_gpkg), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"street", "communities", "grids", "gaps"} <= set(data)
    grids = {g["grid_id"]: g for g in data["grids"]}
    assert GRID_FIELDS <= set(grids["G1"])
    assert grids["G3"]["building_group_share"] is None  # NaN becomes null
    assert grids["G2"]["station_covered_households"] == 20
    assert {"households", "buildings", "members", "stations", "organizations"} <= set(data["street"])
    assert {"community_id", "name", "grids", "households"} <= set(data["communities"][0])
    assert {"type", "layer", "id", "name", "needed"} <= set(data["gaps"][0])


def test_gaps_text_json_and_filters(coverage_gpkg, capsys):
    assert main(["gaps", str(coverage_gpkg)]) == 1  # gaps found
    out = capsys.readouterr().out
    assert "网格未建党支部" in out and "24 个缺口" in out and "需 1 个" in out
    main(["gaps", str(coverage_gpkg), "--json", "--type", "grid_no_branch", "--community", "C1"])
    rows = json.loads(capsys.readouterr().out)
    assert [(r["type"], r["id"], r["detail"]) for r in rows] == [("grid_no_branch", "G2", "未建网格党支部")]
    # --lang en: titles, units and details in English (names stay as the data has them)
    assert main(["gaps", str(coverage_gpkg), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Grid without a party branch" in out and "No grid party branch" in out and "24 gaps" in out
    assert "需" not in out and "未建" not in out and "households linked" in out
    assert main(["gaps", str(coverage_gpkg), "--community", "NOPE"]) == 2


def test_gaps_xlsx_is_safe(tmp_path, capsys):
    from tests.coverage_factories import coverage_frames, coverage_rules
    from geo.store import write_project

    frames = coverage_frames()
    frames["grids"].loc[frames["grids"]["grid_id"] == "G3", "name"] = "=HYPERLINK(\"http://x\")"
    path = write_project(tmp_path / "p.gpkg", frames, coverage_rules())
    out = tmp_path / "gaps.xlsx"
    assert main(["gaps", str(path), "--xlsx", str(out)]) == 1
    wb = openpyxl.load_workbook(out)
    ws = wb["缺口清单"]
    headers = [c.value for c in ws[2]]
    assert "缺口类型" in headers and "补齐所需" in headers
    assert ws.freeze_panes == "A3"
    cells = [c for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    evil = [c for c in cells if c.value.startswith("=")]
    assert evil and all(c.data_type == "s" and c.quotePrefix for c in evil)
    assert {"网格指标", "社区指标"} <= set(wb.sheetnames)


def test_demo_flaws_show_up_as_gaps(demo_gpkg):
    from geo.coverage import CoverageModel
    from geo.coverage.gaps import detail_texts
    from geo.project import Project
    from geo.store import read_layers

    loaded = read_layers(demo_gpkg)
    model = CoverageModel(Project(loaded.frames, loaded.rules), live=False)
    types = set(model.gaps()["type"])
    # The demo's docstring promises these flaws.
    assert {"grid_out_of_band", "grid_no_branch", "grid_no_partner", "building_no_group",
            "building_outside_stations", "households_unlinked"} <= types
    outside = model.gaps(types=["building_outside_stations"])
    details = detail_texts(outside["detail"], "zh")
    assert any("规划站" in d for d in details)  # the planned station closes the gap
    assert any("planned station" in d for d in detail_texts(outside["detail"], "en"))
    assert model.street["households"] == model.grids["households"].sum() + model.street["unassigned_households"]
