"""Every message code geo/ can report exists in Chinese and English with the same parameters."""
from __future__ import annotations

import importlib
import pkgutil
import re
import string

import pytest

import geo
from geo.messages import CATALOGUE, CodedError, Message, register, set_language

CJK = re.compile(r"[\u4e00-\u9fff]")


def _import_all_geo_modules():
    for info in pkgutil.walk_packages(geo.__path__, "geo."):
        importlib.import_module(info.name)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_both_languages_with_the_same_fields():
    _import_all_geo_modules()
    assert CATALOGUE, "geo registers its messages at import"
    for code, (zh, en) in CATALOGUE.items():
        assert zh.strip() and en.strip(), code
        literal = "".join(text for text, _, _, _ in string.Formatter().parse(zh))
        if any(ch.isalpha() for ch in literal):  # "{path}：{reason}" has no words to translate
            assert CJK.search(literal), f"{code}: the Chinese text has no Chinese: {zh!r}"
        assert not CJK.search(en.replace("{", "").replace("}", "")) or _only_in_fields(en), \
            f"{code}: the English text has Chinese in it: {en!r}"
        assert _fields(zh) == _fields(en), f"{code}: fields differ: {_fields(zh)} vs {_fields(en)}"


def _only_in_fields(template: str) -> bool:
    literal = "".join(text for text, _, _, _ in string.Formatter().parse(template))
    return not CJK.search(literal)


def test_message_words_parameters_in_the_asked_language():
    register("test.inner", "网格", "grid")
    register("test.outer", "缺少{what}", "missing {what}")
    msg = Message("test.outer", what=Message("test.inner"))
    assert msg.text("zh") == "缺少网格"
    assert msg.text("en") == "missing grid"
    set_language("en")
    try:
        assert str(CodedError("test.outer", what="x")) == "missing x"
    finally:
        set_language("zh")
    assert str(CodedError("test.outer", what="x")) == "缺少x"
    assert str(CodedError("not a code, kept as written")) == "not a code, kept as written"


def test_a_code_cannot_be_registered_twice_with_other_texts():
    register("test.same", "一", "one")
    register("test.same", "一", "one")
    with pytest.raises(ValueError):
        register("test.same", "二", "two")
    with pytest.raises(KeyError):
        Message("test.never_registered")
