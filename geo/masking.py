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
  Separators and invisible characters are not part of the count: spaces
  (also the ideographic space), middle dots, other punctuation and format
  characters (zero-width space/joiner, BOM) are removed first, so
  ``李 明``, ``李·明`` and ``李\u200b明`` all become ``李*`` -- never the full name.
- Phones: separators and a ``+86``/``0086`` prefix are dropped; a mobile keeps
  3 + 4 digits (``138****5678``); other numbers keep their last 4 (or 2 when
  short) digits.
- ID numbers: only the first and the last character are kept, with the
  original length (``1****************X``; 15-digit old numbers likewise).

- Addresses: coarsened to building level at most (``幸福小区3号楼2单元501`` ->
  ``幸福小区3号楼``, ``3-2-501`` -> ``3号楼``); unit and room are dropped.

Empty values (None, NaN, "") mask to "".

What a masked export leaves out
-------------------------------
A masked name beside its unit number, gender, roles and work unit still
names the person ("the woman in unit 2 of building 3 who is the grid
head"). So a masked export of members (:data:`MEMBER_EXPORT_KINDS`) keeps
the member id, the masked name/phone/ID number, the member kind, the
organization and the address coarsened to the building, and *drops*
``gender``, ``roles``, ``linked_households`` (it marks central households),
``unit_no`` and ``work_unit``. Those figures stay available aggregated per
grid and community (central households, unit heads, grid heads) in the
report's grid and community sheets. A full export keeps every column.

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
import unicodedata
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from .schema import LIST_PERSONAL_COLUMNS

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


def _invisible(ch: str) -> bool:
    """Format and control characters (zero-width space/joiner, BOM, ...)."""
    return unicodedata.category(ch)[0] == "C"


def name_core(name: str) -> str:
    """The characters of a name that count: no separators, punctuation or invisibles.

    Examples
    --------
    >>> name_core("李·明"), name_core("李\u3000明"), name_core("李\u200d明")
    ('李明', '李明', '李明')
    """
    return "".join(ch for ch in name if unicodedata.category(ch)[0] not in "ZCP")


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
    raw = _text(value)
    if not raw:
        return ""
    visible = "".join(ch for ch in raw if not _invisible(ch))
    if _is_latin(visible):
        # Western names: initials only, one star per hidden letter.
        return _LATIN_WORD.sub(lambda m: m.group()[0] + STAR * (len(m.group()) - 1), visible)
    # "李 明" must not pass as three characters (李*明 would show it whole).
    name = name_core(raw)
    if len(name) <= 1:
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


_BUILDING_LEVEL = re.compile(
    r"^(?P<keep>.*?[0-9A-Za-z０-９Ａ-Ｚａ-ｚ一二三四五六七八九十百零〇两]+\s*(?:号楼|栋|幢|座|号|楼))")
_DASH_FORM = re.compile(r"^(?P<prefix>.*?)(?P<building>[0-9０-９]+)\s*[-－—–]\s*[0-9０-９]+")
_BELOW_BUILDING = re.compile(r"[0-9０-９一二三四五六七八九十]+\s*(?:单元|室|户|层|号房).*$")


def coarsen_address(value) -> str:
    """An address cut to building level at most: unit and room are dropped.

    Parameters
    ----------
    value : str or None
        Free text as rosters write it.

    Returns
    -------
    str
        ``幸福小区3号楼2单元501`` -> ``幸福小区3号楼``; ``3-2-501`` -> ``3号楼``;
        text without a building keeps what comes before any unit/room part.

    Examples
    --------
    >>> coarsen_address("幸福小区3栋2单元501室"), coarsen_address("幸福小区3-2-501")
    ('幸福小区3栋', '幸福小区3号楼')
    """
    text = _text(value)
    match = _BUILDING_LEVEL.match(text)
    if match:
        return match.group("keep").strip()
    match = _DASH_FORM.match(text)
    if match:
        return f"{match.group('prefix')}{match.group('building')}号楼".strip()
    return _BELOW_BUILDING.sub("", text).rstrip(" -－0123456789０-９").strip()


def _dropped(value) -> str:
    return ""


#: How each kind of personal value is masked; keys are used in column maps.
#: ``"drop"`` marks a column a masked export leaves out altogether.
MASKERS: dict[str, Callable[[object], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "address": coarsen_address,
    "drop": _dropped,
}

#: The personal columns of the ``members`` layer (geo.schema) and their kind.
MEMBER_PERSONAL_COLUMNS: dict[str, str] = {"name": "name", "phone": "phone",
                                          "id_number": "id_number"}

#: Every layer's personal columns and their masker kind: members, and the people who
#: reported a need or a case (their name and phone are as private as a member's).
PERSONAL_COLUMNS: dict[str, dict[str, str]] = {"members": MEMBER_PERSONAL_COLUMNS,
                                              **LIST_PERSONAL_COLUMNS}


def personal_kind(layer: str, column: str) -> str | None:
    """The masker kind of a personal column (``"name"``, ``"phone"``, ...), else None.

    Examples
    --------
    >>> personal_kind("cases", "reporter_phone"), personal_kind("cases", "title")
    ('phone', None)
    """
    return PERSONAL_COLUMNS.get(layer, {}).get(column)


#: Columns that identify a member beside a masked name: left out of masked exports.
MEMBER_IDENTIFYING_COLUMNS = ("gender", "roles", "linked_households", "unit_no", "work_unit")

#: What a masked export does with each member column (see the module docstring).
MEMBER_EXPORT_KINDS: dict[str, str] = {**MEMBER_PERSONAL_COLUMNS, "address": "address",
                                       **{c: "drop" for c in MEMBER_IDENTIFYING_COLUMNS}}


def mask_columns(df: pd.DataFrame, kinds: Mapping[str, str]) -> pd.DataFrame:
    """Return a copy of ``df`` with the given columns masked.

    Parameters
    ----------
    df : pandas.DataFrame
        Any frame (a GeoDataFrame stays one).
    kinds : mapping of str to str
        Column name -> masker kind (``"name"``, ``"phone"``, ``"id_number"``,
        ``"address"``, or ``"drop"`` to leave the column out). Columns
        missing from ``df`` are ignored.

    Returns
    -------
    pandas.DataFrame
        A copy; the input is never changed.
    """
    out = df.copy()
    for column, kind in kinds.items():
        if column not in out.columns:
            continue
        if kind == "drop":
            out = out.drop(columns=column)
        else:
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
        """Return ``df`` masked per ``kinds`` (default: :data:`MEMBER_EXPORT_KINDS`;
        identifying columns are left out), or a copy if full."""
        if not self.masked:
            return df.copy()
        return mask_columns(df, MEMBER_EXPORT_KINDS if kinds is None else kinds)

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
