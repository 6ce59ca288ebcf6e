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
from ..messages import Message
from .reasons import reason

reason("import.reject.empty_name", "empty name", "姓名为空", "empty name")
reason("import.reject.id_excel", "ID damaged by Excel",
       "身份证号被 Excel 截断：以数字保存，末几位已丢失；请改为文本重新录入",
       "ID damaged by Excel: stored as a number, the last digits are lost; retype it as text")
reason("import.reject.bad_id", "bad ID number", "身份证号有误：{problem}", "bad ID number: {problem}")
reason("import.reject.bad_phone", "bad phone", "手机号有误：{value} 不是 11 位手机号",
       "bad phone: {value} is not an 11-digit mobile number")
reason("import.reject.bad_gender", "bad gender", "性别无效：{value}", "bad gender: {value}")
reason("import.reject.gender_mismatch", "gender mismatch", "性别与身份证号不符：花名册为{given}，身份证号为{from_id}",
       "gender mismatch: {given} in the roster, {from_id} by the ID number")
reason("import.reject.bad_count", "bad number", "数字无效：{column} = {value} 不是 0-{most} 的整数",
       "bad number: {column} = {value} is not a whole number 0-{most}")

_ROLE_WORDS = {
    "中心户": "central_household", "党员中心户": "central_household",
    "单元长": "unit_head", "党群单元长": "unit_head", "网格长": "grid_head",
    "网格员": "grid_staff", "楼栋长": "building_head", "书记": "secretary",
    "支部书记": "secretary",
}
_GENDERS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女",
            "男性": "男", "女性": "女"}


def check_name(value) -> tuple[str, Message | None]:
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value or ""))).strip()
    return name, None if name else Message("import.reject.empty_name")


def check_id_number(value, stored_as_number: bool = False) -> tuple[str, Message | None]:
    """Normalise an ID and say what is wrong with it, Excel damage first.

    ``stored_as_number`` is True when the cell held a number: an 18-digit
    number cannot survive Excel's 15 significant digits.
    """
    text = idcard.normalize(value)
    if (stored_as_number and len(text) >= 16) or idcard.looks_damaged_by_excel(text):
        return text, Message("import.reject.id_excel")
    problem = idcard.problem(text)
    return text, None if problem is None else Message("import.reject.bad_id", problem=problem)


def check_phone(value) -> tuple[str, Message | None]:
    """Mobile numbers: 11 digits starting with 1 (spaces, dashes, +86 tolerated)."""
    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", str(value or "")))
    digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    if not digits:
        return "", None
    if re.fullmatch(r"1\d{10}", digits):
        return digits, None
    return digits, Message("import.reject.bad_phone", value=str(value))


def gender_from_id(id_number: str) -> str | None:
    """Digit 17 of an 18-character ID is odd for men, even for women."""
    return ("男" if int(id_number[16]) % 2 else "女") if len(id_number) == 18 else None


def check_gender(value, id_number: str, id_ok: bool) -> tuple[str, Message | None]:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    from_id = gender_from_id(id_number) if id_ok else None
    if not text:
        return from_id or "", None
    gender = _GENDERS.get(text)
    if gender is None:
        return text, Message("import.reject.bad_gender", value=str(value))
    if from_id and gender != from_id:
        return gender, Message("import.reject.gender_mismatch", given=gender, from_id=from_id)
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


def check_count(value, column: str) -> tuple[int | None, Message | None]:
    """A whole number 0-:data:`MAX_COUNT` from a cell; blank gives ``(None, None)``.

    "abc", "2.5", "-1" or forty nines are refused with the reason instead of
    being read as 0 or overflowing the stored integer column.
    """
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return None, None
    if text.isascii() and text.isdigit() and int(text) <= MAX_COUNT:
        return int(text), None
    return None, Message("import.reject.bad_count", column=column, value=repr(str(value)[:40]),
                         most=f"{MAX_COUNT:,}")
