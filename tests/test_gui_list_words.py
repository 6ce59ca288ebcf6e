"""One vocabulary for the lists: the panel's headers and words are the Excel export's and the
command line's, in Chinese and in English (geo.export.vocabulary is the one catalogue).

Real widgets offscreen on the tiny project with hand-made lists (tests/lists_factories.py);
real workbooks written by the export and read back with openpyxl.
"""
import openpyxl
import pytest

from geo.cli import main as cli
from geo.export.vocabulary import column_label
from geo.lists.export_table import list_frame, write_lists_workbook
from geo.messages import CATALOGUE

LAYERS = ("needs", "resources", "projects", "cases")
#: The panel's derived "grid" column is the exports' "in_grid".
EXPORTED_AS = {"grid": "in_grid"}


@pytest.fixture
def language(app):
    """Switch the interface (Qt translator and engine messages) as the View menu does."""
    from gui.app import install_translator

    return lambda lang: install_translator(app, lang)  # the app fixture switches back to zh


def gui_headers(project, layer):
    from PySide6.QtCore import Qt

    from gui.lists.table_model import ListTableModel

    model = ListTableModel(project, layer)
    return model, {c: model.headerData(i, Qt.Orientation.Horizontal) for i, c in enumerate(model.columns)}


def excel_sheet(path, project, layer, lang):
    """``{column: header}`` and ``{id: {column: cell}}`` of ``layer``'s sheet as the export wrote it."""
    write_lists_workbook(path, project, lang=lang, tables=(layer,))
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    columns = list(list_frame(project, layer, None).columns)
    assert len(rows[1]) == len(columns)
    cells = {row[0]: dict(zip(columns, row)) for row in rows[2:]}
    return dict(zip(columns, rows[1])), cells


def test_every_list_column_the_panel_shows_is_worded_in_both_languages():
    from gui.lists.case_panel import TIMELINE_COLUMNS
    from gui.lists.table_model import COLUMNS

    shown = [(layer, c) for layer in LAYERS for c in COLUMNS[layer]]
    shown += [("case_events", c) for c in TIMELINE_COLUMNS]
    for layer, column in shown:
        column = EXPORTED_AS.get(column, column)
        codes = [f"column.{layer}.{column}", f"column.{column}"]
        assert any(code in CATALOGUE for code in codes), (layer, column)
        zh, en = column_label(column, "zh", layer), column_label(column, "en", layer)
        assert zh != column and en != column and zh != en, (layer, column, zh, en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_headers_and_words_are_the_excel_export_s(app, language, lists_gpkg, tmp_path, lang):
    from geo.project import Project
    from gui.lists.table_model import ID_ROLE

    language(lang)
    project = Project.open(lists_gpkg)
    try:
        for layer in LAYERS:
            model, headers = gui_headers(project, layer)
            excel, rows = excel_sheet(tmp_path / f"{layer}-{lang}.xlsx", project, layer, lang)
            for column, header in headers.items():
                if column != "overdue":  # the panel's own flag; the export has the due date
                    assert header == excel[EXPORTED_AS.get(column, column)], (layer, column)
            coded = [c for c in model.columns if c in ("status", "state", "provider_type", "source")]
            assert coded, layer
            for row in range(model.rowCount()):
                item = model.data(model.index(row, 0), ID_ROLE)
                for column in coded:
                    assert model.text(row, column) == (rows[item][column] or ""), (layer, item, column)
    finally:
        project.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_panel_headers_are_the_command_line_s(app, language, lists_gpkg, capsys, lang):
    from geo.cli.lists_common import TABLE_COLUMNS
    from geo.project import Project

    language(lang)  # the command line words its lists in the engine's language
    project = Project.open(lists_gpkg)
    try:
        panel = {layer: gui_headers(project, layer)[1] for layer in LAYERS}
    finally:
        project.close()
    for layer in LAYERS:
        assert cli([layer, str(lists_gpkg), "list"]) == 0
        printed = dict(zip(TABLE_COLUMNS[layer], capsys.readouterr().out.splitlines()[0].split("\t")))
        shown = {EXPORTED_AS.get(c, c): h for c, h in panel[layer].items()}
        both = set(shown) & set(printed)
        assert {"title", "category", "in_grid"} & both, layer
        assert {c: shown[c] for c in both} == {c: printed[c] for c in both}, layer


def test_the_words_follow_a_language_switch(app, language):
    from gui.lists.labels import column_title, figure_title, value_text

    language("en")
    assert (column_title("reported_at"), column_title("target_type"), column_title("grid")) == (
        "Reported on", "Located at", "In grid")
    assert (value_text("state", "triage"), value_text("status", "open"), figure_title("needs_total")) == (
        "Triaged", "Open", "Needs")
    language("zh")
    assert (column_title("reported_at"), column_title("closed_at"), column_title("created_at")) == (
        "发现时间", "办结时间", "提出时间")
    assert column_title("target_type") == "位置类型"  # an item's place, not a partner's linked area
    assert (value_text("target_type", "point"), figure_title("needs_total")) == ("点位", "需求数")
    assert (value_text("category", "矛盾纠纷"), value_text("state", None), value_text("state", "odd")) == (
        "矛盾纠纷", "", "odd")
