"""Excel and HTML outputs read in the chosen language: no raw codes, shares as %, printable.

Issue 16: the report's street sheet showed raw indicator names (residents_buildings,
linked_share) and gap codes (grid_no_branch); HTML popups showed True, community,
built and 0.76. Each output is written in Chinese and in English through the command
line and read back.
"""
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from geo.colouring import TOL_LIGHT
from geo.coverage.gaps import GAP_TYPES
from geo.coverage.model import CoverageModel
from geo.export.html_map import layer_features
from geo.export.project_map import project_layers
from geo.export.safe_excel import display_width
from geo.export.vocabulary import _INDICATORS
from geo.figures import project_figures
from geo.masking import FULL
from geo.project import Project
from tests.chromium_harness import ChromiumPage

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
#: What a reader must never see: figure names, gap types, stored values, Python booleans.
RAW = set(_INDICATORS) | set(GAP_TYPES) | {"True", "False", "true", "false", "built", "planned",
                                           "in_service", "registered", "community", "grid_head",
                                           "level1", "in", "under", "over"}
#: In English, plain words ("households", "built") are fine; codes with underscores are not.
RAW_EN = {r for r in RAW if "_" in r} | {"True", "False"}
IDENTIFIER = re.compile(r"^[a-z]+(_[a-z0-9]+)+(\(%\))?$")
#: English sheets may hold Chinese only in names of places, people and organizations.
NAMED_COLUMNS = {"名称", "Name", "Community", "Grid", "Party organization", "Home address", "Value"}


def main(*args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def texts(ws):
    return [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]


@pytest.fixture
def reports(tiny_gpkg, tmp_path):
    out = {}
    for lang in ("zh", "en"):
        out[lang] = tmp_path / f"report-{lang}.xlsx"
        result = main("report", tiny_gpkg, "--out", out[lang], "--lang", lang)
        assert result.returncode == 0, result.stderr
    return {lang: openpyxl.load_workbook(path) for lang, path in out.items()}


def test_chinese_report_has_no_raw_code(reports):
    wb = reports["zh"]
    assert wb.sheetnames == ["街道", "社区", "网格", "缺口", "党员", "清单网格指标", "需求清单", "资源清单",
                             "项目清单", "事件", "事件流转记录"]
    for ws in wb:
        for text in texts(ws):
            assert text not in RAW and not IDENTIFIER.match(text), (ws.title, text)
    street = {r[0]: r[1] for r in wb["街道"].iter_rows(min_row=3, values_only=True)}
    assert "有人口数的楼栋数" in street and "中心户联系覆盖率" in street
    gap_titles = {r[1] for r in wb["缺口"].iter_rows(min_row=3, values_only=True)}
    assert "网格未建党支部" not in RAW and gap_titles <= {t[3] for t in GAP_TYPES.values()}
    grid_values = texts(wb["网格"])
    assert "是" in grid_values and "否" in grid_values


def test_english_report_headers_and_words_are_english(reports):
    wb = reports["en"]
    assert wb.sheetnames == ["Street", "Communities", "Grids", "Gaps", "Members", "List figures by grid", "Needs",
                             "Resources", "Projects", "Cases", "Case events"]
    for ws in wb:
        headers = [c.value for c in ws[2]]
        assert headers and not any(CJK.search(h) for h in headers), (ws.title, headers)
        named = {j for j, h in enumerate(headers) if h in NAMED_COLUMNS}
        for row in ws.iter_rows(min_row=3, values_only=True):
            for j, value in enumerate(row):
                if isinstance(value, str) and j not in named:
                    assert not CJK.search(value), (ws.title, headers[j], value)
                    assert value not in RAW_EN and not IDENTIFIER.match(value), (ws.title, value)
    street = {r[0]: r[1] for r in wb["Street"].iter_rows(min_row=3, values_only=True)}
    assert street["Street"] == "测试街道" and street["Households"] == 130
    gaps = {r[1] for r in wb["Gaps"].iter_rows(min_row=3, values_only=True)}
    assert "Grid without a party branch" in gaps


def test_shares_are_percentages_and_sheets_print_well(reports, tiny_gpkg):
    project = Project.open(tiny_gpkg)
    share = CoverageModel(project, live=False).grids.at["G1", "station_coverage_share"]
    project.close()
    for lang, header in (("zh", "服务站覆盖率"), ("en", "Station coverage")):
        wb = reports[lang]
        grids = wb.worksheets[2]
        column = [c.value for c in grids[2]].index(header) + 1
        cells = {grids.cell(r, 1).value: grids.cell(r, column) for r in range(3, grids.max_row + 1)}
        assert cells["G1"].value == pytest.approx(share, abs=1e-4) and cells["G1"].number_format == "0.0%"
        street = wb.worksheets[0]
        shares = [row for row in street.iter_rows(min_row=3) if row[0].value == header]
        assert shares and shares[0][1].number_format == "0.0%" and 0 <= shares[0][1].value <= 1
        for ws in wb:
            assert ws.freeze_panes == "A3"
            assert ws.print_title_rows == "$1:$2"
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
            widths = [ws.column_dimensions[c.column_letter].width for c in ws[2]]
            assert all(w >= display_width(str(c.value)) + 2 for w, c in zip(widths, ws[2]))
        assert grids.page_setup.orientation == "landscape"
        assert street.page_setup.orientation == "portrait"


def test_gaps_workbook_in_english(tiny_gpkg, tmp_path):
    out = tmp_path / "gaps.xlsx"
    assert main("gaps", tiny_gpkg, "--xlsx", out, "--lang", "en").returncode == 1  # there are gaps
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Gap list", "Grid figures", "Community figures"]
    ws = wb["Gap list"]
    assert [c.value for c in ws[2]][:3] == ["Severity", "Gap type", "Layer"]
    first = [c.value for c in ws[3]]
    assert first[0] in ("High", "Medium", "Low") and first[2] in ("Grids", "Buildings", "Members")
    assert not any(CJK.search(str(v)) for v in first[:3])
    # the gap details are worded too (they were Chinese-only): no Chinese outside names
    headers = [c.value for c in ws[2]]
    detail = headers.index("Detail")
    details = [row[detail] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert details and not any(CJK.search(str(d)) for d in details), details
    assert "No grid party branch" in details


def test_community_report_in_both_languages(tiny_gpkg, tmp_path):
    """The organization tree's 导出该社区报告 (geo.coverage.excel.write_community_xlsx)."""
    from geo.coverage.excel import write_community_xlsx

    project = Project.open(tiny_gpkg)
    try:
        model = CoverageModel(project, live=False)
        for lang, sheets, detail in (("zh", ["缺口清单", "网格指标", "社区指标"], "未建网格党支部"),
                                     ("en", ["Gap list", "Grid figures", "Community figures"],
                                      "No grid party branch")):
            wb = openpyxl.load_workbook(write_community_xlsx(tmp_path / f"c-{lang}.xlsx", model, "C1", lang))
            assert wb.sheetnames == sheets
            values = [v for row in wb.worksheets[0].iter_rows(min_row=3, values_only=True) for v in row]
            assert detail in values
            if lang == "en":
                headers = [c.value for ws in wb for c in ws[2]]
                assert not any(CJK.search(str(h)) for h in headers), headers
    finally:
        project.close()


def _popups(project, lang):
    layers = project_layers(project, project_figures(project), lang=lang)
    return {layer.title: [f["properties"]["popup"] for f in layer_features(layer, FULL)["features"]]
            for layer in layers}


def test_map_popups_word_values(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        zh, en = _popups(project, "zh"), _popups(project, "en")
    finally:
        project.close()
    station = zh["党群服务站"][0]
    assert "已建成" in station and "<td>社区</td>" in station
    grid = " ".join(zh["网格"])
    assert "<td>是</td>" in grid and "%</td>" in grid
    for popup in (p for ps in zh.values() for p in ps):
        for raw in ("True", "False", ">built<", ">community<"):
            assert raw not in popup
        assert not re.search(r"<td>0\.\d+</td>", popup)  # no bare share
    assert set(en) == {"Communities", "Grids", "Buildings", "Service areas", "Service stations"}
    for popup in (p for ps in en.values() for p in ps):
        labels = re.findall(r"<th>(.*?)</th>", popup)
        assert labels and not any(CJK.search(label) for label in labels), labels
    assert "<td>Built</td>" in en["Service stations"][0] and "<td>Yes</td>" in " ".join(en["Grids"])


@pytest.mark.parametrize("lang, title, grids", [("zh", "测试街道 党建网格一张图", "网格"),
                                                 ("en", "测试街道 party-building grid map", "Grids")])
def test_html_map_title_labels_colours_scale_and_view(tiny_gpkg, tmp_path, lang, title, grids):
    out = tmp_path / f"map-{lang}.html"
    result = main("export-html", tiny_gpkg, "--out", out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    with ChromiumPage() as page:
        page.open(out)
        page.settle()
        assert page.evaluate("document.title") == title
        labels = page.evaluate("[...document.querySelectorAll('.ga-label')].map(e => e.textContent)")
        assert sorted(labels) == ["第一网格", "第二网格"]
        fills = page.evaluate(f"GridAtlasMap.layers[{grids!r}].getLayers().map(l => l.options.fillColor)")
        assert len(set(fills)) == 2 and set(fills) <= {c.upper() for c in TOL_LIGHT} | set(TOL_LIGHT)
        scale = page.evaluate("[...document.querySelectorAll('.leaflet-control-scale-line')]"
                              ".map(e => e.textContent)")
        assert len(scale) == 1 and re.fullmatch(r"\d+ k?m", scale[0])
        # opens on the street: every grid in view, and the view not much wider than the grids
        fit = page.evaluate(f"""(() => {{
            const b = GridAtlasMap.layers[{grids!r}].getBounds(), v = GridAtlasMap.map.getBounds();
            return [v.contains(b), (v.getEast() - v.getWest()) / (b.getEast() - b.getWest()),
                    (v.getNorth() - v.getSouth()) / (b.getNorth() - b.getSouth())]; }})()""")
        assert fit[0] and min(fit[1], fit[2]) < 4
        assert page.external_requests() == []


def test_an_export_s_language_follows_the_command_line_and_says_so_in_it(tiny_gpkg, tmp_path, capsys,
                                                                         english_messages):
    """Without --lang the file is in the command line's language; the "written" line is in the file's."""
    from geo.cli import main as cli

    assert cli(["report", str(tiny_gpkg), "--out", str(tmp_path / "en.xlsx")]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert "Grids" in openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames
    assert cli(["report", str(tiny_gpkg), "--out", str(tmp_path / "zh.xlsx"), "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith("已写入 ")
    assert "网格" in openpyxl.load_workbook(tmp_path / "zh.xlsx").sheetnames
