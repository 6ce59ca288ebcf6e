"""Chinese resident ID numbers (GB 11643): the ISO 7064 MOD 11-2 check character.

Examples
--------
>>> check_char("11010519491231002")
'X'
>>> is_valid("11010519491231002X")
True
>>> looks_damaged_by_excel("1.10105194912E+17")
True
"""
from __future__ import annotations

import re

import numpy as np

from .messages import Message, register

register("idcard.empty", "身份证号为空", "empty ID number")
register("idcard.excel", "身份证号在 Excel 中以数字保存，末几位已丢失",
         "ID number was stored as a number in Excel and lost its last digits")
register("idcard.shape", "身份证号应为 17 位数字加 1 位校验码（数字或 X），实为 {n} 个字符",
         "ID number must be 17 digits and a check digit or X, got {n} characters")
register("idcard.check_digit", "身份证号校验码不对", "ID number check digit is wrong")

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}  # built once: rosters call often


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def normalize(value) -> str:
    """Text as users type it: strip spaces, full-width digits to ASCII, lower x to X."""
    text = "" if value is None else str(value)
    text = text.translate(_FULL_WIDTH_DIGITS)
    return text.replace("ｘ", "X").replace("Ｘ", "X").strip().replace(" ", "").upper()


def problem(value) -> Message | None:
    """Why ``value`` is not a valid ID number (a :class:`~geo.messages.Message`), or None."""
    text = normalize(value)
    if not text:
        return Message("idcard.empty")
    if looks_damaged_by_excel(value):
        return Message("idcard.excel")
    if not _SHAPE.match(text):
        return Message("idcard.shape", n=len(text))
    if check_char(text[:17]) != text[17]:
        return Message("idcard.check_digit")
    return None


def is_valid(value) -> bool:
    return problem(value) is None


def looks_damaged_by_excel(value) -> bool:
    """Excel keeps 15 significant digits: an 18-digit ID typed as a number comes
    back as a float, in scientific notation, or with trailing zeros."""
    if isinstance(value, float):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return len(str(value)) >= 16 and str(value).endswith("000")
    text = normalize(value)
    if re.match(r"^\d(\.\d+)?E\+?\d+$", text):
        return True
    return bool(re.match(r"^\d{15}0{3}$", text)) and check_char(text[:17]) != text[17]


def check_chars_vectorized(first17: np.ndarray) -> np.ndarray:
    """Check characters for an (n, 17) array of digit values, for bulk generation."""
    totals = (np.asarray(first17, dtype=np.int64) * np.array(WEIGHTS)).sum(axis=1) % 11
    return np.array(list(CHECK_CHARS))[totals]


def valid_mask(values) -> np.ndarray:
    """True where a value is a well-formed ID with the right check character.

    Vectorized for a million-member roster; explain the False ones with
    :func:`problem`. Values are compared as typed (no normalization), which is
    how they are stored in a project.
    """
    text = np.asarray([v if isinstance(v, str) else "" for v in values], dtype="U18")
    ok = np.char.str_len(text) == 18
    if not ok.any():
        return ok
    codes = text[ok].view(np.uint32).reshape(-1, 18)
    digits = codes[:, :17].astype(np.int64) - ord("0")
    shaped = ((digits >= 0) & (digits <= 9)).all(axis=1)
    expected = check_chars_vectorized(np.where(shaped[:, None], digits, 0))
    last = np.array([chr(c) for c in codes[:, 17]])
    ok[np.flatnonzero(ok)] = shaped & (last == expected)
    return ok
