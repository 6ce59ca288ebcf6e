"""Starting from a street's own files: `new`, imports in any order, linking, and imports that refuse.

The files are written by the tests from the demo street, each the way such files
come in practice: community boundaries as GeoJSON, buildings as a GBK Shapefile in
a Gauss-Krüger zone with no .cpg, compounds as Gaode (GCJ-02) GeoJSON, stations as
a Baidu (BD-09) CSV, the roster as an xlsx.
"""
from __future__ import annotations

import csv
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import chinacrs
from geo.project import Project
from geo.store import read_layers
from geo.validate import check_layers
from main import main
from tests.test_import_cli import write_roster

LINKS = {"buildings": ["compound_id", "grid_id"], "compounds": ["community_id"], "grids": ["community_id"],
         "stations": ["community_id"]}


def _shift(frame, forward):
    out = frame.copy()
    out["geometry"] = shapely.transform(frame.geometry.values,
                                        lambda xy: np.column_stack(forward(xy[:, 0], xy[:, 1])))
    return out


@pytest.fixture(scope="module")
def sources(tmp_path_factory, demo_gpkg):
    folder = tmp_path_factory.mktemp("own_data")
    demo = Project.open(demo_gpkg)
    try:
        comms = demo["communities"].to_crs("EPSG:4326")
        gpd.GeoDataFrame({"社区编号": comms["community_id"], "社区名称": comms["name"], "所属街道": comms["street"]},
                         geometry=comms.geometry.values, crs="EPSG:4326").to_file(folder / "社区.geojson")
        grids = demo["grids"].to_crs("EPSG:4326")
        gpd.GeoDataFrame({"网格编号": grids["grid_id"], "网格名称": grids["name"]},
                         geometry=grids.geometry.values, crs="EPSG:4326").to_file(folder / "网格.geojson")
        b = demo["buildings"].to_crs("EPSG:4548")  # CGCS2000 GK zone 39 (117°E), no zone prefix
        gpd.GeoDataFrame({"楼栋编号": b["building_id"], "楼名": b["name"], "户数": b["households"],
                          "层数": b["floors"], "单元数": b["units"], "地址": b["address"]},
                         geometry=b.geometry.values, crs="EPSG:4548").to_file(folder / "楼栋.shp", encoding="GBK")
        (folder / "楼栋.cpg").unlink()
        comp = _shift(demo["compounds"].to_crs("EPSG:4326"), chinacrs.wgs84_to_gcj02)
        gpd.GeoDataFrame({"小区编号": comp["compound_id"], "小区名称": comp["name"]},
                         geometry=comp.geometry.values, crs="EPSG:4326").to_file(folder / "小区_gcj02.geojson")
        st = demo["stations"]
        bx, by = chinacrs.wgs84_to_bd09(st.geometry.x.to_numpy(), st.geometry.y.to_numpy())
        with open(folder / "服务站_百度.csv", "w", newline="", encoding="utf-8-sig") as fh:
            out = csv.writer(fh)
            out.writerow(["编号", "名称", "百度经度", "百度纬度", "级别", "状态", "服务半径"])
            for row, x, y in zip(st.itertuples(), bx, by):
                out.writerow([row.station_id, row.name, f"{x:.8f}", f"{y:.8f}", row.level, row.status,
                              row.service_radius_m])
        write_roster(folder / "花名册.xlsx", demo["buildings"], n=120, broken_share=0.0)
    finally:
        demo.close()
    return folder


IMPORTS = {
    "communities": ("社区.geojson", ["--map", "社区编号=community_id", "--map", "社区名称=name",
                                     "--map", "所属街道=street"]),
    "grids": ("网格.geojson", ["--map", "网格编号=grid_id", "--map", "网格名称=name"]),
    "buildings": ("楼栋.shp", ["--map", "楼栋编号=building_id", "--map", "楼名=name", "--map", "户数=households",
                              "--map", "层数=floors", "--map", "单元数=units", "--map", "地址=address"]),
    "compounds": ("小区_gcj02.geojson", ["--crs", "gcj02", "--map", "小区编号=compound_id",
                                         "--map", "小区名称=name"]),
    "stations": ("服务站_百度.csv", ["--crs", "bd09", "--map", "编号=station_id", "--map", "名称=name"]),
    "members": ("花名册.xlsx", []),
}


def _build(tmp_path, sources, order, name):
    path = tmp_path / name
    assert main(["new", str(path), "--street", "幸福街道"]) == 0
    for layer in order:
        file, extra = IMPORTS[layer]
        code = main(["import", str(path), str(sources / file), "--as", layer, *extra])
        assert code in (0, 1), f"import {layer} failed"
    return path


def _state(path):
    project = Project.open(path)
    try:
        links = {layer: dict(zip(project[layer].index, map(tuple, project[layer][cols].to_numpy(object))))
                 for layer, cols in LINKS.items()}
        counts = {layer: len(project[layer]) for layer in ("communities", "grids", "compounds", "buildings",
                                                           "stations", "members")}
        members = sorted(zip(project["members"]["id_number"], project["members"]["building_id"]))
    finally:
        project.close()
    return links, counts, members


def _stats(path, capsys):
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_import_orders_make_the_same_project(tmp_path, sources, demo_gpkg, capsys, output_dir):
    first = _build(tmp_path, sources, ["communities", "grids", "buildings", "compounds", "stations", "members"],
                   "a.gpkg")
    second = _build(tmp_path, sources, ["stations", "compounds", "buildings", "grids", "communities", "members"],
                    "b.gpkg")
    state_a, state_b = _state(first), _state(second)
    assert state_a == state_b
    links, counts, _ = state_a
    assert counts == {"communities": 4, "grids": 42, "compounds": 87, "buildings": 376, "stations": 9,
                      "members": 120}
    demo = Project.open(demo_gpkg)
    try:  # every link the linking made is the demo's own
        for layer, cols in LINKS.items():
            expected = dict(zip(demo[layer].index, map(tuple, demo[layer][cols].to_numpy(object))))
            assert links[layer] == expected, layer
    finally:
        demo.close()
    assert _stats(first, capsys) == _stats(second, capsys)
    problems = check_layers(read_layers(first))
    # the roster files members without an organization, which the street sets up next
    assert {p.kind for p in problems} <= {"member_without_org", "missing_reference", "member_misplaced"}, \
        sorted({(p.kind, p.reason) for p in problems})[:5]
    assert main(["render", str(first), "--out", str(output_dir / "own_data.png"), "--size", "800x600"]) == 0


# ---------------------------------------------------------------- refusals

@pytest.fixture
def street(tmp_path, sources):
    """A new project holding the communities and buildings of the demo street (WGS84 / GK)."""
    return _build(tmp_path, sources, ["communities", "buildings"], "street.gpkg")


def _err(capsys):
    return capsys.readouterr().err.strip().splitlines()


def test_utm_label_on_web_mercator_numbers_is_refused(street, tmp_path, capsys):
    project = Project.open(street)
    b = project["buildings"].head(20).to_crs("EPSG:3857")
    project.close()
    wrong = gpd.GeoDataFrame({"编号": [f"X{i}" for i in range(len(b))]}, geometry=b.geometry.values,
                             crs="EPSG:3857").set_crs("EPSG:32650", allow_override=True)
    wrong.to_file(tmp_path / "utm.shp")
    before = street.read_bytes()
    assert main(["import", str(street), str(tmp_path / "utm.shp"), "--as", "buildings"]) == 2
    err = _err(capsys)
    assert len(err) == 1 and "EPSG:3857" in err[0] and "--crs" in err[0]
    assert street.read_bytes() == before
    assert main(["import", str(street), str(tmp_path / "utm.shp"), "--as", "buildings", "--crs", "EPSG:3857",
                 "--map", "编号=building_id"]) in (0, 1)


def test_gcj02_without_crs_next_to_wgs84_buildings_is_refused(street, sources, tmp_path, capsys):
    plain = tmp_path / "小区.geojson"  # the same GCJ-02 data under a name that does not say so
    plain.write_bytes((sources / "小区_gcj02.geojson").read_bytes())
    assert main(["import", str(street), str(plain), "--as", "compounds"]) == 2
    err = _err(capsys)
    assert len(err) == 1 and "--crs gcj02" in err[0]
    assert main(["import", str(street), str(sources / "小区_gcj02.geojson"), "--as", "compounds"]) == 2
    assert "gcj02" in _err(capsys)[0], "the file name says gcj02: asked for --crs"
    assert main(["import", str(street), str(plain), "--as", "compounds", "--crs", "gcj02",
                 "--map", "小区编号=compound_id"]) in (0, 1)
    project = Project.open(street)
    try:  # with the offset undone, buildings sit in their compounds again
        assert project["buildings"]["compound_id"].notna().mean() > 0.95
    finally:
        project.close()


def test_malformed_geojson_says_why(street, tmp_path, capsys):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [117.0, 36.65]}]}]}
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(street), str(path), "--as", "stations"]) == 2
    err = _err(capsys)
    assert len(err) == 1 and "bad.geojson" in err[0]


def test_nansha_islands_are_china(tmp_path, capsys):
    path = tmp_path / "岛礁.gpkg"
    assert main(["new", str(path), "--street", "南沙街道"]) == 0
    csv_path = tmp_path / "服务站.csv"
    csv_path.write_text("编号,名称,经度,纬度,级别,状态,服务半径\nS1,永暑礁服务站,112.89,9.55,community,built,500\n"
                        "S2,美济礁服务站,115.53,9.90,community,built,500\n", encoding="utf-8")
    assert main(["import", str(path), str(csv_path), "--as", "stations", "--map", "编号=station_id"]) == 0
    project = Project.open(path)
    try:
        assert sorted(project["stations"].index) == ["S1", "S2"]
    finally:
        project.close()


def test_garbled_text_is_refused_unless_accepted(street, tmp_path, capsys):
    path = tmp_path / "服务站.csv"
    rows = ["编号,名称,地址说明,经度,纬度,级别,状态,服务半径"] + [
        f"S{i},{name}党群服务站,{name}北门西侧,{117.0 + i * 1e-3:.6f},36.650000,grid,built,300"
        for i, name in enumerate(["幸福小区", "和平家园", "光明新村", "建设小区", "解放新村", "新华苑"])]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = street.read_bytes()
    assert main(["import", str(street), str(path), "--as", "stations", "--encoding", "gbk",
                 "--map", "编号=station_id"]) == 2
    err = _err(capsys)
    assert len(err) == 1 and "--encoding" in err[0] and "--accept-garbled" in err[0]
    assert street.read_bytes() == before
    assert main(["import", str(street), str(path), "--as", "stations", "--map", "编号=station_id"]) == 0
    project = Project.open(street)
    try:
        assert project["stations"].at["S0", "name"] == "幸福小区党群服务站"
    finally:
        project.close()


def test_import_links_and_says_so(tmp_path, sources, capsys):
    path = tmp_path / "p.gpkg"
    assert main(["new", str(path), "--street", "幸福街道"]) == 0
    for layer in ("communities", "buildings"):
        file, extra = IMPORTS[layer]
        assert main(["import", str(path), str(sources / file), "--as", layer, *extra]) in (0, 1)
    capsys.readouterr()
    file, extra = IMPORTS["grids"]
    assert main(["import", str(path), str(sources / file), "--as", "grids", *extra]) in (0, 1)
    out = capsys.readouterr().out
    assert "grids.community_id" in out and "buildings.grid_id" in out  # what was linked, said
    project = Project.open(path)
    try:
        assert project["buildings"]["grid_id"].notna().all()
        assert pd.Series(project["grids"]["community_id"]).notna().all()
    finally:
        project.close()
