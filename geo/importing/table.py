"""CSV and XLSX read cell by cell as text: no type guessing, no formulas evaluated.

pandas would turn ID numbers into floats and drop leading zeros; Excel has
often already done the damage, so we keep each cell's text *and* whether it
was stored as a number, which is what lets :mod:`.roster` tell a damaged ID.

Examples
--------
>>> cell_text(13812345678)
'13812345678'
>>> cell_text(3.0), cell_text(2.5)
('3', '2.5')
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import archive, sniff
from .cell_clean import clean_cell, cleaned_warning, too_long
from .encoding import EncodingChoice, sniff_bytes
from .errors import TooManyFeatures, UnreadableFile, UnsupportedFormat, WrongContent
from .limits import DEFAULT_LIMITS, Limits
from ..messages import Message, register

register("import.warn.undecodable", "{file}：有些字节无法按 {codec} 解码，显示为 �；请选择编码",
         "{file}: some bytes could not be decoded as {codec} and show as �; choose the encoding")
register("import.warn.beyond_header", "{file}：有 {n} 行在最后一个表头列之后还有数值，这些数值已忽略",
         "{file}: {n} rows have values beyond the last header column; those values were ignored")


@dataclass
class TextTable:
    """A table of text cells plus what the reader noticed about them.

    ``frame`` has one str column per header and one row per non-empty data
    row; ``row_numbers`` gives each row's line/row number in the source (1-based,
    as the user sees it in Excel). ``formulas`` and ``numbers`` hold (row
    position, column name) pairs of cells that were formulas / stored as numbers;
    ``too_long`` those longer than :data:`.cell_clean.MAX_CELL_CHARS`. Control and
    invisible characters are already removed from every cell (one warning says so).
    """

    frame: pd.DataFrame
    row_numbers: list[int]
    path: Path
    formulas: set = field(default_factory=set)
    numbers: set = field(default_factory=set)
    too_long: set = field(default_factory=set)
    encoding: EncodingChoice | None = None
    sheet: str | None = None
    warnings: list[str] = field(default_factory=list)


def cell_text(value) -> str:
    """A cell value as the text the user typed, without float noise.

    Integral floats lose the ``.0``; other floats use the shortest repr;
    dates become ISO text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return f"{value:.0f}" if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_table(path, sheet: str | None = None, encoding: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> TextTable:
    """Read a .csv or .xlsx into a :class:`TextTable`.

    Parameters
    ----------
    path : path-like
    sheet : str, optional
        Worksheet name (xlsx); the first sheet when omitted.
    encoding : str, optional
        Override for CSV; otherwise BOM → strict UTF-8 → GB18030.
    """
    path = sniff.check_regular_file(path, limits)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, encoding, limits)
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet, limits)
    raise UnsupportedFormat(path, Message("import.not_a_table", suffix=suffix))


def _decode_csv(path: Path, encoding: str | None) -> tuple[str, EncodingChoice]:
    data = path.read_bytes()
    if encoding:
        choice = EncodingChoice(encoding, "override", Message("encoding.override", codec=encoding))
    elif data.startswith(b"\xef\xbb\xbf"):
        choice = EncodingChoice("utf-8-sig", "bom", Message("encoding.bom"))
    else:
        choice = sniff_bytes(data, what=path.name)
    try:
        return data.decode(choice.codec, errors="replace"), choice
    except LookupError:
        raise UnreadableFile(path, Message("import.unknown_encoding", encoding=repr(encoding))) from None


def _read_csv(path: Path, encoding: str | None, limits: Limits) -> TextTable:
    text, choice = _decode_csv(path, encoding)
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            rows.append((number, row))
            if len(rows) > limits.max_features + 1:
                raise TooManyFeatures(path, f"more than {limits.max_features:,} rows")
    except csv.Error as exc:
        raise UnreadableFile(path, f"broken CSV ({exc})") from None
    table = _build(path, rows, limits)
    table.encoding = choice
    if "\ufffd" in text:
        table.warnings.append(Message("import.warn.undecodable", file=path.name, codec=choice.codec))
    return table


def _open_workbook(path: Path, limits: Limits):
    import openpyxl  # heavy; only xlsx needs it
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise UnreadableFile(path, "defusedxml is required to read xlsx files safely")
    sniff.check_zip(path)
    archive.inspect_zip(path, limits)  # refuse zip bombs before openpyxl unpacks
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise UnreadableFile(path, f"not a readable xlsx workbook ({exc})") from None


def _read_xlsx(path: Path, sheet: str | None, limits: Limits) -> TextTable:
    wb = _open_workbook(path, limits)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise WrongContent(path, f"no sheet named {sheet!r} (sheets: {wb.sheetnames})")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows, kinds = _sheet_rows(path, ws, limits)
    finally:
        wb.close()
    table = _build(path, rows, limits, kinds)
    table.sheet = ws.title
    return table


def _sheet_rows(path: Path, ws, limits: Limits):
    rows, kinds = [], {}
    for cells in ws.iter_rows():
        if not cells:
            continue
        number = next((c.row for c in cells if getattr(c, "row", None)), len(rows) + 1)
        if len(cells) > limits.max_columns:
            raise TooManyFeatures(path, f"row {number} has {len(cells)} columns, more than "
                                        f"the {limits.max_columns} allowed")
        rows.append((number, [_xlsx_text(c) for c in cells]))
        kinds[number] = [getattr(c, "data_type", "n") for c in cells]
        if len(rows) > limits.max_features + 1:
            raise TooManyFeatures(path, f"more than {limits.max_features:,} rows")
    return rows, kinds


def _xlsx_text(cell) -> str:
    value = getattr(cell, "value", None)
    return str(value) if getattr(cell, "data_type", "") == "f" else cell_text(value)


def _headers(raw: list[str]) -> list[str]:
    # Blank or repeated headers would collide as DataFrame columns.
    out = []
    for i, name in enumerate(raw, start=1):
        name = name.strip() or f"列{i}"
        base, k = name, 2
        while name in out:
            name, k = f"{base}_{k}", k + 1
        out.append(name)
    return out


def _clean_body(table: TextTable, body: list[list[str]], columns: list[str]) -> None:
    """Remove control/invisible characters in place; note over-long cells."""
    count, first = 0, None
    for pos, row in enumerate(body):
        for k, value in enumerate(row):
            text, changed = clean_cell(value)
            if changed:
                row[k] = text
                count += 1
                first = first or Message("import.where.row", row=table.row_numbers[pos], column=columns[k])
            if too_long(text):
                table.too_long.add((pos, columns[k]))
    if count:
        table.warnings.append(Message("import.warn.in_file", file=table.path.name,
                                      what=cleaned_warning(count, first)))


def _build(path: Path, rows, limits: Limits, kinds=None) -> TextTable:
    rows = [(n, r) for n, r in rows if any(v.strip() for v in r)]
    if not rows:
        raise UnreadableFile(path, "the table is empty (no header row)")
    (_, header), data = rows[0], rows[1:]
    # a sheet streamed without its extent gives each row its own length: a title row above
    # the headers (our exports' masking notice) would otherwise cut every row to one column
    header = header + [""] * (max(map(len, (r for _, r in data)), default=0) - len(header))
    if len(header) > limits.max_columns:
        raise TooManyFeatures(path, f"{len(header)} columns, more than {limits.max_columns}")
    columns = _headers([clean_cell(h)[0] for h in header])
    width = len(columns)
    body = [(r + [""] * width)[:width] for _, r in data]
    table = TextTable(None, [n for n, _ in data], path)
    _clean_body(table, body, columns)
    table.frame = pd.DataFrame(body, columns=columns, dtype=object)
    for pos, (number, _) in enumerate(data):
        for col, kind in zip(columns, (kinds or {}).get(number, [])):
            if kind == "f":
                table.formulas.add((pos, col))
            elif kind == "n":
                table.numbers.add((pos, col))
    dropped = sum(1 for _, r in data if len(r) > width and any(v.strip() for v in r[width:]))
    if dropped:
        table.warnings.append(Message("import.warn.beyond_header", file=path.name, n=dropped))
    return table
