"""Does decoded text look garbled (乱码)? Catching a wrong ``--encoding`` before it is written.

A UTF-8 file read as GBK, or a GBK file read as Latin-1 or UTF-8 with
replacement, still decodes — into text nobody can read. Two signs give it away:

* replacement characters (U+FFFD) or runs of Latin-1 letters such as ``Ã©Â``
  where Chinese should be (GBK read as Latin-1/cp1252);
* Chinese characters that are mostly rare: names, addresses and places use the
  3,755 common characters of GB 2312 level 1 nearly always (well above 90 % of
  the characters), while UTF-8 bytes read as GBK land mostly outside them
  (``鍗椾含甯`` for 南京市). Judged over a whole column, never one short value.

Example
-------
>>> looks_garbled(["南京市鼓楼区", "幸福小区3号楼"])
False
>>> looks_garbled([t.encode().decode("gbk", "replace") for t in ["南京市鼓楼区", "幸福小区3号楼"]])
True
"""
from __future__ import annotations

import re

#: Above this share of rare characters (outside GB 2312 level 1), Chinese text is garbled:
#: ordinary rosters and addresses stay below 0.1, a roster of deliberately unusual given
#: names reaches about 0.5, UTF-8 read as GBK lands at 0.75-0.9.
RARE_SHARE = 0.6
#: Above this share of values with a sign of garbling, the column is garbled.
VALUE_SHARE = 0.3

_CJK = re.compile(r"[\u4e00-\u9fff]")
# GBK bytes (0x81-0xFE) read as Latin-1/cp1252 come out as these, usually two or more in a row.
_LATIN_RUN = re.compile(r"[\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2018-\u201e"
                        r"\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")


def is_common(char: str) -> bool:
    """True for a character of GB 2312 level 1 (the 3,755 common ones)."""
    try:
        first = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= first <= 0xD7


def value_looks_garbled(text: str) -> bool:
    """One value carries replacement characters or a run of Latin-1 letters."""
    return "\ufffd" in text or bool(_LATIN_RUN.search(text))


def rare_share(texts) -> float:
    """Share of Chinese characters outside GB 2312 level 1 (0 when there are fewer than 10)."""
    cjk = [c for t in texts for c in _CJK.findall(t)]
    if len(cjk) < 10:
        return 0.0
    return sum(1 for c in cjk if not is_common(c)) / len(cjk)


def looks_garbled(values, sample: int = 500) -> bool:
    """True when the text values (first ``sample`` non-empty ones) look garbled as a whole."""
    texts = [v for v in values if isinstance(v, str) and v.strip()][:sample]
    if not texts:
        return False
    if sum(value_looks_garbled(t) for t in texts) / len(texts) > VALUE_SHARE:
        return True
    return rare_share(texts) > RARE_SHARE


def garbled_columns(frame, sample: int = 500) -> list[str]:
    """Names of the text columns of a DataFrame whose values look garbled."""
    out = []
    for column in frame.columns:
        if column == "geometry" or frame[column].dtype != object:
            continue
        if looks_garbled(frame[column].head(sample * 2).tolist(), sample):
            out.append(column)
    return out
