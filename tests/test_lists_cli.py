"""``main.py needs|resources|projects|cases PROJECT VERB …``: every verb on the tiny project.

Most verbs run through the command line's entry function (same parser, same exit
codes, output captured); the case loop and the export also run as real
``python main.py`` processes.
"""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from geo.cli import main as cli
from geo.history import read_history
from geo.project import Project

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    code = cli([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def main_py(*argv, lang="zh"):
    return subprocess.run([sys.executable, "main.py", *map(str, argv)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "GRIDATLAS_LANG": lang}, stdin=subprocess.DEVNULL, timeout=300)


def layer(path, name):
    project = Project.open(path)
    try:
        return project[name].copy()
    finally:
        project.close()


def test_add_list_update_delete_of_needs_and_resources(tiny_gpkg, capsys):
    code, out, _ = run(capsys, "needs", tiny_gpkg, "add", "--title", "楼道灯坏了", "--category", "设施维修",
                       "--building", "B1", "--reporter-name", "张三", "--reporter-phone", "13812345678")
    assert (code, out.strip()) == (0, "已添加 N0001")
    assert run(capsys, "needs", tiny_gpkg, "add", "--category", "养老助餐", "--grid", "G2",
               "--created", "2026年3月1日")[0] == 0
    code, _, err = run(capsys, "needs", tiny_gpkg, "add", "--category", "养老助餐", "--grid", "G9")
    assert code == 2 and err.strip() == "error: 网格 G9 不存在"
    code, out, _ = run(capsys, "needs", tiny_gpkg, "list", "--grid", "G2")
    lines = out.splitlines()
    assert lines[0].split("\t")[:4] == ["需求编号", "标题", "类别", "状态"]
    assert lines[1].split("\t") == ["N0002", "养老助餐", "养老助餐", "待认领", "G2", "2026-03-01"]
    assert lines[-1] == "共 1 条"
    code, out, _ = run(capsys, "needs", tiny_gpkg, "list", "--json")
    items = json.loads(out)
    assert [i["need_id"] for i in items] == ["N0001", "N0002"]
    assert items[0]["reporter_name"] == "张*" and items[0]["reporter_phone"] == "138****5678"  # masked
    assert items[0]["status"] == "open" and items[0]["in_grid"] == "G1"
    code, out, _ = run(capsys, "needs", tiny_gpkg, "list", "--json", "--unmasked", "--yes")
    assert json.loads(out)[0]["reporter_phone"] == "13812345678"
    code, out, _ = run(capsys, "needs", tiny_gpkg, "update", "N0002", "--status", "已完成", "--title", "午餐")
    assert code == 0 and "status" in out and "title" in out
    needs = layer(tiny_gpkg, "needs")
    assert (needs.at["N0002", "status"], needs.at["N0002", "title"]) == ("done", "午餐")
    assert run(capsys, "resources", tiny_gpkg, "add", "--title", "维修志愿队", "--category", "设施维修",
               "--provider", "partner:P1", "--quantity", "20小时")[0] == 0
    resources = layer(tiny_gpkg, "resources")
    assert (resources.at["R0001", "quantity"], resources.at["R0001", "unit"]) == (20.0, "小时")
    code, _, err = run(capsys, "resources", tiny_gpkg, "add", "--category", "资金", "--provider", "P9")
    assert code == 2 and "P9" in err
    assert run(capsys, "needs", tiny_gpkg, "delete", "N0002") == (0, "已删除 N0002\n", "")
    assert list(layer(tiny_gpkg, "needs").index) == ["N0001"]
    lon, lat = items[1]["lon"], items[1]["lat"]  # where N0002 was: inside G2
    assert run(capsys, "needs", tiny_gpkg, "add", "--category", "环境卫生", "--point", f"{lon},{lat}")[0] == 0
    point = json.loads(run(capsys, "needs", tiny_gpkg, "list", "--json")[1])[1]
    assert (point["target_type"], point["in_grid"], point["lon"]) == ("point", "G2", lon)
    code, _, err = run(capsys, "needs", tiny_gpkg, "update", "N0002", "--point", "abc")
    assert code == 2 and "--point" in err


def test_suggest_match_and_projects(tiny_gpkg, capsys):
    run(capsys, "needs", tiny_gpkg, "add", "--title", "楼道灯", "--category", "设施维修", "--building", "B1")
    run(capsys, "resources", tiny_gpkg, "add", "--title", "会议室", "--category", "场地", "--provider", "P1",
        "--grid", "G2")
    run(capsys, "resources", tiny_gpkg, "add", "--title", "维修", "--category", "设施维修", "--provider",
        "member:M2", "--grid", "G1")
    code, out, _ = run(capsys, "needs", tiny_gpkg, "suggest", "N0001", "--json")
    suggestions = json.loads(out)
    assert code == 0 and [s["resource_id"] for s in suggestions] == ["R0002", "R0001"]  # same category first
    code, out, _ = run(capsys, "needs", tiny_gpkg, "match", "N0001", "--resource", "R0002",
                       "--claimed-by", "member:M2", "--when", "2026-03-01")
    assert code == 0 and "P0001" in out
    projects, needs = layer(tiny_gpkg, "projects"), layer(tiny_gpkg, "needs")
    assert (projects.at["P0001", "claimed_by_type"], projects.at["P0001", "claimed_by"]) == ("member", "M2")
    assert needs.at["N0001", "status"] == "claimed"
    code, _, err = run(capsys, "needs", tiny_gpkg, "match", "N0001", "--resource", "R0001", "--claimed-by",
                       "partner:P9")
    assert code == 2 and "partner:P9" in err
    code, out, _ = run(capsys, "projects", tiny_gpkg, "list", "--state", "已认领")
    assert out.splitlines()[1].startswith("P0001\t楼道灯\tN0001\tR0002\tM2\t已认领\t2026-03-01")
    assert run(capsys, "projects", tiny_gpkg, "update", "P0001", "--status", "done", "--done", "2026-04-01")[0] == 0
    assert layer(tiny_gpkg, "needs").at["N0001", "status"] == "done"
    code, _, err = run(capsys, "needs", tiny_gpkg, "delete", "N0001")
    assert code == 2 and "P0001" in err  # a need with projects stays


def test_case_loop_through_main_py_with_an_illegal_step_refused(tiny_gpkg):
    result = main_py("cases", tiny_gpkg, "add", "--title", "噪音扰民", "--category", "矛盾纠纷", "--grid", "G1",
                     "--reported", "2026-03-01", "--source", "居民反映", "--reporter-name", "王小明")
    assert result.returncode == 0 and result.stdout.strip() == "已添加 C0001"
    assert layer(tiny_gpkg, "cases").at["C0001", "due_at"] == "2026-03-08"  # 矛盾纠纷: 7 days
    steps = [("研判分流", "2026-03-02"), ("in_progress", "2026-03-03"), ("办结", "2026-03-05")]
    for state, when in steps:
        result = main_py("cases", tiny_gpkg, "advance", "C0001", "--to", state, "--when", when, "--actor", "李红")
        assert result.returncode == 0, result.stderr
    illegal = main_py("cases", tiny_gpkg, "advance", "C0001", "--to", "研判分流", lang="en")
    assert illegal.returncode == 2 and illegal.stdout == ""
    assert illegal.stderr.count("\n") == 1 and 'cannot go from "Closed" to "Triaged"' in illegal.stderr
    unknown = main_py("cases", tiny_gpkg, "advance", "C0001", "--to", "完成了")
    assert unknown.returncode == 2 and "完成了" in unknown.stderr
    visit = main_py("cases", tiny_gpkg, "advance", "C0001", "--to", "回访", "--satisfaction", "5",
                    "--when", "2026-03-06", lang="en")
    assert visit.returncode == 0 and visit.stdout.strip() == "case C0001: Closed → Visited"
    case = layer(tiny_gpkg, "cases").loc["C0001"]
    assert (case["state"], case["closed_at"], case["satisfaction"]) == ("visited", "2026-03-05", 5)
    timeline = main_py("cases", tiny_gpkg, "timeline", "C0001", lang="en").stdout.splitlines()
    assert [line.split("\t")[1] for line in timeline] == [
        "— → Found", "Found → Triaged", "Triaged → In progress", "In progress → Closed", "Closed → Visited"]
    assert timeline[1].split("\t")[2] == "李红"
    history = read_history(tiny_gpkg)
    assert len(history) == 5  # one entry per command that wrote


def test_cases_list_filters_and_undo(tiny_gpkg, capsys):
    run(capsys, "cases", tiny_gpkg, "add", "--category", "环境卫生", "--grid", "G2", "--reported", "2026-01-01")
    run(capsys, "cases", tiny_gpkg, "add", "--category", "矛盾纠纷", "--building", "B1", "--reported", "2099-01-01")
    code, out, _ = run(capsys, "cases", tiny_gpkg, "list", "--overdue")
    assert [line.split("\t")[0] for line in out.splitlines()[1:-1]] == ["C0001"]
    code, out, _ = run(capsys, "cases", tiny_gpkg, "list", "--grid", "G1", "--category", "disputes")
    assert [line.split("\t")[0] for line in out.splitlines()[1:-1]] == ["C0002"]
    code, _, err = run(capsys, "cases", tiny_gpkg, "list", "--state", "完成")
    assert code == 2 and "完成" in err
    code, _, err = run(capsys, "cases", tiny_gpkg, "update", "C0001", "--due", "2025-12-01")
    assert code == 2 and "办结时限（2025-12-01）早于发现时间（2026-01-01）" in err
    assert run(capsys, "undo", tiny_gpkg)[0] == 0
    assert list(layer(tiny_gpkg, "cases").index) == ["C0001"]


def test_import_with_dry_run_report_and_exit_codes(tiny_gpkg, tmp_path, capsys):
    path = tmp_path / "事件.csv"
    with open(path, "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows([["编号", "网格编号", "类别", "状态", "发现时间", "办结时间", "反映人", "联系电话"],
                                 ["C1", "G1", "矛盾纠纷", "办结", "2026/3/5", "2026-03-08", "张三", "13812345678"],
                                 ["C2", "G9", "环境卫生", "发现", "2026-03-05", "", "李四", "13900001234"]])
    report = tmp_path / "问题.xlsx"
    code, out, _ = run(capsys, "cases", tiny_gpkg, "import", path, "--dry-run", "--report", report)
    assert code == 1 and "导入 1 行，拒绝 1 行" in out and "试运行" in out
    assert layer(tiny_gpkg, "cases").empty
    rejected = openpyxl.load_workbook(report)["rejected"]
    values = [c.value for row in rejected.iter_rows() for c in row]
    assert "139****1234" in values and "13900001234" not in values  # masked report
    code, out, _ = run(capsys, "cases", tiny_gpkg, "import", path)
    assert code == 1 and list(layer(tiny_gpkg, "cases").index) == ["C1"]
    code, _, err = run(capsys, "cases", tiny_gpkg, "import", path)  # every row is now refused
    assert code == 2 and "事件.csv" in err
    code, _, err = run(capsys, "cases", tiny_gpkg, "import", tmp_path / "missing.csv")
    assert code == 2 and "missing.csv" in err


def test_export_masked_by_default_in_either_language_and_imported_again(tiny_gpkg, tmp_path, capsys):
    run(capsys, "cases", tiny_gpkg, "add", "--title", "=HYPERLINK(\"http://x\")", "--category", "矛盾纠纷",
        "--grid", "G1", "--reported", "2026-03-01", "--reporter-name", "王小明", "--reporter-phone", "13900001111")
    run(capsys, "cases", tiny_gpkg, "advance", "C0001", "--to", "研判分流", "--actor", "李红", "--when", "2026-03-02")
    out = tmp_path / "事件.xlsx"
    result = main_py("cases", tiny_gpkg, "export", out)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["事件", "事件流转记录"]
    rows = list(wb["事件"].iter_rows(values_only=True))
    assert rows[0][0].startswith("已脱敏")
    record = dict(zip(rows[1], rows[2]))
    assert (record["反映人"], record["反映人电话"], record["状态"]) == ("王*明", "139****1111", "研判分流")
    title = wb["事件"].cell(3, 2)
    assert title.data_type == "s" and title.value.startswith("=")  # text, never a formula
    assert [r[5] for r in wb["事件流转记录"].iter_rows(min_row=3, values_only=True)] == [None, "李*"]
    english = tmp_path / "cases-en.xlsx"
    assert run(capsys, "cases", tiny_gpkg, "export", english, "--lang", "en", "--unmasked", "--yes")[0] == 0
    en = list(openpyxl.load_workbook(english)["Cases"].iter_rows(values_only=True))
    record = dict(zip(en[1], en[2]))
    assert (record["Reported by"], record["State"], record["Category"]) == ("王小明", "Triaged", "Disputes")
    code, _, err = run(capsys, "cases", tiny_gpkg, "export", tiny_gpkg, "--force")
    assert code == 2 and "tiny.gpkg" in err  # never the project itself
    (tmp_path / "other.xlsx").write_text("not a workbook")
    assert run(capsys, "cases", tiny_gpkg, "export", tmp_path / "other.xlsx")[0] == 2
    # the English workbook (notice row, English words) imports into a fresh project as it is
    from tests.factories import write_tiny

    fresh = write_tiny(tmp_path / "fresh.gpkg")
    code, out, _ = run(capsys, "cases", fresh, "import", english)
    assert code == 0, out
    case = layer(fresh, "cases").loc["C0001"]
    assert (case["state"], case["category"], case["reporter_name"]) == ("triage", "矛盾纠纷", "王小明")


def test_usage_errors_are_one_line(tiny_gpkg, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli(["cases", str(tiny_gpkg)])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        cli(["cases", str(tiny_gpkg), "advance", "C0001"])  # --to is required
    err = capsys.readouterr().err
    assert all(line.startswith("error:") for line in err.splitlines())
