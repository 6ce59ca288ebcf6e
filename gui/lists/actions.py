"""ListsActions: the "三项清单" menu (the dock, entering items, the cases overlay, list figures).

Plain ``QAction``s in one QObject so their texts are translated with
``self.tr`` and set again on a language change; :mod:`gui.features.lists`
connects them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap

from ..widgets.figure_menu import FigureMenu
from .labels import FIGURES, OVERDUE_COLOUR, STATE_COLOURS, figure_title


class ListsActions(QObject):
    figureChosen = Signal(object, object)  # layer, field (None, None: no figure)

    def __init__(self, window, dock):
        super().__init__(window)
        self.dock = dock.toggleViewAction()
        self.new = {layer: QAction(self, objectName=f"action_lists_new_{layer}")
                    for layer in ("needs", "resources", "cases")}
        self.cases_overlay = QAction(self, checkable=True, objectName="action_lists_cases_overlay")
        self.cases_overlay.setIcon(QIcon(cases_swatch()))
        self.figure_menu = FigureMenu(window)
        self.figure_menu.figureChosen.connect(self.figureChosen)
        self.menu = None

    def install(self, menu_bar, before) -> None:
        self.menu = menu_bar.addMenu("")
        menu_bar.insertMenu(before, self.menu)
        self.menu.addAction(self.dock)
        self.menu.addSeparator()
        self.menu.addActions(list(self.new.values()))
        self.menu.addSeparator()
        self.menu.addAction(self.cases_overlay)
        self.menu.addMenu(self.figure_menu)

    def _fill_figure_menu(self) -> None:
        figures = {field: figure_title(field) for field in FIGURES}
        self.figure_menu.fill(self.tr("无专题图"), [("grids", self.tr("按网格"), figures),
                                                   ("communities", self.tr("按社区"), figures)])

    def check_figure(self, layer, field) -> None:
        self.figure_menu.check(layer, field)

    def retranslate(self) -> None:
        self.dock.setText(self.tr("三项清单与事件(&L)"))
        self.new["needs"].setText(self.tr("登记需求…"))
        self.new["resources"].setText(self.tr("登记资源…"))
        self.new["cases"].setText(self.tr("登记事件…"))
        self.cases_overlay.setText(self.tr("在地图上显示未办结事件"))
        self.cases_overlay.setToolTip(self.tr("按状态着色的点，超期的为红色"))
        self.figure_menu.setTitle(self.tr("清单专题图（分级设色）"))
        self._fill_figure_menu()
        if self.menu is not None:
            self.menu.setTitle(self.tr("三项清单(&L)"))


def cases_swatch() -> QPixmap:
    """The overlay's key: dots in the state colours, the last one red (overdue)."""
    pixmap = QPixmap(28, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QColor("#FFFFFF"))
    for i, colour in enumerate((STATE_COLOURS["found"], STATE_COLOURS["in_progress"], OVERDUE_COLOUR)):
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QPointF(5 + i * 9, 8), 4, 4)
    painter.end()
    return pixmap
