"""Every column the app can show is worded, in Chinese and in English, never its schema name."""
import re

import pytest
from PySide6.QtCore import Qt

from geo.schema import CASE_STATES, GENDERS, HOUSEHOLDS_SOURCES, ITEM_TARGET_TYPES, LAYERS

CJK = re.compile(r"[\u4e00-\u9fff]")


def _in_language(text: str, lang: str) -> bool:
    return bool(text) and bool(CJK.search(text)) == (lang == "zh")


def _worded(text: str, raw: str, lang: str) -> bool:
    return _in_language(text, lang) and text != raw


@pytest.fixture(params=["zh", "en"])
def lang(request, app):
    from gui.app import install_translator

    install_translator(app, request.param)  # the app fixture puts Chinese back
    return request.param


def test_every_layer_and_column_of_the_schema_has_a_label(lang):
    from gui.models.labels import column_title, layer_title

    raw = [f"{layer}: {layer_title(layer)}" for layer in LAYERS if not _worded(layer_title(layer), layer, lang)]
    raw += [f"{layer.name}.{column}: {column_title(column, layer.name)}"
            for layer in LAYERS.values() for column in layer.column_names
            if not _worded(column_title(column, layer.name), column, lang)]
    assert raw == []


@pytest.mark.parametrize("layer, column, codes", [
    ("buildings", "households_source", HOUSEHOLDS_SOURCES),
    ("plans", "status", ("current", "proposal", "archived")),
    ("plans", "active", (0, 1)),
    ("members", "gender", GENDERS),  # stored in Chinese, so only English shows a miss
    # list tables word their codes as the lists panel does
    ("cases", "state", CASE_STATES),
    ("needs", "target_type", ITEM_TARGET_TYPES),
])
def test_coded_values_are_worded(lang, layer, column, codes):
    from gui.models.display import display_value

    words = {code: display_value(layer, column, code) for code in codes}
    # an English word may be its code ("closed"); a Chinese one never is, so zh catches a raw code
    assert all(_in_language(text, lang) for text in words.values()), words
    assert len(set(words.values())) == len(codes), words


def test_blank_households_source_stays_blank(app):
    from gui.models.display import display_value

    assert display_value("buildings", "households_source", None) == ""


def test_identify_and_table_word_households_source_in_both_languages(main_window, app):
    from gui.app import install_translator
    from gui.models.attribute_table_model import AttributeTableModel

    # the tiny project predates the column; a new model takes the columns the frame has now
    main_window.project["buildings"].loc["B1", "households_source"] = "estimate"
    table = AttributeTableModel(main_window.project, "buildings")
    column = table.columns().index("households_source")
    row = list(table.frame.index).index("B1")
    for lang, title, label, value in (("zh", "楼栋：1号楼", "户数来源", "估算"),
                                      ("en", "Buildings: 1号楼", "Households source", "Estimated")):
        install_translator(app, lang)
        main_window.identify("buildings", "B1")
        text = main_window.identify_dock.text()
        assert text.startswith(title) and f"{label} | {value}" in text
        assert table.headerData(column, Qt.Orientation.Horizontal) == label
        assert table.data(table.index(row, column)) == value
