"""Grid editing in the main window: assignment tools, grid redesign, balance, topology, plans.

Wires :mod:`gui.editing` into the window: the map tools join the window's
exclusive tool group (so they behave like pan or select), an "编辑网格"
toolbar carries them with the brush settings, a "网格编辑" menu holds the
grid, finder, CSV and check actions, and three docks show the balance, the
topology problems and the plans. One :class:`~gui.editing.session.EditSession`
per open project is the path from these widgets to the undo stack; the
attribute table's cell edits are pushed by the runner given to the table
(:meth:`~gui.docks.attribute_dock.AttributeDock.set_edit_runner`), and its
context menu, like the identify panel's and the tree's, comes from
:class:`~gui.editing.member_actions.MemberActions`.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

from . import Feature as BaseFeature
from ..editing.balance_dock import BalanceDock
from ..editing.brush_options import BrushOptionsBar
from ..editing.brush_tool import ASSIGN_TOOLS
from ..editing.csv_dialogs import AssignmentCsv
from ..editing.finders import FinderActions
from ..editing.grid_dialogs import GridActions
from ..editing.icons import tool_icon
from ..editing.delete_actions import DeleteActions
from ..editing.gap_fixes import GapFixActions
from ..editing.member_actions import MemberActions
from ..editing.org_tree_actions import OrgTreeActions
from ..editing.overlays import BalanceOverlay
from ..editing.plan_dock import PlanDock
from ..editing.session import EditSession
from ..editing.split_tool import SplitLineTool
from ..editing.station_tool import StationTool
from ..editing.topology_dock import TopologyDock
from ..map.after_frame import AfterFrame
from ..map.canvas import register_tool
from ..undo import run_and_push

EDIT_TOOLS = (*ASSIGN_TOOLS, SplitLineTool, StationTool)
for _tool in EDIT_TOOLS:
    register_tool(_tool.name, _tool)


class Texts(QObject):
    """The feature's translatable texts (a QObject so lupdate and tr() share one context)."""

    def tool_texts(self) -> dict:
        return {"edit_brush": self.tr("画笔分配"), "edit_assign_rect": self.tr("点选/框选分配"),
                "edit_assign_lasso": self.tr("套索分配"), "edit_split": self.tr("画线拆分网格"),
                "edit_station": self.tr("服务站编辑")}

    def tool_tips(self) -> dict:
        return {"edit_brush": self.tr("按住拖动：画笔经过的楼栋分配到目标网格（一笔为一步撤销）"),
                "edit_assign_rect": self.tr("单击楼栋或拉框：分配到目标网格"),
                "edit_assign_lasso": self.tr("画一圈：圈到的楼栋分配到目标网格"),
                "edit_split": self.tr("拖出一条穿过网格的线（按住 Shift 单击可加折点）：较小的一侧成为新网格"),
                "edit_station": self.tr("单击空白处新建规划服务站；拖动服务站移动它；单击服务站查看并修改")}

    def action_texts(self) -> dict:
        return {"new": self.tr("新建网格…"), "rename": self.tr("重命名网格…"), "merge": self.tr("合并所选网格…"),
                "delete": self.tr("删除网格…"), "split_selected": self.tr("按所选楼栋拆分网格"),
                "export_csv": self.tr("导出楼栋分配 CSV…"), "import_csv": self.tr("导入楼栋分配 CSV…"),
                "topology": self.tr("检查拓扑"), "overlay": self.tr("在地图上标出超出区间的网格"),
                "draft": self.tr("自动划分网格…"), "siting": self.tr("服务站选址…")}

    def titles(self) -> dict:
        return {"menu": self.tr("网格编辑(&G)"), "toolbar": self.tr("编辑网格"), "find": self.tr("查找(&F)")}


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.session = None
        self.texts = Texts(window)
        getter = lambda: self.session  # noqa: E731 (helpers ask for the session of the moment)
        self.grid_actions = GridActions(window, getter)
        self.member_actions = MemberActions(window, getter)
        self.gap_fixes = GapFixActions(window, getter)
        self.org_tree_actions = OrgTreeActions(window, getter)
        self.delete_actions = DeleteActions(window, getter)
        self.csv = AssignmentCsv(window, getter)
        self.finders = FinderActions(window, getter)
        self._build_tool_actions()
        self._build_actions()
        self._build_toolbar()
        self._build_menu()
        self._build_docks()
        # the panels follow an edit once the map shows it: compactness, the plan list and the
        # target list refilled before that held the render thread's lock (~10 ms per edit)
        self._refresh_later = AfterFrame(lambda: getattr(window, "canvas", None), self._refresh_views, parent=window)
        self._pending_grids: set = set()
        self._grid_list_changed = False
        self.retranslate()

    # ------------------------------------------------------------ building
    def _action(self, name, slot=None, checkable=False) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"action_{name}")
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda _=False: slot())
        return action

    def _build_tool_actions(self) -> None:
        self.tool_actions = {}
        for cls in EDIT_TOOLS:
            action = self._action(f"tool_{cls.name}", checkable=True)
            action.setData(cls.name)  # the window's tool group hands data() to canvas.set_tool
            action.setIcon(tool_icon(cls.name))
            self.window.actions.tools.addAction(action)
            self.tool_actions[cls.name] = action
        self.tool_actions["edit_brush"].setShortcut("B")

    def _build_actions(self) -> None:
        g = self.grid_actions
        self.actions = {
            "new": self._action("grid_new", g.new_grid), "rename": self._action("grid_rename", g.rename_grid),
            "merge": self._action("grid_merge", g.merge_grids), "delete": self._action("grid_delete", g.delete_grid),
            "split_selected": self._action("grid_split_selected", g.split_selected),
            "export_csv": self._action("assignment_export", self.csv.export),
            "import_csv": self._action("assignment_import", self.csv.import_),
            "topology": self._action("topology_check", self._run_topology),
            "overlay": self._action("balance_overlay", self._toggle_overlay, checkable=True),
            "draft": self._action("grid_draft", self._draft),
            "siting": self._action("station_siting", self._site_stations),
        }
        self.actions["overlay"].setChecked(True)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.window)
        self.toolbar.setObjectName("EditGridToolBar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions(list(self.tool_actions.values()))
        self.toolbar.addSeparator()
        self.brush_bar = BrushOptionsBar(self.toolbar)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.actions["new"], self.actions["merge"], self.actions["delete"]])
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        self.menu = bar.addMenu("")
        bar.insertMenu(self.window.analysis_menu.menuAction(), self.menu)
        self.menu.addActions(list(self.tool_actions.values()))
        self.menu.addSeparator()
        for name in ("new", "rename", "merge", "delete", "split_selected"):
            self.menu.addAction(self.actions[name])
        self.menu.addSeparator()
        self.menu.addActions([self.actions["draft"], self.actions["siting"]])
        self.menu.addSeparator()
        self.find_menu = self.menu.addMenu("")
        self.find_menu.addActions(list(self.finders.actions.values()))
        self.menu.addActions([self.actions["topology"], self.actions["overlay"]])
        self.menu.addSeparator()
        self.menu.addActions([self.actions["export_csv"], self.actions["import_csv"]])
        self.window.tools_menu.addSeparator()
        self.window.tools_menu.addActions(list(self.tool_actions.values()))

    def _build_docks(self) -> None:
        w = self.window
        self.balance_dock = BalanceDock(w)
        self.topology_dock = TopologyDock(w)
        self.plan_dock = PlanDock(w, lambda: self.session, self.csv)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.balance_dock)
        w.tabifyDockWidget(w.identify_dock, self.balance_dock)
        w.tabifyDockWidget(w.identify_dock, self.plan_dock)
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.topology_dock)
        w.tabifyDockWidget(w.attribute_dock, self.topology_dock)
        w.attribute_dock.raise_()
        w.resizeDocks([self.balance_dock], [480], Qt.Orientation.Horizontal)  # room for the figures
        for dock in (self.balance_dock, self.topology_dock, self.plan_dock):
            w.view_menu.insertAction(w.language_menu.menuAction(), dock.toggleViewAction())
        w.identify_dock.menu_providers.append(self.member_actions.identify_menu)
        w.org_dock.menu_providers.append(self.member_actions.tree_menu)
        w.org_dock.menu_providers.append(self.org_tree_actions.tree_menu)
        if getattr(w, "gap_dock", None) is not None:  # the coverage feature's gap list
            w.gap_dock.menu_providers.append(self.gap_fixes.gap_menu)
        w.org_dock.drop_handler = self.member_actions.tree_drop
        w.attribute_dock.add_context_provider(self.member_actions.table_menu)
        w.attribute_dock.add_context_provider(self.delete_actions.table_menu)

    def retranslate(self) -> None:
        t = self.texts
        tips = t.tool_tips()
        for name, text in t.tool_texts().items():
            self.tool_actions[name].setText(text)
            self.tool_actions[name].setToolTip(tips[name])
        for name, text in t.action_texts().items():
            self.actions[name].setText(text)
        titles = t.titles()
        self.menu.setTitle(titles["menu"])
        self.find_menu.setTitle(titles["find"])
        self.toolbar.setWindowTitle(titles["toolbar"])
        self.brush_bar.retranslate()
        self.finders.retranslate()

    # ------------------------------------------------------------ project life cycle
    def project_opened(self) -> None:
        w = self.window
        self.session = EditSession(w, w.project)
        self.overlay = BalanceOverlay(self.session)
        self.overlay.visible = self.actions["overlay"].isChecked()
        w.canvas.add_overlay(self.overlay)
        self.balance_dock.set_session(self.session)
        self.brush_bar.set_session(self.session)
        self.plan_dock.refresh()
        self.topology_dock.clear()
        self.session.previewChanged.connect(lambda _p: w.canvas.update())
        self.session.targetChanged.connect(lambda _g: w.canvas.update())
        self.session.balanceChanged.connect(lambda _g: w.canvas.update())  # band outlines follow rules too
        w.events.layerChanged.connect(self._on_layer_changed)
        # table cells edit straight onto the undo stack: a refusal goes to the status bar
        # (CellEditor), not through session.run, whose warning dialog would interrupt typing
        project = self.session.project
        w.attribute_dock.set_edit_runner(lambda command: run_and_push(w.undo_stack, project, command))

    def project_closing(self) -> None:
        if self.session is None:
            return
        self.window.canvas.remove_overlay(self.overlay)
        self.window.canvas.remove_overlay(self.topology_dock.marker)
        self.balance_dock.set_session(None)
        self.brush_bar.set_session(None)
        self.window.attribute_dock.set_edit_runner(None)
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self.topology_dock.clear()

    # ------------------------------------------------------------ following edits
    def _on_layer_changed(self, event) -> None:
        if event.layer == "grids":
            changed = set(event.ids) | set(event.inserted) | set(event.deleted)
            if event.inserted or event.deleted or "geometry" in event.columns:
                self.overlay.paths.invalidate(changed)
                self._pending_grids |= changed
            # the target list names every grid (~0.1 s to refill at district scale): not per outline
            self._grid_list_changed = self._grid_list_changed or bool(
                event.inserted or event.deleted or event.columns & {"name", "community_id"})
        self._pending_layers = getattr(self, "_pending_layers", set()) | {event.layer}
        self._refresh_later.request()  # one refresh per command, however many layers it touched

    def _refresh_views(self) -> None:
        if self.session is None:
            return
        layers, self._pending_layers = getattr(self, "_pending_layers", set()), set()
        grids, self._pending_grids = self._pending_grids, set()
        if grids:
            self.balance_dock.geometry_changed(grids)
        if self._grid_list_changed:
            self._grid_list_changed = False
            self.brush_bar.fill()
        if layers & {"plans", "grids"}:
            self.plan_dock.refresh()
        shown = self.window.identify_dock.shown()
        if shown is not None and layers - {"plan_assignments", "plan_grids"}:
            if shown[1] in self.session.project[shown[0]].index:
                self.window.identify_dock.show_feature(*shown)  # stale text after an edit misleads
            else:
                self.window.identify_dock.clear()
        self.window.canvas.update()

    def _toggle_overlay(self) -> None:
        if self.session is not None:
            self.overlay.visible = self.actions["overlay"].isChecked()
            self.window.canvas.update()

    def _draft(self):
        from ..editing.draft_dialog import draft_from_dialog  # noqa: PLC0415 (only when asked)

        self.last_comparison = draft_from_dialog(self.window, self.session)
        return self.last_comparison

    def _site_stations(self):
        from ..editing.siting_dialog import siting_from_dialog  # noqa: PLC0415 (only when asked)

        return siting_from_dialog(self.window, self.session)

    def _run_topology(self) -> None:
        self.topology_dock.show()
        self.topology_dock.raise_()
        self.topology_dock.run_check()
