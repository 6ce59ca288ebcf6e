"""Layout pages → files: PNG (QImage), PDF (QPdfWriter, many pages), SVG (QSvgGenerator).

Each file goes through the one atomic writer (:func:`geo.fileutil.atomic_output`):
painted into an unnamed file in the target folder and given its name only
when complete, so a failed or killed export never leaves half a file, or a
hidden temporary one, behind. Every target is checked by the output guard
(:func:`geo.output_guard.check_output`) before the first page is painted:
never the project, a folder, a device, or (without ``force``) a file of
another kind. PNG and SVG hold one page; an atlas in those formats is one
file per page in a folder (:func:`write_pages`).
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from geo.fileutil import atomic_output
from geo.output_guard import OutputRefused, check_output

from .spec import MM_PER_INCH, LayoutPage, LayoutSpec

#: The map image's resolution in a PDF (at most; a lower page dpi is kept): the map raster is
#: what makes a PDF large, text and decorations are vector at any dpi. 150 ppi is the usual
#: screen-and-print resolution; the demo's 4-page community atlas measured 3.4 MB at 300,
#: 2.0 MB at 200 and 1.3 MB at 150 (Qt's PDF engine fixes the JPEG quality itself).
PDF_RASTER_DPI = 150
_PAGE_IDS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class LayoutWriteError(OSError):
    """A layout file could not be written (the message names the file)."""


def _require(ok: bool, path: Path) -> None:
    """Raise inside ``atomic_output`` so that nothing replaces ``path``."""
    if not ok:
        raise LayoutWriteError(f"cannot write {path}")


def save_png(image: QImage, path) -> bool:
    """Write ``image`` as PNG through the one atomic writer; False when it failed
    (any existing file is then left as it was). Used by ``render`` and the chart export."""
    try:
        with atomic_output(path) as tmp:
            _require(image.save(str(tmp), "PNG"), Path(path))
    except (OSError, ValueError):  # LayoutWriteError, or the writer's refusal of a special file
        return False
    return True


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
    with atomic_output(path) as tmp:
        _require(image.save(str(tmp), "PNG"), path)
    return path


def write_pdf(path, composer, spec: LayoutSpec, pages: list[LayoutPage],
              title: str | None = None) -> Path:
    """All ``pages`` in one PDF, one page each, at the spec's paper size and dpi.

    ``title`` is the document title (an atlas: the street's name; default the
    first page's title). The size of a PDF is its map rasters (JPEG, one per
    page at :data:`PDF_RASTER_DPI` at most); the fonts are embedded as subsets
    of a few KB. Lossless images (``QPainter.LosslessImageRendering``) were
    measured larger: 4.7 MB against 3.4 MB (both at 300 dpi) for the demo's
    4-page community atlas.
    """
    path = Path(path)
    previous, composer.raster_dpi = composer.raster_dpi, PDF_RASTER_DPI
    try:
        with atomic_output(path) as tmp:
            _paint_pdf(str(tmp), path, composer, spec, pages, title)
    finally:
        composer.raster_dpi = previous
    return path


def _paint_pdf(target: str, path: Path, composer, spec: LayoutSpec, pages: list[LayoutPage],
               title: str | None = None) -> None:
    writer = QPdfWriter(target)
    writer.setResolution(spec.dpi)
    orientation = (QPageLayout.Orientation.Landscape if spec.orientation == "landscape"
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(_PAGE_IDS[spec.paper]), orientation, QMarginsF()))
    writer.setTitle(title or (pages[0].title if pages else spec.title))
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
    del writer  # the file is complete once the writer is gone
    _require(ok, path)


def _paint_fitted(painter, composer, spec, page, device_w: int, device_h: int) -> None:
    """Paint in page pixels even if the device rounds its size differently."""
    w, h = spec.page_pixels()
    painter.save()
    painter.scale(device_w / w, device_h / h)
    composer.paint(painter, spec, page)
    painter.restore()


def write_svg(path, composer, spec: LayoutSpec, page: LayoutPage) -> Path:
    from PySide6.QtSvg import QSvgGenerator  # in PySide6-Essentials; only SVG export needs it

    path = Path(path)
    with atomic_output(path) as tmp:
        _paint_svg(str(tmp), path, composer, spec, page, QSvgGenerator)
    return path


def _paint_svg(target: str, path: Path, composer, spec: LayoutSpec, page: LayoutPage,
               QSvgGenerator) -> None:
    w, h = spec.page_pixels()
    generator = QSvgGenerator()
    generator.setFileName(target)
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
    del generator  # the file is complete once the generator is gone
    _require(ok, path)


def page_file_name(index: int, page: LayoutPage, suffix: str) -> str:
    """``03_C2_和平社区.png``: sortable, and safe on every file system we meet."""
    stem = _UNSAFE.sub("_", page.name or page.title).strip("._") or "page"
    return f"{index:02d}_{stem}{suffix}"


def page_targets(out, fmt: str, pages: list[LayoutPage], atlas_name: str = "atlas") -> list[Path]:
    """The files :func:`write_pages` writes for ``pages`` (one PDF, or one file per page)."""
    out = Path(out)
    one_file = out.suffix.lower() == f".{fmt}"
    if fmt == "pdf":
        return [out if one_file else out / f"{atlas_name}.pdf"]
    if one_file and len(pages) == 1:
        return [out]
    folder = out.with_suffix("") if one_file else out
    return [folder / page_file_name(i + 1, page, f".{fmt}") for i, page in enumerate(pages)]


def write_pages(out, fmt: str, composer, spec: LayoutSpec, pages: list[LayoutPage],
                atlas_name: str = "atlas", protect=(), force: bool = False,
                title: str | None = None) -> list[Path]:
    """Write ``pages`` to ``out``: a file (one page, or a PDF of all) or, for an atlas in
    PNG/SVG or a PDF given a folder, into the folder ``out``. Returns the files written.

    Every target is checked first (``protect``: files being read, e.g. the
    project; ``force``: replace files of another kind; ``title``: a PDF's
    document title); a refusal raises
    :class:`geo.output_guard.OutputRefused` before anything is painted.
    """
    targets = page_targets(out, fmt, pages, atlas_name)
    for target in targets:
        if target.parent.exists() and not target.parent.is_dir():
            raise OutputRefused("output.special", path=str(target.parent))
        check_output(target, fmt, protect=protect, force=force)
    if fmt == "pdf":
        return [write_pdf(targets[0], composer, spec, pages, title)]
    write = write_png if fmt == "png" else write_svg
    return [write(target, composer, spec, page) for target, page in zip(targets, pages)]
