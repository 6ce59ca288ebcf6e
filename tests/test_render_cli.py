"""``python main.py render`` end to end, in a subprocess like a user runs it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def test_render_writes_a_png_of_the_right_size_and_times_it(tiny_gpkg, output_dir):
    from PySide6.QtGui import QImage

    out = output_dir / "tiny-render.png"
    result = run(tiny_gpkg, "--out", out, "--size", "640x360", "--timing")
    assert result.returncode == 0, result.stderr
    timing = json.loads(result.stdout.strip().splitlines()[-1])
    assert timing["load_ms"] > 0 and timing["frame_ms"] > 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 360)
    colours = {image.pixel(x, y) for x in range(0, 640, 16) for y in range(0, 360, 16)}
    assert len(colours) > 10  # not blank


def test_render_with_a_bbox_in_lon_lat(tiny_gpkg, tmp_path):
    out = tmp_path / "bbox.png"
    result = run(tiny_gpkg, "--out", out, "--size", "300x200", "--bbox", "116.99,36.60,117.01,36.70")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("content", [b"not a geopackage", b""])
def test_unreadable_project_exits_2_with_one_line(tmp_path, content):
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(content)
    result = run(bad, "--out", tmp_path / "x.png")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_bad_size_exits_2(tiny_gpkg, tmp_path):
    result = run(tiny_gpkg, "--out", tmp_path / "x.png", "--size", "huge")
    assert result.returncode == 2 and "--size" in result.stderr
