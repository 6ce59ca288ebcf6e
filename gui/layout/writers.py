"""Layout pages → files: PNG (QImage), PDF (QPdfWriter, many pages), SVG (QSvgGenerator).

Each file is written to a temporary name next to the target and moved into
place when complete, so a failed export never leaves half a file under the
name the user chose. PNG and SVG hold one page; an atlas in those formats
is one file per page in a folder (:func:`write_pages`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from .spec import MM_PER_INCH, LayoutPage, LayoutSpec

_PAGE_IDS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class LayoutWriteError(OSError):
    """A layout file could not be written (the message names the file)."""


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.stem}.part{path.suffix}")


def _finish(tmp: Path, path: Path, ok: bool) -> Path:
    if not ok or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise LayoutWriteError(f"cannot write {path}")
    os.replace(tmp, path)
    return path


def write_png(path, composer, spec: LayoutSpec, page: LayoutPage) -> Path:
    path = Path(path)
    w, h = spec.page_pixels()
    image = QImage(w, h, QImage.Format.Format_RGB32)
    dots_per_metre = round(spec.dpi / MM_PER_INCH * 1000)
    image.setDotsPerMeterX(dots_per_metre)  # viewers and printers then know the paper size
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        composer.paint(painter, spec, page)
    finally:
        painter.end()
    tmp = _tmp(path)
    return _finish(tmp, path, image.save(str(tmp), "PNG"))


def write_pdf(path, composer, spec: LayoutSpec, pages: list[LayoutPage]) -> Path:
    """All ``pages`` in one PDF, one page each, at the spec's paper size and dpi."""
    path, tmp = Path(path), _tmp(Path(path))
    writer = QPdfWriter(str(tmp))
    writer.setResolution(spec.dpi)
    orientation = (QPageLayout.Orientation.Landscape if spec.orientation == "landscape"
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(_PAGE_IDS[spec.paper]), orientation, QMarginsF()))
    writer.setTitle(pages[0].title if pages else spec.title)
    writer.setCreator("GridAtlas")
    painter = QPainter(writer)
    ok = painter.isActive()
    try:
        for i, page in enumerate(pages if ok else []):
            if i:
                writer.newPage()
            _paint_fitted(painter, composer, spec, page, writer.width(), writer.height())
    finally:
        painter.end()
    return _finish(tmp, path, ok)


def _paint_fitted(painter, composer, spec, page, device_w: int, device_h: int) -> None:
    """Paint in page pixels even if the device rounds its size differently."""
    w, h = spec.page_pixels()
    painter.save()
    painter.scale(device_w / w, device_h / h)
    composer.paint(painter, spec, page)
    painter.restore()


def write_svg(path, composer, spec: LayoutSpec, page: LayoutPage) -> Path:
    from PySide6.QtSvg import QSvgGenerator  # in PySide6-Essentials; only SVG export needs it

    path, tmp = Path(path), _tmp(Path(path))
    w, h = spec.page_pixels()
    generator = QSvgGenerator()
    generator.setFileName(str(tmp))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRectF(0, 0, w, h))
    generator.setResolution(spec.dpi)  # width/height attributes come out in paper millimetres
    generator.setTitle(page.title)
    generator.setDescription(spec.source)
    painter = QPainter(generator)
    ok = painter.isActive()
    try:
        if ok:
            composer.paint(painter, spec, page)
    finally:
        painter.end()
    return _finish(tmp, path, ok)


def page_file_name(index: int, page: LayoutPage, suffix: str) -> str:
    """``03_C2_和平社区.png``: sortable, and safe on every file system we meet."""
    stem = _UNSAFE.sub("_", page.name or page.title).strip("._") or "page"
    return f"{index:02d}_{stem}{suffix}"


def write_pages(out, fmt: str, composer, spec: LayoutSpec, pages: list[LayoutPage],
                atlas_name: str = "atlas") -> list[Path]:
    """Write ``pages`` to ``out``: a file (one page, or a PDF of all) or, for an atlas in
    PNG/SVG or a PDF given a folder, into the folder ``out``. Returns the files written."""
    out = Path(out)
    one_file = out.suffix.lower() == f".{fmt}"
    if fmt == "pdf":
        target = out if one_file else out / f"{atlas_name}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        return [write_pdf(target, composer, spec, pages)]
    write = write_png if fmt == "png" else write_svg
    if one_file and len(pages) == 1:
        out.parent.mkdir(parents=True, exist_ok=True)
        return [write(out, composer, spec, pages[0])]
    folder = out.with_suffix("") if one_file else out
    folder.mkdir(parents=True, exist_ok=True)
    return [write(folder / page_file_name(i + 1, page, f".{fmt}"), composer, spec, page)
            for i, page in enumerate(pages)]
