"""Plain-Python events (geo.events.Event) re-emitted as Qt signals, at the GUI's edge.

A bridge connects to the model's events on creation and disconnects in
:meth:`detach`, so a closed project's events do not reach a dead widget.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ProjectEvents(QObject):
    """``layerChanged(LayerChanged)`` and ``selectionChanged(str layer)`` as Qt signals."""

    layerChanged = Signal(object)
    selectionChanged = Signal(str)

    def __init__(self, project, selection, parent=None):
        super().__init__(parent)
        self._project, self._selection = project, selection
        # keep the exact callables: Event.disconnect compares by identity
        self._on_layer = lambda event: self.layerChanged.emit(event)
        self._on_selection = lambda layer: self.selectionChanged.emit(layer)
        project.changed.connect(self._on_layer)
        selection.changed.connect(self._on_selection)

    def detach(self) -> None:
        self._project.changed.disconnect(self._on_layer)
        self._selection.changed.disconnect(self._on_selection)
