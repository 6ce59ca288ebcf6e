"""Importing needs, resources, projects and cases from CSV/XLSX: bad rows reported, good rows in, one undo.

Files are written here in the shapes users have: a GBK CSV with Chinese headers, an
xlsx with English headers and real Excel date cells, a UTF-8-BOM CSV; each with
deliberately broken rows. The tiny project (tests/factories.py) has grids G1, G2,
buildings B1-B3, compounds K1, K2, partner P1, members M1, M2.
"""
import csv
import datetime as dt

import openpyxl
import pandas
import pytest

from geo.history import read_history
from geo.importing.report import REASON_COLUMN, ROW_COLUMN
from geo.lists.import_table import read_list_file
from geo.masking import FULL
from geo.project import Project

CASE_HEADERS_ZH = ["编号", "网格编号", "楼栋编号", "类别", "状态", "发现时间", "办结时限", "办结时间", "满意度",
                   "反映人", "联系电话"]
CASE_ROWS_ZH = [
    ["C1", "G1", "", "矛盾纠纷", "办结", "2026/3/5", "", "2026年3月8日", "", "张三", "13812345678"],  # 2 good
    ["C2", "", "B3", "环境卫生", "回访", "2026-03-05", "2026-03-09", "2026-03-07", "5", "", ""],       # 3 good
    ["C3", "G9", "", "环境卫生", "发现", "2026-03-05", "", "", "", "", ""],               # 4 unknown grid
    ["C4", "G1", "", "环境卫生", "完成了", "2026-13-05", "", "", "", "", ""],             # 5 state, date
    ["C5", "G1", "", "设施维修", "回访", "2026-03-05", "", "2026-03-06", "7", "", ""],      # 6 satisfaction 7
    ["C6", "G1", "", "环境卫生", "发现", "2026-03-05", "2026-03-01", "", "", "", ""],     # 7 due before reported
    ["C1", "G2", "", "环境卫生", "发现", "2026-03-05", "", "", "", "", ""],               # 8 duplicate id
    ["", "G2", "", "设施维修", "研判分流", "2026-03-10", "", "", "", "王五", "13900001111"],  # 9 good, id given
    ["C9", "G2", "", "设施维修", "办结", "2026-03-10", "", "", "", "", ""],                # 10 closed, no date
]


def write_csv(path, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.fixture
def project(tiny_gpkg):
    p = Project.open(tiny_gpkg)
    yield p
    p.close()


def reasons_by_row(report, lang="zh"):
    return {row: "; ".join(r.text(lang) for r in reasons) for row, _, reasons in report.rejected_rows}


def test_gbk_csv_with_chinese_headers_rejects_each_broken_row_with_its_reason(project, tmp_path):
    path = write_csv(tmp_path / "事件.csv", [CASE_HEADERS_ZH, *CASE_ROWS_ZH], "gbk")
    result = read_list_file(project, "cases", path)
    report = result.report
    assert (report.total, report.imported, report.rejected) == (9, 3, 6)
    why = reasons_by_row(report)
    assert set(why) == {4, 5, 6, 7, 8, 10}
    assert "网格 G9 不存在" in why[4]
    assert "状态无效：完成了" in why[5] and "发现时间 = 2026-13-05" in why[5]
    assert "满意度无效：7" in why[6]
    assert "办结时限（2026-03-01）早于发现时间（2026-03-05）" in why[7]
    assert "编号重复：C1 与第 2 行相同" in why[8]
    assert "状态为办结，但没有办结时间" in why[10]
    assert "gb18030" in report.summary("en")  # the encoding that was used is said
    english = reasons_by_row(report, "en")
    assert "there is no grid G9" in english[4] and "satisfaction" in english[6]


def test_the_good_rows_go_in_as_one_undoable_step_with_a_case_trail(project, tmp_path):
    path = write_csv(tmp_path / "事件.csv", [CASE_HEADERS_ZH, *CASE_ROWS_ZH], "gbk")
    result = read_list_file(project, "cases", path)
    entries_before = len(read_history(project.path))
    result.command().do(project)
    cases = project["cases"]
    assert list(cases.index) == ["C1", "C2", "C0010"]
    # a case without a due date gets its category's time limit (矛盾纠纷: 7 days)
    assert cases.at["C1", "due_at"] == "2026-03-12" and cases.at["C1", "closed_at"] == "2026-03-08"
    assert cases.at["C2", "satisfaction"] == 5 and cases.at["C2", "target_type"] == "building"
    # a blank id continues above every id in the project and the file (C9); 设施维修 has 15 days
    assert cases.at["C0010", "state"] == "triage" and cases.at["C0010", "due_at"] == "2026-03-25"
    assert all(g is not None and not g.is_empty for g in cases.geometry)
    events = project["case_events"]
    trail = events[events["case_id"] == "C2"].sort_values("event_id")
    assert list(zip(trail["from_state"].fillna(""), trail["to_state"], trail["time"])) == [
        ("", "found", "2026-03-05"), ("found", "triage", "2026-03-05"), ("triage", "in_progress", "2026-03-05"),
        ("in_progress", "closed", "2026-03-07"), ("closed", "visited", "2026-03-07")]
    assert len(events[events["case_id"] == "C1"]) == 4 and len(events[events["case_id"] == "C0010"]) == 2
    assert len(read_history(project.path)) == entries_before + 1
    reopened = Project.open(project.path)  # what is on disk is what memory holds
    try:
        assert set(reopened["cases"].index) == {"C1", "C2", "C0010"}
        assert len(reopened["case_events"]) == len(events)
    finally:
        reopened.close()


def test_undo_removes_every_imported_row_and_event(project, tmp_path):
    path = write_csv(tmp_path / "事件.csv", [CASE_HEADERS_ZH, *CASE_ROWS_ZH], "gbk")
    command = read_list_file(project, "cases", path).command()
    command.do(project)
    assert len(project["cases"]) == 3 and len(project["case_events"]) == 4 + 5 + 2
    command.undo(project)
    assert project["cases"].empty and project["case_events"].empty
    reopened = Project.open(project.path)
    try:
        assert reopened["cases"].empty and reopened["case_events"].empty
    finally:
        reopened.close()


def test_xlsx_with_english_headers_date_cells_and_a_formula(project, tmp_path):
    rows = [["need_id", "Title", "grid_id", "building_id", "Category", "created_at", "Status", "Reported by",
             "Reporter's phone"],
            ["N1", "楼道灯", "", "B1", "设施维修", dt.datetime(2026, 3, 5), "待认领", "李四", "13800001234"],
            ["N2", "助餐", "G2", "", "elderly meals", "2026年3月6日", "claimed", "", ""],
            ["N3", "=HYPERLINK(\"x\")", "G1", "", "设施维修", "2026-03-07", "open", "", ""],
            ["N4", "坏日期", "G1", "", "设施维修", "3/5", "open", "", ""],
            ["N5", "没地方", "", "", "设施维修", "2026-03-07", "open", "", ""],
            ["N6", "错状态", "G1", "", "设施维修", "2026-03-07", "办结", "王五", "13900002222"]]
    path = write_xlsx(tmp_path / "needs.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    wb.active["B4"] = "=1+1"  # a live formula cell is refused, never evaluated
    wb.save(path)
    result = read_list_file(project, "needs", path)
    assert [v["need_id"] for _, v in result.rows] == ["N1", "N2"]
    n1, n2 = (v for _, v in result.rows)
    assert n1["created_at"] == "2026-03-05" and n1["target_type"] == "building" and n1["status"] == "open"
    assert n2["category"] == "养老助餐" and n2["created_at"] == "2026-03-06" and n2["status"] == "claimed"
    why = reasons_by_row(result.report, "en")
    assert "formula" in why[4] and "bad date" in why[5] and "no place" in why[6]
    assert "Status is not valid: 办结 (one of: Open, Claimed, Done)" in why[7]
    report_path = tmp_path / "report.xlsx"
    result.report.to_xlsx(report_path, lang="en")  # masked by default
    sheet = openpyxl.load_workbook(report_path)["rejected"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[5])}
    assert row[ROW_COLUMN] == "7" and row["Reporter's phone"] == "139****2222" and row["Reported by"] == "王*"
    assert "020" not in str(row[REASON_COLUMN])
    result.report.to_xlsx(report_path, policy=FULL)
    full = openpyxl.load_workbook(report_path)["rejected"]
    assert "13900002222" in [c.value for c in full[5]]


def test_utf8_bom_csv_of_resources_and_projects_pointing_at_missing_rows(project, tmp_path):
    resources = write_csv(tmp_path / "资源.csv", [
        ["编号", "共建单位编号", "类别", "数量", "名称"],
        ["R1", "P1", "设施维修", "20小时", "维修志愿队"],
        ["R2", "区税务局", "场地", "120", "会议室"],
        ["R3", "P9", "资金", "5000", "帮扶资金"],
        ["R4", "P1", "资金", "很多", "帮扶资金"]], "utf-8-sig")
    result = read_list_file(project, "resources", resources)
    assert [v["resource_id"] for _, v in result.rows] == ["R1", "R2"]
    r1, r2 = (v for _, v in result.rows)
    assert (r1["quantity"], r1["unit"], r1["provider_type"], r1["provider_id"]) == (20.0, "小时", "partner", "P1")
    assert r2["provider_id"] == "P1"  # named by the partner's name
    assert set(reasons_by_row(result.report)) == {4, 5}
    result.command().do(project)
    project_rows = write_csv(tmp_path / "项目.csv", [
        ["编号", "需求编号", "资源编号", "认领方", "状态"],
        ["P1", "N1", "R1", "partner:P1", "实施中"],
        ["P2", "N9", "R1", "P1", "已认领"],
        ["P3", "N1", "R7", "member:M2", "已认领"]], "utf-8-sig")
    needs = write_csv(tmp_path / "需求.csv", [["编号", "网格编号", "类别", "提出时间", "状态"],
                                             ["N1", "G1", "设施维修", "2026-03-01", "待认领"]], "utf-8")
    read_list_file(project, "needs", needs).command().do(project)
    result = read_list_file(project, "projects", project_rows)
    why = reasons_by_row(result.report)
    assert "需求 N9 不存在" in why[3] and "资源 R7 不存在" in why[4]
    result.command().do(project)
    p1 = project["projects"].loc["P1"]
    assert (p1["status"], p1["claimed_by_type"], p1["claimed_by"], p1["title"]) == ("in_progress", "partner", "P1",
                                                                                   "设施维修")
    assert project["needs"].at["N1", "status"] == "claimed"  # the import claimed the need


def test_a_file_without_list_headers_is_refused_naming_the_file(project, tmp_path):
    from geo.importing.preflight import ImportRefused

    path = write_csv(tmp_path / "other.csv", [["姓名", "身份证号"], ["张三", "1"]], "utf-8")
    with pytest.raises(ImportRefused, match="other.csv.*类别"):
        read_list_file(project, "cases", path)


def test_an_exported_workbook_imports_again_with_the_same_lists_and_figures(tiny_gpkg, tmp_path):
    from geo.lists.export_table import write_lists_workbook
    from geo.lists.figures import list_figures
    from geo.masking import MASKED
    from tests.factories import write_tiny
    from tests.lists_factories import lists_project

    original = lists_project(tiny_gpkg, tmp_path)
    try:
        book = write_lists_workbook(tmp_path / "lists.xlsx", original, FULL, "en")
        write_lists_workbook(tmp_path / "masked.xlsx", original, MASKED, "zh")
        fresh = Project.open(write_tiny(tmp_path / "fresh.gpkg"))
        try:
            for sheet, name in [("Needs", "needs"), ("Resources", "resources"), ("Projects", "projects"),
                                ("Cases", "cases")]:
                result = read_list_file(fresh, name, book, sheet=sheet)
                assert result.report.rejected == 0, reasons_by_row(result.report, "en")
                result.command().do(fresh)
                before, after = original[name].drop(columns="geometry"), fresh[name].drop(columns="geometry")
                assert after.astype(str).equals(before.astype(str)), name
            pandas.testing.assert_frame_equal(list_figures(fresh), list_figures(original))
            masked = read_list_file(fresh, "cases", tmp_path / "masked.xlsx", sheet="事件")
            assert any("masked export" in w.text("en") for w in masked.report.warnings)
        finally:
            fresh.close()
    finally:
        original.close()
