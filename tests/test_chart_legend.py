"""A chart in the narrow charts dock keeps its legend off the bars; a slide keeps it on top.

In a dock 300 px wide a legend floating over the plot covered most of the bars
(seen in the window screenshot); there it sits in a row of its own under the
axis, with as many columns as the width holds.
"""
import pytest
from PySide6.QtCore import Qt

from geo.coverage.model import CoverageModel
from geo.project import Project


@pytest.fixture
def model(demo_gpkg):
    project = Project.open(demo_gpkg)
    yield project, CoverageModel(project, live=False)
    project.close()


def _drawn(chart_class, project, model, width, look=None):
    chart = chart_class() if look is None else chart_class(look=look)
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    chart.resize(width, 300)
    chart.show()
    chart.show_data(chart_class.data_from(model, project))
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    return chart


@pytest.mark.parametrize("width", [300, 520])
def test_dock_chart_legend_sits_below_the_bars(app, model, width):
    from gui.coverage.charts import HouseholdsChart, SharesChart

    project, coverage = model
    for chart_class in (HouseholdsChart, SharesChart):
        chart = _drawn(chart_class, project, coverage, width)
        try:
            legend, plot = chart.plotItem.legend, chart.plotItem.vb.sceneBoundingRect()
            box = legend.sceneBoundingRect()
            assert len(legend.items) >= 3
            assert box.top() >= plot.bottom() - 1  # under the plot, never over a bar
            assert box.height() < plot.height()  # the bars keep most of the height
            assert box.right() <= chart.width() + 1  # columns wrap to the width
        finally:
            chart.close()
            chart.deleteLater()


def test_wide_dock_chart_uses_more_legend_columns_than_a_narrow_one(app, model):
    from gui.coverage.charts import SharesChart

    project, coverage = model
    narrow = _drawn(SharesChart, project, coverage, 300)
    wide = _drawn(SharesChart, project, coverage, 900)
    try:
        assert 1 <= narrow.plotItem.legend.columnCount < wide.plotItem.legend.columnCount
    finally:
        for chart in (narrow, wide):
            chart.close()
            chart.deleteLater()


def test_slide_chart_legend_stays_over_the_plot(app, model):
    from gui.coverage.chart_base import SLIDE_LOOK
    from gui.coverage.charts import SharesChart

    project, coverage = model
    chart = _drawn(SharesChart, project, coverage, 1600, look=SLIDE_LOOK)
    try:
        legend_box = chart.plotItem.legend.sceneBoundingRect()
        assert chart.plotItem.vb.sceneBoundingRect().contains(legend_box.center())
    finally:
        chart.close()
        chart.deleteLater()
