"""Plain-Python change events; the GUI adapts them to Qt signals at its edge."""
from __future__ import annotations

from dataclasses import dataclass, field


class Event:
    """A list of callbacks. ``connect`` returns the callback so it can decorate."""

    def __init__(self):
        self._callbacks = []

    def connect(self, callback):
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback) -> None:
        # == not "is": each access to obj.method makes a new bound-method object.
        self._callbacks = [c for c in self._callbacks if c != callback]

    def emit(self, *args) -> None:
        for callback in list(self._callbacks):
            callback(*args)


@dataclass(frozen=True)
class LayerChanged:
    """Features of one layer changed: which ids, which columns ("geometry" included)."""

    layer: str
    ids: tuple = ()
    columns: frozenset = field(default_factory=frozenset)
    inserted: tuple = ()
    deleted: tuple = ()
