"""One wording for the coverage figures: what the figure menu offers, the map legend's title, the
Excel report and ``main.py stats`` say the same, in Chinese and in English
(geo.export.vocabulary is the one catalogue; gui/coverage/labels.py only asks it).

The real main window offscreen on the tiny project; a real report workbook read with openpyxl;
the real command line.
"""
import openpyxl
import pytest

from geo.cli import main as cli
from geo.coverage.model import CoverageModel
from geo.export.report_xlsx import write_report
from geo.export.vocabulary import word
from geo.project import Project
from tests.factories import write_tiny

#: The report's sheets: the street's figures (indicator, value rows), then the communities and grids
#: (their names are checked word for word in tests/test_output_language.py).
SHEETS = ("street", "communities", "grids")


def menu_words(window):
    """``{(layer, field): text}`` of the coverage figure menu as the window shows it."""
    from gui.features.coverage import Feature as Coverage

    coverage = next(f for f in window.features if isinstance(f, Coverage))
    return {key: action.text() for key, action in coverage.actions.figure_menu.entries().items()
            if key != (None, None)}


def report_words(path, project, lang):
    """The street sheet's indicator words and the community and grid sheets' headers."""
    write_report(path, project, lang=lang)
    book = openpyxl.load_workbook(path)
    street, communities, grids = (book[word(f"value.sheet.{name}", lang)] for name in SHEETS)
    labels = {row[0] for row in street.iter_rows(min_row=3, values_only=True)}
    return labels, {"communities": [c.value for c in communities[2]], "grids": [c.value for c in grids[2]]}


def stats_words(path, capsys):
    assert cli(["stats", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.strip().rsplit(":", 1)[0] for line in lines if line.startswith("  ") and ":" in line}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_figure_menu_says_what_the_report_and_stats_say(main_window, tmp_path, capsys, lang):
    path = write_tiny(tmp_path / "report.gpkg")
    project = Project.open(path)
    try:
        street = CoverageModel(project, live=False).street
        main_window.set_language(lang)
        offered = menu_words(main_window)
        labels, headers = report_words(tmp_path / "report.xlsx", project, lang)
    finally:
        project.close()
    printed = stats_words(path, capsys)  # the command line words in the interface's language
    assert {field for _, field in offered} >= {"households", "linked_share", "central_households_needed"}
    for (layer, field), text in offered.items():
        assert text != field, (layer, field)
        if field in street:
            assert text in labels and text in printed, (layer, field, text)
        else:  # a figure only grids (or communities) have: their sheet's header
            assert text in headers[layer], (layer, field, text)
    for layer in ("grids", "communities"):
        words = [t for (l, _), t in offered.items() if l == layer]
        assert len(set(words)) == len(words), words  # no two figures read alike
    main_window.set_language("zh")


def test_the_legend_title_and_the_menu_follow_a_language_switch(main_window):
    from gui.coverage.labels import figure_title

    main_window.set_language("en")
    try:
        assert menu_words(main_window)[("grids", "linked_share")] == "Share of households linked"
        assert figure_title("communities", "central_households_needed") == "Central households still needed"
    finally:
        main_window.set_language("zh")
    assert menu_words(main_window)[("grids", "linked_share")] == "中心户联系覆盖率"
    assert figure_title("grids", "central_households_needed") == "还需中心户数"
    assert figure_title("grids", "grid_branch_share") == "grid_branch_share"  # communities only


def test_every_gap_type_has_a_title_in_both_languages(app):
    from geo.coverage import GAP_TYPES
    from geo.export.vocabulary import gap_title as workbook_title
    from gui.app import install_translator
    from gui.coverage.labels import gap_title, severity_text, unit_text

    for lang in ("en", "zh"):
        install_translator(app, lang)
        for gap_type, (severity, _, unit, _) in GAP_TYPES.items():
            assert gap_title(gap_type) == workbook_title(gap_type, lang) != gap_type
            assert severity_text(severity) and unit_text(unit) is not None
    assert (gap_title("case_overdue"), severity_text(3), unit_text("天")) == ("事件超期未办结", "高", "天")
