"""Masking rules: names, phones, ID numbers, frames and the export policy."""
import math

import pandas as pd
import pytest

from geo.masking import (FULL, MASKED, FullDataNotConfirmed, mask_columns, mask_id_number,
                         mask_member_frame, mask_name, mask_phone, resolve_policy)


@pytest.mark.parametrize("name, expected", [
    ("张三", "张*"), ("王小明", "王*明"), ("李", "*"), ("诸葛亮明", "诸葛*明"),
    ("欧阳明", "欧阳*"), ("欧阳娜娜", "欧阳*娜"), ("欧阳", "欧*"),
    ("司马相如", "司马*如"), ("阿依古丽", "阿**丽"),
    ("买买提·艾力", "买****力"), ("  张三  ", "张*"),
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
