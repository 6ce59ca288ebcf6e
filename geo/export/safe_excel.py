"""Write DataFrames to .xlsx with openpyxl so that no cell can ever be a formula.

Why not ``DataFrame.to_excel``: it turns text starting with ``=`` into a live
formula, so a member named ``=HYPERLINK(...)`` would run in the reader's Excel.

How text is neutralized (the "apostrophe equivalent")
------------------------------------------------------
Every text cell is written with ``data_type = "s"`` (an inline string in the
XML, never an ``<f>`` formula element), so the file itself holds no formula.
Text that a spreadsheet would re-parse as a formula when someone edits the
cell or pastes it elsewhere -- starting with ``= + - @``, a tab, CR or LF, or
their full-width forms, also after leading blanks; the one rule is
:func:`geo.export.cell_text.neutralize` -- additionally gets the cell style ``quotePrefix``.
That is exactly what typing a leading apostrophe does in Excel/LibreOffice,
but the text itself stays unchanged: no visible ``'``, no zero-width
characters, and a value read back equals the value written.

Layout of every sheet: row 1 is the masking notice (merged across the
columns), row 2 the headers (Chinese or English, :mod:`geo.export.vocabulary`),
data from row 3; rows 1-2 are frozen. Printed, a sheet fits the page width,
repeats rows 1-2 on every page and turns landscape when it is wider than a
portrait A4 page.
The workbook also carries the policy in its document properties.
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from geo.export.cell_text import (EXCEL_MAX_TEXT, FORMULA_TRIGGERS,  # noqa: F401 (re-exported)
                                  clean_text, display_width, neutralize)
from geo.export.headers_zh import headers_for
from geo.masking import MASKED, MaskPolicy

MIN_WIDTH, MAX_WIDTH = 6, 60
NOTICE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
MASKING_PROPERTY = "GridAtlas.masking"

_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_NOTICE_FILL = {True: PatternFill("solid", fgColor="FFF2CC"),
                False: PatternFill("solid", fgColor="F4CCCC")}


@dataclass(frozen=True)
class SheetSpec:
    """One sheet to write.

    Parameters
    ----------
    title : str
        Sheet name (cleaned to Excel's 31-character rules).
    frame : pandas.DataFrame
        The rows; a geometry column is never written.
    columns : sequence of str, optional
        The columns to write, in order (default: all but geometry). Select
        explicitly for anything that holds personal data.
    headers : mapping of str to str, optional
        Column -> header overrides on top of the catalogue's words.
    personal : mapping of str to str, optional
        Column -> masker kind (``"name"``, ``"phone"``, ``"id_number"``,
        ``"address"``, ``"drop"``; see :mod:`geo.masking`) of the personal
        columns; masked (or left out) unless the policy is full.
    formats : mapping of str to str or sequence, optional
        Column -> Excel number format (``"0.0%"``), one for all rows or one
        per row (None: general).
    lang : str
        ``zh`` or ``en``: the language of headers the catalogue words.
    table : str, optional
        Which table the sheet shows (``members``, ``gaps`` ...), for columns
        a table words its own way (a member's ``name`` is 姓名).
    """

    title: str
    frame: pd.DataFrame
    columns: Sequence[str] | None = None
    headers: Mapping[str, str] | None = None
    personal: Mapping[str, str] | None = None
    formats: Mapping[str, object] | None = None
    lang: str = "zh"
    table: str | None = None

    def selected_columns(self) -> list[str]:
        if self.columns is not None:
            return list(self.columns)
        geometry = getattr(self.frame, "_geometry_column_name", None)
        return [c for c in self.frame.columns if c != geometry
                and not isinstance(self.frame[c].dtype, _geometry_dtype())]


def _geometry_dtype():
    # geopandas is optional here: a plain DataFrame needs no geometry handling.
    try:
        from geopandas.array import GeometryDtype
    except ImportError:  # pragma: no cover - geopandas is a project dependency
        return type(None)
    return GeometryDtype


def needs_quote_prefix(text: str) -> bool:
    """True if a spreadsheet would parse ``text`` as a formula when edited."""
    return neutralize(text)[1]


def cell_value(value):
    """Convert one pandas value to something openpyxl stores as-is.

    Numbers stay numbers (non-finite become empty), dates stay dates (made
    naive), missing values become None, everything else becomes text.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, _dt.date):
        return value
    text = clean_text(str(value))
    return text if text else None


def text_cell(ws, text: str, **style) -> WriteOnlyCell:
    """A plain string cell of the streamed sheet ``ws`` (never a formula), quote-prefixed
    when a spreadsheet would run it; ``style``: font, fill, alignment, number_format."""
    cell = WriteOnlyCell(ws, value=None)
    cell.value = text
    cell.data_type = "s"  # openpyxl infers "f" for text starting with "="
    if neutralize(text)[1]:
        cell.quotePrefix = True
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def sheet_title(title: str, taken: set[str]) -> str:
    """Make ``title`` a valid, unique Excel sheet name."""
    base = _SHEET_TITLE_BAD.sub("_", title).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _column_values(column: pd.Series) -> list:
    """The column's values as cells store them (see :func:`cell_value`); whole-column
    conversions for the common dtypes: a city's members sheet is millions of cells."""
    values = column.to_numpy()
    if values.dtype.kind in "iu":
        return values.tolist()
    if values.dtype.kind == "f":
        return [v if math.isfinite(v) else None for v in values.tolist()]
    if values.dtype.kind == "b":
        return values.tolist()
    return [cell_value(v) for v in column.tolist()]


def _width(values) -> int:
    """Display width of the widest value (each distinct text measured once)."""
    widest = 0
    for text in {v if isinstance(v, str) else str(v) for v in values if v is not None}:
        widest = max(widest, len(text) if text.isascii() else display_width(text))
    return widest


def _row_formats(fmt, n_rows: int) -> list:
    if fmt is None:
        return [None] * n_rows
    return [fmt] * n_rows if isinstance(fmt, str) else list(fmt)


def _cells(ws, values: list, formats: list) -> list:
    """``values`` as what a streamed row takes: plain values where openpyxl stores them as
    they are, cells where text must not become a formula or a number format applies."""
    out = list(values)
    for i, (value, fmt) in enumerate(zip(values, formats)):
        if isinstance(value, str):
            if fmt or value.startswith("=") or neutralize(value)[1]:
                out[i] = text_cell(ws, value, **({"number_format": fmt} if fmt else {}))
        elif fmt and value is not None:
            cell = out[i] = WriteOnlyCell(ws, value=value)
            cell.number_format = fmt
    return out


#: Columns wider than this (Excel character units) do not fit a portrait A4 page.
PORTRAIT_WIDTH = 95


def set_print_setup(ws, n_columns: int) -> None:
    """Fit to one page wide, repeat the notice and header rows, landscape when wide."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = f"{NOTICE_ROW}:{HEADER_ROW}"
    width = sum(ws.column_dimensions[get_column_letter(j)].width or 0
                for j in range(1, n_columns + 1))
    ws.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"


def write_sheet(ws, spec: SheetSpec, policy: MaskPolicy = MASKED) -> None:
    """Stream one sheet of a write-only workbook from ``spec`` (notice, headers, rows, layout).

    A streamed sheet is written row by row and never held whole (a normal openpyxl sheet
    kept every cell as an object: a city's million members took gigabytes), so the column
    widths and the layout are worked out from the values first.
    """
    columns = spec.selected_columns()
    frame = spec.frame
    if spec.personal:
        frame = policy.apply(frame, {c: k for c, k in spec.personal.items() if c in columns})
        columns = [c for c in columns if c in frame.columns]  # "drop" kinds are left out
    headers = headers_for(columns, spec.headers, spec.lang, spec.table)
    values = [_column_values(frame[c]) for c in columns]
    for j, (header, column) in enumerate(zip(headers, values), start=1):
        width = max(display_width(str(header)), _width(column))
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    if columns:
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(frame)}"
        if len(columns) > 1:
            ws.merged_cells.add(f"A{NOTICE_ROW}:{last}{NOTICE_ROW}")
    set_print_setup(ws, len(columns))
    # the sheet's extent, which a streamed sheet does not know before its rows are written:
    # readers that stream (openpyxl's read-only mode) pad every row to it
    extent = f"A{NOTICE_ROW}:{get_column_letter(max(len(columns), 1))}{HEADER_ROW + len(frame)}"
    ws.calculate_dimension = lambda: extent
    ws.append([text_cell(ws, policy.notice, font=Font(bold=True, color="000000" if policy.masked else "C00000"),
                         fill=_NOTICE_FILL[policy.masked], alignment=Alignment(vertical="center"))])
    bold = Font(bold=True)
    ws.append([text_cell(ws, clean_text(str(h)), font=bold) if str(h) else None for h in headers])
    formats = spec.formats or {}
    cells = [_cells(ws, column, _row_formats(formats.get(c), len(frame))) for c, column in zip(columns, values)]
    for row in zip(*cells):
        ws.append(row)


def set_properties(wb: Workbook, policy: MaskPolicy) -> None:
    """Creator, and the masking policy in the document properties (readable without opening a sheet)."""
    wb.properties.creator = "GridAtlas"
    wb.properties.subject = policy.notice
    wb.properties.keywords = policy.label
    wb.custom_doc_props.append(StringProperty(name=MASKING_PROPERTY, value=policy.label))


def write_workbook(path, sheets: Sequence[SheetSpec], policy: MaskPolicy = MASKED) -> Path:
    """Write ``sheets`` to a new .xlsx file.

    Parameters
    ----------
    path : str or os.PathLike
        Target file (replaced only once the new one is completely written).
    sheets : sequence of SheetSpec
        In order; at least one.
    policy : MaskPolicy
        :data:`geo.masking.MASKED` (default) or ``FULL`` from
        :func:`geo.masking.resolve_policy`; shown in row 1 of every sheet
        and in the document properties.

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> df = pd.DataFrame({"name": ["=1+1"], "households": [320]})
    >>> out = write_workbook(os.path.join(tempfile.mkdtemp(), "r.xlsx"),
    ...                      [SheetSpec("网格", df)])
    """
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for spec in sheets:
        write_sheet(wb.create_sheet(sheet_title(spec.title, taken)), spec, policy)
    set_properties(wb, policy)
    from geo.fileutil import atomic_output

    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)
