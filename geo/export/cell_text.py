"""One rule for text that goes into a spreadsheet cell or a CSV field.

:func:`neutralize` is the single place that decides (1) which characters a
cell may hold and (2) whether a spreadsheet would run the text as a formula.
The .xlsx writers (:mod:`geo.export.safe_excel`, the import report) and the
CSV writer (:mod:`geo.editing.assignment_csv`) all call it; only the way the
text is marked differs, because the formats differ:

- .xlsx: the cell is a plain string cell (never a formula element) with the
  ``quotePrefix`` style, which is what typing a leading apostrophe does; the
  value itself is unchanged;
- CSV has no styles, so a formula-like field gets a leading ``'`` (the
  OWASP recommendation); :func:`csv_unquote` removes it again on import.

Formula-like: starting with ``= + - @``, a tab, CR or LF, or their
full-width forms, also after leading whitespace (Excel skips the blanks
before ``=`` in some paths, LibreOffice too). Control characters that XML
1.0 forbids (openpyxl refuses them) are removed, and lone surrogates (a
badly decoded file) become U+FFFD.

Examples
--------
>>> neutralize("  =1+1")
('  =1+1', True)
>>> neutralize("a\\x00b")
('ab', False)
>>> csv_field("@SUM(A1)"), csv_unquote("'@SUM(A1)")
("'@SUM(A1)", '@SUM(A1)')
"""
from __future__ import annotations

import re
import unicodedata

#: First characters that make a spreadsheet read text as a formula (incl. full-width).
FORMULA_TRIGGERS = tuple("=+-@\t\r\n") + ("\uff1d", "\uff0b", "\uff0d", "\uff20")
EXCEL_MAX_TEXT = 32767

# XML 1.0 forbids C0 controls except tab, LF, CR (openpyxl raises on them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Blanks a spreadsheet may skip before it looks for "=": spaces, NBSP, ideographic space.
_LEADING_BLANKS = " \u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"


def clean_text(text: str) -> str:
    """Remove characters a cell cannot hold and cut to Excel's text limit."""
    text = _SURROGATE.sub("\ufffd", _ILLEGAL.sub("", text))
    return text[:EXCEL_MAX_TEXT]


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet would read ``text`` as a formula (blanks before it skipped)."""
    return text.lstrip(_LEADING_BLANKS).startswith(FORMULA_TRIGGERS) or text.startswith(FORMULA_TRIGGERS)


def neutralize(value) -> tuple[str, bool]:
    """``(clean text, formula_like)`` for any value (None gives ``("", False)``).

    Parameters
    ----------
    value : object
        Converted with ``str``.

    Returns
    -------
    tuple of (str, bool)
        The text to store and whether it must be marked as text (quote
        prefix in .xlsx, leading apostrophe in CSV).
    """
    text = clean_text("" if value is None else str(value))
    return text, is_formula_like(text)


def csv_field(value) -> str:
    """A CSV field that no spreadsheet will run: formula-like text gets a leading ``'``."""
    text, formula_like = neutralize(value)
    return "'" + text if formula_like else text


def csv_unquote(text: str) -> str:
    """Undo :func:`csv_field` on import (only where the apostrophe guards a formula)."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def is_wide(char: str) -> bool:
    """East Asian wide or full-width: two columns of a terminal, two character units of Excel."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    """Width of ``text`` in terminal cells and Excel character units: CJK and full-width count 2.

    Examples
    --------
    >>> display_width("网格A1")
    6
    """
    return sum(2 if is_wide(ch) else 1 for ch in text)
