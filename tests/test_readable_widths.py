"""Texts a user must read are not cut: table columns after a language switch, the planned
chart's row names and counts in a dock (headless)."""
import shutil

import pytest
from PySide6.QtCore import Qt

from tests.chart_helpers import DOCK, make_chart  # noqa: F401 (a fixture)
from tests.editing_gui_helpers import editing_feature

PLANNED = {"items": [("stations", 8, 9), ("branch", 40, 42), ("grid_head", 42, 42),
                     ("central", 1382, 1671), ("linked_households", 11962, 16526),
                     ("unit_head", 687, 948), ("group", 346, 376)]}


def _tick_labels(chart, axis):
    return [text for _at, text in chart.plotItem.getAxis(axis)._tickLevels[0]]  # noqa: SLF001


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [DOCK, (300, 200), (600, 400)])
def test_the_planned_chart_names_every_row_and_writes_its_counts_whole(app, make_chart, lang, size):
    import pyqtgraph as pg

    from gui.app import install_translator
    from gui.coverage.charts import PlannedChart

    install_translator(app, lang)  # the app fixture switches back
    chart = make_chart(PlannedChart, PLANNED, size)
    assert len(_tick_labels(chart, "left")) == len(PLANNED["items"])  # none left out to make room
    area = chart.plotItem.vb.sceneBoundingRect()
    counts = [item for item in chart.plotItem.items if isinstance(item, pg.TextItem)]
    assert len(counts) == len(PLANNED["items"])
    for item in counts:  # "11,962 / 16,526" was cut at the dock's right edge
        left = chart.plotItem.vb.mapViewToScene(item.pos()).x()  # the text is drawn unscaled from there
        right = left + item.boundingRect().width()
        assert area.left() < left and right <= area.right() + 1, (item.textItem.toPlainText(), left, right, area)


def test_a_long_list_of_grids_is_thinned_at_full_size_not_shrunk(make_chart, demo_coverage):
    from gui.coverage.charts import HouseholdsChart

    project, coverage = demo_coverage
    data = HouseholdsChart.data_from(coverage, project)
    chart = make_chart(HouseholdsChart, data, DOCK)
    shown = _tick_labels(chart, "left")
    assert 0 < len(shown) < len(data["ids"])
    assert chart._category_px == chart.look.font_px  # noqa: SLF001


def test_gap_and_balance_columns_show_their_headers_whole_after_a_language_switch(make_main_window, demo_gpkg,
                                                                                  tmp_path, qtbot):
    from gui.coverage.labels import gap_title
    from geo.coverage import GAP_TYPES

    window = make_main_window(shutil.copy(demo_gpkg, tmp_path / "demo.gpkg"))
    window.resize(1600, 1000)
    coverage = next(f for f in window.features if type(f).__module__ == "gui.features.coverage")
    coverage.actions.gap_list.trigger()
    qtbot.waitUntil(lambda: coverage.gap_dock.model.rowCount() > 0)
    balance = editing_feature(window).balance_dock
    assert balance.model is not None and balance.model.rowCount() > 0
    window.set_language("en")
    try:
        for table in (coverage.gap_dock.table, balance.table):
            header = table.horizontalHeader()
            for column in range(header.count() - 1):  # the last one stretches
                if header.sectionResizeMode(column) == header.ResizeMode.Interactive:
                    title = table.model().headerData(column, Qt.Orientation.Horizontal)
                    assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width(), title
        gaps = coverage.gap_dock.table
        widest = max(gaps.fontMetrics().horizontalAdvance(gap_title(t)) for t in GAP_TYPES)
        assert gaps.columnWidth(1) >= widest  # "Grid without a party branch", not "Grid without a..."
        assert gaps.model().index(0, 0).data() == "High"  # a value alone starts with a capital
    finally:
        window.set_language("zh")
