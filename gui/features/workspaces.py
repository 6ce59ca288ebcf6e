"""Workspaces: where the docks start, one set of panels per role, and a View menu that restores any.

The map gets most of the window: all panels share one column on the right
(layers and the organization tree on top; identify, balance, plans, charts
and history tabbed below, identify in front), the two toolbars share one
row, and the bottom panels (attribute table, topology, gap list, lists) start
hidden. View → 工作区 shows the panels a role needs and hides the rest:

========  =========================================================
默认       layers, tree, identify, balance, plans, history; both toolbars
规划       layers, identify, balance (in front), plans, history; both toolbars
组织       tree (in front), layers, identify, charts, gap list, lists; map toolbar
演示       the map and its toolbar only
========  =========================================================

This feature is installed last (features install in name order), so every
other feature's docks and toolbars exist when it arranges them. A layout the
user left last time (QSettings, restored by the window afterwards) wins over
this default; View lists every dock and toolbar, so any can be brought back.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QToolBar

from . import Feature as BaseFeature

#: Width (pixels) of the panel column at the start: room for the identify text and the balance figures.
COLUMN_WIDTH = 330
#: Height (pixels) of the layers/tree pane at the top of the column.
TOP_PANE_HEIGHT = 300

TOP = ("LayersDock", "OrgTreeDock")
TABBED = ("IdentifyDock", "BalanceDock", "PlanDock", "ChartsDock", "UndoHistoryDock")
BOTTOM = ("AttributeDock", "TopologyDock", "GapDock", "ListsDock")


@dataclass(frozen=True)
class Workspace:
    """The docks and toolbars (object names) one role sees; ``front`` are raised in their tab stacks."""

    docks: tuple
    toolbars: tuple
    front: tuple = ()


WORKSPACES = {
    "default": Workspace(("LayersDock", "OrgTreeDock", "IdentifyDock", "BalanceDock", "PlanDock",
                          "UndoHistoryDock"), ("MapToolBar", "EditGridToolBar"), ("LayersDock", "IdentifyDock")),
    "planner": Workspace(("LayersDock", "IdentifyDock", "BalanceDock", "PlanDock", "UndoHistoryDock"),
                         ("MapToolBar", "EditGridToolBar"), ("LayersDock", "BalanceDock")),
    "officer": Workspace(("OrgTreeDock", "LayersDock", "IdentifyDock", "ChartsDock", "GapDock", "ListsDock"),
                         ("MapToolBar",), ("OrgTreeDock", "ChartsDock")),
    "presenter": Workspace((), ("MapToolBar",)),
}


class WorkspaceTexts(QObject):
    """The feature's translatable texts (a QObject so lupdate and tr() share one context)."""

    def names(self) -> dict:
        return {"default": self.tr("默认"), "planner": self.tr("规划"), "officer": self.tr("组织"),
                "presenter": self.tr("演示")}

    def menus(self) -> dict:
        return {"workspaces": self.tr("工作区(&W)"), "toolbars": self.tr("工具栏(&T)"),
                "panels": self.tr("面板")}


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.texts = WorkspaceTexts(window)
        self.current = "default"
        self._build_menus()
        self.apply("default")
        self.retranslate()

    # ------------------------------------------------------------ finding things
    def docks(self) -> dict:
        return {d.objectName(): d for d in self.window.findChildren(QDockWidget) if d.objectName()}

    def toolbars(self) -> dict:
        return {t.objectName(): t for t in self.window.findChildren(QToolBar) if t.objectName()}

    # ------------------------------------------------------------ the default arrangement
    def arrange(self) -> None:
        """Put every dock in its place (one right-hand column, bottom panels tabbed) and the toolbars in one row."""
        w, docks = self.window, self.docks()
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        top = [docks[n] for n in TOP if n in docks]
        tabbed = [docks[n] for n in TABBED if n in docks]
        below = [docks[n] for n in BOTTOM if n in docks]
        for dock in top + tabbed + below:
            w.removeDockWidget(dock)
        w.addDockWidget(right, top[0])
        w.addDockWidget(right, tabbed[0])
        w.splitDockWidget(top[0], tabbed[0], Qt.Orientation.Vertical)
        for first, rest in ((top[0], top[1:]), (tabbed[0], tabbed[1:])):
            for dock in rest:
                w.tabifyDockWidget(first, dock)
        if below:
            w.addDockWidget(bottom, below[0])
            for dock in below[1:]:
                w.tabifyDockWidget(below[0], dock)
        w.resizeDocks([top[0]], [COLUMN_WIDTH], Qt.Orientation.Horizontal)
        w.resizeDocks([top[0]], [TOP_PANE_HEIGHT], Qt.Orientation.Vertical)
        edit_bar = self.toolbars().get("EditGridToolBar")
        if edit_bar is not None:
            w.removeToolBarBreak(edit_bar)  # one row of toolbars: the map keeps the height

    def apply(self, name: str) -> None:
        """Show the panels and toolbars of workspace ``name`` and hide the others."""
        space = WORKSPACES[name]
        if name == "default":
            self.arrange()  # also puts back panels the user dragged elsewhere (or a layout from before)
        for dock_name, dock in self.docks().items():
            dock.setVisible(dock_name in space.docks)
        for bar_name, bar in self.toolbars().items():
            bar.setVisible(bar_name in space.toolbars)
        docks = self.docks()
        for dock_name in space.front:
            docks[dock_name].raise_()
        self.current = name
        self.workspace_actions[name].setChecked(True)

    # ------------------------------------------------------------ View menu
    def _build_menus(self) -> None:
        w = self.window
        self.workspace_menu = w.view_menu.addMenu("")
        w.view_menu.insertMenu(w.view_menu.actions()[0], self.workspace_menu)
        group = QActionGroup(self.workspace_menu)
        self.workspace_actions = {}
        for name in WORKSPACES:
            action = QAction(self.workspace_menu, checkable=True)
            action.setObjectName(f"action_workspace_{name}")
            action.triggered.connect(lambda _=False, n=name: self.apply(n))
            group.addAction(action)
            self.workspace_menu.addAction(action)
            self.workspace_actions[name] = action
        self.panels_label = QAction(w.view_menu)
        self.panels_label.setEnabled(False)
        # every panel listed once, in the column's order, then the toolbars, then the rest of View
        first_other = next(a for a in w.view_menu.actions() if a.isSeparator())
        docks = self.docks()
        order = [n for n in TOP + TABBED + BOTTOM if n in docks] + sorted(set(docks) - set(TOP + TABBED + BOTTOM))
        w.view_menu.insertAction(first_other, self.panels_label)
        w.view_menu.insertSeparator(self.panels_label)
        for name in order:
            w.view_menu.insertAction(first_other, docks[name].toggleViewAction())  # moves it if listed
        self.toolbar_menu = w.view_menu.addMenu("")
        w.view_menu.insertMenu(first_other, self.toolbar_menu)
        self.toolbar_menu.addActions([bar.toggleViewAction() for bar in self.toolbars().values()])

    def retranslate(self) -> None:
        names, menus = self.texts.names(), self.texts.menus()
        for name, action in self.workspace_actions.items():
            action.setText(names[name])
        self.workspace_menu.setTitle(menus["workspaces"])
        self.toolbar_menu.setTitle(menus["toolbars"])
        self.panels_label.setText(menus["panels"])
