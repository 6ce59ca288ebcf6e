"""One wording for the lists' file headers: an export writes the vocabulary's words, an import
reads them back in either language, still reads the headers of earlier versions and of the
issue (编号, 联系电话, Reported, 承办类型 …), and a rejected row names its column with the word
the export header uses.

Real workbooks written by the export and read with openpyxl; real CSV files imported into the
tiny project (tests/factories.py) with hand-made lists (tests/lists_factories.py).
"""
import csv

import openpyxl
import pytest

from geo.export.vocabulary import column_label
from geo.importing.fields import normalize_header
from geo.lists.export_table import list_frame, sheet_title, write_lists_workbook
from geo.lists.import_table import read_list_file
from geo.lists.list_columns import FILE_COLUMNS, LISTS, accepted_headers, header_label, header_targets
from geo.masking import FULL
from geo.project import Project

#: The headers the exports of the previous version wrote (zh, en), which must keep importing.
OLD_EXPORT_HEADERS = {
    "needs": {"need_id": ("编号", "Need ID"), "title": ("需求名称", "Title"),
              "target_type": ("位置类型", "Place type"), "target_id": ("位置编号", "Place ID"),
              "created_at": ("提出时间", "Created"), "reporter_name": ("反映人", "Reporter"),
              "reporter_phone": ("联系电话", "Reporter phone"), "org_id": ("责任党组织编号", "Organization ID")},
    "resources": {"resource_id": ("编号", "Resource ID"), "title": ("资源名称", "Title"),
                  "partner_id": ("共建单位编号", "Partner unit ID"), "quantity": ("数量", "Quantity")},
    "projects": {"project_id": ("编号", "Project ID"), "title": ("项目名称", "Title"),
                 "claimed_by_type": ("认领方类型", "Claimant type"), "claimed_at": ("认领时间", "Claimed"),
                 "done_at": ("完成时间", "Done")},
    "cases": {"case_id": ("编号", "Case ID"), "title": ("事项", "Title"),
              "handler_type": ("承办类型", "Handler type"), "handler_id": ("承办方编号", "Handler ID"),
              "reported_at": ("发现时间", "Reported"), "due_at": ("办结时限", "Due"),
              "closed_at": ("办结时间", "Closed"), "reporter_phone": ("联系电话", "Reporter phone")},
}
#: The headers issue 15 asks the import to accept, in English or Chinese.
ISSUE_HEADERS = {
    "cases": {"case_id": "编号", "grid_id": "网格编号", "building_id": "楼栋编号", "category": "类别",
              "state": "状态", "reported_at": "发现时间", "due_at": "办结时限", "closed_at": "办结时间",
              "satisfaction": "满意度"},
    "needs": {"need_id": "编号", "grid_id": "网格编号", "building_id": "楼栋编号", "category": "类别",
              "created_at": "提出时间", "status": "状态"},
    "resources": {"resource_id": "编号", "partner_id": "共建单位编号", "category": "类别", "quantity": "数量"},
    "projects": {"project_id": "编号", "need_id": "需求编号", "resource_id": "资源编号", "claimed_by": "认领方",
                 "status": "状态"},
}


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def reasons(result, lang):
    return {row: "; ".join(r.text(lang) for r in why) for row, _, why in result.report.rejected_rows}


@pytest.fixture
def project(tiny_gpkg):
    p = Project.open(tiny_gpkg)
    yield p
    p.close()


def test_every_list_column_has_its_words_and_no_header_means_two_columns():
    for layer in LISTS:
        owner = {}
        for column in FILE_COLUMNS[layer]:
            zh, en = header_label(layer, column, "zh"), header_label(layer, column, "en")
            assert column not in (zh, en) and zh != en, (layer, column)  # never a bare code in a reason
            assert (zh, en) == (column_label(column, "zh", layer), column_label(column, "en", layer))
            for header in accepted_headers(layer, column):
                assert owner.setdefault(normalize_header(header), column) == column, (layer, header)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_export_writes_the_vocabulary_s_headers_and_imports_again_unchanged(tiny_gpkg, tmp_path, lang):
    from tests.factories import write_tiny
    from tests.lists_factories import lists_project

    original = lists_project(tiny_gpkg, tmp_path)
    try:
        book = write_lists_workbook(tmp_path / f"lists-{lang}.xlsx", original, FULL, lang)
        sheets = openpyxl.load_workbook(book)
        fresh = Project.open(write_tiny(tmp_path / "fresh.gpkg"))
        try:
            for layer in LISTS:
                sheet = sheet_title(layer, lang)  # the titles themselves: tests/test_output_language.py
                written = [c.value for c in sheets[sheet][2]]  # row 1 says how personal data is shown
                columns = list(list_frame(original, layer, None).columns)
                assert written == [header_label(layer, c, lang) for c in columns], layer
                result = read_list_file(fresh, layer, book, sheet=sheet)
                assert result.report.rejected == 0, reasons(result, lang)
                stored = [c for c in columns if c in FILE_COLUMNS[layer] and c not in ("lon", "lat")]
                assert set(stored) <= set(result.mapping.values()), layer
                result.command().do(fresh)
                before, after = original[layer].drop(columns="geometry"), fresh[layer].drop(columns="geometry")
                assert after.astype(str).equals(before.astype(str)), layer
        finally:
            fresh.close()
    finally:
        original.close()


@pytest.mark.parametrize("lang", [0, 1])
def test_the_headers_earlier_versions_wrote_still_import(lang):
    for layer, columns in OLD_EXPORT_HEADERS.items():
        headers = {words[lang]: column for column, words in columns.items()}
        assert header_targets(layer, list(headers)) == headers, layer


def test_the_issue_s_headers_import_in_chinese_and_english():
    for layer, columns in ISSUE_HEADERS.items():
        assert header_targets(layer, list(columns.values())) == {h: c for c, h in columns.items()}, layer
        assert header_targets(layer, list(columns)) == {c: c for c in columns}, layer


def test_a_file_with_old_english_headers_imports(project, tmp_path):
    path = write_csv(tmp_path / "cases.csv", [
        ["Case ID", "Grid ID", "Category", "State", "Handler type", "Handler ID", "Reported", "Due", "Closed",
         "Satisfaction", "Reporter", "Reporter phone"],
        ["C1", "G1", "disputes", "visited", "mediation team", "调解一队", "2026-03-05", "2026-03-12", "2026-03-08",
         "5", "张三", "13812345678"]])
    result = read_list_file(project, "cases", path)
    assert result.report.rejected == 0, reasons(result, "en")
    (_, case), = result.rows
    assert (case["case_id"], case["target_id"], case["category"], case["state"], case["handler_type"]) == (
        "C1", "G1", "矛盾纠纷", "visited", "mediation")
    assert (case["reported_at"], case["due_at"], case["closed_at"], case["satisfaction"]) == (
        "2026-03-05", "2026-03-12", "2026-03-08", 5)
    assert (case["reporter_name"], case["reporter_phone"]) == ("张三", "13812345678")


def test_a_rejection_names_the_column_as_the_export_header_does(project, tmp_path):
    # old headers in the file (承办类型, Reported, Due): the reasons use today's words
    path = write_csv(tmp_path / "cases.csv", [
        ["编号", "网格编号", "类别", "状态", "承办类型", "Reported", "Due"],
        ["C1", "G1", "矛盾纠纷", "发现", "居委会", "2026-03-05", ""],      # 2 unknown handler type
        ["C2", "G1", "矛盾纠纷", "发现", "", "2026-13-05", ""],           # 3 bad reported date
        ["C3", "G1", "矛盾纠纷", "发现", "", "2026-03-05", "2026-03-01"],  # 4 due before reported
        ["C4", "G1", "矛盾纠纷", "完成了", "", "2026-03-05", ""]])         # 5 unknown state
    result = read_list_file(project, "cases", path)
    zh, en = reasons(result, "zh"), reasons(result, "en")
    assert set(zh) == {2, 3, 4, 5}
    word = {c: (header_label("cases", c, "zh"), header_label("cases", c, "en"))
            for c in ("handler_type", "reported_at", "due_at", "state")}
    assert word["handler_type"] == ("承办方类型", "Handler type") and word["reported_at"][1] == "Reported on"
    assert f"{word['handler_type'][0]}无效：居委会" in zh[2]
    assert f"{word['handler_type'][1]} is not valid" in en[2]
    assert f"{word['reported_at'][0]} = 2026-13-05" in zh[3] and f"{word['reported_at'][1]} = 2026-13-05" in en[3]
    assert f"{word['due_at'][0]}（2026-03-01）早于{word['reported_at'][0]}（2026-03-05）" in zh[4]
    assert f"{word['due_at'][1]} (2026-03-01) is before {word['reported_at'][1]}" in en[4]
    assert f"{word['state'][0]}无效：完成了" in zh[5] and f"{word['state'][1]} is not valid" in en[5]


def test_a_missing_value_and_a_refused_file_name_the_export_header(project, tmp_path):
    from geo.importing.preflight import ImportRefused

    path = write_csv(tmp_path / "projects.csv", [["编号", "需求编号", "资源编号"], ["P1", "", "R9"]])
    result = read_list_file(project, "projects", path)
    assert header_label("projects", "need_id", "en") in reasons(result, "en")[2]
    assert f"缺少{header_label('projects', 'need_id', 'zh')}" in reasons(result, "zh")[2]
    resources = write_csv(tmp_path / "resources.csv", [["编号", "类别"], ["R1", "场地"]])
    result = read_list_file(project, "resources", resources)
    assert f"缺少{header_label('resources', 'provider_id', 'zh')}" in reasons(result, "zh")[2]
    with pytest.raises(ImportRefused) as refused:
        read_list_file(project, "cases", write_csv(tmp_path / "other.csv", [["姓名"], ["张三"]]))
    assert f"“{header_label('cases', 'category', 'zh')}”" in str(refused.value)


def test_the_command_line_list_headers_are_the_export_s(lists_gpkg, capsys):
    from geo.cli import main as cli
    from geo.cli.lists_common import TABLE_COLUMNS

    for layer in LISTS:
        assert cli([layer, str(lists_gpkg), "list"]) == 0
        printed = capsys.readouterr().out.splitlines()[0].split("\t")
        assert printed == [header_label(layer, c, "zh") for c in TABLE_COLUMNS[layer]], layer


def test_an_edit_refused_by_the_list_model_names_the_column_as_the_export_does(project):
    from geo.lists.items import AddItem
    from geo.messages import CodedError

    with pytest.raises(CodedError) as refused:
        AddItem("needs", {"title": "灯", "category": "设施维修", "target_type": "moon", "target_id": "1",
                          "created_at": "2026-03-05"}).do(project)
    assert refused.value.message.text("zh").startswith(f"N0001：{header_label('needs', 'target_type', 'zh')} ")
    assert header_label("needs", "target_type", "en") in refused.value.message.text("en")
