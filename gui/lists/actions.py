"""ListsActions: the "三项清单" menu (the dock, entering items, the cases overlay, list figures).

Plain ``QAction``s in one QObject so their texts are translated with
``self.tr`` and set again on a language change; :mod:`gui.features.lists`
connects them.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPainter, QPixmap

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
        self.figure_group = QActionGroup(self)
        self.figure_actions: dict[tuple, QAction] = {}
        self.menu = self.figure_menu = None

    def install(self, menu_bar, before) -> None:
        self.menu = menu_bar.addMenu("")
        menu_bar.insertMenu(before, self.menu)
        self.menu.addAction(self.dock)
        self.menu.addSeparator()
        self.menu.addActions(list(self.new.values()))
        self.menu.addSeparator()
        self.menu.addAction(self.cases_overlay)
        self.figure_menu = self.menu.addMenu("")

    def _fill_figure_menu(self) -> None:
        checked = self.figure_group.checkedAction()
        chosen = checked.data() if checked is not None else (None, None)
        self.figure_menu.clear()
        for action in self.figure_actions.values():
            self.figure_group.removeAction(action)
            action.deleteLater()
        self.figure_actions = {}
        self.figure_menu.addAction(self._figure_action(None, None, self.tr("无专题图")))
        for layer, title in (("grids", self.tr("按网格")), ("communities", self.tr("按社区"))):
            sub = self.figure_menu.addMenu(title)
            for field in FIGURES:
                sub.addAction(self._figure_action(layer, field, figure_title(field)))
        self.check_figure(*chosen)

    def _figure_action(self, layer, field, text) -> QAction:
        action = QAction(text, self, checkable=True)
        action.setData((layer, field))
        self.figure_group.addAction(action)
        action.triggered.connect(lambda _=False, l=layer, f=field: self.figureChosen.emit(l, f))
        self.figure_actions[(layer, field)] = action
        return action

    def check_figure(self, layer, field) -> None:
        action = self.figure_actions.get((layer, field)) or self.figure_actions.get((None, None))
        if action is not None:
            action.setChecked(True)

    def retranslate(self) -> None:
        self.dock.setText(self.tr("三项清单与事件(&L)"))
        self.new["needs"].setText(self.tr("登记需求…"))
        self.new["resources"].setText(self.tr("登记资源…"))
        self.new["cases"].setText(self.tr("登记事件…"))
        self.cases_overlay.setText(self.tr("在地图上显示未办结事件"))
        self.cases_overlay.setToolTip(self.tr("按状态着色的点，超期的为红色"))
        if self.menu is not None:
            self.menu.setTitle(self.tr("三项清单(&L)"))
            self.figure_menu.setTitle(self.tr("清单专题图（分级设色）"))
            self._fill_figure_menu()


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
