"""``python main.py import`` run as a subprocess on files written here into a demo copy."""
import csv
import hashlib
import random
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pytest
import shapely

from geo import chinacrs, idcard
from geo.project import Project

ROOT = Path(__file__).resolve().parent.parent
ROSTER_HEADERS = ["序号", "姓名", "性别", "手机", "身份证号", "住址", "类别"]


def run_main(*args):
    # these tests read the English summary; the CLI speaks Chinese unless GRIDATLAS_LANG=en
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GRIDATLAS_LANG": "en"})


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def check_problems(path):
    lines = run_main("check", path).stdout.splitlines()[:-1]
    return set(lines)


@pytest.fixture
def project_copy(demo_copy):
    return demo_copy


def centre(path):
    p = Project.open(path)
    try:
        minx, miny, maxx, maxy = p.bounds()
        return (minx + maxx) / 2, (miny + maxy) / 2
    finally:
        p.close()


def layer(path, name):
    p = Project.open(path)
    try:
        return p[name].copy()
    finally:
        p.close()


# ---------------------------------------------------------------- files

def write_gbk_buildings(path, x0, y0, n=8, bad_rows=(3,)):
    rows = [{"楼名": f"新建{i + 1}号楼", "层数": 6, "户数": "四十" if i in bad_rows else str(40 + i),
             "单元数": 2, "geometry": shapely.box(x0 + i * 3e-4, y0, x0 + i * 3e-4 + 1e-4, y0 + 1e-4)}
            for i in range(n)]
    gpd.GeoDataFrame(rows, crs="EPSG:4490").to_file(path, encoding="GBK")
    path.with_suffix(".cpg").unlink()  # surveyors' files often have none
    return path


def write_gcj_stations(path, points):
    gx, gy = chinacrs.wgs84_to_gcj02(np.array([p[0] for p in points]),
                                      np.array([p[1] for p in points]))
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(["站点名称", "经度", "纬度", "级别", "状态", "服务半径(米)"])
        for i, (x, y) in enumerate(zip(gx, gy)):
            out.writerow([f"新服务站{i + 1}", f"{x:.8f}", f"{y:.8f}", "grid", "planned", "300"])
    return path


def write_compounds_geojson(path, x0, y0):
    frame = gpd.GeoDataFrame(
        {"小区名称": ["新苑小区", "东湖花园", "西山宿舍"], "社区": ["C01", "C02", "C01"],
         "建成年份": [2012, 2003, 1995]},
        geometry=[shapely.box(x0 + i * 1e-3, y0, x0 + i * 1e-3 + 8e-4, y0 + 8e-4)
                  for i in range(3)], crs="EPSG:4326")
    frame.to_file(path, driver="GeoJSON")
    return path


def make_id(rng, male):
    first17 = (f"370102{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
               f"{rng.randint(10, 99)}{rng.choice('13579' if male else '02468')}")
    return first17 + idcard.check_char(first17)


def roster_rows(buildings, n, rng):
    rows = []
    usable = buildings[buildings["address"].fillna("") != ""]
    for i in range(n):
        b = usable.iloc[rng.randrange(len(usable))]
        male = i % 2 == 0
        address = f"{b['address']}{rng.randint(1, int(b['units']))}单元{rng.randint(1, 6)}01"
        rows.append([str(i + 1), f"党员{i + 1}", "男" if male else "女", f"139{i:08d}",
                     make_id(rng, male), address, rng.choice(["", "在职党员", "流动党员"])])
    return rows


BREAKERS = [
    ("empty name", lambda r: r.__setitem__(1, "")),
    ("bad phone", lambda r: r.__setitem__(3, "12345")),
    ("bad ID number", lambda r: r.__setitem__(4, r[4][:17] + ("1" if r[4][17] == "0" else "0"))),
    ("no matching building", lambda r: r.__setitem__(5, "不存在小区99号楼1单元101")),
    ("gender mismatch", lambda r: r.__setitem__(2, "女" if r[2] == "男" else "男")),
]


def write_roster(path, buildings, n=300, broken_share=0.05, seed=3):
    """An xlsx roster of ``n`` rows; ``broken_share`` of them broken (one reason each)."""
    rng = random.Random(seed)
    rows = roster_rows(buildings, n, rng)
    broken = rng.sample(range(n), int(n * broken_share))
    expected = {}
    for k, pos in enumerate(broken):
        kind, breaker = BREAKERS[k % len(BREAKERS)]
        breaker(rows[pos])
        expected[pos + 2] = kind
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员"
    ws.append(ROSTER_HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path, expected


# ---------------------------------------------------------------- tests

def test_gbk_shapefile_without_cpg(project_copy, tmp_path):
    before = check_problems(project_copy)
    x0, y0 = centre(project_copy)
    shp = write_gbk_buildings(tmp_path / "新建楼栋.shp", x0, y0)
    result = run_main("import", project_copy, shp, "--as", "buildings",
                      "--report", tmp_path / "r.xlsx")
    assert result.returncode == 1, result.stderr
    assert "8 rows, 7 imported, 1 rejected" in result.stdout
    assert "not a number: 1" in result.stdout and "gb18030" in result.stdout
    assert result.stderr == ""
    new = layer(project_copy, "buildings").loc[lambda f: f["name"].str.startswith("新建")]
    assert sorted(new["name"]) == sorted(f"新建{i}号楼" for i in (1, 2, 3, 5, 6, 7, 8))
    assert new.index.str.fullmatch(r"B\d{6}").all()
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb["rejected"].max_row == 2 and "not a number" in wb["rejected"]["B2"].value
    after = check_problems(project_copy)
    added = after - before
    assert all("building_unassigned" in line for line in added), added
    unassigned = int(result.stdout.split(" new buildings are in no grid")[0].rsplit(" ", 1)[-1]) \
        if "in no grid" in result.stdout else 0
    assert len(added) == unassigned


def test_stations_from_gcj02_csv(project_copy, tmp_path):
    x0, y0 = centre(project_copy)
    truth = [(x0 + 1e-3, y0), (x0 - 2e-3, y0 + 1e-3)]
    path = write_gcj_stations(tmp_path / "服务站.csv", truth)
    result = run_main("import", project_copy, path, "--as", "stations", "--crs", "gcj02")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 rows, 2 imported, 0 rejected" in result.stdout and "gcj02" in result.stdout
    stations = layer(project_copy, "stations")
    new = stations[stations["name"].str.startswith("新服务站")].sort_values("name")
    assert new.index.str.fullmatch(r"ST\d{2}").all()
    metric = new.geometry.to_crs("EPSG:4548")
    expected = gpd.GeoSeries(gpd.points_from_xy(*zip(*truth)), crs="EPSG:4490").to_crs("EPSG:4548")
    assert np.allclose(metric.distance(expected, align=False), 0, atol=0.01)
    assert set(new["service_radius_m"]) == {300.0} and set(new["status"]) == {"planned"}


def test_compounds_from_geojson(project_copy, tmp_path):
    x0, y0 = centre(project_copy)
    path = write_compounds_geojson(tmp_path / "小区.geojson", x0 + 0.02, y0)
    result = run_main("import", project_copy, path, "--as", "compounds", "--map", "社区=community_id")
    assert result.returncode == 0, result.stdout + result.stderr
    compounds = layer(project_copy, "compounds")
    new = compounds[compounds["name"].isin(["新苑小区", "东湖花园", "西山宿舍"])]
    assert len(new) == 3 and new.index.str.fullmatch(r"Q\d{3}").all()
    assert new.crs.to_epsg() == 4490 and set(new["community_id"]) == {"C01", "C02"}
    again = run_main("import", project_copy, path, "--as", "compounds", "--map", "社区=community_id")
    assert "0 new, 0 updated, 3 unchanged" in again.stdout  # same shapes: recognised


def test_roster_with_broken_rows_and_reimport(project_copy, tmp_path):
    members_before = len(layer(project_copy, "members"))
    path, expected = write_roster(tmp_path / "花名册.xlsx", layer(project_copy, "buildings"))
    report = tmp_path / "问题.xlsx"
    first = run_main("import", project_copy, path, "--as", "members", "--sheet", "党员",
                     "--report", report)
    assert first.returncode == 1, first.stderr
    assert "300 rows, 285 imported, 15 rejected" in first.stdout
    for kind in {k for k, _ in BREAKERS}:
        assert f"  {kind}: 3" in first.stdout
    assert "members: 285 new, 0 updated, 0 unchanged" in first.stdout
    sheet = openpyxl.load_workbook(report)["rejected"]
    got = {int(sheet.cell(r, 1).value): sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert set(got) == set(expected)
    assert all(got[row].startswith(kind) for row, kind in expected.items())
    members = layer(project_copy, "members")
    assert len(members) == members_before + 285 and members.index.is_unique
    second = run_main("import", project_copy, path, "--as", "members")
    assert "members: 0 new, 0 updated, 285 unchanged" in second.stdout
    assert len(layer(project_copy, "members")) == members_before + 285


def test_dry_run_writes_nothing(project_copy, tmp_path):
    path, _ = write_roster(tmp_path / "r.xlsx", layer(project_copy, "buildings"), n=40)
    before = digest(project_copy)
    result = run_main("import", project_copy, path, "--as", "members", "--dry-run")
    assert result.returncode == 1 and "40 rows, 38 imported, 2 rejected" in result.stdout
    assert digest(project_copy) == before


@pytest.mark.parametrize("name, content", [
    ("evil.geojson", '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd'
                     '</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>'),
    ("broken.xlsx", "PK\x03\x04 not really a workbook"),
    ("data.txt", "hello"),
])
def test_hostile_or_unreadable_file_exits_2_and_leaves_project(project_copy, tmp_path,
                                                              name, content):
    path = tmp_path / name
    path.write_text(content, encoding="latin-1")
    before = digest(project_copy)
    result = run_main("import", project_copy, path, "--as", "buildings")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]
    assert digest(project_copy) == before


def test_bad_arguments_and_unreadable_project_exit_2(project_copy, tmp_path):
    csv_path = write_gcj_stations(tmp_path / "s.csv", [(117.0, 36.65)])
    bad_map = run_main("import", project_copy, csv_path, "--as", "stations", "--map", "无此列=name")
    assert bad_map.returncode == 2 and "无此列" in bad_map.stderr
    bad_crs = run_main("import", project_copy, csv_path, "--as", "stations", "--crs", "EPSG:99")
    assert bad_crs.returncode == 2 and "s.csv" in bad_crs.stderr
    not_project = tmp_path / "not.gpkg"
    not_project.write_text("nope")
    result = run_main("import", not_project, csv_path, "--as", "stations")
    assert result.returncode == 2 and "not.gpkg" in result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_s_problems_are_worded_in_the_command_line_s_language(tmp_path, capsys, lang):
    from geo.cli import main as cli
    from geo.messages import set_language
    from geo.new_project import create_project

    project = tmp_path / "p.gpkg"
    create_project(project, "测试街道")
    set_language(lang)
    try:
        shp = tmp_path / "楼栋.shp"
        shp.write_bytes(b"")
        tables = tmp_path / "x.geojson"
        tables.write_text("{}")
        runs = [(["import", str(project), str(tmp_path / "nope.geojson"), "--as", "buildings"],
                 {"zh": "找不到文件", "en": "file not found"}),
                (["import", str(project), str(shp), "--as", "buildings", "--crs", "EPSG:999999"],
                 {"zh": "无法识别的坐标系", "en": "unknown coordinate system"}),
                (["households", str(project), str(tables)], {"zh": "不是表格文件", "en": "not a table file"})]
        for argv, said in runs:
            assert cli(argv) == 2
            assert said[lang] in capsys.readouterr().err
    finally:
        set_language("zh")
