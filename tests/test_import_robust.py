"""Rows users really send never crash an import; large imports stay linear.

Every odd row (partial address, control characters, huge cells, words where
numbers belong) ends imported or rejected with a reason, the import commits,
and ``check`` finds nothing wrong in the result.
"""
import csv

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.demo.people import birth_dates, id_numbers
from geo.importing.cell_clean import MAX_CELL_CHARS, clean_cell
from geo.importing.commit import plan_vector
from geo.importing.report import ImportReport
from geo.importing.session import ImportSession
from geo.importing.vector_attrs import shape_attributes
from geo.project import Project
from geo.store import read_layers
from geo.validate import check_layers
from tests.test_import_cli import project_copy  # noqa: F401 (fixture)

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")

HEADERS = ["姓名", "性别", "身份证号", "联系电话", "住址", "联系户数", "单元号", "工作单位"]


@pytest.fixture
def street(project_copy):
    return project_copy


def _first_building(path):
    p = Project.open(path)
    try:
        b = p["buildings"].iloc[0]
        return b["address"], b["building_id"], p.bounds()
    finally:
        p.close()


def _ids(n, seed=3):
    rng = np.random.default_rng(seed)
    male = np.ones(n, dtype=bool)
    return list(id_numbers(male, *birth_dates(n, rng), rng))


#: (label, column index, value, expected: "ok" or the reason kind). {a} is a real address
#: of the project without unit and room, e.g. "金桥小区1号楼".
ODD_ROWS = [
    ("no unit number", 4, "{a}", "ok"),
    ("unit and room", 4, "{a}1单元101", "ok"),
    ("only a compound", 4, "{c}", "no matching building"),
    ("only a building number", 4, "1号楼2单元", "ambiguous address"),  # every compound has one
    ("free text", 4, "住在菜市场旁边", "no matching building"),
    ("blank address", 4, "", "no address"),
    ("absurd unit", 4, "{a}99999999999999999999单元101", "no such unit"),
    ("NUL in name", 0, "张\x00三", "ok"),
    ("bell in address", 4, "{a}\x071单元101", "ok"),
    ("zero-width in ID", 2, "{id5}\u200b{idrest}", "ok"),
    ("DEL in phone", 3, "1381234\x7f5678", "ok"),
    ("line breaks in work unit", 7, "市\r\n第一\t中学", "ok"),
    ("very long name", 0, "张" * (MAX_CELL_CHARS + 1), "text too long"),
    ("very long address", 4, "{a}1单元" + "1" * 50_000, "text too long"),
    ("number as name", 0, "12345", "ok"),
    ("words as linked households", 5, "abc", "bad number"),
    ("forty nines as unit number", 6, "9" * 40, "bad number"),
    ("superscript unit number", 6, "²", "ok"),
]


def _roster(path, address, fmt):
    ids = _ids(len(ODD_ROWS))
    compound = address.split("小区")[0] + "小区" if "小区" in address else address[:-3]
    rows = [HEADERS]
    for (label, col, value, _), id_ in zip(ODD_ROWS, ids):
        row = ["张三", "男", id_, "13812345678", f"{address}1单元101", "", "", ""]
        row[col] = value.format(a=address, c=compound, id5=id_[:5], idrest=id_[5:])
        rows.append(row)
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    else:
        import openpyxl
        wb = openpyxl.Workbook()
        for row in rows:  # xlsx cannot hold \x00-\x1f at all: those stay csv-only
            wb.active.append([clean_cell(v)[0] if any(ord(c) < 32 for c in v) else v
                              for v in row])
        wb.save(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_odd_roster_rows_are_imported_or_rejected_with_a_reason(street, tmp_path, fmt):
    address, building_id, _ = _first_building(street)
    source = _roster(tmp_path / f"roster.{fmt}", address, fmt)
    project = Project.open(street)
    try:
        session = ImportSession(project, source, "members")
        outcome = session.dry_run()
        rejected = {row: reasons for row, _, reasons in outcome.report.rejected_rows}
        for number, (label, _, _, expected) in enumerate(ODD_ROWS, start=2):
            if expected == "ok":
                assert number not in rejected, (label, rejected.get(number))
            else:
                assert number in rejected, label
                assert any(str(r).startswith(expected) for r in rejected[number]), \
                    (label, rejected[number])
        assert outcome.report.imported + outcome.report.rejected == len(ODD_ROWS)
        if fmt == "csv":
            assert any("control or invisible" in str(w) for w in outcome.report.warnings)
        outcome.plan.command.do(project)
        members = project["members"]
        new = members[members["building_id"] == building_id].tail(outcome.report.imported)
        assert "张三" in set(new["name"])  # the NUL is gone, not the name
        assert not any("\x00" in n or "\u200b" in n for n in members["name"])
    finally:
        project.close()
    assert [p for p in check_layers(read_layers(street)) if p.layer == "members"] == []


def test_member_without_unit_is_stored_blank(street, tmp_path):
    address, building_id, _ = _first_building(street)
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号,住址\n李四,{},{}\n".format(_ids(1, seed=9)[0], address),
                    encoding="utf-8")
    project = Project.open(street)
    try:
        outcome = ImportSession(project, path, "members").dry_run()
        assert outcome.report.rejected == 0
        outcome.plan.command.do(project)
        added = project["members"].loc[outcome.plan.inserted[0]]
        assert added["building_id"] == building_id and pd.isna(added["unit_no"])
    finally:
        project.close()
    reopened = Project.open(street)
    try:
        assert reopened["members"].loc[outcome.plan.inserted[0], "name"] == "李四"
    finally:
        reopened.close()


def test_odd_building_attributes_are_rejected_with_reasons(street, tmp_path):
    _, _, (minx, miny, _, _) = _first_building(street)
    names = ["1号\x07楼", "2号楼", "\u200bc", "x" * (MAX_CELL_CHARS + 5), "5号楼", "6号楼",
             "7号楼", "8号楼"]
    floors = ["3", "abc", "4", "5", "inf", "-5", "1e400", "99999999999999"]
    n = len(names)
    xs = [minx + 0.0005 * i for i in range(n)]
    frame = gpd.GeoDataFrame({"名称": names, "层数": floors, "户数": list(range(1, n + 1))},
                             geometry=shapely.box(xs, miny + 0.001, [x + 0.0001 for x in xs],
                                                  miny + 0.0011), crs="EPSG:4490")
    source = tmp_path / "b.geojson"
    frame.to_file(source, driver="GeoJSON")
    project = Project.open(street)
    try:
        outcome = ImportSession(project, source, "buildings").dry_run()
        reasons = {row: r for row, _, r in outcome.report.rejected_rows}
        assert sorted(reasons) == [2, 4, 5, 6, 7, 8]
        assert str(reasons[2][0]).startswith("not a number") and "abc" in str(reasons[2][0])
        assert str(reasons[4][0]).startswith("text too long")
        assert str(reasons[5][0]).startswith("not a number")
        assert str(reasons[6][0]).startswith("negative number")
        assert str(reasons[7][0]).startswith("not a number")
        assert str(reasons[8][0]).startswith("number too large")
        outcome.plan.command.do(project)
        stored = set(project["buildings"]["name"])
        assert {"1号楼", "c"} <= stored
    finally:
        project.close()
    # rows imported without units or households are valid; check names them as still missing
    still_missing = {"missing_units", "missing_households"}
    assert [p for p in check_layers(read_layers(street)) if p.kind not in still_missing] == []


class _CopyCounter:
    """Counts how often pandas deep-copies a frame's ``attrs`` (once per row = n²)."""

    copies = 0

    def __deepcopy__(self, memo):
        _CopyCounter.copies += 1
        return self


def test_shaping_and_planning_a_vector_import_do_not_copy_per_row(street):
    n = 2000
    project = Project.open(street)
    try:
        minx, miny, _, _ = project.bounds()
        xs = minx + np.arange(n) * 1e-5
        floors = ["3"] * n
        floors[::100] = ["abc"] * len(floors[::100])  # some rows refused: their report rows too
        frame = gpd.GeoDataFrame({"楼名": [f"{i}号楼" for i in range(n)], "层数": floors},
                                 geometry=shapely.box(xs, miny, xs + 5e-6, miny + 5e-6),
                                 crs=project.crs)
        frame.attrs["row_numbers"] = list(range(2, n + 2))
        frame.attrs["probe"] = _CopyCounter()
        mapping = {"楼名": "name", "层数": "floors"}
        report = ImportReport(source="probe", layer="buildings")
        _CopyCounter.copies = 0
        shaped = shape_attributes(frame, mapping, "buildings", report,
                                  existing_ids=project["buildings"].index)
        assert report.rejected == n // 100 and len(shaped) == n - n // 100
        assert _CopyCounter.copies < 50  # one per row was the n² of 16,000-row imports
        shaped.attrs["probe"] = _CopyCounter()
        _CopyCounter.copies = 0
        plan = plan_vector(project, "buildings", shaped, mapping, report)
        assert len(plan.inserted) == len(shaped)
        assert _CopyCounter.copies < 50
    finally:
        project.close()


def test_importing_a_roster_twice_changes_nothing_the_second_time(street, tmp_path):
    address, _, _ = _first_building(street)
    ids = _ids(3, seed=21)
    path = tmp_path / "twice.csv"
    path.write_text("姓名,身份证号,住址\n"
                    f"甲,{ids[0]},{address}2单元201\n"
                    f"乙,{ids[1]},{address}\n"  # no unit: the stored column gets a blank
                    f"丙,{ids[2]},{address}1单元102\n", encoding="utf-8")
    project = Project.open(street)
    try:
        first = ImportSession(project, path, "members").dry_run()
        first.plan.command.do(project)
        assert len(first.plan.inserted) == 3
        again = ImportSession(project, path, "members").dry_run()
        assert again.plan.empty and sorted(again.plan.unchanged) == sorted(first.plan.inserted)
    finally:
        project.close()
    reopened = Project.open(street)  # and after reading the file back
    try:
        third = ImportSession(reopened, path, "members").dry_run()
        assert third.plan.empty and len(third.plan.unchanged) == 3
    finally:
        reopened.close()
