"""Reporters of needs and cases are personal data, masked wherever members' names and phones are."""
import shutil
import sqlite3
import zipfile

import pytest

from geo.lists.items import UpdateItem
from geo.masking import PERSONAL_COLUMNS, personal_kind
from geo.project import Project

NAME, PHONE = "欧阳娜娜", "13812345678"
NAME_MASKED, PHONE_MASKED = "欧阳*娜", "138****5678"


@pytest.fixture
def reported_demo(demo_gpkg, tmp_path):
    """The demo with one need and one case reported by a known person (a formula-like title too)."""
    path = shutil.copy(demo_gpkg, tmp_path / "demo.gpkg")
    project = Project.open(path)
    try:
        need, case = project["needs"].index[0], project["cases"].index[0]
        for layer, item in (("needs", need), ("cases", case)):
            UpdateItem(layer, item, {"reporter_name": NAME, "reporter_phone": PHONE,
                                     "title": "<b>=1+1</b>"}).do(project)
    finally:
        project.close()
    return path, need, case


def test_the_reporters_are_listed_as_personal():
    for layer in ("needs", "cases"):
        assert personal_kind(layer, "reporter_name") == "name"
        assert personal_kind(layer, "reporter_phone") == "phone"
        assert personal_kind(layer, "title") is None
    assert PERSONAL_COLUMNS["members"] == {"name": "name", "phone": "phone", "id_number": "id_number"}
    assert personal_kind("resources", "title") is None and personal_kind("grids", "name") is None


def test_the_gui_treats_the_reporters_as_personal():
    from gui.models.cell_kinds import is_personal
    from gui.presenting.masking_hook import mask_display

    assert is_personal("cases", "reporter_phone") and is_personal("needs", "reporter_name")
    assert not is_personal("cases", "title") and is_personal("members", "id_number")
    assert mask_display("needs", "reporter_name", NAME, NAME) == NAME_MASKED
    assert mask_display("cases", "reporter_phone", PHONE, PHONE) == PHONE_MASKED
    assert mask_display("cases", "title", "楼道堆物", "楼道堆物") == "楼道堆物"


def _presenter(window):
    from gui.features.presenting import Feature

    return next(f for f in window.features if isinstance(f, Feature)).presenter


@pytest.mark.parametrize("layer", ["needs", "cases"])
def test_the_attribute_table_and_identify_panel_mask_reporters_while_presenting(
        make_main_window, reported_demo, layer):
    path, need, case = reported_demo
    item = need if layer == "needs" else case
    window = make_main_window(path, show=False)
    model = window.attribute_dock.model_for(layer)

    def cells(column):
        c = model.columns().index(column)
        return {model.data(model.index(r, c)) for r in range(model.rowCount())}

    window.identify(layer, item)
    assert NAME in cells("reporter_name") and PHONE in cells("reporter_phone")
    assert NAME in window.identify_dock.text() and PHONE in window.identify_dock.text()
    presenter = _presenter(window)
    presenter.enter()
    try:
        assert NAME not in cells("reporter_name") and NAME_MASKED in cells("reporter_name")
        assert PHONE not in cells("reporter_phone") and PHONE_MASKED in cells("reporter_phone")
        window.identify(layer, item)
        text = window.identify_dock.text()
        assert NAME not in text and PHONE not in text and NAME_MASKED in text and PHONE_MASKED in text
    finally:
        presenter.leave()
    assert NAME in cells("reporter_name")


def test_a_reporter_cell_is_not_edited_blind_while_masked(make_main_window, reported_demo):
    """The masked text shown must never be written back (cell_edit.shows_masked)."""
    from gui.models.cell_edit import shows_masked

    window = make_main_window(reported_demo[0], show=False)
    assert not shows_masked("cases", "reporter_name")
    presenter = _presenter(window)
    presenter.enter()
    try:
        assert shows_masked("cases", "reporter_name") and shows_masked("needs", "reporter_phone")
        assert not shows_masked("cases", "title")
    finally:
        presenter.leave()


def _workbook_text(path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))


def _run(*argv):
    from geo.cli import main

    return main(list(argv))


def test_the_excel_report_masks_reporters_unless_full(reported_demo, tmp_path, capsys):
    path = reported_demo[0]
    masked, full = tmp_path / "report.xlsx", tmp_path / "full.xlsx"
    assert _run("report", str(path), "--out", str(masked)) == 0
    text = _workbook_text(masked)
    assert NAME_MASKED in text and PHONE_MASKED in text
    assert NAME not in text and PHONE not in text
    assert "<f>" not in text  # the "=1+1" title stayed text
    assert _run("report", str(path), "--out", str(full), "--full", "--yes") == 0
    assert NAME in _workbook_text(full) and PHONE in _workbook_text(full)


def test_the_html_map_carries_no_reporter(reported_demo, tmp_path, capsys):
    path = reported_demo[0]
    for flags in ((), ("--full", "--yes")):
        out = tmp_path / f"map{len(flags)}.html"
        assert _run("export-html", str(path), "--out", str(out), *flags) == 0
        page = out.read_text(encoding="utf-8")
        for secret in (NAME, PHONE, NAME_MASKED, PHONE_MASKED, "<b>=1+1</b>"):
            assert secret not in page


def test_the_stored_reporters_stay_in_clear(reported_demo):
    """Masking is a view: the project file keeps what was entered."""
    with sqlite3.connect(reported_demo[0]) as db:
        rows = db.execute("SELECT reporter_name, reporter_phone FROM cases WHERE reporter_name = ?",
                          (NAME,)).fetchall()
    assert rows == [(NAME, PHONE)]


def test_search_never_finds_a_reporter_by_name_or_phone(make_main_window, reported_demo):
    """The search box indexes places, organizations and members only: a reporter's name or
    phone finds nothing, in presenter mode (masked index) or not."""
    from geo.search import SearchIndex
    from gui.docks.org_tree_dock import masked_search_index

    window = make_main_window(reported_demo[0], show=False)
    project = window.project
    for index in (SearchIndex.from_project(project), masked_search_index(project)):
        for query in (NAME, PHONE, NAME_MASKED, "欧阳"):
            assert [h for h in index.search(query) if h.layer in ("needs", "cases")] == []
            assert all(NAME not in h.label for h in index.search(query))
