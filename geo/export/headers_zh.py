"""Display headers of exported table columns: a sheet's own headers first, then the catalogue.

The words live once in :mod:`geo.export.vocabulary` (Chinese and English);
the import wizard asks it directly (``vocabulary.column_label``). What is left
here is the look-up with per-sheet overrides that :mod:`geo.export.safe_excel`
uses.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from geo.export.vocabulary import column_label


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
