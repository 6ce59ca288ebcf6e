"""Member rosters written by openpyxl: validation, reasons, report export, merge."""
import random

import openpyxl
import pandas as pd
import pytest

from geo import idcard
from geo.importing.report import REASON_COLUMN, ROW_COLUMN, ImportReport
from geo.masking import FULL
from geo.importing.roster import import_roster
from geo.importing.roster_merge import merge_members

#: these tests read the engine's English wording (the Chinese: tests/test_engine_language.py)
pytestmark = pytest.mark.usefixtures("english_messages")

HEADERS = ["序号", "姓名", "性别", "手机", "身份证号", "党组织", "住址", "类别"]


def make_id(rng, male=True):
    body = f"150502{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    seq = rng.randint(10, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    first17 = body + f"{seq:03d}"
    return first17 + idcard.check_char(first17)


@pytest.fixture
def frames():
    compounds = pd.DataFrame({"compound_id": ["C1", "C2"], "name": ["幸福小区", "和平花园"]})
    buildings = pd.DataFrame({
        "building_id": [f"B{c}{n}" for c in (1, 2) for n in range(1, 6)],
        "name": [f"{n}号楼" for _ in (1, 2) for n in range(1, 6)],
        "compound_id": [c for c in ("C1", "C2") for _ in range(5)],
        "grid_id": [g for g in ("G1", "G2") for _ in range(5)],
        "units": [4] * 10,
    })
    orgs = pd.DataFrame({"org_id": ["O-B11", "O-G2", "O-X"], "name": ["1号楼党小组", "二支部", "第三支部"],
                         "level": ["building_group", "grid_branch", "grid_branch"],
                         "area_type": ["building", "grid", "grid"], "area_id": ["B11", "G2", "G9"]})
    return buildings, compounds, orgs


def write_xlsx(path, rows, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for col in (4, 5):  # phones and IDs typed as text, like a careful clerk
        for cell in ws.iter_cols(min_col=col, max_col=col, min_row=2).__next__():
            if isinstance(cell.value, str):
                cell.number_format = "@"
    wb.save(path)
    return path


def good_row(rng, i):
    male = i % 2 == 0
    compound = rng.choice(["幸福小区", "和平花园", "幸福"])
    building = rng.choice(["{n}号楼", "{n}栋", "{n}幢"]).format(n=rng.randint(1, 5))
    address = f"{compound}{building}{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 2)}"
    return [str(i), f"党员{i}", "男" if male else "女", f"138{i:08d}", make_id(rng, male),
            "", address, rng.choice(["", "在职党员", "双报到", "流动党员"])]


BREAKERS = {
    "empty name": lambda r: r.__setitem__(1, "  "),
    "bad ID number": lambda r: r.__setitem__(4, r[4][:17] + ("0" if r[4][17] != "0" else "1")),
    "ID damaged by Excel": lambda r: r.__setitem__(4, float(r[4][:17] + "0")),
    "bad phone": lambda r: r.__setitem__(3, "1381234"),
    "gender mismatch": lambda r: r.__setitem__(2, "女" if r[2] == "男" else "男"),
    "no matching building": lambda r: r.__setitem__(6, "幸福小区9号楼1单元101"),
    "no such unit": lambda r: r.__setitem__(6, "和平花园2号楼7单元101"),
    "formula cell": lambda r: r.__setitem__(1, '=HYPERLINK("http://x","点")'),
}


def test_end_to_end_roster_with_five_percent_broken_rows(tmp_path, frames):
    rng = random.Random(7)
    rows = [good_row(rng, i) for i in range(1, 301)]
    broken = rng.sample(range(300), 15)
    expected = {}
    for k, pos in enumerate(broken):
        kind = list(BREAKERS)[k % len(BREAKERS)]
        BREAKERS[kind](rows[pos])
        expected[pos + 2] = kind  # Excel row: header is row 1
    dup_source = next(i for i in range(300) if i not in broken)
    dup_target = next(i for i in range(299, 0, -1) if i not in broken and i != dup_source)
    rows[dup_target][4] = rows[dup_source][4]
    rows[dup_target][2] = rows[dup_source][2]
    expected[dup_target + 2] = "duplicate ID number"
    path = write_xlsx(tmp_path / "花名册.xlsx", rows)

    result = import_roster(path, *frames)
    report = result.report
    assert report.total == 300
    assert report.imported == 300 - 16 == len(result.members)
    got = {row: reasons for row, _, reasons in report.rejected_rows}
    assert set(got) == set(expected)
    for row, kind in expected.items():
        assert any(str(r).startswith(kind) for r in got[row]), (row, kind, got[row])
    counts = report.reason_counts()
    assert counts["duplicate ID number"] == 1 and counts["empty name"] == 2
    assert list(result.members.columns)[:5] == ["member_id", "name", "gender", "phone", "id_number"]
    assert result.members["member_id"].is_unique
    assert result.members["building_id"].str.startswith("B").all()
    assert set(result.members["kind"]) <= {"registered", "in_service", "floating"}


def test_rejected_rows_keep_original_and_reimport_after_fix(tmp_path, frames):
    rng = random.Random(1)
    rows = [good_row(rng, i) for i in range(1, 6)]
    rows[2][6] = "幸福小区9号楼"
    rows[3][1] = "=1+1"
    first = import_roster(write_xlsx(tmp_path / "r.xlsx", rows), *frames)
    assert first.report.imported == 3
    # Fixing and re-importing needs the full report (the default one is masked).
    out = first.report.to_xlsx(tmp_path / "report.xlsx", FULL)

    wb = openpyxl.load_workbook(out)
    sheet = wb["rejected"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    header = [c.value for c in sheet[1]]
    assert header[:2] == [ROW_COLUMN, REASON_COLUMN]
    values = {c.value for row in sheet.iter_rows() for c in row}
    assert "=1+1" in values and "幸福小区9号楼" in values  # kept verbatim, as text
    # The user fixes both rows in the exported sheet and imports it again.
    for row in sheet.iter_rows(min_row=2):
        cells = {h: c for h, c in zip(header, row)}
        cells["住址"].value = "幸福小区2号楼1单元101"
        cells["姓名"].value = "改正"
    wb.save(out)
    second = import_roster(out, *frames, sheet="rejected")
    assert second.report.imported == 2 and second.report.rejected == 0
    merged = merge_members(first.members, second.members)
    assert len(merged.members) == 5 and len(merged.added) == 2


def test_numbers_from_excel_are_text_and_damage_detected(tmp_path, frames):
    rng = random.Random(3)
    row = good_row(rng, 1)
    row[3] = 13812345678  # phone stored as a number: fine, 11 digits survive
    damaged = good_row(rng, 2)
    damaged[4] = int(damaged[4][:15] + "000") if damaged[4][-1] != "X" else 110105194912310000
    result = import_roster(write_xlsx(tmp_path / "n.xlsx", [row, damaged]), *frames)
    assert result.members["phone"].tolist() == ["13812345678"]
    (_, _, reasons), = result.report.rejected_rows
    assert str(reasons[0]).startswith("ID damaged by Excel")


def test_org_resolution_and_gender_from_id(tmp_path, frames):
    rng = random.Random(5)
    a, b, c = (good_row(rng, i) for i in (1, 2, 3))
    a[6], a[2] = "幸福小区1号楼1单元101", ""
    b[6] = "和平花园3号楼2单元201"
    c[6], c[5] = "幸福小区2号楼1单元101", "第三支部"
    members = import_roster(write_xlsx(tmp_path / "o.xlsx", [a, b, c]), *frames).members
    assert members["org_id"].tolist() == ["O-B11", "O-G2", "O-X"]
    assert members["gender"].iloc[0] == "女"  # row 1 has an odd index → female ID
    assert members["unit_no"].tolist() == [1, 2, 1]


def test_csv_roster_in_gbk(tmp_path, frames):
    rng = random.Random(9)
    rows = [HEADERS] + [good_row(rng, i) for i in range(1, 4)]
    text = "\n".join(",".join(r) for r in rows)
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode("gbk"))
    result = import_roster(path, *frames)
    assert result.report.imported == 3
    assert "gb18030" in str(result.report.facts["encoding"])
    assert result.members["name"].tolist() == ["党员1", "党员2", "党员3"]


def test_merge_by_id_number_does_not_duplicate(tmp_path, frames):
    rng = random.Random(11)
    rows = [good_row(rng, i) for i in range(1, 11)]
    path = write_xlsx(tmp_path / "m.xlsx", rows)
    first = import_roster(path, *frames)
    merged = merge_members(first.members.iloc[:0], first.members).members
    rows[0][3] = "13900000000"  # a changed phone
    again = import_roster(write_xlsx(tmp_path / "m2.xlsx", rows), *frames,
                          existing_ids=merged["member_id"])
    result = merge_members(merged, again.members)
    assert len(result.members) == 10
    assert len(result.updated) == 1 and len(result.unchanged) == 9 and not result.added
    assert result.members.loc[result.members["id_number"] == rows[0][4], "phone"].item() == \
        "13900000000"
    assert result.members["member_id"].tolist() == merged["member_id"].tolist()


def test_report_summary_counts():
    report = ImportReport("a.xlsx", "members", total=3, imported=1)
    report.reject(2, {"x": "1"}, ["bad phone: 1", "empty name"])
    report.reject(3, {"x": "2"}, ["bad phone: 2"])
    assert report.reason_counts() == {"bad phone": 2, "empty name": 1}
    assert "2 rejected" in report.summary()
