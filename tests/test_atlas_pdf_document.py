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
