"""What an import did: counts, rejected rows with reasons, warnings; exportable.

Rejected rows keep every original column (under the original headers) so the
user can fix them in Excel and import the same file again; the row number
and the reasons go in two extra columns whose names no field guess matches.

The Excel export follows the one masking policy (:mod:`geo.masking`) and is
masked by default: source columns mapped to a person's name, phone or ID
number are masked, the address is cut to the building, columns mapped to
gender, roles, linked households, unit number or work unit are left out, and
so are source columns the import did not map (their content is unknown, a
second phone number for instance). Reasons keep only their kind ("bad
phone", not the number). The full report (``FULL`` policy, ``--full --yes``)
keeps everything, so fixed rows can be imported again. Cells go through the
one formula rule (:func:`geo.export.cell_text.neutralize`) and the file
through the atomic writer.

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
#: Target columns a masked report keeps as they are (no person in them).
_PLAIN_TARGETS = frozenset({"member_id", "kind", "org_id", "org_name", "building_id",
                            "compound_name"})


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
    field_map: dict = field(default_factory=dict)  # source header -> target column, as imported

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

    def masked_frame(self, policy=None) -> pd.DataFrame:
        """:meth:`rejected_frame` as the policy allows it (see the module docstring)."""
        from ..masking import MASKED

        policy = MASKED if policy is None else policy
        frame = self.rejected_frame()
        if not policy.masked:
            return frame
        frame[REASON_COLUMN] = [_REASON_SEPARATOR.join(dict.fromkeys(reason_kind(r) for r in reasons))
                                for _, _, reasons in self.rejected_rows]
        return policy.apply(frame, self.masking_kinds(frame.columns))

    def masking_kinds(self, columns) -> dict[str, str]:
        """Source column -> masking kind for a masked report (unmapped columns: "drop")."""
        from ..masking import MEMBER_EXPORT_KINDS

        mapping = self.field_map or _guess_map(columns, self.layer)
        kinds = {}
        for column in columns:
            target = mapping.get(column)
            if column in (ROW_COLUMN, REASON_COLUMN) or target in _PLAIN_TARGETS:
                continue
            if target is None:
                kinds[column] = "drop"
            elif self.layer == "members":
                kinds[column] = MEMBER_EXPORT_KINDS.get(target, "keep")
        return {c: k for c, k in kinds.items() if k != "keep"}

    def to_xlsx(self, path, policy=None) -> Path:
        """Write summary, rejected rows and warnings to an .xlsx; every cell is text.

        Parameters
        ----------
        path : str or os.PathLike
            Replaced only once the new file is complete (:func:`geo.fileutil.atomic_output`).
        policy : geo.masking.MaskPolicy, optional
            :data:`~geo.masking.MASKED` (default) or ``FULL``; stated in the
            first summary row and the document properties.
        """
        from openpyxl import Workbook  # heavy; only the export needs it

        from ..export.safe_excel import set_properties
        from ..fileutil import atomic_output
        from ..masking import MASKED

        policy = MASKED if policy is None else policy
        frame = self.masked_frame(policy)
        left_out = [c for c in self.rejected_frame().columns if c not in frame.columns]
        wb = Workbook()
        ws = wb.active
        ws.title = "summary"
        _write_rows(ws, [[policy.notice], ["item", "value"], ["source", self.source],
                         ["layer", self.layer], ["rows", self.total], ["imported", self.imported],
                         ["rejected", self.rejected],
                         *[[f"reason: {k}", v] for k, v in self.reason_counts().items()],
                         *[[k, v] for k, v in self.facts.items()],
                         *([["left out (masked)", ", ".join(left_out)]] if left_out else [])])
        _write_rows(wb.create_sheet("rejected"),
                    [list(frame.columns)] + frame.astype(str).values.tolist())
        _write_rows(wb.create_sheet("warnings"), [["warning"]] + [[w] for w in self.warnings])
        set_properties(wb, policy)
        with atomic_output(path) as tmp:
            wb.save(tmp)
        return Path(path)


def _guess_map(columns, layer: str) -> dict[str, str]:
    """The import's own field guess, for a report built without its mapping."""
    from .fields import guess_mapping

    try:
        return guess_mapping([c for c in columns if c not in (ROW_COLUMN, REASON_COLUMN)], layer)
    except (KeyError, ValueError):
        return {}


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

    The one formula rule (:func:`geo.export.cell_text.neutralize`) cleans the
    text (control characters would make openpyxl fail) and tells whether it
    needs the quote prefix; the data type is forced to 's' because openpyxl
    makes any str starting with "=" a formula. The value itself is unchanged,
    so a corrected export can be imported again as is.
    """
    from ..export.cell_text import neutralize

    text, formula_like = neutralize(value)
    cell.value = text
    cell.data_type = "s"
    if formula_like:
        cell.quotePrefix = True
