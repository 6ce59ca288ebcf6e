"""Real files written by pyogrio and ogr2ogr → layer frames: encodings, CRS, repairs, snapping."""
import shutil
import subprocess

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import chinacrs
from geo.importing import safe_open
from geo.importing.encoding import detect_shapefile_encoding
from geo.importing.vector import import_vector, parse_crs_arg

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")

NAMES = ["幸福小区3号楼", "和平花园1栋", "宿舍楼"]


def buildings_gdf(crs="EPSG:4490"):
    return gpd.GeoDataFrame(
        {"楼名": NAMES, "层数": [6, 18, 5], "户数": [48, 136, 30], "单元数": [2, 4, 1],
         "小区": ["幸福小区", "和平", "幸福"]},
        geometry=[shapely.box(116.30 + i * 0.001, 39.90, 116.3005 + i * 0.001, 39.9005)
                  for i in range(3)], crs=crs)


@pytest.fixture
def gbk_shp(tmp_path):
    path = tmp_path / "楼栋.shp"
    buildings_gdf().to_file(path, encoding="GBK")
    return path


def test_gbk_shapefile_with_cpg(gbk_shp):
    result = import_vector(gbk_shp, "buildings", overrides={"楼名": "name"})
    assert result.frame["name"].tolist() == NAMES
    assert "cpg" in str(result.report.facts["encoding"])


def test_gbk_shapefile_without_cpg_is_detected(gbk_shp):
    gbk_shp.with_suffix(".cpg").unlink()
    choice = detect_shapefile_encoding(gbk_shp)
    assert choice.codec == "gb18030" and choice.source == "gb18030"
    result = import_vector(gbk_shp, "buildings")
    assert result.frame["name"].tolist() == NAMES
    assert result.frame["floors"].tolist() == [6, 18, 5]
    assert not result.report.warnings or not any("garbled" in str(w) for w in result.report.warnings)


def test_ldid_byte_is_used_without_cpg(gbk_shp):
    gbk_shp.with_suffix(".cpg").unlink()
    dbf = gbk_shp.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[29] = 0x4D  # "Chinese GBK (PRC)"
    dbf.write_bytes(bytes(data))
    assert detect_shapefile_encoding(gbk_shp).source == "ldid"
    assert import_vector(gbk_shp, "buildings").frame["name"].tolist() == NAMES


def test_wrong_encoding_override_warns_about_mojibake(gbk_shp):
    result = import_vector(gbk_shp, "buildings", encoding="latin-1")
    assert any("garbled" in str(w) for w in result.report.warnings)


def test_compound_names_resolved(gbk_shp):
    compounds = pd.DataFrame({"compound_id": ["C1", "C2"], "name": ["幸福小区", "和平花园"]})
    frame = import_vector(gbk_shp, "buildings", compounds=compounds).frame
    assert frame["compound_id"].tolist() == ["C1", "C2", "C1"]


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs GDAL's ogr2ogr")
@pytest.mark.parametrize("fmt, suffix", [("GeoJSON", ".geojson"), ("KML", ".kml"),
                                          ("GPKG", ".gpkg")])
def test_formats_written_by_ogr2ogr(tmp_path, gbk_shp, fmt, suffix):
    out = tmp_path / f"out{suffix}"
    subprocess.run(["ogr2ogr", "-f", fmt, str(out), str(gbk_shp), "-t_srs", "EPSG:4326"],
                   check=True, capture_output=True, timeout=60)
    result = import_vector(out, "buildings", overrides={"楼名": "name"}
                           if fmt != "KML" else {"Name": "name"})
    assert result.report.imported == 3
    assert result.frame.crs.to_epsg() == 4490
    if fmt != "KML":
        assert result.frame["name"].tolist() == NAMES


def test_reprojects_gauss_kruger_zone(tmp_path):
    gdf = buildings_gdf().to_crs("EPSG:4527")  # CGCS2000 3-degree zone 39 with prefix
    path = tmp_path / "gk.gpkg"
    gdf.to_file(path)
    frame = import_vector(path, "buildings").frame
    assert frame.crs.to_epsg() == 4490
    assert frame.geometry.iloc[0].centroid.distance(buildings_gdf().geometry.iloc[0].centroid) < 1e-6


def test_invalid_empty_and_wrong_type_geometries(tmp_path):
    bowtie = shapely.Polygon([(116, 40), (116.001, 40.001), (116.001, 40), (116, 40.001)])
    gdf = gpd.GeoDataFrame({"名称": ["1号楼", "2号楼", "3号楼", "4号楼"]},
                           geometry=[bowtie, shapely.Polygon(), None, shapely.Point(116, 40)],
                           crs=4490)
    path = tmp_path / "g.gpkg"
    gdf.to_file(path)
    result = import_vector(path, "buildings")
    assert result.report.imported == 1
    assert result.frame.geometry.iloc[0].is_valid
    assert result.frame.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert any("repaired" in str(w) for w in result.report.warnings)
    kinds = sorted(str(r[2][0]).split(":")[0] for r in result.report.rejected_rows)
    assert kinds == ["empty geometry", "no geometry", "wrong geometry type"]


def test_gcj02_csv_points_with_snapping(tmp_path):
    wgs = [(116.3002, 39.9002), (116.3013, 39.9002), (100.0, 30.0)]
    gcj = [tuple(map(float, chinacrs.wgs84_to_gcj02(x, y))) for x, y in wgs]
    rows = ["名称,经度,纬度,服务半径(米),状态,级别"] + [
        f"站{i},{x:.9f},{y:.9f},500,built,grid" for i, (x, y) in enumerate(gcj)]
    rows.append("坏,abc,39.9,500,built,grid")
    path = tmp_path / "stations.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    bld = buildings_gdf().assign(building_id=["B1", "B2", "B3"])[["building_id", "geometry"]]
    result = import_vector(path, "stations", crs="gcj02", buildings=bld, snap_tolerance_m=30,
                           project_extent=(116.29, 39.89, 116.31, 39.91))
    frame = result.frame
    assert result.report.imported == 3 and result.report.rejected == 1
    assert frame["building_id"].tolist() == ["B1", "B2", ""]
    assert shapely.contains(bld.geometry.iloc[1], frame.geometry.iloc[1])  # snapped inside
    assert frame.geometry.iloc[0].distance(shapely.Point(wgs[0])) < 1e-8  # offset undone
    assert any("50 km" in str(w) for w in result.report.warnings)
    assert frame["service_radius_m"].tolist() == [500.0] * 3


def test_outside_china_warning(tmp_path):
    gdf = gpd.GeoDataFrame({"名称": ["x"]}, geometry=[shapely.Point(2.35, 48.85)], crs=4326)
    gdf.to_file(tmp_path / "paris.geojson")
    result = import_vector(tmp_path / "paris.geojson", "stations")
    assert any("outside China" in str(w) for w in result.report.warnings)


def test_parse_crs_arg():
    assert parse_crs_arg("bd-09") == "bd09"
    assert parse_crs_arg("EPSG:4549") == "EPSG:4549"
    with pytest.raises(ValueError):
        parse_crs_arg("mars")


def test_kml_with_doctype_refused(tmp_path):
    path = tmp_path / "x.kml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "b">]><kml></kml>')
    with pytest.raises(Exception, match="x.kml.*DOCTYPE"):
        safe_open.read_vector_file(path)
