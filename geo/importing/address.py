"""Free-text addresses → (compound, building, unit, room), and on to a building_id.

Rosters write the same flat many ways: "幸福小区3号楼2单元501",
"幸福小区3栋2单元501室", "幸福小区 三号楼", "３幢２单元", "3-2-501". We
normalise (NFKC turns full-width digits to ASCII; Chinese numerals before a
marker become digits), parse with one pattern for the marker form and one for
the dash form, then match against the project's compounds and buildings with
common suffixes (小区/花园/宿舍 …) optional.

Examples
--------
>>> parse_address("幸福小区3号楼2单元501")
ParsedAddress(compound='幸福小区', building='3', unit=2, room='501')
>>> parse_address("３幢２单元")
ParsedAddress(compound='', building='3', unit=2, room=None)
>>> parse_address("幸福小区 三号楼").building
'3'
>>> chinese_number("二十一")
21
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "零〇一二两三四五六七八九十百"
_MARKERS = "号楼|号|栋|幢|座|楼|单元|室|户|门"
_CN_BEFORE_MARKER = re.compile(rf"[{_CN_NUM}]+(?=(?:{_MARKERS}))")
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "−": "-", "～": "-", "~": "-"})
_BRACKETS = re.compile(r"[(\[（【].*?[)\]）】]")

_BUILDING = r"(?P<building>[A-Z]?\d+[A-Z]?|[A-Z])"
_MARKER_FORM = re.compile(
    rf"^(?P<compound>.*?){_BUILDING}(?:号楼|号|栋|幢|座|楼)"
    r"(?:(?P<unit>\d+)(?:单元|-))?(?:(?P<room>\d+)(?:室|号|户)?)?$")
_DASH_FORM = re.compile(r"^(?P<compound>.*?\D)?(?P<building>\d+)-(?P<unit>\d+)-(?P<room>\d+)$")

#: Suffixes people drop when they name a compound ("幸福" for "幸福小区").
COMPOUND_SUFFIXES = ("宿舍区", "小区", "花园", "宿舍", "家园", "公寓", "新村", "大院", "社区")


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 999 ("三" → 3, "十二" → 12, "一百零五" → 105)."""
    if not text or any(ch not in _CN_NUM for ch in text):
        return None
    if "十" not in text and "百" not in text:  # digit by digit: "一〇五" → 105
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * (100 if ch == "百" else 10)
            current = 0
    return total + current


def normalize_address(text) -> str:
    """NFKC, no spaces or bracketed remarks, uniform dashes, Chinese numerals → digits."""
    text = unicodedata.normalize("NFKC", str(text or "")).translate(_DASHES).upper()
    text = re.sub(r"\s+", "", _BRACKETS.sub("", text))
    return _CN_BEFORE_MARKER.sub(lambda m: str(chinese_number(m.group()) or m.group()), text)


@dataclass(frozen=True)
class ParsedAddress:
    """One parsed address; ``building`` is text ("3", "A", "12B") without leading zeros."""

    compound: str
    building: str
    unit: int | None = None
    room: str | None = None


def _clean_building(value: str) -> str:
    return (value.lstrip("0") or "0") if value.isdigit() else value


def parse_address(text) -> ParsedAddress | None:
    """Parse a flat address; None when no building number can be found.

    Parameters
    ----------
    text : str
        E.g. "幸福小区3号楼2单元501", "3-2-501", "幸福花园A座".
    """
    norm = normalize_address(text)
    match = _MARKER_FORM.match(norm) or _DASH_FORM.match(norm)
    if match is None:
        return None
    unit = match.group("unit")
    return ParsedAddress(compound=(match.group("compound") or "").strip("-,，"),
                         building=_clean_building(match.group("building")),
                         unit=int(unit) if unit else None,
                         room=match.group("room"))


def building_number(name) -> str | None:
    """The number in a building's name ("3号楼", "幸福小区3栋", "A座", "3") or None."""
    norm = normalize_address(name)
    if norm.isdigit():
        return _clean_building(norm)
    parsed = parse_address(norm)
    return parsed.building if parsed else None


def compound_core(name) -> str:
    """A compound name without its usual suffix ("幸福小区" → "幸福")."""
    norm = normalize_address(name)
    for suffix in COMPOUND_SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            return norm[: -len(suffix)]
    return norm


@dataclass
class AddressMatch:
    """Outcome of matching one address. ``status`` is one of
    "matched", "unparsed", "no_compound", "no_building", "ambiguous", "no_unit"."""

    status: str
    building_id: str | None = None
    unit: int | None = None
    message: object = ""  # a geo.messages.Message saying why it did not match
    candidates: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "matched"
