"""Checks and conversions for one roster field at a time (pure functions).

Each ``check_*`` returns ``(value, reason)``: the cleaned value, and None or
a reason string "kind: detail" (the kind is what the report counts).

Examples
--------
>>> check_phone("138 1234 5678")
('13812345678', None)
>>> gender_from_id("11010519491231002X")
'女'
>>> member_kind("在职党员（双报到）")
'in_service'
"""
from __future__ import annotations

import re
import unicodedata

from .. import idcard

_ROLE_WORDS = {
    "中心户": "central_household", "党员中心户": "central_household",
    "单元长": "unit_head", "党群单元长": "unit_head", "网格长": "grid_head",
    "网格员": "grid_staff", "楼栋长": "building_head", "书记": "secretary",
    "支部书记": "secretary",
}
_GENDERS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女",
            "男性": "男", "女性": "女"}


def check_name(value) -> tuple[str, str | None]:
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value or ""))).strip()
    return name, None if name else "empty name"


def check_id_number(value, stored_as_number: bool = False) -> tuple[str, str | None]:
    """Normalise an ID and say what is wrong with it, Excel damage first.

    ``stored_as_number`` is True when the cell held a number: an 18-digit
    number cannot survive Excel's 15 significant digits.
    """
    text = idcard.normalize(value)
    if (stored_as_number and len(text) >= 16) or idcard.looks_damaged_by_excel(text):
        return text, ("ID damaged by Excel: stored as a number, the last digits are lost; "
                      "retype it as text")
    problem = idcard.problem(text)
    return text, None if problem is None else f"bad ID number: {problem}"


def check_phone(value) -> tuple[str, str | None]:
    """Mobile numbers: 11 digits starting with 1 (spaces, dashes, +86 tolerated)."""
    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", str(value or "")))
    digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    if not digits:
        return "", None
    if re.fullmatch(r"1\d{10}", digits):
        return digits, None
    return digits, f"bad phone: {value!s} is not an 11-digit mobile number"


def gender_from_id(id_number: str) -> str | None:
    """Digit 17 of an 18-character ID is odd for men, even for women."""
    return ("男" if int(id_number[16]) % 2 else "女") if len(id_number) == 18 else None


def check_gender(value, id_number: str, id_ok: bool) -> tuple[str, str | None]:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    from_id = gender_from_id(id_number) if id_ok else None
    if not text:
        return from_id or "", None
    gender = _GENDERS.get(text)
    if gender is None:
        return text, f"bad gender: {value!s}"
    if from_id and gender != from_id:
        return gender, f"gender mismatch: {gender} in the roster, {from_id} by the ID number"
    return gender, None


def member_kind(value) -> str:
    """在职/双报到 → in_service, 流动 → floating, anything else → registered."""
    text = str(value or "").strip().lower()
    if text in ("in_service", "floating", "registered"):
        return text
    if "在职" in text or "双报到" in text or "报到" in text:
        return "in_service"
    if "流动" in text:
        return "floating"
    return "registered"


def member_roles(value) -> tuple[list[str], list[str]]:
    """Roles from text like "党员中心户、单元长"; returns (roles, words not understood)."""
    roles, unknown = [], []
    for word in re.split(r"[,，、;；/\s]+", str(value or "")):
        if not word:
            continue
        role = _ROLE_WORDS.get(word, word if word in _ROLE_WORDS.values() else None)
        (roles if role else unknown).append(role or word)
    return list(dict.fromkeys(roles)), unknown


#: Largest count a roster cell may give (linked households, unit number).
MAX_COUNT = 10_000


def check_count(value, column: str) -> tuple[int | None, str | None]:
    """A whole number 0-:data:`MAX_COUNT` from a cell; blank gives ``(None, None)``.

    "abc", "2.5", "-1" or forty nines are refused with the reason instead of
    being read as 0 or overflowing the stored integer column.
    """
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return None, None
    if text.isascii() and text.isdigit() and int(text) <= MAX_COUNT:
        return int(text), None
    return None, (f"bad number: {column} = {str(value)[:40]!r} is not a whole number "
                  f"0-{MAX_COUNT:,}")
