"""Masking rules: names, phones, ID numbers, frames and the export policy."""
import math

import pandas as pd
import pytest

from hypothesis import given
from hypothesis import strategies as st

from geo.masking import (FULL, MASKED, MEMBER_IDENTIFYING_COLUMNS, FullDataNotConfirmed,
                         coarsen_address, mask_columns, mask_id_number, mask_member_frame,
                         mask_name, mask_phone, name_core, resolve_policy)


@pytest.mark.parametrize("name, expected", [
    ("张三", "张*"), ("王小明", "王*明"), ("李", "*"), ("诸葛亮明", "诸葛*明"),
    ("欧阳明", "欧阳*"), ("欧阳娜娜", "欧阳*娜"), ("欧阳", "欧*"),
    ("司马相如", "司马*如"), ("阿依古丽", "阿**丽"),
    ("买买提·艾力", "买***力"), ("  张三  ", "张*"),
    ("John Smith", "J*** S****"), ("Li", "L*"),
    ("", ""), (None, ""), (float("nan"), ""), (pd.NA, ""),
])
def test_mask_name(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize("phone, expected", [
    ("13812345678", "138****5678"), ("+86 138 1234 5678", "138****5678"),
    ("+86-138-1234-5678", "138****5678"), ("0086 13812345678", "138****5678"),
    ("8613812345678", "138****5678"), (13812345678, "138****5678"),
    (13812345678.0, "138****5678"), ("0471-8234567", "*******4567"),
    ("8234567", "*****67"), ("110", "***"), ("无", "***"),
    ("", ""), (None, ""), (float("nan"), ""),
])
def test_mask_phone(phone, expected):
    assert mask_phone(phone) == expected


@pytest.mark.parametrize("ident, expected", [
    ("11010519491231002X", "1" + "*" * 16 + "X"),
    ("11010519491231002x", "1" + "*" * 16 + "X"),
    ("110105491231002", "1" + "*" * 13 + "2"),
    (" 110105 19491231 002X ", "1" + "*" * 16 + "X"),
    ("12", "**"), ("", ""), (None, ""),
])
def test_mask_id_number(ident, expected):
    assert mask_id_number(ident) == expected


def test_masked_id_keeps_length_and_hides_birth_date():
    masked = mask_id_number("150102198001011234")
    assert len(masked) == 18 and "1980" not in masked


def test_mask_member_frame_masks_only_personal_columns_and_copies():
    df = pd.DataFrame({"member_id": ["m1", "m2"], "name": ["张三明", None],
                       "phone": ["13812345678", ""], "id_number": ["11010519491231002X", None],
                       "roles": ["unit_head", ""]})
    out = mask_member_frame(df)
    assert out["name"].tolist() == ["张*明", ""]
    assert out["phone"].tolist() == ["138****5678", ""]
    assert out["id_number"].tolist() == ["1" + "*" * 16 + "X", ""]
    assert out["member_id"].tolist() == ["m1", "m2"]
    assert df.loc[0, "name"] == "张三明"  # input untouched


def test_mask_columns_ignores_missing_columns():
    df = pd.DataFrame({"head": ["王小明"]})
    assert mask_columns(df, {"head": "name", "absent": "phone"})["head"][0] == "王*明"


def test_empty_frame():
    out = mask_member_frame(pd.DataFrame(columns=["name", "phone", "id_number"]))
    assert out.empty


def test_policy_defaults_to_masked():
    assert resolve_policy() is MASKED and MASKED.masked
    df = pd.DataFrame({"name": ["张三"], "phone": ["13812345678"]})
    assert MASKED.apply(df)["name"][0] == "张*"
    assert FULL.apply(df)["name"][0] == "张三"
    assert "FULL PERSONAL DATA" in FULL.notice and "已脱敏" in MASKED.notice


def test_full_policy_needs_confirmation():
    with pytest.raises(FullDataNotConfirmed):
        resolve_policy(full=True)
    with pytest.raises(FullDataNotConfirmed):
        resolve_policy(full=True, confirm=lambda: False)
    assert resolve_policy(full=True, confirm=lambda: True) is FULL


def test_policy_value():
    assert MASKED.value("phone", "13812345678") == "138****5678"
    assert FULL.value("phone", 13812345678.0) == "13812345678"
    assert FULL.value("name", math.nan) == ""


# ------------------------------------------------------------ separators inside names
SEPARATORS = [" ", "\u3000", "\u00a0", "·", "\u30fb", "•", "\u2027", ".", "-", "_", "、",
              "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\t"]
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@pytest.mark.parametrize("name, expected", [
    ("李 明", "李*"), ("李　明", "李*"), ("李·明", "李*"), ("李\u200b明", "李*"),
    ("李\u200d\u200d明", "李*"), ("\ufeff李明", "李*"), ("王 小 明", "王*明"),
    ("欧阳 娜娜", "欧阳*娜"), ("李·", "*"),
])
def test_separators_are_not_part_of_the_name(name, expected):
    assert mask_name(name) == expected


@given(core=st.lists(HAN, min_size=2, max_size=6).map("".join),
       seps=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=6),
       data=st.data())
def test_masking_never_shows_a_name_with_separators_in_full(core, seps, data):
    chars = list(core)
    for sep in seps:  # separators anywhere: between, before, after the characters
        chars.insert(data.draw(st.integers(0, len(chars))), sep)
    name = "".join(chars)
    masked = mask_name(name)
    assert masked == mask_name(core)  # separators change nothing
    shown = [ch for ch in masked if ch != "*"]
    assert len(shown) < len(core) and masked.startswith(core[0])
    assert not any(sep in masked for sep in SEPARATORS)
    assert name_core(name) == core


# ------------------------------------------------------------ what a masked export leaves out
@pytest.mark.parametrize("address, expected", [
    ("幸福小区3号楼2单元501", "幸福小区3号楼"), ("幸福小区3栋2单元501室", "幸福小区3栋"),
    ("3-2-501", "3号楼"), ("幸福小区3-2-501", "幸福小区3号楼"), ("３幢２单元", "３幢"),
    ("幸福花园A座1201", "幸福花园A座"), ("人民路12号3单元", "人民路12号"),
    ("幸福小区2单元501室", "幸福小区"), ("幸福小区", "幸福小区"), (None, ""),
])
def test_address_cut_to_building(address, expected):
    assert coarsen_address(address) == expected


def test_masked_policy_drops_identifying_member_columns():
    df = pd.DataFrame({"member_id": ["m1"], "name": ["张三明"], "gender": ["女"],
                       "roles": ["grid_head"], "unit_no": ["2"], "work_unit": ["市医院"],
                       "linked_households": [10], "address": ["幸福小区3号楼2单元501"],
                       "kind": ["registered"]})
    masked = MASKED.apply(df)
    assert not set(MEMBER_IDENTIFYING_COLUMNS) & set(masked.columns)
    assert masked.loc[0, "address"] == "幸福小区3号楼" and masked.loc[0, "name"] == "张*明"
    assert list(masked.columns) == ["member_id", "name", "address", "kind"]
    assert list(FULL.apply(df).columns) == list(df.columns)
