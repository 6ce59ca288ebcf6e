"""``check`` on broken projects: every problem named with layer, id and reason."""
import sqlite3
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from geo.store import read_layers, write_project
from geo.validate import check_layers
from tests.factories import tiny_frames, tiny_rules

ROOT = Path(__file__).resolve().parent.parent


def problems_of(path):
    return check_layers(read_layers(path))


def run_check(path):
    return subprocess.run([sys.executable, "main.py", "check", str(path)], cwd=ROOT,
                          capture_output=True, text=True)


def write_with(tmp_path, **changes):
    frames = tiny_frames()
    for name, fn in changes.items():
        frames[name] = fn(frames[name])
    return write_project(tmp_path / "broken.gpkg", frames, tiny_rules())


def test_clean_project_has_no_problems(tiny_gpkg):
    assert problems_of(tiny_gpkg) == []
    result = run_check(tiny_gpkg)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有问题" in result.stdout  # Chinese unless GRIDATLAS_LANG=en


def test_missing_layer(tiny_gpkg):
    con = sqlite3.connect(tiny_gpkg)
    con.execute("DELETE FROM gpkg_contents WHERE table_name='stations'")
    con.commit()
    con.close()
    kinds = {(p.kind, p.layer) for p in problems_of(tiny_gpkg)}
    assert ("missing_layer", "stations") in kinds
    assert run_check(tiny_gpkg).returncode == 1


def test_missing_column(tmp_path):
    path = write_with(tmp_path, buildings=lambda f: f.drop(columns=["households"]))
    found = [p for p in problems_of(path) if p.kind == "missing_column"]
    assert [(p.layer, p.reason) for p in found] == [("buildings", "缺少字段 households")]  # the default language
    result = run_check(path)
    assert result.returncode == 1 and "buildings" in result.stdout and "households" in result.stdout


def test_duplicate_id_and_dangling_reference(tmp_path):
    def buildings(f):
        f.loc[2, "building_id"] = "B1"
        f.loc[1, "grid_id"] = "G9"
        return f
    found = {(p.kind, p.layer, p.id) for p in problems_of(write_with(tmp_path, buildings=buildings))}
    assert ("duplicate_id", "buildings", "B1") in found
    assert ("dangling_reference", "buildings", "B2") in found


def test_member_building_and_org_area_must_exist(tmp_path):
    def members(f):
        f.loc[0, "building_id"] = "B404"
        return f

    def orgs(f):
        f.loc[3, "area_id"] = "B404"
        return f
    found = problems_of(write_with(tmp_path, members=members, organizations=orgs))
    reasons = {(p.layer, p.id): p.reason for p in found}
    assert "B404" in reasons[("members", "M1")]
    assert "不存在" in reasons[("organizations", "O-B1")]


def test_invalid_geometry_is_located(tmp_path):
    bowtie = shapely.Polygon([(117.0, 36.6), (117.01, 36.61), (117.01, 36.6), (117.0, 36.61)])
    def buildings(f):
        f.loc[0, "geometry"] = bowtie
        return f
    found = [p for p in problems_of(write_with(tmp_path, buildings=buildings)) if p.kind == "invalid_geometry"]
    assert found[0].id == "B1" and "Self-intersection" in found[0].reason
    assert found[0].x == pytest.approx(117.005, abs=0.01)


def test_wrong_geometry_type(tmp_path):
    # Written layer by layer as QGIS would, with stations drawn as polygons by mistake.
    path = tmp_path / "wrong.gpkg"
    frames = tiny_frames()
    frames["stations"]["geometry"] = frames["stations"].to_crs("EPSG:4548").buffer(50).to_crs("EPSG:4490")
    for name, frame in frames.items():
        pyogrio.write_dataframe(frame, path, layer=name)
    found = [p for p in problems_of(path) if p.kind == "wrong_geometry_type"]
    assert found and found[0].layer == "stations" and "Polygon" in found[0].reason


def test_unknown_crs(tmp_path):
    frames = tiny_frames()
    frames["grids"] = frames["grids"].set_crs(None, allow_override=True)
    with pytest.warns(UserWarning, match="crs"):
        path = write_project(tmp_path / "nocrs.gpkg", frames, tiny_rules())
    found = [p for p in problems_of(path) if p.kind == "unknown_crs"]
    assert [p.layer for p in found] == ["grids"]


def test_bad_vocabulary_and_id_number(tmp_path):
    def members(f):
        f.loc[0, "kind"] = "retired"
        f.loc[1, "id_number"] = "110105198001010025"
        return f
    found = {(p.kind, p.id) for p in problems_of(write_with(tmp_path, members=members))}
    assert ("bad_value", "M1") in found and ("bad_id_number", "M2") in found


@pytest.mark.parametrize("content,expect", [
    (None, "does not exist"),
    (b"just text", "not a GeoPackage"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "not a GeoPackage"),
])
def test_unreadable_files_exit_2_and_are_untouched(tmp_path, content, expect):
    path = tmp_path / "input.gpkg"
    if content is not None:
        path.write_bytes(content)
    result = run_check(path)
    assert result.returncode == 2
    assert str(path) in result.stderr and expect in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if content is not None:
        assert path.read_bytes() == content


def test_truncated_project_exits_2(tiny_gpkg):
    data = tiny_gpkg.read_bytes()
    tiny_gpkg.write_bytes(data[:8192])
    result = run_check(tiny_gpkg)
    assert result.returncode == 2, result.stdout + result.stderr
    assert tiny_gpkg.read_bytes() == data[:8192]


# ---------------------------------------------------------------- stored values

def _corrupt(path, statements):
    """Write values the typed writers never would, as a hand edit in SQLite/QGIS might."""
    from geo import gpkg

    con = gpkg.connect(path)
    try:
        con.execute("BEGIN")
        for sql, params in statements:
            con.execute(sql, params)
        con.execute("COMMIT")
    finally:
        con.close()


def test_bad_stored_values_are_named_with_layer_id_column_and_value(tiny_gpkg):
    _corrupt(tiny_gpkg, [
        ("UPDATE buildings SET households = 'abc' WHERE building_id = 'B1'", ()),
        ("UPDATE buildings SET address = ? WHERE building_id = 'B1'", ("a\x07b",)),
        ("UPDATE buildings SET floors = x'00ff' WHERE building_id = 'B2'", ()),
        ("UPDATE buildings SET residents = 9e999 WHERE building_id = 'B3'", ()),
        ("UPDATE buildings SET units = -2 WHERE building_id = 'B3'", ()),
        ("UPDATE grids SET name = x'0102' WHERE rowid = 1", ()),
        ("UPDATE members SET name = ? WHERE member_id = 'M1'", ("张\u200b三",)),
        ("UPDATE members SET linked_households = 'NaN' WHERE member_id = 'M2'", ()),
        ("UPDATE stations SET service_radius_m = 'inf' WHERE station_id = 'S1'", ()),
    ])
    con = sqlite3.connect(tiny_gpkg)
    grid = con.execute("SELECT grid_id FROM grids WHERE rowid = 1").fetchone()[0]
    con.close()
    found = [(p.layer, p.id, p.reason) for p in problems_of(tiny_gpkg) if p.kind == "bad_value"]
    expected = [("buildings", "B1", "households", "'abc'"),
                ("buildings", "B1", "address", "'a\\x07b'"),
                ("buildings", "B2", "floors", "binary"),
                ("buildings", "B3", "residents", "inf"),
                ("buildings", "B3", "units", "-2"),
                ("grids", grid, "name", "binary"),
                ("members", "M1", "name", "'张\\u200b三'"),
                ("members", "M2", "linked_households", "'NaN'"),
                ("stations", "S1", "service_radius_m", "'inf'")]
    assert len(found) == len(expected), found
    for layer, id_, column, value in expected:
        assert any(f[:2] == (layer, id_) and column in f[2] and value in f[2] for f in found), \
            (layer, id_, column, found)
    result = run_check(tiny_gpkg)
    assert result.returncode == 1
    assert "buildings\tB1\tbad_value\t" in result.stdout and "'abc'" in result.stdout


def test_value_messages_exist_in_both_languages():
    from geo.messages import CATALOGUE, Message
    from geo.value_checks import value_problems  # noqa: F401 (registers the codes)

    codes = [c for c in CATALOGUE if c.startswith("check.")]
    assert len(codes) >= 6
    for code in codes:
        zh = Message(code, column="households", value="'abc'").text("zh")
        en = Message(code, column="households", value="'abc'").text("en")
        assert "households" in zh and "households" in en and zh != en


def test_demo_street_passes_check(demo_gpkg):
    assert problems_of(demo_gpkg) == []
