"""Excel export: text is never a formula, masking notice, headers, layout."""
import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook

from geo.export.safe_excel import (FIRST_DATA_ROW, HEADER_ROW, MASKING_PROPERTY, SheetSpec,
                                   display_width, needs_quote_prefix, sheet_title,
                                   write_workbook)
from geo.masking import FULL, MASKED, resolve_policy

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "+SUM(1,2)", "-1+2", "@cmd", "\t=1",
           "\r=1", "＝1+1", "正常文本", "-"]


def members():
    return pd.DataFrame({
        "member_id": ["m1", "m2", "m3"],
        "name": ["=1+1", "张三明", "欧阳娜娜"],
        "phone": ["+86 138 1234 5678", None, "13900001111"],
        "id_number": ["11010519491231002X", "110105491231002", None],
        "linked_households": [10, 8, None],
    })


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


@pytest.fixture
def workbook(tmp_path):
    def write(sheets, policy=MASKED):
        path = write_workbook(tmp_path / "report.xlsx", sheets, policy)
        return load_workbook(path)
    return write


def test_no_cell_is_a_formula(workbook):
    df = pd.DataFrame({"name": HOSTILE, "n": range(len(HOSTILE))})
    wb = workbook([SheetSpec("网格", df)])
    assert all(c.data_type != "f" for c in all_cells(wb))
    ws = wb["网格"]
    values = [ws.cell(r, 1).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(HOSTILE))]
    # Text kept exactly, no visible apostrophe (XML parsing turns a CR into LF).
    assert values == [v.replace("\r", "\n") for v in HOSTILE]
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(HOSTILE)):
        cell = ws.cell(r, 1)
        assert cell.data_type == "s"
        assert cell.quotePrefix == needs_quote_prefix(cell.value)


def test_xml_has_no_formula_element(tmp_path):
    import zipfile
    path = write_workbook(tmp_path / "r.xlsx", [SheetSpec("x", pd.DataFrame({"a": HOSTILE}))])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_members_masked_by_default(workbook):
    spec = SheetSpec("党员", members(), table="members",
                     personal={"name": "name", "phone": "phone", "id_number": "id_number"})
    wb = workbook([spec])
    ws = wb["党员"]
    assert "已脱敏" in ws["A1"].value
    assert [c.value for c in ws[HEADER_ROW]] == ["党员编号", "姓名", "电话", "身份证号", "联系户数"]
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    assert rows[0] == ("m1", "=**1", "138****5678", "1" + "*" * 16 + "X", 10)
    assert rows[1][1:4] == ("张*明", None, "1" + "*" * 13 + "2")
    assert rows[2][1] == "欧阳*娜" and rows[2][4] is None
    text = " ".join(str(c.value) for c in all_cells(wb))
    assert "13812345678" not in text and "张三明" not in text and "1949" not in text
    assert wb.custom_doc_props[MASKING_PROPERTY].value == "masked"


def test_full_export_says_so(workbook):
    policy = resolve_policy(full=True, confirm=lambda: True)
    spec = SheetSpec("党员", members(), personal={"name": "name", "phone": "phone"})
    wb = workbook([spec], policy)
    ws = wb["党员"]
    assert "FULL PERSONAL DATA" in ws["A1"].value
    assert ws.cell(FIRST_DATA_ROW + 1, 2).value == "张三明"
    assert ws.cell(FIRST_DATA_ROW, 2).value == "=1+1"
    assert ws.cell(FIRST_DATA_ROW, 2).data_type == "s"
    assert wb.custom_doc_props[MASKING_PROPERTY].value == FULL.label
    assert "FULL PERSONAL DATA" in wb.properties.subject


def test_layout_frozen_headers_widths(workbook):
    grids = pd.DataFrame({"grid_id": ["G1", "G2"], "name": ["幸福里第一网格", "x"],
                          "households": [320, 480]})
    wb = workbook([SheetSpec("网格", grids)])
    ws = wb["网格"]
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert [c.value for c in ws[HEADER_ROW]] == ["网格编号", "名称", "户数"]
    assert ws.column_dimensions["B"].width == display_width("幸福里第一网格") + 2
    assert ws.column_dimensions["A"].width >= display_width("网格编号")
    assert ws.auto_filter.ref == "A2:C4"
    assert ws.cell(FIRST_DATA_ROW, 3).value == 320 and ws.cell(FIRST_DATA_ROW, 3).data_type == "n"


def test_geometry_dropped_and_values_converted(workbook):
    gdf = gpd.GeoDataFrame({"name": ["a", "b"], "x": [float("nan"), float("inf")],
                            "when": [dt.date(2024, 1, 2), None], "ok": [True, False],
                            "bad": ["a\x00b", ["list"]]},
                           geometry=[shapely.Point(0, 0), None], crs="EPSG:4490")
    ws = workbook([SheetSpec("几何", gdf)]).active
    assert [c.value for c in ws[HEADER_ROW]] == ["名称", "x", "when", "ok", "bad"]
    row = [c.value for c in ws[FIRST_DATA_ROW]]
    assert row[1] is None and row[3] is True and row[4] == "ab"
    assert ws.cell(FIRST_DATA_ROW + 1, 5).value == "['list']"


def test_explicit_columns_only(workbook):
    ws = workbook([SheetSpec("x", members(), columns=["member_id", "linked_households"])]).active
    assert [c.value for c in ws[HEADER_ROW]] == ["党员编号", "联系户数"]
    assert ws.max_column == 2


def test_sheet_titles_valid_and_unique():
    taken = set()
    assert sheet_title("a/b:c", taken) == "a_b_c"
    assert sheet_title("A/B:C", taken) == "A_B_C(2)"
    assert len(sheet_title("x" * 40, taken)) == 31


def test_display_width_counts_cjk_double():
    assert display_width("ab") == 2 and display_width("网格") == 4 and display_width("ＡＢ") == 4


def test_needs_at_least_one_sheet(tmp_path):
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "x.xlsx", [])


def test_streamed_sheet_states_its_extent_for_streaming_readers(tmp_path):
    """The sheet is streamed (write-only); a read-only reader still sees whole rows."""
    grids = pd.DataFrame({"grid_id": ["G1", "G2"], "name": ["幸福里第一网格", "=1"], "share": [0.5, None]})
    path = write_workbook(tmp_path / "r.xlsx", [SheetSpec("网格", grids, formats={"share": "0.0%"})])
    wb = load_workbook(path, read_only=True)
    ws = wb["网格"]
    assert ws.max_row == FIRST_DATA_ROW + 1 and ws.max_column == 3
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(rows[0]) == 3 and rows[1] == ["网格编号", "名称", "share"] and rows[3][:2] == ["G2", "=1"]
    wb.close()
    ws = load_workbook(path)["网格"]
    assert ws.cell(FIRST_DATA_ROW, 3).number_format == "0.0%" and ws.cell(FIRST_DATA_ROW + 1, 2).quotePrefix
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
