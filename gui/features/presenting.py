"""Presenting in meetings: presenter mode (F5), bookmarks, and File → Export.

View menu: 演示模式 (F5), 书签 (jump to a saved view; add the current view).
While presenting, PageDown/→/↓/space go to the next bookmark, PageUp/←/↑/
backspace to the previous one, Home/End to the first/last, Esc leaves. These keys are window actions
that are enabled only while presenting, so they override the map's own
arrow-key panning then and leave it alone otherwise. The actions are added
to the window itself as well as to menus: the menu bar is hidden while
presenting and a hidden menu's shortcuts would not fire.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog

from geo.bookmarks import add_user_bookmark, tour

from . import Feature as BaseFeature
from ..presenting.exports import ExportActions
from ..presenting.presenter import PresenterMode

NEXT_KEYS = ("PgDown", "Right", "Down", "Space")
PREVIOUS_KEYS = ("PgUp", "Left", "Up", "Backspace")


class PresentingTexts(QObject):
    """The feature's translatable texts (a QObject so lupdate and tr() share one context)."""

    def menu(self) -> dict:
        return {"toggle": self.tr("演示模式(&P)"), "next": self.tr("下一个书签"),
                "previous": self.tr("上一个书签"), "leave": self.tr("退出演示模式"),
                "first": self.tr("第一个书签"), "last": self.tr("最后一个书签"),
                "add_bookmark": self.tr("将当前视图添加为书签(&A)…"), "bookmarks": self.tr("书签(&B)")}

    def ask_name(self) -> tuple[str, str]:
        return self.tr("添加书签"), self.tr("书签名称：")


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.texts = PresentingTexts(window)
        self.presenter = PresenterMode(window)
        self.exports = ExportActions(window, self.presenter)
        self.toggle = self._action(QKeySequence("F5"), self._toggle, checkable=True)
        self.next = self._action([QKeySequence(k) for k in NEXT_KEYS], self.presenter.next)
        self.previous = self._action([QKeySequence(k) for k in PREVIOUS_KEYS], self.presenter.previous)
        self.leave = self._action(QKeySequence("Esc"), self.presenter.leave)
        self.first = self._action(QKeySequence("Home"), self.presenter.first)
        self.last = self._action(QKeySequence("End"), self.presenter.last)
        self.add_bookmark = self._action(None, self.add_current_view)
        self.bookmark_menu = window.view_menu.addMenu("")
        self.bookmark_menu.aboutToShow.connect(self._fill_bookmarks)
        window.view_menu.addAction(self.toggle)
        self.presenter.entered.connect(lambda: self._presenting(True))
        self.presenter.left.connect(lambda: self._presenting(False))
        self._presenting(False)
        self.exports.set_enabled(False)  # until a project is open
        self.retranslate()

    def _toggle(self) -> None:
        self.presenter.toggle()
        self._presenting(self.presenter.active)  # F5 without a project must not stay checked

    def _action(self, keys, slot, checkable=False) -> QAction:
        action = QAction(self.window)
        if keys is not None:
            action.setShortcuts(keys if isinstance(keys, list) else [keys])
        action.setCheckable(checkable)
        action.triggered.connect(lambda *_: slot())
        self.window.addAction(action)
        return action

    def _presenting(self, on: bool) -> None:
        for action in (self.next, self.previous, self.leave, self.first, self.last):
            action.setEnabled(on)
        self.toggle.setChecked(on)

    def retranslate(self) -> None:
        texts = self.texts.menu()
        for name in ("toggle", "next", "previous", "leave", "first", "last", "add_bookmark"):
            getattr(self, name).setText(texts[name])
        self.bookmark_menu.setTitle(texts["bookmarks"])
        self.exports.retranslate()

    def project_opened(self) -> None:
        self.exports.set_enabled(True)

    def project_closing(self) -> None:
        self.presenter.leave()  # the canvas and project the mode dressed are going away

    # ------------------------------------------------------------ bookmarks menu
    def _fill_bookmarks(self) -> None:
        menu, window = self.bookmark_menu, self.window
        menu.clear()
        menu.addAction(self.add_bookmark)
        if window.project is None:
            return
        menu.addSeparator()
        for mark in tour(window.project):
            action = menu.addAction(mark.name)
            action.triggered.connect(lambda _=False, b=mark.bounds: window.canvas.zoom_to_bounds(b))

    def add_current_view(self, name: str | None = None):
        """Save the map's current view as a bookmark in the project file (asks for a name)."""
        window = self.window
        if window.project is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(window, *self.texts.ask_name())
            if not ok or not name.strip():
                return None
        x0, y0, x1, y1 = window.canvas.view.bbox
        xs, ys = window.canvas.scene.to_project.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
        return add_user_bookmark(window.project, name, (min(xs), min(ys), max(xs), max(ys)))
