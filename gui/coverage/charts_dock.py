"""ChartsDock: the coverage charts in tabs, for the street or one community.

Clicking a bar emits :attr:`ChartsDock.barClicked` (layer, id); the coverage
feature selects that grid or community and zooms to it. "导出 PNG" writes
every chart at slide size (1600x900, white, large fonts) into a folder.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from .charts import HouseholdsChart, PlannedChart, SharesChart
from ..docks.base import RetranslatingDock

#: chart attribute -> file name of its PNG export
EXPORT_NAMES = {"households": "households_per_grid.png", "shares": "coverage_shares.png",
                "planned": "planned_vs_actual.png"}


class ChartsDock(RetranslatingDock):
    barClicked = Signal(str, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("ChartsDock")
        self._model = self._project = None
        self._communities: dict = {}
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
        return [self.households, self.shares, self.planned]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("统计图表"))
        self.community_label.setText(self.tr("范围"))
        self.export_button.setText(self.tr("导出 PNG…"))
        self.export_button.setToolTip(self.tr("把每张图按幻灯片尺寸（1600×900）导出为 PNG"))
        for i, text in enumerate((self.tr("网格户数"), self.tr("覆盖率"), self.tr("实有与应有"))):
            self.tabs.setTabText(i, text)
        self._fill_communities()
        self.refresh()


    # ------------------------------------------------------------ data
    def set_model(self, model, project) -> None:
        """Draw the charts of ``model`` (a CoverageModel); None clears them."""
        self._model, self._project = model, project
        communities = {} if model is None else model.communities["name"].astype(str).to_dict()
        if communities != self._communities:
            self._communities = communities
            self._fill_communities()
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

    def refresh(self) -> None:
        if self._model is None:
            for chart in self.charts():
                chart.show_data(None)
            return
        community = self.community_box.currentData()
        for chart in self.charts():
            chart.show_data(chart.data_from(self._model, self._project, community))

    # ------------------------------------------------------------ export
    def export_png(self, folder) -> list[Path]:
        """Write every chart at slide size into ``folder``; return the files written."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
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
