"""The atlas PDF as a document: titled with the street, fonts embedded as subsets (issue 16)."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")


@needs_poppler
def test_atlas_pdf_title_is_the_street_and_fonts_are_subsets(tiny_gpkg, tmp_path):
    result = subprocess.run([sys.executable, "main.py", "render", str(tiny_gpkg), "--out", f"{tmp_path}/",
                             "--atlas", "grid", "--format", "pdf", "--dpi", "100"],
                            cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+测试街道$", info, re.M), info  # not the first grid's name
    assert re.search(r"^Pages:\s+2$", info, re.M)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # every font embedded (emb)
    # ... and only the glyphs used: Noto Sans CJK is ~16 MB, the embedded programs are KB
    # (/Length1 is a font program's uncompressed size; pdffonts' "sub" column misses
    # Qt's subsets because the prefix is only on the descriptor's /FontName)
    data = pdf.read_bytes()
    assert re.findall(rb"/FontName /[A-Z]{6}\+NotoSansCJK", data)
    lengths = [int(n) for n in re.findall(rb"/Length1 (\d+)", data)]
    assert lengths and max(lengths) < 500_000, lengths


@needs_poppler
def test_atlas_pdf_map_images_are_screen_and_print_resolution(demo_gpkg, tmp_path, output_dir):
    """The demo's 4-page community atlas at the default 300 dpi page: the map images are laid in
    at 150 ppi (the file was 3.4 MB with 300-ppi images; 1.3 MB now), text stays vector.

    Looked at (page 1 as PNG in test-output/): the community outlined in red, grid and station
    labels readable at 300 % zoom though slightly softer than before, Chinese titles, legend and
    footer crisp (vector), no boxes in place of Chinese.
    """
    result = subprocess.run([sys.executable, "main.py", "render", str(demo_gpkg), "--out", f"{tmp_path}/",
                             "--atlas", "community", "--format", "pdf"],
                            cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    ppi = [int(line.split()[12]) for line in listing if line.strip()]
    assert len(ppi) == 4 and max(ppi) <= 151, listing  # one map image per page
    assert pdf.stat().st_size < 2_000_000
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # the titles are text in a CJK font, not boxes or pixels
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(output_dir / "atlas_page")], check=True)


@needs_poppler
def test_layout_texts_follow_the_language(tiny_gpkg, tmp_path):
    """Default title, date, source note and scale line read in --lang (they were Chinese only)."""
    from tests.test_layout_export import pdf_text, render

    texts = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.pdf"
        result = render(tiny_gpkg, "--out", out, "--dpi", "100", "--lang", lang)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == ("已写入 " if lang == "zh" else "wrote ") + str(out)
        texts[lang] = pdf_text(out)
    assert "测试街道党建网格图" in texts["zh"] and "数据来源:tiny.gpkg" in texts["zh"] and "比例尺 1:" in texts["zh"]
    en = texts["en"]
    # (pdftotext drops the digits of the English run's Latin glyphs; the page shows
    # "2026-12-01" and "Scale 1:790 (printed on A4)", looked at as PNG)
    assert "测试街道 party-building grid map" in en and "Source: tiny.gpkg" in en
    assert "Scale" in en and "printed on" in en
    assert "数据来源" not in en and "比例尺" not in en
