"""Garbled text (乱码) is recognised; real Chinese, rare given names included, is not."""
from __future__ import annotations

from geo.garbled import garbled_columns, looks_garbled
from geo.project import Project

NAMES = "王璐 李琪 张珺 刘婧 陈昊 杨昕 赵玥 黄鑫 周晗 吴垚 徐翀 孙淼 马骁 朱珏 胡芃 郭靓 何旻 林煜 罗曦 高琳".split()


def _texts(demo_gpkg):
    project = Project.open(demo_gpkg)
    try:
        return {(layer, column): [v for v in project[layer][column] if isinstance(v, str)]
                for layer, column in [("members", "name"), ("buildings", "address"),
                                      ("compounds", "name"), ("organizations", "name")]}
    finally:
        project.close()


def test_real_text_is_not_garbled(demo_gpkg):
    for key, values in _texts(demo_gpkg).items():
        assert not looks_garbled(values), key
    assert not looks_garbled(NAMES), "names with uncommon characters are still names"
    assert not looks_garbled(["Building 3", "Zhang Wei", "café"]), "plain Latin text is not garbling"


def test_wrong_decodings_are_garbled(demo_gpkg):
    for key, values in _texts(demo_gpkg).items():
        utf8_as_gbk = [v.encode("utf-8").decode("gbk", "replace") for v in values]
        gbk_as_latin1 = [v.encode("gbk").decode("latin-1") for v in values]
        gbk_as_utf8 = [v.encode("gbk").decode("utf-8", "replace") for v in values]
        assert looks_garbled(utf8_as_gbk), key
        assert looks_garbled(gbk_as_latin1), key
        assert looks_garbled(gbk_as_utf8), key


def test_garbled_columns_names_the_columns():
    import pandas as pd

    good = ["幸福小区1号楼", "幸福小区2号楼", "和平小区3号楼", "光明小区5号楼"] * 5
    frame = pd.DataFrame({"地址": [g.encode("utf-8").decode("gbk", "replace") for g in good],
                          "name": good, "floors": range(20)})
    assert garbled_columns(frame) == ["地址"]
