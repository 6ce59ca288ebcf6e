"""A server project's first view: read through the GiST index, and `main.py open URL` shows it first.

Real PostgreSQL/PostGIS (tests/pg_server.py): the view read of the published
copy equals the GeoPackage's view read of the same box, row for row.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from geo.project import Project
from geo.view_read import read_view

ROOT = Path(__file__).resolve().parent.parent


def _grid_box(path):
    project = Project.open(path)
    try:
        return tuple(project["grids"].geometry.iloc[0].bounds)
    finally:
        project.close()


def test_the_server_view_read_equals_the_file_s_for_the_same_box(published_demo):
    path, url = published_demo
    bbox = _grid_box(path)
    server, local = read_view(url, bbox), read_view(path, bbox)  # read_view dispatches a URL
    assert server.whole == local.whole == frozenset()  # nothing of a whole layer before the first frame
    assert server.project.metric_crs == local.project.metric_crs
    for name in ("communities", "grids", "stations", "compounds", "buildings"):
        ours, theirs = server.project[name], local.project[name]
        assert set(ours.index) == set(theirs.index)
        assert ours.geometry.geom_equals_exact(theirs.geometry.loc[ours.index], 1e-9).all()


def test_the_widened_box_is_the_one_read(published_demo):
    _path, url = published_demo
    seen = {}

    def widen(project, box):
        seen["communities"] = len(project["communities"])  # given the communities meeting the box
        minx, miny, maxx, maxy = box
        return minx - 1, miny - 1, maxx + 1, maxy + 1  # wide enough for every feature

    full = Project.open(url)
    try:
        bbox, total = tuple(full["grids"].geometry.iloc[0].bounds), len(full["buildings"])
    finally:
        full.close()
    view = read_view(url, bbox, widen)
    assert seen["communities"] > 0 and len(view.project["buildings"]) == total


def _open(target, tmp_path, extra_env=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path), **(extra_env or {})}
    return subprocess.run([sys.executable, "main.py", "open", target], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_main_open_on_a_url_shows_the_view_before_the_full_model(published_demo, tmp_path):
    path, url = published_demo
    box = ",".join(str(v) for v in _grid_box(path))
    result = _open(url, tmp_path, {"GRIDATLAS_OPEN_MARKS": "1", "GRIDATLAS_OPEN_BBOX": box})
    assert result.returncode == 0, result.stderr
    names = [json.loads(line)["mark"] for line in result.stderr.splitlines() if line.startswith('{"mark"')]
    assert names.index("window") < names.index("first_frame") < names.index("full_model") < names.index("ready")


def test_main_open_on_a_url_without_a_project_says_so_and_exits_2(published_demo, tmp_path):
    _path, url = published_demo
    missing = url.replace("schema=", "schema=nothing_here_")
    result = _open(missing, tmp_path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2 and len(errors) == 1 and "nothing_here_" in errors[0]
