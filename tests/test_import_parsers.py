"""Address parser, matcher, header guesses and encoding helpers, with property tests."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.importing.address import ParsedAddress, chinese_number, parse_address
from geo.importing.address_match import AddressMatcher
from geo.importing.encoding import codec_from_cpg, looks_like_mojibake, sniff_bytes
from geo.importing.fields import guess_mapping, parse_map_args, resolve_mapping
from geo.importing.members import check_phone, member_kind
from geo.importing.table import cell_text

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.mark.parametrize("text, expected", [
    ("幸福小区3号楼2单元501", ("幸福小区", "3", 2, "501")),
    ("幸福小区3栋2单元501室", ("幸福小区", "3", 2, "501")),
    ("幸福小区 三号楼", ("幸福小区", "3", None, None)),
    ("３幢２单元", ("", "3", 2, None)),
    ("3-2-501", ("", "3", 2, "501")),
    ("和平花园十二栋1单元101", ("和平花园", "12", 1, "101")),
    ("幸福小区03号楼２－５０１", ("幸福小区", "3", 2, "501")),
    ("幸福花园A座", ("幸福花园", "A", None, None)),
])
def test_parse_address_variants(text, expected):
    assert parse_address(text) == ParsedAddress(*expected)


def test_unparseable_address():
    assert parse_address("幸福小区") is None and parse_address("") is None


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十一", "一百零五", "一〇五")] == \
        [3, 10, 12, 21, 105, 105]


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN = "零一二三四五六七八九"


def cn(n):
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens]) + "十" if tens else "") + (CN[ones] if ones or not tens else "")


@settings(max_examples=300, deadline=None)
@given(compound=st.sampled_from(["幸福小区", "和平花园", "建设路宿舍", ""]),
       building=st.integers(1, 99), unit=st.integers(1, 9), room=st.integers(101, 3399),
       marker=st.sampled_from(["号楼", "栋", "幢", "号"]),
       style=st.sampled_from(["ascii", "fullwidth", "chinese", "dash"]),
       spaces=st.booleans())
def test_parser_recovers_generated_addresses(compound, building, unit, room, marker, style,
                                             spaces):
    b = cn(building) if style == "chinese" else str(building)
    if style == "dash":
        text = f"{compound}{building}-{unit}-{room}"
    else:
        text = f"{compound}{b}{marker}{unit}单元{room}室"
    if style == "fullwidth":
        text = text.translate(FULLWIDTH)
    if spaces:
        text = " ".join(text)
    parsed = parse_address(text)
    assert parsed == ParsedAddress(compound, str(building), unit, str(room))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parser_never_crashes(text):
    parsed = parse_address(text)
    assert parsed is None or parsed.building


@pytest.fixture
def matcher():
    compounds = pd.DataFrame({"compound_id": ["C1", "C2", "C3"],
                              "name": ["幸福小区", "幸福小区二期", "和平花园"]})
    buildings = pd.DataFrame({"building_id": ["B1", "B2", "B3", "B4"],
                              "name": ["3号楼", "3栋", "3幢", "5号楼"],
                              "compound_id": ["C1", "C2", "C3", "C3"], "units": [2, 2, 2, 2]})
    return AddressMatcher(buildings, compounds)


@pytest.mark.parametrize("text, status, building", [
    ("幸福小区3号楼1单元101", "matched", "B1"),
    ("幸福3栋", "matched", "B1"),
    ("幸福小区二期3号楼", "matched", "B2"),
    ("和平3幢", "matched", "B3"),
    ("5号楼2单元", "matched", "B4"),
    ("3号楼", "ambiguous", None),
    ("和平花园9号楼", "no_building", None),
    ("光明小区3号楼", "no_compound", None),
    ("和平花园5号楼3单元", "no_unit", "B4"),
    ("没有楼号", "unparsed", None),
])
def test_matcher(matcher, text, status, building):
    result = matcher.match_text(text)
    assert (result.status, result.building_id) == (status, building)
    assert result.ok == (status == "matched")


def test_compound_hint_column(matcher):
    assert matcher.match_text("3号楼", compound_hint="和平花园").building_id == "B3"


def test_header_guesses_chinese_and_english():
    assert guess_mapping(["姓名", "性别", "手机", "公民身份号码", "所在支部", "居住地址", "党员类别"],
                         "members") == {"姓名": "name", "性别": "gender", "手机": "phone",
                                        "公民身份号码": "id_number", "所在支部": "org_name",
                                        "居住地址": "address", "党员类别": "kind"}
    assert guess_mapping(["楼栋", "层数", "单元数", "户数", "网格", "小区"], "buildings") == {
        "楼栋": "name", "层数": "floors", "单元数": "units", "户数": "households",
        "网格": "grid_id", "小区": "compound_name"}
    assert guess_mapping(["Phone", "Name", "Longitude", "Latitude"], "stations") == {
        "Name": "name", "Longitude": "x", "Latitude": "y"}


def test_overrides_win_and_are_checked():
    mapping = resolve_mapping(["楼名", "名称"], "buildings", parse_map_args(["楼名=name"]))
    assert mapping == {"楼名": "name"}
    with pytest.raises(ValueError, match="no field"):
        resolve_mapping(["a"], "buildings", {"b": "name"})
    with pytest.raises(ValueError, match="no column"):
        resolve_mapping(["a"], "buildings", {"a": "colour"})
    with pytest.raises(ValueError):
        parse_map_args(["nonsense"])


def test_encoding_helpers():
    assert codec_from_cpg("GBK") == "cp936" and codec_from_cpg("UTF-8") == "utf-8"
    assert sniff_bytes("幸福".encode("gbk")).codec == "gb18030"
    assert sniff_bytes("幸福".encode("utf-8")).codec == "utf-8"
    assert sniff_bytes(b"abc").source == "ascii"
    assert looks_like_mojibake("幸福小区".encode("gbk").decode("latin-1"))
    assert looks_like_mojibake("幸福小区".encode("utf-8").decode("latin-1"))
    assert not looks_like_mojibake("幸福小区3号楼")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2,
               max_size=12))
def test_real_chinese_is_not_mojibake_and_gbk_latin1_is(text):
    assert not looks_like_mojibake(text)
    assert looks_like_mojibake(text.encode("gb18030").decode("latin-1"))


def test_small_field_checks():
    assert check_phone("+86 138-1234-5678") == ("13812345678", None)
    assert str(check_phone("0471-123456")[1]).startswith("bad phone")
    assert member_kind("流动") == "floating" and member_kind("in_service") == "in_service"
    assert cell_text(110105194912310000.0) == "110105194912310000"
    assert cell_text(1.5) == "1.5" and cell_text(None) == ""


def test_a_streamed_sheet_without_its_extent_reads_with_a_title_row_above_the_headers(tmp_path):
    """Rows of a sheet written without a <dimension> come back ragged in read-only mode."""
    from openpyxl import Workbook

    from geo.importing.table import read_table

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("needs")
    for row in (["已脱敏"], ["编号", "类别", "备注"], ["N1", "养老", "x"]):
        ws.append(row)
    wb.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert list(table.frame.columns)[0] == "已脱敏" and table.frame.shape == (2, 3)
    assert table.frame.iloc[0].tolist() == ["编号", "类别", "备注"]
