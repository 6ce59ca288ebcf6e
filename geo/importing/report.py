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
phone", not the number). Reasons and warnings are :class:`geo.messages.Message`
objects (:mod:`.reasons`); the summary, the wizard and the Excel report word them
in the chosen language, and counts group by the reason's stable kind. The full report (``FULL`` policy, ``--full --yes``)
keeps everything, so fixed rows can be imported again. Cells go through the
one formula rule (:func:`geo.export.cell_text.neutralize`) and the file
through the atomic writer.

Examples
--------
>>> r = ImportReport(source="roster.xlsx", layer="members", total=3, imported=2)
>>> r.reject(4, {"姓名": ""}, ["empty name"])
>>> print(r.summary("en"))
roster.xlsx → members: 3 rows, 2 imported, 1 rejected
  empty name: 1
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from ..messages import Message, register
from .reasons import kind_label, kind_of

register("import.summary", "{source} → {layer}：共 {total} 行，导入 {imported} 行，拒绝 {rejected} 行",
         "{source} → {layer}: {total} rows, {imported} imported, {rejected} rejected")
register("import.summary.warning", "警告：{text}", "warning: {text}")
register("import.fact.encoding_value", "{codec}（{why}）", "{codec} ({why})")
#: the facts an import notes, by key (other keys are shown as they are)
_FACT_LABELS = {key: register(f"import.fact.{key}", zh, en) for key, zh, en in [
    ("encoding", "编码", "encoding"), ("mapping", "字段对应", "mapping"), ("driver", "格式", "driver"),
    ("crs", "坐标系", "crs"),
]}


def fact_label(key: str, lang: str | None = None) -> str:
    """A fact's key worded for people ("encoding" → "编码")."""
    return Message(_FACT_LABELS[key]).text(lang) if key in _FACT_LABELS else key
# the sheets and rows of the report workbook
_SHEET_LABELS = {key: register(f"import.report.{key}", zh, en) for key, zh, en in [
    ("rejected", "被拒绝", "rejected"),
    ("item", "项目", "item"), ("value", "值", "value"), ("source", "来源文件", "source"),
    ("layer", "图层", "layer"), ("rows", "行数", "rows"), ("imported", "已导入", "imported"),
    ("reason", "拒绝原因：{kind}", "reason: {kind}"), ("warning", "警告", "warning"),
    ("left_out", "未导出（已脱敏）", "left out (masked)"),
]}


def _label(key: str, lang: str | None, **params) -> str:
    return Message(_SHEET_LABELS[key], **params).text(lang)

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
    #: source header -> masking kind (geo.masking) for layers other than members (a reporter's phone)
    personal_kinds: dict = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def reject(self, row: int, original: dict, reasons) -> None:
        """Keep a rejected row with the reasons it was refused."""
        self.rejected_rows.append((int(row), dict(original), list(reasons)))

    def warn(self, message) -> None:
        """Note a warning (a :class:`~geo.messages.Message`; the same one only once)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def reason_counts(self) -> Counter:
        """How often each reason occurred (a row with two reasons counts for both)."""
        return Counter(reason_kind(r) for _, _, reasons in self.rejected_rows for r in reasons)

    def rejected_frame(self, lang: str | None = None) -> pd.DataFrame:
        """Rejected rows: source row, reasons (worded in ``lang``), then the original columns."""
        records = [{ROW_COLUMN: str(row), REASON_COLUMN: _REASON_SEPARATOR.join(_word(r, lang) for r in reasons),
                    **{str(k): "" if v is None else str(v) for k, v in original.items()}}
                   for row, original, reasons in self.rejected_rows]
        return pd.DataFrame.from_records(records, columns=_columns(records))

    def summary(self, lang: str | None = None) -> str:
        """A few lines for the CLI or a message box, in ``lang`` (default: the current language)."""
        lines = [Message("import.summary", source=self.source, layer=self.layer, total=self.total,
                         imported=self.imported, rejected=self.rejected).text(lang)]
        lines += [f"  {kind_label(kind, lang)}: {count}" for kind, count in self.reason_counts().most_common()]
        lines += [f"  {fact_label(key, lang)}: {_word(value, lang)}" for key, value in self.facts.items()]
        lines += ["  " + Message("import.summary.warning", text=_word(w, lang)).text(lang) for w in self.warnings]
        return "\n".join(lines)

    def masked_frame(self, policy=None, lang: str | None = None) -> pd.DataFrame:
        """:meth:`rejected_frame` as the policy allows it (see the module docstring)."""
        from ..masking import MASKED

        policy = MASKED if policy is None else policy
        frame = self.rejected_frame(lang)
        if not policy.masked:
            return frame
        frame[REASON_COLUMN] = [_REASON_SEPARATOR.join(dict.fromkeys(kind_label(reason_kind(r), lang)
                                                                     for r in reasons))
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
            else:
                kinds[column] = self.personal_kinds.get(column, "keep")
        return {c: k for c, k in kinds.items() if k != "keep"}

    def to_xlsx(self, path, policy=None, lang: str | None = None) -> Path:
        """Write summary, rejected rows and warnings to an .xlsx; every cell is text.

        Parameters
        ----------
        path : str or os.PathLike
            Replaced only once the new file is complete (:func:`geo.fileutil.atomic_output`).
        policy : geo.masking.MaskPolicy, optional
            :data:`~geo.masking.MASKED` (default) or ``FULL``; stated in the
            first summary row and the document properties.
        lang : {"zh", "en"}, optional
            The language of sheet names, labels, reasons and warnings (default: the current one).
        """
        from openpyxl import Workbook  # heavy; only the export needs it

        from ..export.safe_excel import set_properties
        from ..fileutil import atomic_output
        from ..masking import MASKED

        policy = MASKED if policy is None else policy
        frame = self.masked_frame(policy, lang)
        left_out = [c for c in self.rejected_frame(lang).columns if c not in frame.columns]
        say = partial(_label, lang=lang)
        wb = Workbook()
        ws = wb.active
        ws.title = "summary"  # sheet names stay fixed: re-imports and scripts pick "rejected"
        _write_rows(ws, [[policy.notice], [say("item"), say("value")], [say("source"), self.source],
                         [say("layer"), self.layer], [say("rows"), self.total],
                         [say("imported"), self.imported], [say("rejected"), self.rejected],
                         *[[say("reason", kind=kind_label(k, lang)), v] for k, v in self.reason_counts().items()],
                         *[[fact_label(k, lang), _word(v, lang)] for k, v in self.facts.items()],
                         *([[say("left_out"), ", ".join(left_out)]] if left_out else [])])
        _write_rows(wb.create_sheet("rejected"),
                    [list(frame.columns)] + frame.astype(str).values.tolist())
        _write_rows(wb.create_sheet("warnings"),
                    [[say("warning")]] + [[_word(w, lang)] for w in self.warnings])
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


def reason_kind(reason) -> str:
    """The reason's stable kind key ("bad phone" for any bad phone number), for grouping.

    A :class:`~geo.messages.Message` reason gives the kind its code was registered
    with (:func:`.reasons.reason`); an older plain text its part before any ':'.
    """
    return kind_of(reason)


def _word(value, lang) -> str:
    """A reason or warning in ``lang`` (plain text stays as it is)."""
    return value.text(lang) if isinstance(value, Message) else str(value)


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
