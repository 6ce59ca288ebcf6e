"""「正在加载…」 over a panel whose contents need the full project, until it has arrived.

A plain label laid over the panel's widget (it follows the widget's size), so
the panel keeps its place in the layout and nothing inside it is built twice.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel


class LoadingCover(QObject):
    """Covers ``widget`` with a 「正在加载…」 label until :meth:`remove`."""

    def __init__(self, widget):
        super().__init__(widget)
        self.widget = widget
        self.label = QLabel(QCoreApplication.translate("LoadingCover", "正在加载…"), widget)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAutoFillBackground(True)
        self.label.setObjectName("LoadingCover")
        self.label.setGeometry(widget.rect())
        self.label.raise_()
        self.label.show()
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.widget and event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.widget.rect())
        return False

    def remove(self) -> None:
        self.widget.removeEventFilter(self)
        self.label.hide()
        self.label.deleteLater()
        self.deleteLater()
