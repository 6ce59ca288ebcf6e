"""A chart's legend never covers its bars: below the data area when there is room,
else hidden with the colours in the chart's tooltip; titles stay inside the chart (headless)."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.chart_helpers import DOCK, make_chart  # noqa: F401 (a fixture)


@pytest.fixture
def demo(demo_coverage):
    return demo_coverage


def _data(kind, demo, monkeypatch):
    from gui.coverage import charts

    project, coverage = demo
    if kind == "histogram":
        monkeypatch.setattr(charts, "BARS_UP_TO", 5)
    chart_class = charts.SharesChart if kind == "shares" else charts.HouseholdsChart
    return chart_class, chart_class.data_from(coverage, project)


@pytest.mark.parametrize("kind", ["bars", "histogram", "shares"])
@pytest.mark.parametrize("size", [(160, 100), DOCK, (300, 200), (600, 400)])
def test_the_legend_stays_off_the_data_area(kind, size, demo, monkeypatch, make_chart):
    chart = make_chart(*_data(kind, demo, monkeypatch), size)
    legend, data_area = chart.plotItem.legend, chart.plotItem.vb.sceneBoundingRect()
    assert len(legend.items) == (5 if kind == "shares" else 3)
    if legend.isVisible():
        box = legend.sceneBoundingRect()
        assert not box.intersects(data_area), (box, data_area)
        assert chart.rect().toRectF().contains(box)  # not cut off at the chart's edge
        assert chart.toolTip() == ""
    else:  # no room for it: hovering the chart names every colour
        assert all(label.text in chart.toolTip() for _sample, label in legend.items)
    if size == (600, 400) or (size == DOCK and kind == "bars"):
        assert legend.isVisible() and legend.placement == "below"


def test_a_legend_comes_back_when_the_chart_grows(demo, monkeypatch, make_chart):
    chart = make_chart(*_data("bars", demo, monkeypatch), (160, 100))
    assert not chart.plotItem.legend.isVisible()
    chart.resize(600, 400)
    QApplication.processEvents()
    assert chart.plotItem.legend.isVisible() and chart.toolTip() == ""
    assert not chart.plotItem.legend.sceneBoundingRect().intersects(chart.plotItem.vb.sceneBoundingRect())


def test_slide_export_keeps_title_and_legend_off_the_bars(demo, monkeypatch, make_chart):
    from gui.coverage.chart_base import SLIDE_LOOK, SLIDE_SIZE

    chart = make_chart(*_data("bars", demo, monkeypatch), SLIDE_SIZE, look=SLIDE_LOOK)
    data_area = chart.plotItem.vb.sceneBoundingRect()
    legend = chart.plotItem.legend
    assert legend.isVisible() and not legend.sceneBoundingRect().intersects(data_area)
    title = chart.plotItem.titleLabel.item.sceneBoundingRect()
    assert title.bottom() <= data_area.top() + 1  # the 32 px title once ran into the top bars


def test_a_long_title_wraps_inside_the_chart(demo, monkeypatch, make_chart):
    chart = make_chart(*_data("bars", demo, monkeypatch), DOCK)
    chart.set_title("Households per grid against the band, in a language with longer words")
    QApplication.processEvents()
    assert chart.plotItem.width() <= chart.width()
    title = chart.plotItem.titleLabel.item.sceneBoundingRect()
    assert chart.rect().toRectF().contains(title)
    assert title.bottom() <= chart.plotItem.vb.sceneBoundingRect().top() + 1


@pytest.mark.parametrize("kind", ["bars", "shares"])
def test_a_legend_gives_way_when_the_chart_shrinks_or_its_data_came_first(kind, demo, monkeypatch, make_chart):
    chart_class, data = _data(kind, demo, monkeypatch)
    grown = make_chart(chart_class, data, (600, 400))
    assert grown.plotItem.legend.isVisible()
    for size in (DOCK, (160, 100)):  # the user narrows the dock
        grown.resize(*size)
        QApplication.processEvents()
        _assert_inside(grown)
    early = chart_class()  # data shown before the dock has laid the chart out (Qt's default size)
    early.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    early.show_data(data)
    early.resize(*DOCK)
    early.show()
    QApplication.processEvents()
    try:
        _assert_inside(early)
    finally:
        early.close()
        early.deleteLater()


def _assert_inside(chart):
    legend = chart.plotItem.legend
    assert chart.plotItem.width() <= chart.width() + 1  # the legend does not hold the plot wide
    if legend.isVisible():
        assert chart.rect().toRectF().contains(legend.sceneBoundingRect())
        assert not legend.sceneBoundingRect().intersects(chart.plotItem.vb.sceneBoundingRect())
    else:
        assert all(label.text in chart.toolTip() for _sample, label in legend.items)
