"""A household table matched to buildings by id or address (`main.py households`)."""
from __future__ import annotations

import json

from geo.cli import main as cli_main
from geo.coverage import stats_json
from geo.project import Project

TABLE = """楼栋编号,地址,户数,单元数,层数
,幸福小区1号楼,64,,
,和平小区1号楼2单元,28,3,6
B2,,41,,
,1号楼,10,,
,幸福小区9号楼,5,,
,幸福小区2号楼,abc,,
,幸福小区1号楼,70,,
B7,,12,,
"""


def _write(tmp_path, text=TABLE, name="户数表.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_are_matched_by_id_or_address_and_marked_table(tiny_gpkg, tmp_path, capsys):
    table = _write(tmp_path)
    assert cli_main(["households", str(tiny_gpkg), str(table), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["matched"] == 3 and out["written"] is True
    rejected = {r["row"]: r["reason"] for r in out["rejected"]}
    assert sorted(rejected) == [5, 6, 7, 8, 9]   # source rows as in Excel (header = row 1)
    assert "不唯一" in rejected[5]                # 1号楼 is in both compounds (worded in Chinese)
    assert "9" in rejected[6]                     # no building 9
    assert "abc" in rejected[7]
    assert "B1" in rejected[8]                    # repeated building
    assert "B7" in rejected[9]                    # unknown id, no address
    project = Project.open(tiny_gpkg)
    try:
        b = project["buildings"]
        assert b.loc["B1", "households"] == 64 and b.loc["B1", "units"] == 5  # blank units kept
        assert (b.loc["B3", "households"], b.loc["B3", "units"], b.loc["B3", "floors"]) == (28, 3, 6)
        assert b.loc["B2", "households"] == 41
        assert set(b["households_source"]) == {"table"}
        assert stats_json(project)["street"]["households"] == 64 + 41 + 28
    finally:
        project.close()


def test_dry_run_writes_nothing(tiny_gpkg, tmp_path, capsys):
    before = tiny_gpkg.read_bytes()
    assert cli_main(["households", str(tiny_gpkg), str(_write(tmp_path)), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "5" in out and "abc" in out  # the rejected rows are listed all the same
    assert tiny_gpkg.read_bytes() == before


def test_table_without_address_or_figures_is_refused(tiny_gpkg, tmp_path, capsys):
    no_key = _write(tmp_path, "名称,户数\n1号楼,10\n", "a.csv")
    assert cli_main(["households", str(tiny_gpkg), str(no_key)]) == 2
    assert "a.csv" in capsys.readouterr().err
    no_figures = _write(tmp_path, "地址,备注\n幸福小区1号楼,x\n", "b.csv")
    assert cli_main(["households", str(tiny_gpkg), str(no_figures)]) == 2
    assert "b.csv" in capsys.readouterr().err
