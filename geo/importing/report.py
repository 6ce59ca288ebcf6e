"""What an import did: counts, rejected rows with reasons, warnings; exportable.

Rejected rows keep every original column (under the original headers) so the
user can fix them in Excel and import the same file again; the row number
and the reasons go in two extra columns whose names no field guess matches.

Examples
--------
>>> r = ImportReport(source="roster.xlsx", layer="members", total=3, imported=2)
>>> r.reject(4, {"姓名": ""}, ["empty name"])
>>> print(r.summary())
roster.xlsx → members: 3 rows, 2 imported, 1 rejected
  empty name: 1
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROW_COLUMN = "导入行号 (source row)"
REASON_COLUMN = "拒绝原因 (reasons)"
_REASON_SEPARATOR = "; "
#: Leading characters that make Excel or LibreOffice treat text as a formula/DDE.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport:
    """The outcome of one import, for the wizard, the CLI and an Excel export."""

    source: str = ""
    layer: str = ""
    total: int = 0
    imported: int = 0
    rejected_rows: list = field(default_factory=list)  # (row number, original dict, reasons)
    warnings: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # e.g. {"encoding": "...", "crs": "..."}

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def reject(self, row: int, original: dict, reasons) -> None:
        """Keep a rejected row with the reasons it was refused."""
        self.rejected_rows.append((int(row), dict(original), list(reasons)))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def reason_counts(self) -> Counter:
        """How often each reason occurred (a row with two reasons counts for both)."""
        return Counter(reason_kind(r) for _, _, reasons in self.rejected_rows for r in reasons)

    def rejected_frame(self) -> pd.DataFrame:
        """Rejected rows: source row, reasons, then the original columns."""
        records = [{ROW_COLUMN: str(row), REASON_COLUMN: _REASON_SEPARATOR.join(reasons),
                    **{str(k): "" if v is None else str(v) for k, v in original.items()}}
                   for row, original, reasons in self.rejected_rows]
        return pd.DataFrame.from_records(records, columns=_columns(records))

    def summary(self) -> str:
        """A few lines for the CLI or a message box."""
        lines = [f"{self.source} → {self.layer}: {self.total} rows, {self.imported} imported, "
                 f"{self.rejected} rejected"]
        lines += [f"  {reason}: {count}" for reason, count in self.reason_counts().most_common()]
        lines += [f"  {key}: {value}" for key, value in self.facts.items()]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def to_xlsx(self, path) -> Path:
        """Write summary, rejected rows and warnings to an .xlsx; every cell is text."""
        from openpyxl import Workbook  # heavy; only the export needs it

        wb = Workbook()
        ws = wb.active
        ws.title = "summary"
        _write_rows(ws, [["item", "value"], ["source", self.source], ["layer", self.layer],
                         ["rows", self.total], ["imported", self.imported],
                         ["rejected", self.rejected],
                         *[[f"reason: {k}", v] for k, v in self.reason_counts().items()],
                         *[[k, v] for k, v in self.facts.items()]])
        frame = self.rejected_frame()
        _write_rows(wb.create_sheet("rejected"),
                    [list(frame.columns)] + frame.astype(str).values.tolist())
        _write_rows(wb.create_sheet("warnings"), [["warning"]] + [[w] for w in self.warnings])
        wb.save(path)
        return Path(path)


def reason_kind(reason: str) -> str:
    """The reason's fixed part, before any ':' detail ("bad phone: 123" → "bad phone")."""
    return reason.split(":", 1)[0].strip()


def _columns(records) -> list[str]:
    cols = [ROW_COLUMN, REASON_COLUMN]
    for record in records:
        cols += [c for c in record if c not in cols]
    return cols


def _write_rows(ws, rows) -> None:
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            write_text_cell(ws.cell(row=r, column=c), value)


def write_text_cell(cell, value) -> None:
    """Store ``value`` as a plain string cell that no spreadsheet will run.

    openpyxl makes any str starting with "=" a formula; forcing the data type
    to 's' stores it as text, and the quote prefix makes Excel keep it text
    even when the user edits the cell. The value itself is unchanged, so a
    corrected export can be imported again as is.
    """
    text = "" if value is None else str(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
