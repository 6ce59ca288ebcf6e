"""Masking of personal data (names, phones, ID numbers): the one place the rules live.

Presenter mode, ``--mask`` and every export call into this module, so a rule
changed here changes everywhere at once. Exports default to :data:`MASKED`;
full data needs :func:`resolve_policy` with an explicit confirmation, and the
resulting :class:`MaskPolicy` carries the notice the file must show.

Rules
-----
- Names: a 2-character name keeps the surname (``张*``); 3 and more keep the
  first and the last character with one ``*`` per hidden character
  (``张*明``). A compound surname (欧阳, 司马, ...) counts as one unit, so
  ``欧阳明`` becomes ``欧阳*`` and ``欧阳娜娜`` ``欧阳*娜`` rather than leaking
  half the surname plus the given name. Latin-script names keep each word's
  initial (``J*** S****``). A 1-character name becomes ``*``.
- Phones: separators and a ``+86``/``0086`` prefix are dropped; a mobile keeps
  3 + 4 digits (``138****5678``); other numbers keep their last 4 (or 2 when
  short) digits.
- ID numbers: only the first and the last character are kept, with the
  original length (``1****************X``; 15-digit old numbers likewise).

Empty values (None, NaN, "") mask to "".

Examples
--------
>>> mask_name("张三明"), mask_name("张三"), mask_name("欧阳娜娜")
('张*明', '张*', '欧阳*娜')
>>> mask_phone("+86 138 1234 5678")
'138****5678'
>>> mask_id_number("11010519491231002X")
'1****************X'
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

STAR = "*"

#: Compound (two-character) surnames. A name starting with one of these keeps
#: the whole surname when masked; the list covers the ones seen in rosters.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "端木 独孤 南宫 西门 百里 呼延 万俟 申屠 闻人 太史 澹台 公冶 宗政 濮阳 淳于 "
    "单于 赫连 钟离 闾丘 拓跋 东郭 左丘 梁丘 第五 司空 司寇 亓官 子车 颛孙 壤驷 "
    "公良 漆雕 乐正 宰父 谷梁 夹谷 微生 羊舌 公羊 公西 巫马 南门 东门 仲孙 叔孙".split()
)

_NON_DIGIT = re.compile(r"\D+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")


def _text(value) -> str:
    """Return ``value`` as stripped text; None, NaN and pd.NA become ""."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        # An ID or phone read from Excel as a float: 1.3812345678e10 -> digits.
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def _is_latin(name: str) -> bool:
    return bool(_LATIN_WORD.search(name)) and name.isascii()


def mask_name(value) -> str:
    """Mask a person's name.

    Parameters
    ----------
    value : str or None
        The name; None/NaN/"" give "".

    Returns
    -------
    str
        The masked name, e.g. ``张*``, ``张*明``, ``欧阳*``, ``J*** S****``.

    Examples
    --------
    >>> [mask_name(n) for n in ("李", "李四", "王小明", "欧阳明", "")]
    ['*', '李*', '王*明', '欧阳*', '']
    """
    name = _text(value)
    if not name:
        return ""
    if _is_latin(name):
        # Western names: initials only, one star per hidden letter.
        return _LATIN_WORD.sub(lambda m: m.group()[0] + STAR * (len(m.group()) - 1), name)
    if len(name) == 1:
        return STAR
    surname_len = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    given = name[surname_len:]
    if len(given) == 1 or len(name) == 2:
        return name[:surname_len] + STAR * len(given)
    return name[:surname_len] + STAR * (len(given) - 1) + name[-1]


def _national_digits(digits: str) -> str:
    """Drop a +86/0086 country prefix from a digit string."""
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits


def mask_phone(value) -> str:
    """Mask a phone number.

    Parameters
    ----------
    value : str, int or None
        Any common spelling: ``13812345678``, ``+86 138-1234-5678``,
        ``0471-8234567``.

    Returns
    -------
    str
        Digits only: ``138****5678`` for a mobile; other numbers keep their
        last 4 digits (2 when they have fewer than 8); text without digits
        becomes ``***``.

    Examples
    --------
    >>> mask_phone("0086-138 1234 5678"), mask_phone("0471-8234567")
    ('138****5678', '*******4567')
    """
    raw = _text(value)
    if not raw:
        return ""
    digits = _national_digits(_NON_DIGIT.sub("", raw))
    if not digits:
        return STAR * 3
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + STAR * 4 + digits[-4:]
    keep = 4 if len(digits) >= 8 else 2 if len(digits) >= 5 else 0
    return STAR * (len(digits) - keep) + digits[len(digits) - keep:]


def mask_id_number(value) -> str:
    """Mask a resident ID number, keeping only its first and last character.

    Parameters
    ----------
    value : str, int or None
        18- or 15-character ID (any other length is masked the same way).

    Returns
    -------
    str
        Same length as the input (spaces removed, ``x`` upper-cased).

    Examples
    --------
    >>> mask_id_number("110105491231002")
    '1*************2'
    """
    ident = _text(value).replace(" ", "").upper()
    if len(ident) <= 2:
        return STAR * len(ident)
    return ident[0] + STAR * (len(ident) - 2) + ident[-1]


#: How each kind of personal value is masked; keys are used in column maps.
MASKERS: dict[str, Callable[[object], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
}

#: The personal columns of the ``members`` layer (geo.schema) and their kind.
MEMBER_PERSONAL_COLUMNS: dict[str, str] = {"name": "name", "phone": "phone",
                                          "id_number": "id_number"}


def mask_columns(df: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Return a copy of ``df`` with the given columns masked.

    Parameters
    ----------
    df : pandas.DataFrame
        Any frame (a GeoDataFrame stays one).
    kinds : mapping of str to str
        Column name -> masker kind (``"name"``, ``"phone"``, ``"id_number"``).
        Columns missing from ``df`` are ignored.

    Returns
    -------
    pandas.DataFrame
        A copy; the input is never changed.
    """
    out = df.copy()
    for column, kind in kinds.items():
        if column in out.columns:
            out[column] = out[column].map(MASKERS[kind]).astype(object)
    return out


def mask_member_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Mask ``name``, ``phone`` and ``id_number`` of a members frame (a copy)."""
    return mask_columns(df, MEMBER_PERSONAL_COLUMNS)


@dataclass(frozen=True)
class MaskPolicy:
    """Whether personal data leaves the program masked, and what to say about it.

    Use the module constants :data:`MASKED` (the default everywhere) and
    :data:`FULL`; get ``FULL`` only through :func:`resolve_policy`.
    """

    masked: bool
    label: str
    notice_zh: str
    notice_en: str

    def apply(self, df: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Return ``df`` masked per ``kinds`` (default: member columns), or a copy if full."""
        if not self.masked:
            return df.copy()
        return mask_columns(df, MEMBER_PERSONAL_COLUMNS if kinds is None else kinds)

    def value(self, kind: str, value) -> str:
        """Mask (or just stringify) one value of the given kind."""
        return MASKERS[kind](value) if self.masked else _text(value)

    @property
    def notice(self) -> str:
        """The bilingual notice an export shows (sheet row, map legend)."""
        return f"{self.notice_zh} / {self.notice_en}"


MASKED = MaskPolicy(
    True, "masked",
    "已脱敏：姓名、电话、身份证号已部分隐藏",
    "masked: names, phones and ID numbers partly hidden")
FULL = MaskPolicy(
    False, "FULL PERSONAL DATA",
    "含完整个人信息（姓名、电话、身份证号），请勿外传",
    "FULL PERSONAL DATA: names, phones and ID numbers in clear; do not share")

#: The policy presenter mode and exports use unless told otherwise.
DEFAULT_POLICY = MASKED


class FullDataNotConfirmed(PermissionError):
    """Full personal data was asked for without the user's confirmation."""


def resolve_policy(full: bool = False,
                   confirm: Callable[[], bool] | None = None) -> MaskPolicy:
    """Pick the policy for one export.

    Parameters
    ----------
    full : bool
        The user asked for unmasked data (e.g. ``--full``).
    confirm : callable, optional
        Asks the user (dialog or prompt) and returns True to proceed. Without
        it a full export cannot be confirmed and is refused.

    Returns
    -------
    MaskPolicy
        :data:`MASKED` unless ``full`` and ``confirm()`` returned True.

    Raises
    ------
    FullDataNotConfirmed
        ``full`` was asked but not confirmed: the caller must not silently
        fall back to a file the user thinks is complete.
    """
    if not full:
        return MASKED
    if confirm is None or not confirm():
        raise FullDataNotConfirmed("full personal data export was not confirmed")
    return FULL
