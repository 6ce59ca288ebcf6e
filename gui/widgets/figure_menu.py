"""FigureMenu: pick at most one figure to colour the map by (none, or one field of grids or communities).

One exclusive group across the "none" entry and a submenu per layer, so
choosing a figure of grids unchecks a figure of communities. The owner words
the entries (its own translation context) and calls :meth:`FigureMenu.fill`
again on a language change; the choice survives the rebuild.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu


class FigureMenu(QMenu):
    figureChosen = Signal(object, object)  # layer, field (None, None: no figure)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._group = QActionGroup(self)
        self._actions: dict[tuple, QAction] = {}

    def fill(self, none_text: str, sections) -> None:
        """(Re)build the entries: ``none_text``, then per ``(layer, title, {field: text})`` a submenu."""
        chosen = self.chosen()
        self._drop_entries()
        self.addAction(self._action(None, None, none_text))
        for layer, title, figures in sections:
            sub = self.addMenu(title)
            for field, text in figures.items():
                sub.addAction(self._action(layer, field, text))
        self.check(*chosen)

    def _drop_entries(self) -> None:
        for action in self._actions.values():  # the old language's entries
            self._group.removeAction(action)
            action.deleteLater()
        # found afresh, not kept: a kept wrapper goes stale once QAction.menu() has wrapped the submenu
        for sub in self.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly):
            sub.deleteLater()
        self._actions = {}
        self.clear()

    def _action(self, layer, field, text) -> QAction:
        action = QAction(text, self, checkable=True)
        self._group.addAction(action)
        action.triggered.connect(lambda _=False, l=layer, f=field: self.figureChosen.emit(l, f))
        self._actions[(layer, field)] = action
        return action

    def check(self, layer, field) -> None:
        """Show ``(layer, field)`` as the choice (an unknown one as no figure)."""
        action = self._actions.get((layer, field)) or self._actions.get((None, None))
        if action is not None:
            action.setChecked(True)

    def chosen(self) -> tuple:
        """``(layer, field)`` of the checked entry; ``(None, None)`` for none."""
        return next((key for key, action in self._actions.items() if action.isChecked()), (None, None))

    def entries(self) -> dict[tuple, QAction]:
        """The checkable entries by ``(layer, field)`` (``(None, None)``: no figure)."""
        return dict(self._actions)
