"""Why an import refused a row: reason messages, grouped by a stable kind.

A rejected row carries one or more reasons, each a :class:`geo.messages.Message`
worded in the chosen language ("手机号有误：123 不是 11 位手机号" /
"bad phone: 123 is not an 11-digit mobile number"). Reports count reasons by
their *kind*, a short stable English key ("bad phone") that scripts and the
masked Excel report rely on; :func:`kind_label` words a kind for people.

Modules register their reasons next to the code that refuses a row with
:func:`reason` and refuse with ``Message(code, **params)``.

Examples
--------
>>> code = reason("demo.reject.empty", "empty name", "姓名为空", "empty name")
>>> kind_of(Message(code))
'empty name'
>>> kind_label("empty name", "zh")
'姓名为空'
"""
from __future__ import annotations

from ..messages import Message, register

#: kind key -> message code of its short label
KIND_LABELS: dict[str, str] = {}
#: reason message code -> kind key
KIND_OF_CODE: dict[str, str] = {}


def kind(key: str, zh: str, en: str) -> str:
    """Register a reason kind and its short label in both languages; returns the key."""
    KIND_LABELS[key] = register("import.kind." + key.replace(" ", "_"), zh, en)
    return key


def reason(code: str, kind_key: str, zh: str, en: str) -> str:
    """Register a reason message ``code`` that counts as ``kind_key``; returns the code."""
    if kind_key not in KIND_LABELS:
        raise KeyError(f"unknown reason kind {kind_key!r}")
    KIND_OF_CODE[code] = kind_key
    return register(code, zh, en)


def kind_of(reason_value) -> str:
    """The kind key of a reason (a Message, or an older plain "kind: detail" string)."""
    if isinstance(reason_value, Message):
        return KIND_OF_CODE.get(reason_value.code, reason_value.code)
    return str(reason_value).split(":", 1)[0].strip()


def kind_label(key: str, lang: str | None = None) -> str:
    """The kind worded for people ("bad phone" → "手机号有误"); unknown keys as they are."""
    code = KIND_LABELS.get(key)
    return Message(code).text(lang) if code else key


# The kinds every importer shares (the wizard's table of reasons and the report count these).
for _key, _zh in [
    ("empty name", "姓名为空"), ("bad ID number", "身份证号有误"),
    ("ID damaged by Excel", "身份证号被 Excel 截断"), ("bad phone", "手机号有误"),
    ("bad gender", "性别无效"), ("gender mismatch", "性别与身份证号不符"),
    ("no matching building", "找不到对应楼栋"), ("ambiguous address", "地址有歧义"),
    ("no such unit", "单元不存在"), ("no address", "缺少地址"), ("formula cell", "单元格含公式"),
    ("duplicate ID number", "身份证号重复"), ("not a number", "不是数字"),
    ("duplicate id in file", "文件内编号重复"), ("id already exists", "编号已存在"),
    ("no geometry", "缺少图形"), ("empty geometry", "图形为空"),
    ("wrong geometry type", "图形类型不符"), ("invalid polygon", "无效多边形"),
    ("text too long", "文字过长"), ("bad number", "数字无效"), ("negative number", "数字为负"),
    ("number too large", "数字过大"), ("binary value", "二进制数据"),
    ("unknown status", "状态无效"),
]:
    kind(_key, _zh, _key)
