"""The bundled demo as a project file: clean for ``check``, GDAL and QGIS readers."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.schema import LAYERS

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


def run(*args):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "street.gpkg"
    result = run("demo", path, "--seed", "1")
    assert result.returncode == 0, result.stderr
    return path


def test_demo_passes_check(demo_file):
    result = run("check", demo_file)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "没有问题" in result.stdout


def test_demo_passes_gdal_validate_gpkg(demo_file):
    # GDAL's own validator runs under the system Python with Debian's python3-gdal.
    result = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(demo_file)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "" and result.stderr.strip() == ""


def test_every_layer_reads_in_ogrinfo(demo_file):
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "gdal-bin is installed by setup.sh test"
    result = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(demo_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in ("communities", "grids", "compounds", "buildings", "stations", "organizations",
                 "members", "partners", "partner_links", "settings"):
        assert f"Layer name: {name}" in result.stdout
    assert "ERROR" not in result.stderr


def test_stats_json_matches_the_demo(demo_file):
    result = run("stats", demo_file, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"street", "communities", "grids"}
    grids = data["grids"]
    assert 40 <= len(grids) <= 60 and 4 <= len(data["communities"]) <= 6
    assert sum(g["households"] for g in grids) == data["street"]["households"]
    assert 35000 <= data["street"].get("residents", 40000) <= 46000 or "residents" not in data["street"]
    assert {"grid_id", "name", "community_id", "households", "buildings", "members"} <= set(grids[0])


def test_demo_is_deterministic(tmp_path):
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    assert run("demo", a, "--seed", "7").returncode == 0
    assert run("demo", b, "--seed", "7").returncode == 0
    from geo.store import read_layers

    fa, fb = read_layers(a).frames, read_layers(b).frames
    for name in LAYERS:
        if name in fa:
            assert fa[name].equals(fb[name]), name


def test_demo_refuses_to_overwrite_a_foreign_file(tmp_path):
    target = tmp_path / "thesis.gpkg"
    target.write_text("not mine to overwrite")
    result = run("demo", target)
    assert result.returncode == 2 and "不替换已有文件" in result.stderr
    assert target.read_text() == "not mine to overwrite"


def test_district_demo_passes_check_and_gdal_validate_gpkg(district_gpkg):
    # the district repeats template streets: a flaw in one template shows up many times here
    result = run("check", district_gpkg)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "没有问题" in result.stdout
    result = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(district_gpkg)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "" and result.stderr.strip() == ""
