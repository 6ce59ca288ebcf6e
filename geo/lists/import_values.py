"""One cell of a list file at a time: dates, coded values, scores and quantities.

Each ``parse_*`` returns ``(value, reason)``: the stored value and None, or a
blank/None value and a :class:`geo.messages.Message` saying what is wrong (the
import report's reason). Blank cells are ``(None, None)``; whether a value is
required is the caller's business.

Examples
--------
>>> [parse_date(t)[0] for t in ("2026/3/5", "2026-03-05", "2026年3月5日", "2026.3.5")]
['2026-03-05', '2026-03-05', '2026-03-05', '2026-03-05']
>>> parse_date("46086", stored_as_number=True)[0]
'2026-03-05'
>>> parse_code("case_state", "办结")[0], parse_code("case_state", "In progress")[0]
('closed', 'in_progress')
>>> parse_satisfaction("5")[0], parse_satisfaction("6")[1] is not None
(5, True)
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from ..export import vocabulary  # noqa: F401  (registers the value words read below)
from ..importing.reasons import kind, reason
from ..messages import CATALOGUE, Message

kind("bad date", "日期无效", "bad date")
kind("dates out of order", "日期先后不符", "dates out of order")
kind("bad satisfaction", "满意度无效", "bad satisfaction")
kind("unknown place", "位置不存在", "unknown place")
kind("no place", "缺少位置", "no place")
kind("missing reference", "引用不存在", "missing reference")
kind("missing value", "缺少必填项", "missing value")
kind("inconsistent state", "状态与日期不符", "inconsistent state")
kind("unknown value", "取值无效", "unknown value")
BAD_DATE = reason("lists.reject.bad_date", "bad date",
                  "日期无效：{column} = {value}（可写 2026-03-05、2026/3/5 或 2026年3月5日）",
                  "bad date: {column} = {value} (write 2026-03-05 or 2026/3/5)")
UNKNOWN_VALUE = reason("lists.reject.unknown_value", "unknown value",
                       "{column}无效：{value}（可选：{allowed}）",
                       "{column} is not valid: {value} (one of: {allowed})")
BAD_SATISFACTION = reason("lists.reject.bad_satisfaction", "bad satisfaction",
                          "满意度无效：{value}（应为 1-5 的整数）",
                          "bad satisfaction: {value} (a whole number 1-5)")
BAD_QUANTITY = reason("lists.reject.bad_quantity", "bad number",
                      "数量无效：{value}（应为不小于 0 的数）", "bad quantity: {value} (a number of at least 0)")

#: Stored codes of each coded column, with the Chinese and English words a file may use.
#: The words are the contract's (spec of issue 15); the vocabulary adds its own on top.
VALUE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "need_status": {"open": ("待认领", "open", "未认领"), "claimed": ("已认领", "claimed"),
                    "done": ("已完成", "done", "完成")},
    "project_status": {"claimed": ("已认领", "claimed"), "in_progress": ("实施中", "in progress", "进行中"),
                       "done": ("已完成", "done", "完成")},
    "case_state": {"found": ("发现", "found", "已发现"), "triage": ("研判分流", "triage", "研判", "分流"),
                   "in_progress": ("办理中", "in progress", "处理中"),
                   "closed": ("办结", "closed", "已办结"), "visited": ("回访", "visited", "已回访"),
                   "returned": ("退回", "returned", "已退回"), "escalated": ("升级", "escalated", "已升级")},
    "case_source": {"patrol": ("网格巡查", "patrol", "巡查"), "resident": ("居民反映", "resident", "居民"),
                    "central_household": ("党员中心户", "central household", "中心户"),
                    "other": ("其他", "other")},
    "handler_type": {"grid": ("网格", "grid"), "community": ("社区", "community"),
                     "street_dept": ("街道部门", "street department", "街道"),
                     "partner": ("共建单位", "partner", "partner unit"),
                     "mediation": ("调解队", "mediation", "mediation team", "调解")},
    "item_target_type": {"building": ("楼栋", "building"), "compound": ("小区", "compound"),
                    "grid": ("网格", "grid"), "point": ("点位", "point", "坐标")},
    "provider_type": {"partner": ("共建单位", "partner", "partner unit"), "member": ("党员", "member"),
                      "org": ("党组织", "org", "organization")},
}
#: Which coded domain each list column holds.
COLUMN_DOMAINS = {("needs", "status"): "need_status", ("projects", "status"): "project_status",
                  ("cases", "state"): "case_state", ("cases", "source"): "case_source",
                  ("cases", "handler_type"): "handler_type", ("projects", "claimed_by_type"): "provider_type",
                  ("resources", "provider_type"): "provider_type"}
for _layer in ("needs", "resources", "cases"):
    COLUMN_DOMAINS[(_layer, "target_type")] = "item_target_type"

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _text(value) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def _key(text) -> str:
    return re.sub(r"[\s_\-]+", " ", _text(text).lower()).strip()


def parse_date(value, column: str = "", stored_as_number: bool = False):
    """A date cell as ISO ``YYYY-MM-DD``.

    Accepts an Excel date cell (read as ISO text), ``2026-03-05``, ``2026/3/5``,
    ``2026.3.5``, ``2026年3月5日``, ``20260305`` and, for a cell stored as a number,
    an Excel serial day number. A time of day after the date is dropped.
    """
    text = _text(value)
    if not text:
        return None, None
    if stored_as_number and re.fullmatch(r"\d{4,5}(\.\d+)?", text) and not _COMPACT_DATE.fullmatch(text):
        day = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        return day.isoformat(), None
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat(), None
        except ValueError:
            pass
    return None, Message(BAD_DATE, column=column, value=text[:40])


@functools.lru_cache(maxsize=None)
def _domain_words(domain: str) -> dict[str, str]:
    """``{normalised word: code}`` from :data:`VALUE_WORDS` and the vocabulary's ``value.<domain>.*``."""
    words = {}
    for code, spellings in VALUE_WORDS[domain].items():
        for word in (code, *spellings):
            words[_key(word)] = code
        for zh_en in (CATALOGUE.get(f"value.{domain}.{code}") or ()):
            words.setdefault(_key(zh_en), code)
    return words


def allowed_words(domain: str):
    """The words of a domain, for a reason naming what may be written (worded in the reader's language)."""
    codes = [f"value.{domain}.{code}" for code in VALUE_WORDS[domain]]
    if all(code in CATALOGUE for code in codes):
        return [Message(code) for code in codes]
    return "、".join(spellings[0] for spellings in VALUE_WORDS[domain].values())


def parse_code(domain: str, value, column: str = ""):
    """A coded value (``办结`` or ``closed`` → ``closed``) of ``domain`` (see :data:`VALUE_WORDS`)."""
    text = _text(value)
    if not text:
        return None, None
    code = _domain_words(domain).get(_key(text))
    if code is None:
        return None, Message(UNKNOWN_VALUE, column=column or domain, value=text[:40],
                             allowed=allowed_words(domain))
    return code, None


def category_value(text: str) -> str:
    """A category as stored: the English word of a known category (``disputes``) becomes its
    Chinese name (矛盾纠纷); any other text is kept (categories are open-ended)."""
    return _category_words().get(_key(text), _text(text))


@functools.lru_cache(maxsize=None)
def _category_words() -> dict[str, str]:
    prefix = "value.list_category."
    return {_key(word): code[len(prefix):] for code, words in CATALOGUE.items() if code.startswith(prefix)
            for word in words}


def parse_satisfaction(value):
    """A satisfaction score: a whole number 1-5 (``5``, ``5.0`` and ``5分`` are read as 5)."""
    text = _text(value)
    if not text:
        return None, None
    match = re.fullmatch(r"(\d+)(?:\.0+)?\s*分?", text)
    if match and 1 <= int(match.group(1)) <= 5:
        return int(match.group(1)), None
    return None, Message(BAD_SATISFACTION, value=text[:40])


def parse_quantity(value):
    """``(quantity, unit, reason)``: ``20``, ``1,000``, ``20.5``; ``20小时`` also gives the unit."""
    text = _text(value).replace(",", "")
    if not text:
        return None, "", None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([^\d\s.]{0,6})", text)
    if not match:
        return None, "", Message(BAD_QUANTITY, value=text[:40])
    return float(match.group(1)), match.group(2), None
