"""CoverageActions: the coverage entries of the Analysis menu, with their texts.

Plain ``QAction``s grouped in one QObject so their texts are translated with
``self.tr`` and rebuilt on a language change; :mod:`gui.features.coverage`
connects them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from ..widgets.figure_menu import FigureMenu
from .labels import figures_of


class CoverageActions(QObject):
    figureChosen = Signal(object, object)  # layer, field (None, None: no figure)

    def __init__(self, window, gap_dock, charts_dock):
        super().__init__(window)
        self.gap_list = gap_dock.toggleViewAction()
        self.charts = charts_dock.toggleViewAction()
        self.uncovered = QAction(self, checkable=True, objectName="action_coverage_uncovered")
        self.markers = QAction(self, checkable=True, objectName="action_coverage_markers")
        self.rules = QAction(self, objectName="action_coverage_rules")
        self.figure_menu = FigureMenu(window)
        self.figure_menu.figureChosen.connect(self.figureChosen)

    def install(self, menu) -> None:
        menu.addActions([self.gap_list, self.charts])
        menu.addMenu(self.figure_menu)  # its entries come with the texts (retranslate)
        menu.addActions([self.uncovered, self.markers])
        menu.addSeparator()
        menu.addAction(self.rules)

    def _fill_figure_menu(self) -> None:
        self.figure_menu.fill(self.tr("无专题图"), [(layer, title, figures_of(layer)) for layer, title in
                                                   (("grids", self.tr("网格")), ("communities", self.tr("社区")))])

    def check_figure(self, layer, field) -> None:
        self.figure_menu.check(layer, field)

    def undo_text(self) -> str:
        return self.tr("修改规则")

    def rules_failed_title(self) -> str:
        return self.tr("无法修改规则")

    def retranslate(self) -> None:
        self.gap_list.setText(self.tr("缺口清单(&G)"))
        self.charts.setText(self.tr("统计图表(&C)"))
        self.uncovered.setText(self.tr("突出显示服务站未覆盖的楼栋"))
        self.markers.setText(self.tr("在地图上标出缺口"))
        self.rules.setText(self.tr("规则设置(&R)…"))
        self.figure_menu.setTitle(self.tr("专题图（分级设色）"))
        self._fill_figure_menu()
