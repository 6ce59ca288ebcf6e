"""The base of every dock: texts are set in ``retranslate`` and set again on a language change."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDockWidget


class RetranslatingDock(QDockWidget):
    def retranslate(self) -> None:
        """Set every visible text (subclasses; called again after a language switch)."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
