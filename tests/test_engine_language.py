"""The engine speaks the user's language: refusals, finder results, topology details and
import rejections come out of geo/ as message codes and read wholly in Chinese or in English.

"Wholly in Chinese" means: no ASCII word of three or more letters except ids, codes
and names the Chinese text legitimately carries (a layer code like ``members``, "UTF-8").
"""
from __future__ import annotations

import re

import pytest
from shapely.geometry import LineString

from geo.editing import finders
from geo.editing.assign import EditRefused
from geo.editing.grids import DeleteGrid, split_by_line
from geo.importing.session import ImportSession
from geo.messages import language, set_language
from geo.project import Project
from geo.schema import LAYERS
from geo.store import read_layers
from geo.topology import topology_problems
from tests.editing_checks import open_copy
from tests.factories import at

#: ASCII words a Chinese text may carry: layer and column codes (the field mapping shows
#: them), codec and product names.
ALLOWED = {"members", "Excel", "utf", "UTF", "address"} | {
    word for column in LAYERS["members"].column_names for word in column.split("_")}
WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese(text: str) -> None:
    leaked = [w for w in WORD.findall(text) if w not in ALLOWED]
    assert CJK.search(text) and not leaked, f"English in the Chinese text: {leaked} in {text!r}"


def assert_english(text: str) -> None:
    assert not CJK.search(text), f"Chinese in the English text: {text!r}"
    assert WORD.search(text), text


@pytest.fixture(autouse=True)
def restore_language():
    yield
    set_language("zh")


def both(render) -> tuple[str, str]:
    """``render()`` once in Chinese and once in English (the current language switched)."""
    out = []
    for lang in ("zh", "en"):
        set_language(lang)
        out.append(render())
    return tuple(out)


def test_a_split_refusal_reads_in_either_language(tiny_gpkg, tmp_path):
    from geo.editing.metric import transform

    project = open_copy(tiny_gpkg, tmp_path)
    beside = transform(LineString([at(300, 0), at(300, 100)]), "EPSG:4548", project.crs)
    with pytest.raises(EditRefused) as refused:
        split_by_line(project, "G1", beside)
    zh, en = refused.value.text("zh"), refused.value.text("en")
    assert_chinese(zh) and assert_english(en)
    assert "G1" in zh and "does not cut grid G1 in two" in en
    with pytest.raises(EditRefused) as not_empty:  # a delete that would orphan buildings
        DeleteGrid("G2").do(project)
    assert_chinese(not_empty.value.text("zh"))
    assert "still has 1 buildings" in not_empty.value.text("en")


def test_finder_results_are_worded_when_shown(tiny_gpkg, tmp_path):
    project = open_copy(tiny_gpkg, tmp_path)
    found = {f.id: f for f in finders.out_of_band_grids(project)}
    zh, en = both(lambda: str(found["G2"].detail))
    assert (zh, en) == ("30 户", "30 households")
    assert_chinese(zh)


def test_topology_details_follow_the_language(tiny_gpkg):
    loaded = read_layers(tiny_gpkg)
    buildings, grids = loaded.frames["buildings"], loaded.frames["grids"]
    buildings.loc[buildings["building_id"] == "B3", "grid_id"] = None
    g2 = grids["grid_id"] == "G2"
    grids.loc[g2, "geometry"] = grids.loc[g2, "geometry"].to_crs("EPSG:4548").buffer(40).to_crs(grids.crs)

    def reasons():
        return {(p.kind, p.id): p.reason for p in topology_problems(loaded)}

    zh, en = both(reasons)
    assert set(zh) == set(en) >= {("grid_overlap", "G1"), ("building_unassigned", "B3")}
    for key in zh:
        assert_chinese(zh[key])
        assert_english(en[key])
    assert "G2" in zh[("grid_overlap", "G1")] and "overlaps grid G2" in en[("grid_overlap", "G1")]


def test_import_rejections_and_summary_in_either_language(tiny_gpkg, tmp_path):
    roster = tmp_path / "花名册.csv"
    roster.write_text("姓名,手机,身份证号,住址\n"
                      ",13812345678,,幸福小区1号楼1单元101\n"
                      "张三,12345,,幸福小区1号楼1单元101\n", encoding="utf-8")
    project = Project.open(tiny_gpkg)
    try:
        report = ImportSession(project, roster, "members").dry_run().report
    finally:
        project.close()
    reasons = [r for _, _, rs in report.rejected_rows for r in rs]
    assert len(report.rejected_rows) == 2 and reasons
    for reason in reasons:
        assert_chinese(reason.text("zh"))
        assert_english(reason.text("en"))
    assert {"empty name", "bad phone"} <= set(report.reason_counts())  # grouped by the stable kind
    assert_chinese(report.summary("zh").replace(roster.name, ""))
    assert "2 rejected" in report.summary("en") and "bad phone: 1" in report.summary("en")
    zh_frame = report.rejected_frame("zh")
    for text in zh_frame.iloc[:, 1]:
        assert_chinese(text)


def test_the_interface_language_switches_the_engine_too(qapp):
    from gui.app import install_translator

    install_translator(qapp, "en")
    try:
        assert language() == "en"
    finally:
        install_translator(qapp, "zh")
    assert language() == "zh"
