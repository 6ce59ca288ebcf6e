"""Cells as a user meant them: no control or invisible characters, a sane length.

Rosters pasted from web pages or chat programs carry zero-width spaces,
stray control characters (\\x00-\\x1f, \\x7f) and line breaks typed with
Alt+Enter. Nobody means them, they break ID-number and address matching,
and some of them cannot be stored in an .xlsx report at all. Every imported
cell goes through :func:`clean_cell`: line breaks and tabs become a space,
the rest is removed, and the importer warns once with how many cells were
changed. A cell longer than :data:`MAX_CELL_CHARS` is not cut (that would
silently change data): the row is rejected with the reason.

Examples
--------
>>> clean_cell("张\\x00三\\u200b")
('张三', True)
>>> clean_cell("幸福小区\\n3号楼")
('幸福小区 3号楼', True)
>>> clean_cell("3号楼")
('3号楼', False)
"""
from __future__ import annotations

import re

from ..messages import Message, register
from .reasons import reason

reason("import.reject.too_long", "text too long", "文字过长：{column} 有 {n} 个字符（最多 {most}）",
       "text too long: {column} has {n} characters (at most {most})")
register("import.warn.cleaned", "{n} 个单元格含控制字符或不可见字符（换行、零宽空格等；第一个在 {first}），已删除",
         "{n} cells held control or invisible characters (line breaks, zero-width spaces …;"
         " first at {first}); they were removed")
register("import.where.row", "第 {row} 行 {column} 列", "row {row}, {column}")
register("import.where.feature", "第 {row} 个要素的 {column}", "feature {row}, {column}")
register("import.warn.in_file", "{file}：{what}", "{file}: {what}")

#: Longest text an imported cell may hold (an address or a work unit is far shorter;
#: longer means a pasted document or a broken export).
MAX_CELL_CHARS = 1000

# C0 controls, DEL, C1 controls, zero-width and direction marks, word joiners, BOM.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\ufeff]")
_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
_ANY = re.compile(f"{_INVISIBLE.pattern}|{_BREAKS.pattern}")


def clean_cell(text: str) -> tuple[str, bool]:
    """``(text without control/invisible characters, whether anything changed)``."""
    if not _ANY.search(text):
        return text, False
    return _BREAKS.sub(" ", _INVISIBLE.sub("", text)), True


def too_long(text: str) -> bool:
    return len(text) > MAX_CELL_CHARS


def too_long_reason(column: str, text: str) -> Message:
    """The report reason for a cell longer than :data:`MAX_CELL_CHARS`."""
    return Message("import.reject.too_long", column=column, n=f"{len(text):,}", most=f"{MAX_CELL_CHARS:,}")


def cleaned_warning(count: int, first: str) -> Message:
    """One warning for all cleaned cells; ``first`` says where the first one was."""
    return Message("import.warn.cleaned", n=count, first=first)
