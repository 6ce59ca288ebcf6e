"""Page layouts and atlases through ``python main.py render``: PDF pages checked as pictures."""
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from geo.colouring import TOL_LIGHT
from gui.layout.spec import LayoutSpec

ROOT = Path(__file__).resolve().parent.parent
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")


def render(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)


def rgb_of(path):
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return array[:, :image.width(), :3][..., ::-1].astype(int)


def count_colour(rgb, hex_colour, tolerance=10):
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).max(axis=2) <= tolerance).sum())


def pdf_pages(pdf, out_dir, dpi=80):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_dir / pdf.stem)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def pdf_text(pdf):
    """The PDF's text; NFKC because Qt maps some CJK glyphs to Kangxi radicals (⽹ for 网)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)


def assert_is_a_map_page(png):
    """Not blank, the grid colours of the map, dark title text at the top centre."""
    rgb = rgb_of(png)
    h, w, _ = rgb.shape
    assert rgb.std() > 20, f"{png.name} looks blank"
    found = [c for c in TOL_LIGHT if count_colour(rgb, c, tolerance=14) > 30]  # buildings by grid
    assert len(found) >= 3, f"{png.name} lacks the map's colours ({found})"
    title = rgb[int(h * 0.02):int(h * 0.09), int(w * 0.3):int(w * 0.7)]
    dark = (title.max(axis=2) < 90).sum()
    assert dark > 0.01 * title.shape[0] * title.shape[1], f"{png.name} has no title text"
    margin = rgb[:, : int(w * 0.01)]
    assert (margin.min(axis=2) > 240).all(), "the page margin is white"


@needs_poppler
def test_cli_atlas_of_communities_is_one_pdf_page_per_community(demo_gpkg, tmp_path, output_dir):
    from geo.project import Project

    project = Project.open(demo_gpkg)
    communities = project["communities"]["name"].tolist()
    project.close()
    result = render(demo_gpkg, "--out", f"{tmp_path}/", "--atlas", "community", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].name.endswith("社区图集.pdf")
    info = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == len(communities) == 4
    assert re.search(r"Page size:\s+84[12](\.\d+)? x 595(\.\d+)? pts \(A4\)", info)  # landscape by default
    pages = pdf_pages(pdfs[0], output_dir)
    assert len(pages) == len(communities)
    for png in pages:
        assert_is_a_map_page(png)
    text = pdf_text(pdfs[0])
    for name in communities:  # each page is titled with its community (text stays text in the PDF)
        assert name in text
    assert "制图:GridAtlas" in text and "比例尺 1:" in text  # NFKC: full-width colons are plain


@needs_poppler
def test_single_pdf_layout_a3_portrait(tiny_gpkg, tmp_path, output_dir):
    out = tmp_path / "tiny.pdf"
    result = render(tiny_gpkg, "--out", out, "--paper", "A3", "--orientation", "portrait",
                    "--title", "测试街道网格图", "--subtitle", "2025年版", "--dpi", "150")
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and re.search(r"Page size:\s+84[12](\.\d+)? x 119[01](\.\d+)? pts \(A3\)", info)
    (png,) = pdf_pages(out, output_dir, dpi=40)
    rgb = rgb_of(png)
    assert rgb.std() > 20 and count_colour(rgb, "#C8102E") > 0  # the station symbol
    text = pdf_text(out)
    assert "测试街道网格图" in text and "2025年版" in text and "数据来源:tiny.gpkg" in text


def test_png_layout_at_300_dpi_a4_has_the_paper_size_in_pixels(tiny_gpkg, tmp_path, output_dir):
    from PySide6.QtGui import QImage

    out = output_dir / "tiny-a4-portrait.png"
    result = render(tiny_gpkg, "--out", out, "--paper", "A4", "--orientation", "portrait")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2480, 3508)
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    assert_is_a_map_page(out)


def test_svg_layout_is_xml_with_the_title_as_text(tiny_gpkg, tmp_path):
    out = tmp_path / "tiny.svg"
    result = render(tiny_gpkg, "--out", out, "--title", "测试街道网格图", "--dpi", "100")
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width")[:-2]) == pytest.approx(297, abs=0.5)  # A4 landscape, in mm
    assert float(root.get("height")[:-2]) == pytest.approx(210, abs=0.5)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "测试街道网格图" in texts
    assert any(t.startswith("数据来源：") for t in texts)
    assert root.iter("{http://www.w3.org/2000/svg}image")  # the map


def test_png_atlas_of_grids_is_one_file_per_grid(tiny_gpkg, tmp_path):
    result = render(tiny_gpkg, "--out", f"{tmp_path}/atlas/", "--atlas", "grid", "--format", "png",
                    "--dpi", "60")
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "atlas").iterdir())
    assert files == ["01_G1_测试社区_第一网格.png", "02_G2_测试社区_第二网格.png"]


def test_plain_render_is_unchanged_without_layout_options(tiny_gpkg, tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "plain.png"
    assert render(tiny_gpkg, "--out", out, "--size", "320x200", "--format", "png").returncode == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (320, 200)


@pytest.mark.parametrize("args, message", [
    (["--out", "x.png", "--format", "pdf"], "--format pdf does not match"),
    (["--out", "x.pdf", "--dpi", "5"], "dpi must be between"),
])
def test_bad_layout_options_exit_2(tiny_gpkg, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = render(tiny_gpkg, *args)
    assert result.returncode == 2 and message in result.stderr
    assert not list(tmp_path.glob("x*"))


def test_spec_sizes():
    assert LayoutSpec(paper="A4", orientation="portrait", dpi=300).page_pixels() == (2480, 3508)
    assert LayoutSpec(paper="A3", orientation="landscape", dpi=300).page_pixels() == (4961, 3508)
    spec = LayoutSpec(dpi=300)
    assert spec.style_scale == pytest.approx(3.125)
    assert spec.scale_denominator(0.0254 / 300 * 10000) == pytest.approx(10000)
    with pytest.raises(ValueError):
        LayoutSpec(paper="B5")
