"""One formula rule for every spreadsheet cell and CSV field, and the masked import report.

Every written file is read back cell by cell / field by field.
"""
import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo.editing.assignment_csv import export_assignment, import_assignment, read_table
from geo.export.cell_text import csv_field, csv_unquote, neutralize
from geo.export.safe_excel import SheetSpec, write_workbook
from geo.importing.report import REASON_COLUMN, ROW_COLUMN, ImportReport
from geo.masking import FULL
from geo.project import Project
from geo.store import write_project
from tests.factories import tiny_frames, tiny_rules

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", " =1+1", "\u3000=1+1",
           "\u00a0@x", "＝1", "a\x00b\x07c\x1bd", "bad\ud800half", "正常"]


def cells(path):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from (c for c in row if c.value is not None)


def assert_safe(path):
    """No formula anywhere; formula-like text is marked; nothing a cell cannot hold."""
    for cell in cells(path):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            text, formula_like = neutralize(cell.value)
            assert text == cell.value  # already clean
            assert bool(cell.quotePrefix) == formula_like, (cell.coordinate, cell.value)


@pytest.mark.parametrize("value, expected", [
    ("=1", ("=1", True)), (" =1", (" =1", True)), ("\u3000+1", ("\u3000+1", True)),
    ("\t1", ("\t1", True)), ("\r1", ("\r1", True)), ("@x", ("@x", True)), ("－1", ("－1", True)),
    ("1-2", ("1-2", False)), ("a\x00\x08\x0b\x1fb", ("ab", False)), ("x\ud800", ("x\ufffd", False)),
    (None, ("", False)), (12, ("12", False)),
])
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_csv_field_round_trip():
    for value in HOSTILE[:10] + ["'quoted", "B12"]:
        assert csv_unquote(csv_field(value)) == neutralize(value)[0]
    assert csv_field(" =1") == "' =1" and csv_field("B12") == "B12"


def test_excel_report_cells_read_back(tmp_path):
    frame = pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))})
    out = write_workbook(tmp_path / "r.xlsx", [SheetSpec("x", frame)])
    assert_safe(out)
    values = [c.value for c in cells(out) if c.column == 1 and c.row >= 3]
    assert values == [neutralize(v)[0].replace("\r", "\n") for v in HOSTILE]


# ------------------------------------------------------------ the import report
def roster_report():
    report = ImportReport(source="花名册.xlsx", layer="members", total=3, imported=1)
    report.field_map = {"姓名": "name", "手机": "phone", "身份证": "id_number", "住址": "address",
                        "性别": "gender", "职务": "roles", "单元": "unit_no", "党组织": "org_name"}
    report.reject(2, {"姓名": "=HYPERLINK(\"http://x\",\"点\")", "手机": "13812345678",
                      "身份证": "11010519491231002X", "住址": "幸福小区3号楼2单元501",
                      "性别": "女", "职务": "网格长", "单元": "2", "党组织": "第一支部",
                      "备注": "紧急联系人 13900001111"},
                  ["bad phone: 13812345678 is not an 11-digit mobile number"])
    report.reject(3, {"姓名": "李\x07 明", "手机": "\t=1", "身份证": "bad\ud800", "住址": " @x",
                      "性别": "男", "职务": "", "单元": "", "党组织": "", "备注": ""},
                  ["bad ID number: checksum", "unknown address: @x"])
    return report


def test_import_report_masked_by_default(tmp_path):
    out = roster_report().to_xlsx(tmp_path / "report.xlsx")
    assert_safe(out)
    wb = openpyxl.load_workbook(out)
    assert "已脱敏" in wb["summary"]["A1"].value
    rows = list(wb["rejected"].iter_rows(values_only=True))
    header = rows[0]
    assert header == (ROW_COLUMN, REASON_COLUMN, "姓名", "手机", "身份证", "住址", "党组织")
    first = dict(zip(header, rows[1]))
    assert first["手机"] == "138****5678" and first["身份证"] == "1****************X"
    assert first["住址"] == "幸福小区3号楼" and first[REASON_COLUMN] == "手机号有误"  # the kind, worded
    assert dict(zip(header, rows[2]))["姓名"] == "李*"
    text = " ".join(str(c.value) for c in cells(out))
    for secret in ("13812345678", "13900001111", "1949", "2单元501", "网格长", "HYPERLINK"):
        assert secret not in text
    assert wb.custom_doc_props["GridAtlas.masking"].value == "masked"


def test_import_report_full_keeps_everything_as_text(tmp_path):
    out = roster_report().to_xlsx(tmp_path / "report.xlsx", FULL)
    assert_safe(out)
    wb = openpyxl.load_workbook(out)
    rows = list(wb["rejected"].iter_rows(values_only=True))
    first = dict(zip(rows[0], rows[1]))
    assert first["姓名"] == "=HYPERLINK(\"http://x\",\"点\")" and first["备注"] == "紧急联系人 13900001111"
    second = dict(zip(rows[0], rows[2]))
    assert second["姓名"] == "李 明" and second["身份证"] == "bad\ufffd"  # cleaned, never a crash
    assert "FULL PERSONAL DATA" in wb["summary"]["A1"].value


def test_import_cli_report_full_needs_confirmation(tmp_path):
    project = write_project(tmp_path / "p.gpkg", tiny_frames(), tiny_rules())
    roster = tmp_path / "花名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "手机", "身份证号", "住址"])
    wb.active.append(["王小明", "13812345678", "123", "幸福小区1号楼1单元101"])
    wb.save(roster)

    def run(*extra):
        return subprocess.run([sys.executable, "main.py", "import", str(project), str(roster),
                               "--as", "members", "--report", str(tmp_path / "r.xlsx"), *extra],
                              cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)

    refused = run("--full")
    assert refused.returncode == 2 and "未确认" in refused.stderr
    assert not (tmp_path / "r.xlsx").exists()
    masked = run("--dry-run")
    assert masked.returncode == 1 and "（masked）" in masked.stdout  # the policy label, in the Chinese line
    assert "13812345678" not in " ".join(str(c.value) for c in cells(tmp_path / "r.xlsx"))
    full = run("--dry-run", "--full", "--yes")
    assert full.returncode == 1 and "FULL PERSONAL DATA" in full.stdout
    assert "13812345678" in " ".join(str(c.value) for c in cells(tmp_path / "r.xlsx"))


# ------------------------------------------------------------ gaps --xlsx and the assignment CSV
@pytest.fixture
def hostile_project(tmp_path):
    frames = tiny_frames()
    frames["grids"].loc[1, "name"] = " =cmd|' /C calc'!A0\x07"
    buildings = frames["buildings"]
    buildings.loc[buildings["building_id"] == "B3", "building_id"] = "=HYPERLINK(\"http://x\",\"y\")"
    return write_project(tmp_path / "h.gpkg", frames, tiny_rules())


def test_gaps_xlsx_read_back(hostile_project, tmp_path):
    out = tmp_path / "gaps.xlsx"
    result = subprocess.run([sys.executable, "main.py", "gaps", str(hostile_project), "--xlsx", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert_safe(out)
    names = {c.value for c in cells(out)}
    assert " =cmd|' /C calc'!A0" in names


def test_assignment_csv_read_back(hostile_project, tmp_path):
    project = Project.open(hostile_project)
    try:
        out = export_assignment(project, tmp_path / "plan.csv")
        with open(out, encoding="utf-8-sig", newline="") as fh:
            fields = [f for row in csv.reader(fh) for f in row]
        assert all(not neutralize(f)[1] for f in fields), fields  # nothing a spreadsheet would run
        assert "'=HYPERLINK(\"http://x\",\"y\")" in fields
        frame = read_table(out)
        assert "=HYPERLINK(\"http://x\",\"y\")" in set(frame["building_id"])
        command, report = import_assignment(project, out)
        assert command is None and report.ok and report.unchanged == len(project["buildings"])
    finally:
        project.close()
