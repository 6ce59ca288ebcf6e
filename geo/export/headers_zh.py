"""Chinese column headers for exported tables, read from the catalogue.

Kept for callers that want a plain ``{column: 中文}`` mapping (the import
wizard); the words themselves live once in :mod:`geo.export.vocabulary`,
which also has the English ones.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from geo.export.vocabulary import _COLUMNS, column_label

# report-only columns would mislabel a data column of the same name
_REPORT_ONLY = {"org_name", "grid_name", "community_name", "grid_head"}
HEADERS_ZH: dict[str, str] = {c: column_label(c, "zh") for c in _COLUMNS if c not in _REPORT_ONLY}

#: Overrides for a members table, where "name" is a person's name.
MEMBER_HEADERS_ZH: dict[str, str] = {
    **HEADERS_ZH, **{c: column_label(c, "zh", "members") for c in ("name", "kind")}}


def header_for(column: str, headers: Mapping[str, str] | None = None, lang: str = "zh",
               table: str | None = None) -> str:
    """Return the display header of ``column`` (``headers`` first, then the catalogue)."""
    if headers and column in headers:
        return headers[column]
    return column_label(column, lang, table)


def headers_for(columns: Iterable[str], headers: Mapping[str, str] | None = None,
                lang: str = "zh", table: str | None = None) -> list[str]:
    """Return display headers for several columns, in order."""
    return [header_for(c, headers, lang, table) for c in columns]
