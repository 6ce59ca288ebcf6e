"""The main window: map in the middle, docks around it, menus, map-tool toolbar, status bar.

The window owns the open :class:`geo.project.Project`, its
:class:`geo.selection.Selection` (shared by the map, the tables and the tree)
and the canvas's layer stack. Opening another project builds all three anew;
if the file cannot be opened a message names the file and the problem and
the current project stays open.

At launch the window shows with its menus, toolbar and an empty map first
(``MainWindow(defer_features=True)``); the panels and the features, whose
imports take seconds (pandas, geopandas, pyqtgraph), come in later
(:meth:`MainWindow.add_features`). Until then empty placeholder panels hold
their places at their final sizes, so the map has its final size from the
first paint: the first view is read for that size at once and drawn before the
panels are built (they come in just after its first frame).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QPainter, QUndoStack
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QMainWindow, QMessageBox,
                               QToolBar, QWidget)

from geo.collector import thaw
from geo.selection import Selection

from .actions import ICONS, WindowActions
from .features import install_features
from .app import cjk_family
from .map.after_frame import AfterFrame
from .models.event_bridge import ProjectEvents
from .widgets.map_notice import MapNotice
from .widgets.map_status import MapStatusWidget
from .models.recent_projects import RecentProjects

DEFAULT_SIZE = (1440, 900)

#: The panels (object name, title as their own class translates it, minimum size): the
#: placeholders that hold their places before they are built carry the same names, so that a
#: saved layout (QMainWindow.restoreState) places and sizes them as it will the panels, and
#: the panels' minimum sizes (as measured with the bundled fonts), which can make the window
#: grow: the map must not change size when the panels replace them (tests/test_first_frame.py).
PANELS = (("LayersDock", "图层", (184, 514)), ("OrgTreeDock", "党组织", (78, 128)),
          ("IdentifyDock", "识别结果", (70, 89)), ("AttributeDock", "属性表", (146, 129)),
          ("UndoHistoryDock", "操作历史", (146, 253)))


class PanelPlaceholder(QDockWidget):
    """An empty panel saying 「正在加载…」 in the place and size of the panel to come.

    It has no widget: the opening covers only panels with contents
    (gui.opening), and there is nothing here to build twice.
    """

    def __init__(self, name: str, title: str, minimum, parent):
        super().__init__(parent)
        self.setObjectName(name)
        self.setMinimumSize(*minimum)
        self._title = title
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate(self.objectName(), self._title))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                         QCoreApplication.translate("LoadingCover", "正在加载…"))
        painter.end()


def make_canvas(project, selection, styles):
    from .map.canvas import MapCanvas

    return MapCanvas(project, selection, styles)


class MainWindow(QMainWindow):
    def __init__(self, project=None, defer_features=False):
        """``defer_features``: the window without its features (gui.features) until
        :meth:`add_features`, so that it can show before their imports and widgets are made."""
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowIcon(QIcon(str(ICONS / "app.svg")))
        self.project = self.selection = self.styles = self.canvas = self.events = self.notice = None
        self.highlight = None
        self._street, self._street_edits = None, 0  # see _street_name
        self._coverage = self._lock = None
        self._opening_loading = False
        self._held_layout = None  # see set_project
        self.opening = None  # a project loading behind the window (gui.opening), if any
        self.recent = RecentProjects()
        self.actions = WindowActions(self)
        self.undo_stack = QUndoStack(self)
        self.layers_dock = self.org_dock = self.identify_dock = self.attribute_dock = None
        self.undo_dock, self.features, self._built = None, [], False
        self._placeholders = []  # the panels' places before they are built (defer_features)
        self._build_menus()
        self._build_toolbar()
        if defer_features:
            self._place_placeholders()
        else:
            self.add_features()
        self.status = MapStatusWidget(self)
        # counts and plan name follow edits, once per command however many layers it wrote, after
        # the edit's frame: before it they hold the GUI thread (and Python's lock) the frame needs
        self._status_later = AfterFrame(lambda: self.canvas, self._refresh_status, parent=self)
        self.statusBar().addPermanentWidget(self.status)
        self._connect_actions()
        self.retranslate()
        self._restore_layout()
        self._built = True
        if project is not None:
            self.set_project(project)

    # ------------------------------------------------------------ building
    def _build_docks(self) -> None:
        """The panels: with the features, since their models import pandas and geopandas (~1 s)."""
        from .docks.attribute_dock import AttributeDock
        from .docks.identify_dock import IdentifyDock
        from .docks.layers_dock import LayersDock
        from .docks.org_tree_dock import OrgTreeDock
        from .docks.undo_history_dock import UndoHistoryDock

        self.layers_dock, self.org_dock = LayersDock(self), OrgTreeDock(self)
        self.identify_dock, self.attribute_dock = IdentifyDock(self), AttributeDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layers_dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.org_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.identify_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.attribute_dock)
        self.resizeDocks([self.layers_dock, self.identify_dock], [300, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.attribute_dock], [220], Qt.Orientation.Vertical)
        self.resizeDocks([self.layers_dock, self.org_dock], [300, 500], Qt.Orientation.Vertical)
        self.undo_dock = UndoHistoryDock(self.undo_stack, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.tabifyDockWidget(self.identify_dock, self.undo_dock)
        self.identify_dock.raise_()
        self.view_menu.insertActions(self._panels_end, [d.toggleViewAction() for d in (
            self.layers_dock, self.org_dock, self.identify_dock, self.attribute_dock, self.undo_dock)])
        self.org_dock.jumpRequested.connect(self.zoom_to_feature)
        self.identify_dock.shownChanged.connect(self._outline_identified)
        # the select tools take what is under the cursor, or only the layers panel's current layer
        self.layers_dock.currentLayerChanged.connect(lambda _name: self._apply_selection_scope())

    def _place_placeholders(self) -> None:
        """The placeholders where the panels will be: in the default workspace's places
        (arranged by that feature's own rule, which the panels get when they come in),
        made the first time."""
        from types import SimpleNamespace

        from .features.workspaces import WORKSPACES, Feature as Workspaces

        if not self._placeholders:
            # the map's place: without a central widget the docks would take the whole window
            self.setCentralWidget(QWidget(self))
            self._placeholders = [PanelPlaceholder(*panel, self) for panel in PANELS]
            for placeholder in self._placeholders:  # arrange() moves docks already in the window
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, placeholder)
        docks = {p.objectName(): p for p in self._placeholders}
        Workspaces.arrange(SimpleNamespace(window=self, docks=lambda: docks, toolbars=dict))
        space = WORKSPACES["default"]
        for name, placeholder in docks.items():
            placeholder.setVisible(name in space.docks)
        for name in space.front:
            if name in docks:
                docks[name].raise_()

    def _build_menus(self) -> None:
        a, bar = self.actions, self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(a.new)
        self.file_menu.addAction(a.open)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addAction(a.save_as)
        self.file_menu.addSeparator()
        self.file_menu.addAction(a.import_data)
        self.export_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.file_menu.addAction(a.quit)
        self.edit_menu = bar.addMenu("")
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.view_menu = bar.addMenu("")
        self._panels_end = self.view_menu.addSeparator()  # the panels' toggles come before it
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions([a.lang_zh, a.lang_en])
        self.tools_menu = bar.addMenu("")
        for action in a.map_actions():
            self.tools_menu.addSeparator() if action is None else self.tools_menu.addAction(action)
        self.tools_menu.addAction(a.clear_selection)
        self.tools_menu.addAction(a.restrict_selection)
        self.analysis_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(a.about)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("MapToolBar")
        for action in self.actions.map_actions():
            self.toolbar.addSeparator() if action is None else self.toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def add_features(self) -> bool:
        """Build the panels and install the features (their docks, actions, menus and tools)
        unless they are in already; True when the map is to be measured again (gui.opening):
        the panels came in now, or their placeholders stand in for them.

        While an opening loads, the placeholders stand in for the panels (the map has its
        final size already): the panels come in with the project (:meth:`_panels_follow_model`).
        """
        if self.layers_dock is not None:
            return False
        if self._panels_wait_for_model():
            # placed again around the opening's map: a new central widget of a shown window
            # gets only its minimum width from Qt, the docks the rest
            self._place_placeholders()
            self.restoreState(QSettings().value("window/state", b""))
        else:
            self._build_features()
        return True

    def _build_features(self) -> None:
        # the placeholders go first: kept beside the panels, their minimum heights and the
        # panels' would add up and stretch the window. The map may be laid out wider until
        # the panels are in place: nothing is painted meanwhile
        shown = self.isVisible() and self.updatesEnabled()
        if shown:
            self.setUpdatesEnabled(False)
        for placeholder in self._placeholders:
            self.removeDockWidget(placeholder)
            placeholder.setParent(None)  # gone from the window's children now, deleted later
            placeholder.deleteLater()
        self._placeholders = []
        try:
            self._build_docks()
            self.features = install_features(self)
            if self._built:  # a window shown before its panels: catch them up
                for feature in self.features:
                    feature.retranslate()
                self.restoreState(QSettings().value("window/state", b""))  # their docks' saved places
        finally:
            if shown:
                self.setUpdatesEnabled(True)

    def _panels_wait_for_model(self) -> bool:
        """Whether the placeholders wait for an opening's model: its first frame comes sooner, and
        the model too, without the panels' imports and widgets ahead of them."""
        return bool(self._placeholders) and self.opening is not None and self._opening_loading

    def _panels_follow_model(self, opening) -> None:
        """Keep the placeholders until ``opening``'s model is in: the panels come with it.

        Built while the model loads, the panels' widgets and imports (~1 s of Python at
        city scale) shared Python's lock with the loader: the window stopped answering
        for seconds and the model came that much later, for panels that could only say
        「正在加载…」, as the placeholders do. A failed opening brings the panels in at
        once, so that the window is usable.
        """
        self._opening_loading = True

        def ended(*_args):
            if self.opening is opening:
                self._opening_loading = False

        def failed(*_args):
            ended()
            # after the other slots: a launch that quits on a failed opening needs no panels
            QTimer.singleShot(0, self, self._panels_without_project)

        opening.modelLoaded.connect(ended)
        opening.failed.connect(failed)

    def _panels_without_project(self) -> None:
        """The panels of a window left with no opening and no project (its opening failed)."""
        if self.layers_dock is None and self.project is None and not self._panels_wait_for_model():
            self._build_features()

    def _connect_actions(self) -> None:
        a = self.actions
        a.new.triggered.connect(self.new_project_dialog)
        a.open.triggered.connect(self.open_dialog)
        a.save_as.triggered.connect(self.save_as_dialog)
        a.import_data.triggered.connect(self.import_dialog)
        a.quit.triggered.connect(self.close)
        a.about.triggered.connect(self.show_about)
        a.zoom_in.triggered.connect(lambda: self.zoom_by(2.0))
        a.zoom_out.triggered.connect(lambda: self.zoom_by(0.5))
        a.zoom_full.triggered.connect(lambda: self.canvas.zoom_full())
        a.zoom_selection.triggered.connect(self.zoom_to_selection)
        a.clear_selection.triggered.connect(lambda: self.selection.clear())
        a.restrict_selection.toggled.connect(lambda _on: self._apply_selection_scope())
        a.tools.triggered.connect(lambda action: self.canvas.set_tool(action.data()))
        a.lang_zh.triggered.connect(lambda: self.set_language("zh"))
        a.lang_en.triggered.connect(lambda: self.set_language("en"))

    # ------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.actions.retranslate()
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.recent_menu.setTitle(self.tr("最近打开(&R)"))
        self.export_menu.setTitle(self.tr("导出(&E)"))
        self.edit_menu.setTitle(self.tr("编辑(&E)"))
        self.analysis_menu.setTitle(self.tr("分析(&N)"))
        self.undo_action.setText(self.tr("撤销(&U)"))
        self.redo_action.setText(self.tr("重做(&R)"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.language_menu.setTitle(self.tr("界面语言(&L)"))
        self.tools_menu.setTitle(self.tr("地图工具(&M)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.toolbar.setWindowTitle(self.tr("地图工具"))
        lang = QSettings().value("ui/language", "zh")
        (self.actions.lang_en if lang == "en" else self.actions.lang_zh).setChecked(True)
        self._update_title()
        for feature in getattr(self, "features", ()):
            feature.retranslate()

    def _update_title(self) -> None:
        title = self.tr("GridAtlas 党建网格一张图")
        if self.project is not None:
            # a file's name, or a server project's URL (geo.postgis: never with a password)
            name = Path(self.project.path).name if self.project.path else self.project.location
            title = f"{self._street_name()} — {name} — {title}" if name else title
            plan = self.status.plan_text() if getattr(self, "status", None) else ""
            title = f"{plan} — {title}" if plan else title
        self.setWindowTitle(title)

    def _street_name(self) -> str:
        """The project's street name, asked of the project again only when what it is read from
        (communities, organizations) may have changed: pandas takes ~5 ms for it at district scale,
        and the title follows every edit."""
        # the frames themselves, not their ids (a new frame may take a dropped one's id)
        frames = (self.project, self.project["communities"], self.project["organizations"])
        kept = self._street
        if kept is None or kept[1] != self._street_edits or any(a is not b for a, b in zip(kept[0], frames)):
            self._street = kept = (frames, self._street_edits, self.project.street_name)
        return kept[2]

    def _on_layer_changed(self, event) -> None:
        if event.layer in ("communities", "organizations"):
            self._street_edits += 1  # an edit in place keeps the frame's identity
        self._status_later.request()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it (QSettings ``ui/language``)."""
        from .app import install_translator

        QSettings().setValue("ui/language", lang)
        install_translator(QApplication.instance(), lang)
        # Qt posts the widgets' LanguageChange events: deliver them now, so the window speaks
        # the new language when this returns (menus, docks and their tabs alike)
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    # ------------------------------------------------------------ the project
    def set_project(self, project, preview=None) -> None:
        """Show ``project``; ``preview`` = (canvas, layer snapshots) of a progressive opening
        (:mod:`gui.opening`): the new map continues from it before any panel asks the map."""
        from .map.empty_hint import EmptyProjectHint
        from .map.layer_style import LayerStack
        from .widgets.identify_highlight import IdentifyHighlight

        if self.layers_dock is None:  # a project opened in a window shown without them
            self._build_features()
        self._close_project()
        self.project, self.selection = project, Selection()
        self.events = ProjectEvents(project, self.selection, self)
        self.styles = LayerStack.default()
        self.canvas = make_canvas(project, self.selection, self.styles)
        self.canvas.warm_colours = True  # the window's map, once the whole project is in (see MapCanvas)
        if preview is not None:
            self.canvas.take_over(*preview)
        self.setCentralWidget(self.canvas)
        held, self._held_layout = self._held_layout, None
        if held is not None:
            # a shown window lays a new central widget out at its minimum width and gives the
            # docks the rest: the layout from before the map changed hands is put back once
            # Qt has done so (restoring it earlier is undone by that layout)
            QTimer.singleShot(0, self, lambda: self.restoreState(held))
        self.status.connect_canvas(self.canvas)
        self.canvas.featureClicked.connect(self.identify)
        self.canvas.add_overlay(EmptyProjectHint(project, cjk_family()))
        self.notice = MapNotice(self.canvas, cjk_family())
        self.highlight = IdentifyHighlight(self.canvas, project)
        self.canvas.set_tool(self.actions.tools.checkedAction().data())
        self.layers_dock.set_stack(self.styles, project)
        self._apply_selection_scope()
        self.org_dock.set_project(project, self.selection, self.events)
        self.attribute_dock.set_project(project, self.selection, self.events)
        self.identify_dock.set_project(project)
        self.undo_dock.set_project(project)
        if project.path:
            self.recent.add(project.path)
        self.status.show_project(project)
        self._update_title()
        self.events.layerChanged.connect(self._on_layer_changed)
        self._take_write_lock(project)
        for feature in self.features:
            feature.project_opened()

    def _refresh_status(self) -> None:
        if self.project is not None:
            self.status.show_project(self.project)
            self._update_title()

    def coverage(self):
        """The live coverage figures of the open project, computed on first use."""
        if self._coverage is None and self.project is not None:
            from geo.coverage.model import CoverageModel

            self._coverage = CoverageModel(self.project)
        return self._coverage

    def _take_write_lock(self, project) -> None:
        """Warn (without blocking) when another window or process is editing this file."""
        from geo.editing.lock import ProjectLocked, acquire_write_lock

        if not project.path:
            return
        try:
            self._lock = acquire_write_lock(project.path)
        except ProjectLocked as exc:
            self._lock = None
            text = self.tr("另一个窗口或程序正在编辑此项目，两边的修改可能互相覆盖：\n{who}").format(who=str(exc))
            self.statusBar().showMessage(text)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("项目正被编辑"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setModal(False)
            box.show()
            self.lock_warning = box

    def _close_project(self) -> None:
        if self.project is None:
            return
        self._street = None  # it holds the project's frames: a city's would live through the next load
        for feature in self.features:
            feature.project_closing()
        self.undo_stack.clear()  # its commands refer to the project being closed
        self.undo_dock.set_project(None)
        if self._coverage is not None:
            self._coverage.close()
            self._coverage = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.events.detach()
        self.events.deleteLater()
        self.highlight = self.notice = None  # overlays of the canvas going away
        old_canvas = self.takeCentralWidget()
        if old_canvas is not None:
            old_canvas.close()  # the canvas waits for its render thread in closeEvent
            old_canvas.deleteLater()
        self.project.close()
        self.project = None
        thaw()  # cycles among the closed project's objects are collected by the next full collection

    def open_in_background(self, path, bbox=None):
        """Show ``path`` now and load it behind the map (see :mod:`gui.opening`).

        The first view (``bbox`` in the project CRS, else the whole project)
        is drawn from a partial read; editing and the panels that need the full
        model wait for it. Returns the :class:`~gui.opening.ProgressiveOpening`
        (``finished(project)``, ``failed(message)``).
        """
        from .opening import ProgressiveOpening

        self._cancel_opening()
        self._close_project()
        self.opening = ProgressiveOpening(self, path, bbox)
        # the panels' layout just before the preview hands the map over (set_project)
        self.opening.modelLoaded.connect(lambda: setattr(self, "_held_layout", self.saveState()))
        if self._placeholders:
            self._panels_follow_model(self.opening)
        self.opening.start()
        return self.opening

    def _cancel_opening(self) -> None:
        opening, self.opening = self.opening, None
        if opening is not None:
            opening.cancel()

    def open_project(self, path) -> bool:
        """Open ``path``; on failure say why (naming the file) and keep the current project."""
        from geo.project import Project

        self._cancel_opening()
        try:
            project = Project.open(path)
        except Exception as exc:  # any reason a file cannot be opened is shown, not raised
            QMessageBox.critical(self, self.tr("无法打开项目"),
                                 self.tr("无法打开项目文件：\n{path}\n\n原因：{problem}")
                                 .format(path=str(path), problem=str(exc) or type(exc).__name__))
            self._panels_without_project()  # an opening cancelled above left its placeholders
            return False
        self.set_project(project)
        return True

    def new_project_dialog(self) -> None:
        """File → 新建项目: an empty project for the user's own street, then open it."""
        from .dialogs.new_project_dialog import ask_new_project

        path = ask_new_project(self)
        if path is not None:
            self.open_project(path)

    def open_dialog(self) -> None:
        start = str(Path(self.project.path).parent) if self.project and self.project.path else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开项目"), start,
                                              self.tr("GridAtlas 项目 (*.gpkg)"))
        if path:
            self.open_project(path)

    def save_as_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("项目另存为"), "",
                                              self.tr("GridAtlas 项目 (*.gpkg)"))
        if path:
            self.save_project_as(path if path.endswith(".gpkg") else path + ".gpkg")

    def save_project_as(self, path) -> bool:
        """Copy the project to ``path`` (checked temp file, then replace) and continue there."""
        from geo.store import save_as

        try:
            save_as(self.project.store, path)
        except Exception as exc:
            QMessageBox.critical(self, self.tr("另存为失败"),
                                 self.tr("无法保存到：\n{path}\n\n原因：{problem}").format(path=str(path), problem=exc))
            return False
        return self.open_project(path)

    def import_dialog(self) -> None:
        from .dialogs import open_import_wizard

        open_import_wizard(self, self.project, self.undo_stack)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent.paths():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)

    def notify(self, text: str, warning: bool = True, timeout_ms: int = 8000) -> None:
        """Say ``text`` (already in the user's language) in the status bar and on the map."""
        self.statusBar().showMessage(text, timeout_ms)
        if self.notice is not None:
            self.notice.show(text, warning)

    # ------------------------------------------------------------ map
    def identify(self, layer: str, id_) -> None:
        self.identify_dock.show_feature(layer, id_)
        self.identify_dock.raise_()

    def _apply_selection_scope(self) -> None:
        """Select from any layer (None: the topmost feature under the cursor) or only the current one."""
        if self.canvas is not None:
            restricted = self.actions.restrict_selection.isChecked()
            self.canvas.set_active_layer(self.layers_dock.current_layer() if restricted else None)

    def _outline_identified(self, shown) -> None:
        if self.highlight is None or self.highlight.canvas is not self.canvas:
            return  # the dock is cleared while the project changes
        self.highlight.show(*shown) if shown is not None else self.highlight.clear()

    def zoom_by(self, factor: float) -> None:
        """Zoom about the centre of the map (factor > 1 zooms in)."""
        self.canvas.zoom_at(self.canvas.width() / 2, self.canvas.height() / 2, factor)

    def zoom_to_feature(self, layer, id_) -> None:
        from .models.project_extent import feature_bounds

        bounds = feature_bounds(self.project, layer, id_) if layer is not None else None
        if bounds is None:
            self.canvas.zoom_full()
        else:
            self.canvas.zoom_to_bounds(bounds)

    def zoom_to_selection(self) -> None:
        from .models.project_extent import selection_bounds

        bounds = selection_bounds(self.project, self.selection)
        if bounds is not None:
            self.canvas.zoom_to_bounds(bounds)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("关于 GridAtlas"),
                          self.tr("GridAtlas 党建网格一张图\n街道—社区—网格—小区—楼栋与党组织体系的桌面地图。"))

    # ------------------------------------------------------------ layout memory
    def _restore_layout(self) -> None:
        settings = QSettings()
        if not self.restoreGeometry(settings.value("window/geometry", b"")):
            self.resize(*DEFAULT_SIZE)
        self.restoreState(settings.value("window/state", b""))

    def closeEvent(self, event) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if not self._placeholders:  # closed while loading: the saved places of the panels stay
            settings.setValue("window/state", self.saveState())
        self._cancel_opening()
        self._close_project()
        super().closeEvent(event)
