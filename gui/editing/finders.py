""""Find next …" actions: unassigned building, out-of-band grid, non-contiguous grid, enclave.

Each press selects and zooms to the next feature of its kind (wrapping round)
and says in the status bar which one of how many it is.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from geo.editing import finders

KINDS = ("unassigned", "out_of_band", "non_contiguous", "enclave")


class FinderActions(QObject):
    def __init__(self, window, session_getter):
        super().__init__(window)
        self.window, self._session = window, session_getter
        self.actions = {}
        for kind in KINDS:
            action = QAction(window)
            action.setObjectName(f"action_find_{kind}")
            action.triggered.connect(lambda _=False, k=kind: self.find_next(k))
            self.actions[kind] = action
        self._last: dict = {}  # kind -> id shown last
        self.retranslate()

    def retranslate(self) -> None:
        texts = {"unassigned": self.tr("下一个未分配楼栋"), "out_of_band": self.tr("下一个户数超出区间的网格"),
                 "non_contiguous": self.tr("下一个不连续的网格"), "enclave": self.tr("下一个飞地网格")}
        for kind, text in texts.items():
            self.actions[kind].setText(text)

    def _found(self, kind) -> list:
        session = self._session()
        project = session.project
        if kind == "unassigned":
            return finders.unassigned_buildings(project)
        if kind == "out_of_band":
            return finders.out_of_band_grids(project, session.balance)
        return finders.non_contiguous_grids(project) if kind == "non_contiguous" else finders.enclaves(project)

    def find_next(self, kind):
        """Select and zoom to the next feature of ``kind``; return it (a geo Found) or None."""
        if self._session() is None:
            return None
        found = self._found(kind)
        if not found:
            self.window.statusBar().showMessage(self.tr("没有找到：{what}").format(
                what=self.actions[kind].text().replace(self.tr("下一个"), "")), 6000)
            return None
        ids = [f.id for f in found]
        last = self._last.get(kind)
        position = (ids.index(last) + 1) % len(ids) if last in ids else 0
        hit = found[position]
        self._last[kind] = hit.id
        layer = "buildings" if kind == "unassigned" else "grids"
        self.window.selection.select(layer, [hit.id])
        self.window.zoom_to_feature(layer, hit.id)
        self.window.statusBar().showMessage(self.tr("{what}：{id}（第 {i}/{n} 个）{detail}").format(
            what=self.actions[kind].text(), id=hit.id, i=position + 1, n=len(found), detail=str(hit.detail)), 8000)
        return hit
