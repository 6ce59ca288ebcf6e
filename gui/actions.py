"""The main window's actions, menus and map-tool toolbar.

Texts are set in :meth:`WindowActions.retranslate` (called again on a
language change), so every string is translated in one place. The map tools
form an exclusive group; their ``data()`` is the tool name the canvas takes
(``MapCanvas.set_tool``).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"

# Map tools the canvas knows, in toolbar order.
TOOLS = ("pan", "zoom_box", "identify", "select", "select_rect", "select_lasso")


def icon(name: str) -> QIcon:
    return QIcon(str(ICONS / f"{name}.svg"))


class WindowActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        make = self._make
        self.new = make("new", QKeySequence.StandardKey.New)
        self.open = make("open", QKeySequence.StandardKey.Open)
        self.save_as = make("save_as", QKeySequence.StandardKey.SaveAs)
        self.import_data = make("import_data", "Ctrl+I")
        self.quit = make("quit", QKeySequence.StandardKey.Quit)
        self.zoom_in = make("zoom_in", QKeySequence.StandardKey.ZoomIn, icon("zoom_in"))
        self.zoom_out = make("zoom_out", QKeySequence.StandardKey.ZoomOut, icon("zoom_out"))
        self.zoom_full = make("zoom_full", "Ctrl+Shift+F", icon("zoom_full"))
        self.zoom_selection = make("zoom_selection", "Ctrl+J", icon("zoom_selection"))
        self.clear_selection = make("clear_selection", "Ctrl+Shift+A")
        # off: the select tools take the topmost feature under the cursor on any layer
        self.restrict_selection = make("restrict_selection", checkable=True)
        self.about = make("about")
        self.lang_zh = make("lang_zh", checkable=True)
        self.lang_en = make("lang_en", checkable=True)
        self.languages = QActionGroup(self)
        for action in (self.lang_zh, self.lang_en):
            self.languages.addAction(action)
        self.tools = QActionGroup(self)
        self.tool = {name: self._tool(name) for name in TOOLS}
        self.tool["pan"].setChecked(True)

    def _make(self, name, shortcut=None, icon_=None, checkable=False) -> QAction:
        action = QAction(self.window)
        action.setObjectName(f"action_{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_ is not None:
            action.setIcon(icon_)
        action.setCheckable(checkable)
        return action

    def _tool(self, name: str) -> QAction:
        action = self._make(f"tool_{name}", icon_=icon(name), checkable=True)
        action.setData(name)
        self.tools.addAction(action)
        return action

    def retranslate(self) -> None:
        texts = {
            self.new: self.tr("新建项目(&N)…"), self.open: self.tr("打开项目(&O)…"), self.save_as: self.tr("另存为(&A)…"), self.quit: self.tr("退出(&Q)"),
            self.import_data: self.tr("导入数据(&I)…"),
            self.zoom_in: self.tr("放大"), self.zoom_out: self.tr("缩小"), self.zoom_full: self.tr("全图"),
            self.zoom_selection: self.tr("缩放到所选"), self.clear_selection: self.tr("清除选择"),
            self.restrict_selection: self.tr("只从当前图层选择"),
            self.about: self.tr("关于 GridAtlas(&A)"), self.lang_zh: "中文", self.lang_en: "English",
            self.tool["pan"]: self.tr("平移"), self.tool["zoom_box"]: self.tr("拉框放大"),
            self.tool["identify"]: self.tr("识别要素"), self.tool["select"]: self.tr("点选"),
            self.tool["select_rect"]: self.tr("矩形选择"), self.tool["select_lasso"]: self.tr("套索选择"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setToolTip(text.replace("(&", "(").replace("&", ""))
        self.tool["pan"].setShortcut(QKeySequence("P"))
        self.tool["identify"].setShortcut(QKeySequence("I"))
        self.tool["select"].setShortcut(QKeySequence("S"))

    def map_actions(self) -> list:
        """Toolbar order: navigation, then identify and selection tools."""
        t = self.tool
        return [t["pan"], self.zoom_in, self.zoom_out, t["zoom_box"], self.zoom_full, self.zoom_selection,
                None, t["identify"], t["select"], t["select_rect"], t["select_lasso"]]
