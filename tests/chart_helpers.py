"""Charts shown offscreen at a given size, for the chart tests (fixture ``make_chart``)."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

DOCK = (318, 163)  # a chart in the charts dock of a 1600x1028 window


@pytest.fixture
def make_chart(app):
    made = []

    def make(chart_class, data, size, look=None):
        chart = chart_class() if look is None else chart_class(look=look)
        made.append(chart)
        chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        chart.resize(*size)
        chart.show()
        chart.show_data(data)
        QApplication.processEvents()
        return chart

    yield make
    for chart in made:
        chart.close()
        chart.deleteLater()
