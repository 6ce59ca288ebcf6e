"""ChartsDock: the coverage charts in tabs, for the street or one community.

A new model (the window hands one over after every edit, once the map has
shown it) is read only while the dock is shown; a hidden dock reads it when it
is shown again, once however many edits came meanwhile.

Clicking a bar emits :attr:`ChartsDock.barClicked` (layer, id); the coverage
feature selects that grid or community and zooms to it. "导出 PNG" writes
every chart at slide size (1600x900, white, large fonts) into a folder.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from .charts import HouseholdsChart, PlannedChart, SharesChart
from ..docks.base import RetranslatingDock

#: chart attribute -> file name of its PNG export
EXPORT_NAMES = {"households": "households_per_grid.png", "shares": "coverage_shares.png",
                "planned": "planned_vs_actual.png"}


def same_data(a, b) -> bool:
    """Chart data equal value for value (dicts, lists and numpy arrays nested)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return False
        try:
            if a == b:  # thousands of labels or ids: compared in C (NaN and arrays need the walk)
                return True
        except (ValueError, DeprecationWarning):  # numpy arrays inside: no plain truth value
            pass
        return all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    return a == b or (a != a and b != b)  # NaN equals NaN here


class ChartsDock(RetranslatingDock):
    barClicked = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("ChartsDock")
        self._model = self._project = None
        self._communities: dict = {}
        self._stale: set = set()  # charts to draw again even if their data did not change
        self._outdated = False  # a model came while the dock was hidden
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.community_label, self.community_box = QLabel(body), QComboBox(body)
        self.community_box.currentIndexChanged.connect(lambda *_: self.refresh())
        self.export_button = QPushButton(body)
        self.export_button.clicked.connect(self.export_dialog)
        self.tabs = QTabWidget(body)
        self.households, self.shares, self.planned = HouseholdsChart(), SharesChart(), PlannedChart()
        self.extra_charts = []  # added by features (add_chart)
        for chart in self.charts():
            self.tabs.addTab(chart, "")
            chart.barClicked.connect(self.barClicked)
        top = QHBoxLayout()
        top.addWidget(self.community_label)
        top.addWidget(self.community_box)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.setWidget(body)

    def charts(self) -> list:
        return [self.households, self.shares, self.planned, *self.extra_charts]

    def add_chart(self, chart) -> None:
        """One more tab: ``chart`` (a BarChart with ``data_from(model, project, community)`` and
        ``tab_title()``) is drawn and refreshed with the others; its clicks become barClicked."""
        self.extra_charts.append(chart)
        self.tabs.addTab(chart, chart.tab_title())
        chart.barClicked.connect(self.barClicked)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("统计图表"))
        self.community_label.setText(self.tr("范围"))
        self.export_button.setText(self.tr("导出 PNG…"))
        self.export_button.setToolTip(self.tr("把每张图按幻灯片尺寸（1600×900）导出为 PNG"))
        for i, text in enumerate((self.tr("网格户数"), self.tr("覆盖率"), self.tr("实有与应有"))):
            self.tabs.setTabText(i, text)
        for chart in self.extra_charts:
            self.tabs.setTabText(self.tabs.indexOf(chart), chart.tab_title())
        self._fill_communities()
        self._stale.update(self.charts())  # titles and axes are drawn in the new language
        self.refresh()


    # ------------------------------------------------------------ data
    def set_model(self, model, project) -> None:
        """Draw the charts of ``model`` (a CoverageModel); None clears them. Read when the
        dock is shown (a city's charts take a noticeable time: not for a hidden dock)."""
        self._model, self._project = model, project
        communities = {} if model is None else model.communities["name"].astype(str).to_dict()
        if communities != self._communities:
            self._communities = communities
            self._fill_communities()
        if model is None or self.isVisible():
            self.refresh()
        else:
            self._outdated = True

    def pending(self) -> bool:
        """A model is waiting for the dock to be shown."""
        return self._outdated

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._outdated:
            self.refresh()

    def _fill_communities(self) -> None:
        chosen = self.community_box.currentData()
        self.community_box.blockSignals(True)
        self.community_box.clear()
        self.community_box.addItem(self.tr("全街道"), None)
        for id_, name in self._communities.items():
            self.community_box.addItem(name, id_)
        self.community_box.setCurrentIndex(max(0, self.community_box.findData(chosen)))
        self.community_box.blockSignals(False)

    def set_community(self, community) -> None:
        self.community_box.setCurrentIndex(max(0, self.community_box.findData(community)))

    def refresh(self, only=None) -> None:
        """Every chart's data (or only the charts in ``only``) from the model; a chart is drawn
        again only when its data changed (5,000 bars take ~50 ms; an edit changes a few figures,
        often none of a chart's)."""
        if only is not None:
            for chart in only:
                self._refresh_chart(chart, self.community_box.currentData())
            return
        self._outdated = False
        if self._model is None:
            for chart in self.charts():
                chart.show_data(None)
            self._stale.clear()
            return
        community = self.community_box.currentData()
        for chart in self.charts():
            self._refresh_chart(chart, community)

    def _refresh_chart(self, chart, community) -> None:
        if self._model is None:
            return
        data = chart.data_from(self._model, self._project, community)
        if chart in self._stale or not same_data(data, chart.data):
            self._stale.discard(chart)
            chart.show_data(data)

    # ------------------------------------------------------------ export
    def export_png(self, folder) -> list[Path]:
        """Write every chart at slide size into ``folder``; return the files written."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if self._outdated:
            self.refresh()  # a model that came while the dock was hidden
        written = []
        for attr, name in EXPORT_NAMES.items():
            path = folder / name
            if getattr(self, attr).export_png(path):
                written.append(path)
        return written

    def export_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("导出图表到文件夹"))
        if folder:
            written = self.export_png(folder)
            self.window().statusBar().showMessage(
                self.tr("已导出 {n} 张图表到 {folder}").format(n=len(written), folder=folder), 8000)
