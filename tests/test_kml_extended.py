"""KML ExtendedData (<Data> and <SchemaData>) read as fields and imported through the CLI."""
from __future__ import annotations

import pytest

from geo.cli import main as cli_main
from geo.importing.errors import ImportFileError, UnreadableFile
from geo.importing.kml_extended import add_extended_columns
from geo.importing.limits import Limits
from geo.importing.safe_open import read_vector_file
from geo.importing.session import ImportSession
from geo.new_project import create_project
from geo.project import Project

_RING = "{x0},39.9 {x1},39.9 {x1},39.9004 {x0},39.9004 {x0},39.9"


def _polygon(i: int) -> str:
    x0 = 116.4 + i * 0.001
    ring = _RING.format(x0=round(x0, 6), x1=round(x0 + 0.0005, 6))
    return f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates>" \
           "</LinearRing></outerBoundaryIs></Polygon>"


def _placemark(name: str, i: int, extended: str) -> str:
    return f"<Placemark><name>{name}</name><ExtendedData>{extended}</ExtendedData>" \
           f"{_polygon(i)}</Placemark>"


def _data(name: str, value) -> str:
    return f'<Data name="{name}"><value>{value}</value></Data>'


def _simple(**values) -> str:
    fields = "".join(f'<SimpleData name="{k}">{v}</SimpleData>' for k, v in values.items())
    return f'<SchemaData schemaUrl="#楼栋属性">{fields}</SchemaData>'


def write_kml(path, folders: dict[str, str]) -> None:
    body = "".join(f"<Folder><name>{name}</name>{marks}</Folder>" for name, marks in folders.items())
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
        '<Document><name>测试</name><Schema name="楼栋属性" id="楼栋属性">'
        '<SimpleField name="层数" type="int"/><SimpleField name="单元总数" type="int"/></Schema>'
        f"{body}</Document></kml>", encoding="utf-8")


@pytest.fixture
def buildings_kml(tmp_path):
    """Two folders: the buildings (both forms of ExtendedData) and decoys with other values."""
    path = tmp_path / "楼栋.kml"
    write_kml(path, {
        "其他": _placemark("1号楼", 0, _data("户数", 999)),
        "楼栋": _placemark("1号楼", 0, _data("户数", 48) + _simple(层数=6, 单元总数=2))
              + _placemark("2号楼", 1, _data("户数", 36) + _simple(层数=5, 单元总数=3))
              + _placemark("3号楼", 2, _simple(层数=18)),
    })
    return path


def test_both_forms_become_columns_of_the_right_folder(buildings_kml):
    opened = read_vector_file(buildings_kml, layer="楼栋")
    frame = opened.frame
    assert list(frame["Name"]) == ["1号楼", "2号楼", "3号楼"]
    assert list(frame["户数"]) == ["48", "36", None]  # the decoy folder's 999 is not taken
    assert list(frame["层数"]) == ["6", "5", "18"]
    assert list(frame["单元总数"]) == ["2", "3", None]
    assert any("户数" in str(w) and "层数" in str(w) for w in opened.warnings)


def test_the_wizard_sees_the_fields_and_guesses_them(buildings_kml, tmp_path):
    project = Project.open(create_project(tmp_path / "p.gpkg", "测试街道"))
    try:
        session = ImportSession(project, buildings_kml, "buildings")
        session.source_layer = "楼栋"
        assert {"户数", "层数", "单元总数"} <= set(session.headers())
        mapping = session.mapping()
        assert mapping["户数"] == "households" and mapping["层数"] == "floors"
    finally:
        project.close()


def test_import_fills_households_floors_and_mapped_units(buildings_kml, tmp_path, capsys):
    gpkg = create_project(tmp_path / "p.gpkg", "测试街道")
    code = cli_main(["import", str(gpkg), str(buildings_kml), "--as", "buildings",
                     "--layer", "楼栋", "--map", "单元总数=units"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "户数→households" in out.out and "单元总数→units" in out.out
    project = Project.open(gpkg)
    try:
        b = project["buildings"].set_index("name")
        assert b.loc["1号楼", "households"] == 48 and b.loc["1号楼", "floors"] == 6
        assert b.loc["2号楼", "units"] == 3 and b.loc["3号楼", "floors"] == 18
        assert b["households"].isna().tolist() == [False, False, True]
    finally:
        project.close()


def test_placemarks_without_geometry_do_not_shift_the_values(tmp_path):
    """GDAL makes no feature of a placemark without geometry; the values still line up."""
    path = tmp_path / "gaps.kml"
    write_kml(path, {"楼栋": _placemark("1号楼", 0, _data("户数", 48))
                     + "<Placemark><name>空</name><ExtendedData>" + _data("户数", 7)
                     + "</ExtendedData></Placemark>"
                     + _placemark("2号楼", 1, _data("户数", 36))})
    frame = read_vector_file(path, layer="楼栋").frame
    assert list(frame["Name"]) == ["1号楼", "2号楼"] and list(frame["户数"]) == ["48", "36"]


def test_unmatched_extended_data_is_reported_not_guessed(buildings_kml):
    """Features that line up with no folder get no ExtendedData, and the report says so."""
    frame = read_vector_file(buildings_kml, layer="楼栋").frame[["Name", "geometry"]].copy()
    frame.loc[1, "Name"] = "别的楼"
    notes = add_extended_columns(frame, buildings_kml, "楼栋")
    assert list(frame.columns) == ["Name", "geometry"]
    assert [n.code for n in notes] == ["import.kml_extended.unmatched"]
    assert "楼栋" in notes[0].text("en") and "没有读入" in notes[0].text("zh")


def test_too_many_fields_and_doctype_are_refused(tmp_path):
    path = tmp_path / "wide.kml"
    write_kml(path, {"楼栋": _placemark("1号楼", 0, "".join(_data(f"f{i}", i) for i in range(5)))})
    with pytest.raises(UnreadableFile, match="ExtendedData fields"):
        read_vector_file(path, layer="楼栋", limits=Limits(max_columns=4))
    hostile = tmp_path / "bomb.kml"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]>'
                       '<kml><Document><Placemark><name>&a;</name></Placemark></Document></kml>')
    with pytest.raises(ImportFileError):
        read_vector_file(hostile)
