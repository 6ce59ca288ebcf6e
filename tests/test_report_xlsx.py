"""``main.py report``: the Excel report read back cell by cell."""
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from geo.coverage.model import CoverageModel
from geo.project import Project
from geo.store import write_project
from tests.factories import tiny_frames, tiny_rules

ROOT = Path(__file__).resolve().parent.parent


def report(project_path, out, *extra):
    return subprocess.run([sys.executable, "main.py", "report", str(project_path), "--out", str(out),
                           *extra], cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)


@pytest.fixture
def formula_project(tmp_path):
    frames = tiny_frames()
    frames["members"].loc[0, "name"] = "=HYPERLINK(\"http://x\",\"y\")"
    frames["grids"].loc[1, "name"] = "+1+1"
    return write_project(tmp_path / "f.gpkg", frames, tiny_rules())


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_report_sheets_figures_and_layout(tiny_gpkg, tmp_path):
    out = tmp_path / "r.xlsx"
    assert report(tiny_gpkg, out).returncode == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:5] == ["街道", "社区", "网格", "缺口", "党员"]  # then the lists' sheets
    project = Project.open(tiny_gpkg)
    model = CoverageModel(project, live=False)
    grids = rows(wb["网格"])
    assert grids[1][:4] == ["网格编号", "名称", "社区编号", "户数"]
    by_id = {r[0]: r for r in grids[2:]}
    assert by_id["G1"][3] == 100 and by_id["G2"][3] == 30
    assert by_id["G1"][3] == model.grids.at["G1", "households"]
    street = {r[0]: r[1] for r in rows(wb["街道"])[2:]}
    assert street["街道"] == "测试街道" and street["户数"] == 130
    for ws in wb:
        assert ws.freeze_panes == "A3"
    gaps = rows(wb["缺口"])
    assert len(gaps) - 2 == len(model.gaps())
    project.close()


def test_members_masked_by_default_and_no_formulas(formula_project, tmp_path):
    out = tmp_path / "r.xlsx"
    assert report(formula_project, out).returncode == 0
    wb = openpyxl.load_workbook(out)
    members = rows(wb["党员"])
    assert "已脱敏" in members[0][0]
    first = dict(zip(members[1], members[2]))
    assert first["电话"] == "138****5678" and first["身份证号"] == "1****************X"
    # Beside a masked name nothing that identifies the person: no gender, roles,
    # linked households or unit number; the address stops at the building.
    for header in ("性别", "角色", "联系户数", "单元号", "工作单位"):
        assert header not in members[1]
    assert first["住址"] == "幸福小区1号楼"
    assert "13800005678" not in str(members) and "11010519491231002X" not in str(members)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    grid_names = [r[1] for r in rows(wb["网格"])[2:]]
    assert "+1+1" in grid_names


def test_full_report_needs_confirmation_and_says_so(tiny_gpkg, tmp_path):
    out = tmp_path / "full.xlsx"
    assert report(tiny_gpkg, out, "--full").returncode == 2 and not out.exists()
    assert report(tiny_gpkg, out, "--full", "--yes").returncode == 0
    wb = openpyxl.load_workbook(out)
    members = rows(wb["党员"])
    assert "FULL PERSONAL DATA" in members[0][0]
    assert "13800005678" in str(members)
    assert "性别" in members[1] and "单元号" in members[1]  # a full report keeps every column
