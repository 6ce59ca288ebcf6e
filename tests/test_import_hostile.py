"""Hostile and malformed files: every one refused with a message naming the file."""
import io
import zipfile

import geopandas as gpd
import openpyxl
import pyogrio
import pytest
import shapely
from pyproj import CRS

from geo.importing import errors, safe_open
from geo.importing.limits import Limits
from geo.importing.table import read_table
from geo.importing.vector import import_vector

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")


def write_shp(path, n=3, crs="EPSG:4490"):
    gdf = gpd.GeoDataFrame({"名称": [f"{i}号楼" for i in range(n)], "层数": list(range(n))},
                           geometry=[shapely.box(116 + i * 0.001, 40, 116.0005 + i * 0.001, 40.0005)
                                     for i in range(n)], crs=crs)
    gdf.to_file(path, encoding="UTF-8")
    return path


def test_vrt_disguised_as_geojson_is_refused_without_reading(tmp_path, monkeypatch):
    secret = write_shp(tmp_path / "secret.shp")
    evil = tmp_path / "buildings.geojson"
    evil.write_text(f'<?xml version="1.0"?><OGRVRTDataSource><OGRVRTLayer name="secret">'
                    f'<SrcDataSource>{secret}</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>')
    touched = []
    for name in ("read_info", "read_dataframe", "list_layers"):
        monkeypatch.setattr(pyogrio, name, lambda *a, **k: touched.append(a))
    with pytest.raises(errors.WrongContent, match="buildings.geojson.*VRT"):
        safe_open.read_vector_file(evil)
    with pytest.raises(errors.WrongContent):
        import_vector(evil, "buildings")
    assert touched == []


def test_vrt_disguised_as_kml_is_refused(tmp_path):
    evil = tmp_path / "a.kml"
    evil.write_text("<OGRVRTDataSource><OGRVRTLayer name='x'/></OGRVRTDataSource>")
    with pytest.raises(errors.WrongContent, match="a.kml"):
        safe_open.read_vector_file(evil)


def test_driver_prefix_and_vsi_paths_refused(tmp_path):
    for bad in ("/vsicurl/http://example.com/x.geojson", "GeoJSON:/etc/passwd"):
        with pytest.raises(errors.WrongContent):
            safe_open.read_vector_file(bad)


def test_truncated_shapefile(tmp_path):
    shp = write_shp(tmp_path / "t.shp", n=20)
    data = shp.read_bytes()
    shp.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.UnreadableFile, match="t.shp.*truncated"):
        safe_open.read_vector_file(shp)


def test_missing_dbf(tmp_path):
    shp = write_shp(tmp_path / "m.shp")
    (tmp_path / "m.dbf").unlink()
    with pytest.raises(errors.UnreadableFile, match=r"\.dbf.*missing"):
        safe_open.read_vector_file(shp)


def test_garbage_prj_is_ignored_with_a_warning(tmp_path):
    shp = write_shp(tmp_path / "p.shp")
    (tmp_path / "p.prj").write_text("this is not a coordinate system")
    opened = safe_open.read_vector_file(shp)
    assert len(opened.frame) == 3
    assert any("p.prj" in str(w) or ".prj" in str(w) for w in opened.warnings) or opened.frame.crs is None
    result = import_vector(shp, "buildings", crs="EPSG:4490")
    assert result.report.imported == 3


def test_prj_saying_degrees_for_metre_coordinates(tmp_path):
    gdf = gpd.GeoDataFrame({"名称": ["1号楼"]}, geometry=[shapely.box(39_500_000, 4_400_000,
                                                                   39_500_050, 4_400_050)],
                           crs="EPSG:4527")
    shp = tmp_path / "w.shp"
    gdf.to_file(shp)
    (tmp_path / "w.prj").write_text(CRS("EPSG:4490").to_wkt("WKT1_ESRI"))
    with pytest.raises(errors.BadCrs, match="w.shp.*wrong"):
        import_vector(shp, "buildings")
    # With the right CRS given by hand it imports and lands in China.
    fixed = import_vector(shp, "buildings", crs="EPSG:4527")
    assert fixed.report.imported == 1
    assert not any("China" in str(w) for w in fixed.report.warnings)


def test_geojson_with_broken_coordinates(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type":"FeatureCollection","features":['
                    '{"type":"Feature","properties":{"名称":"1号楼"},"geometry":{"type":"Polygon",'
                    '"coordinates":[[[116,40],[116.001,40],[116.001,40.001],[116,40]]]}},'
                    '{"type":"Feature","properties":{"名称":"2号楼"},"geometry":{"type":"Polygon",'
                    '"coordinates":[[["a",40],[116.001]]]}},'
                    '{"type":"Feature","properties":{"名称":"3号楼"},"geometry":null}]}')
    result = import_vector(path, "buildings")
    assert result.report.imported == 1
    assert result.report.rejected == 2
    assert all("geometry" in str(r[2][0]) for r in result.report.rejected_rows)


def test_truly_broken_json_names_the_file(tmp_path):
    path = tmp_path / "cut.geojson"
    path.write_text('{"type":"FeatureCollection","features":[{"type":"Feat')
    with pytest.raises(errors.UnreadableFile, match="cut.geojson"):
        safe_open.read_vector_file(path)


def bomb_bytes(member="xl/worksheets/sheet1.xml", size=50 * 1024 * 1024):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, b"\0" * size)
    return buf.getvalue()


def test_xlsx_zip_bomb_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_bytes())
    assert path.stat().st_size < 200_000
    with pytest.raises(errors.UnsafeArchive, match="bomb.xlsx.*zip bomb"):
        read_table(path)


def test_zip_with_lying_sizes_stopped_by_total_cap(tmp_path):
    path = tmp_path / "big.zip"
    path.write_bytes(bomb_bytes("a.shp", size=3 * 1024 * 1024))
    limits = Limits(max_unpacked_bytes=1024 * 1024, max_compression_ratio=1e9)
    with pytest.raises(errors.UnsafeArchive, match="big.zip.*unpack"):
        safe_open.read_zip(path, limits=limits)


def test_zip_path_traversal(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../outside.shp", b"x")
    with pytest.raises(errors.UnsafeArchive, match="outside its folder"):
        safe_open.read_zip(path)
    assert not (tmp_path.parent / "outside.shp").exists()


def test_zipped_shapefile_reads_and_cleans_up(tmp_path):
    write_shp(tmp_path / "z.shp")
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for part in tmp_path.glob("z.*"):
            if part.suffix != ".zip":
                zf.write(part, f"data/{part.name}")
    opened = safe_open.read_zip(path)
    assert len(opened.frame) == 3 and opened.path == path


def test_size_and_feature_caps(tmp_path):
    shp = write_shp(tmp_path / "c.shp", n=10)
    with pytest.raises(errors.TooManyFeatures, match="c.shp.*10 features"):
        safe_open.read_vector_file(shp, limits=Limits(max_features=5))
    with pytest.raises(errors.FileTooLarge, match="c.shp"):
        safe_open.read_vector_file(shp, limits=Limits(max_file_bytes=100))


def test_unsupported_extension(tmp_path):
    path = tmp_path / "x.dwg"
    path.write_bytes(b"AC1027")
    with pytest.raises(errors.UnsupportedFormat, match="x.dwg"):
        safe_open.read_vector_file(path)


def test_gpkg_layers_listed_and_fake_gpkg_refused(tmp_path):
    path = tmp_path / "d.gpkg"
    gdf = gpd.GeoDataFrame({"名称": ["站"]}, geometry=[shapely.Point(116, 40)], crs=4490)
    gdf.to_file(path, layer="stations")
    gdf.to_file(path, layer="more", mode="a")
    assert [name for name, _ in safe_open.list_layers(path)] == ["stations", "more"]
    fake = tmp_path / "f.gpkg"
    fake.write_text("{}")
    with pytest.raises(errors.WrongContent, match="f.gpkg"):
        safe_open.list_layers(fake)


def test_formula_cells_are_never_evaluated(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "手机"])
    wb.active.append(["=WEBSERVICE(\"http://x\")", "=1+1"])
    wb.save(tmp_path / "f.xlsx")
    table = read_table(tmp_path / "f.xlsx")
    assert table.frame.iloc[0].tolist() == ['=WEBSERVICE("http://x")', "=1+1"]
    assert table.formulas == {(0, "姓名"), (0, "手机")}


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("姓名,手机")
    with pytest.raises(errors.WrongContent, match="x.xlsx"):
        read_table(path)
