"""The export vocabulary words every stored column and the households source, in both languages."""
import re

import geopandas as gpd
import pytest
import shapely

from geo.export.html_map import layer_features
from geo.export.map_layers import standard_layer, worded_frame
from geo.export.vocabulary import column_label, value_label
from geo.schema import HOUSEHOLDS_SOURCES, LAYERS

CJK = re.compile(r"[\u4e00-\u9fff]")
# the desktop's words (gui/models/labels.py and its English translation)
SOURCE_WORDS = {"zh": {"attribute": "图层属性", "table": "户数表", "estimate": "估算"},
                "en": {"attribute": "Layer attribute", "table": "Household table", "estimate": "Estimated"}}
SOURCE_HEADER = {"zh": "户数来源", "en": "Households source"}


@pytest.mark.parametrize("layer, column", [(layer.name, column) for layer in LAYERS.values()
                                           for column in layer.column_names])
def test_every_stored_column_has_a_header_in_both_languages(layer, column):
    # an unworded column comes out under its own name, in either language
    zh, en = column_label(column, "zh", layer), column_label(column, "en", layer)
    assert CJK.search(zh), (layer, column, zh)
    assert en != column and not CJK.search(en), (layer, column, en)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_households_source_is_worded_as_the_app_words_it(lang, app):
    """The exports' words are the desktop's (gui/models/labels.py through its translation):
    a figure reads the same on screen and on paper."""
    from gui.app import install_translator
    from gui.models.labels import coded_value, column_title

    install_translator(app, lang)
    try:
        assert column_label("households_source", lang, "buildings") == column_title("households_source", "buildings")
        assert {code: value_label("households_source", code, lang) for code in HOUSEHOLDS_SOURCES} \
            == {code: coded_value(code, "households_source") for code in HOUSEHOLDS_SOURCES}
    finally:
        install_translator(app, "zh")
    assert {code: value_label("households_source", code, lang) for code in HOUSEHOLDS_SOURCES} \
        == SOURCE_WORDS[lang]


def buildings():
    return gpd.GeoDataFrame({
        "building_id": ["B1", "B2", "B3"], "name": ["1号楼", "2号楼", "3号楼"],
        "households": [48, 60, None], "households_source": ["estimate", "table", None]},
        geometry=[shapely.box(122.0, 46.0, 122.001, 46.001), shapely.box(122.002, 46.0, 122.003, 46.001),
                  shapely.box(122.004, 46.0, 122.005, 46.001)], crs="EPSG:4490")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_building_popup_says_where_its_households_came_from(lang):
    layer = standard_layer("buildings", buildings(), lang=lang)
    popups = [f["properties"]["popup"] for f in layer_features(layer)["features"]]
    row = "<tr><th>{}</th><td>{}</td></tr>"
    assert row.format(SOURCE_HEADER[lang], SOURCE_WORDS[lang]["estimate"]) in popups[0]
    assert row.format(SOURCE_HEADER[lang], SOURCE_WORDS[lang]["table"]) in popups[1]
    assert row.format(SOURCE_HEADER[lang], "") in popups[2]  # unknown stays blank, not "None"
    assert "estimate" not in "".join(popups) and "households_source" not in "".join(popups)
    # the legend's note still counts the stored codes, not the worded popup values
    assert layer.note.text("zh") == "1 栋楼户数为估算，1 栋缺户数"


def test_worded_frame_words_households_source():
    worded = worded_frame(buildings(), "en")["households_source"]
    assert worded.tolist()[:2] == ["Estimated", "Household table"]
