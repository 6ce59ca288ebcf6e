"""Assignment CSV/XLSX: round trip, BOM, and every bad row reported."""
import pandas as pd

from geo.editing.assignment_csv import export_assignment, import_assignment
from tests.editing_checks import assert_tiled, grid_of, open_copy


def test_round_trip_and_bom(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    out = export_assignment(project, tmp_path / "a.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"building_id,grid_id" in raw
    command, report = import_assignment(project, out)
    assert command is None and report.unchanged == 3 and report.ok
    out.write_text(out.read_text(encoding="utf-8-sig").replace("B2,G1", "B2,G2"), encoding="utf-8-sig")
    command, report = import_assignment(project, out)
    assert report.moves == {"B2": "G2"}
    command.do(project)
    assert grid_of(project, "B2") == "G2"
    assert_tiled(project)
    command.undo(project)
    assert grid_of(project, "B2") == "G1"
    project.close()


def test_bad_rows_are_reported_not_dropped(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text("building_id,grid_id\nB1,G2\nB9,G1\nB2,G7\nB1,G2\nB3,G1\nB3,G2\n,G1\n", encoding="utf-8")
    command, report = import_assignment(project, path)
    assert report.unknown_buildings == [(3, "B9")]
    assert report.unknown_grids == [(4, "B2", "G7")]
    assert report.duplicates == [(5, "B1", "G2")]
    assert report.conflicts == [(7, "B3", "G2")]
    assert report.blank == [8]
    assert report.moves == {"B1": "G2"} and not report.ok
    project.close()


def test_xlsx_with_numeric_ids(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    path = tmp_path / "a.xlsx"
    pd.DataFrame({"楼栋编号": ["B2"], "网格编号": ["G2"]}).to_excel(path, index=False)
    command, report = import_assignment(project, path)
    assert report.moves == {"B2": "G2"}
    project.close()
