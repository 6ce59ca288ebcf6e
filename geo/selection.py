"""Which features are selected, per layer — shared by the map, tables and tree.

Plain Python so that selection logic (QGIS conventions: Shift adds, Ctrl
removes) is tested without a window; the GUI listens to ``changed``.

Examples
--------
>>> s = Selection()
>>> s.select("buildings", ["B1", "B2"])
>>> s.select("buildings", ["B2"], mode="remove")
>>> s.ids("buildings")
('B1',)
"""
from __future__ import annotations

from .events import Event

MODES = ("replace", "add", "remove", "toggle")


def mode_for(shift: bool, ctrl: bool) -> str:
    """QGIS: Shift adds to the selection, Ctrl removes from it."""
    if ctrl:
        return "remove"
    if shift:
        return "add"
    return "replace"


class Selection:
    def __init__(self):
        self._ids: dict[str, dict] = {}  # dict keeps selection order for "zoom to last"
        self.changed = Event()  # (layer,)

    def ids(self, layer: str) -> tuple:
        return tuple(self._ids.get(layer, {}))

    def layers(self) -> list[str]:
        return [name for name, ids in self._ids.items() if ids]

    def is_selected(self, layer: str, id_) -> bool:
        return id_ in self._ids.get(layer, {})

    def select(self, layer: str, ids, mode: str = "replace") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown selection mode {mode!r}")
        current = dict(self._ids.get(layer, {}))
        ids = list(ids)
        if mode == "replace":
            current = dict.fromkeys(ids)
        elif mode == "add":
            current.update(dict.fromkeys(ids))
        elif mode == "remove":
            for id_ in ids:
                current.pop(id_, None)
        else:
            for id_ in ids:
                if id_ in current:
                    current.pop(id_)
                else:
                    current[id_] = None
        if current != self._ids.get(layer, {}):
            self._ids[layer] = current
            self.changed.emit(layer)

    def clear(self, layer: str | None = None) -> None:
        for name in ([layer] if layer else list(self._ids)):
            if self._ids.get(name):
                self._ids[name] = {}
                self.changed.emit(name)
