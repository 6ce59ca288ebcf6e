"""Closing a gap where it is shown: the gap list's context menu and its button.

One entry per gap type that an edit can close (:data:`FIXES`); each runs one
command from :mod:`geo.editing.org_setup` or :mod:`geo.editing.members`
through the editing session, so it is undoable, refused with the reason on
the map inside a proposal (organizations change only on adoption), and the
gap list, tree and map follow through ``project.changed``.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from geo.editing import members as mem
from geo.coverage.gaps import building_names
from geo.editing import org_setup

from .member_form import ask_new_member
from .pick_building_tool import pick_building
from .session import SessionActions

#: gap type -> (menu text, method name); the first entry a gap gets is the dock's button
FIXES = {
    "grid_no_branch": (QT_TRANSLATE_NOOP("GapFixes", "新建网格党支部"), "add_branch"),
    "building_no_group": (QT_TRANSLATE_NOOP("GapFixes", "新建楼栋党小组"), "add_group"),
    "households_unlinked": (QT_TRANSLATE_NOOP("GapFixes", "添加党员…"), "add_member"),
    "member_no_grid": (QT_TRANSLATE_NOOP("GapFixes", "在地图上选择所在楼栋"), "pick_member_building"),
}


class GapFixActions(SessionActions):
    """``gap_menu(menu, gap)`` is a :attr:`gui.coverage.gap_dock.GapDock.menu_providers` entry."""

    @property
    def project(self):
        return self.session.project

    def gap_menu(self, menu, gap: dict) -> None:
        fix = FIXES.get(gap.get("type"))
        if self.session is None or fix is None or gap.get("id") not in self.project[gap["layer"]].index:
            return
        text, method = fix
        action = menu.addAction(QCoreApplication.translate("GapFixes", text))
        action.triggered.connect(lambda _=False, g=dict(gap): getattr(self, method)(g))

    # ------------------------------------------------------------ the fixes
    def add_branch(self, gap) -> bool:
        return self.session.run(org_setup.add_grid_branch(self.project, gap["id"]))

    def add_group(self, gap) -> bool:
        return self.session.run(mem.set_building_group(self.project, gap["id"]))

    def add_member(self, gap) -> bool:
        """A form for a member living in the gap's grid (a 党员中心户 where households are unlinked)."""
        buildings = self.project["buildings"]
        in_grid = buildings[buildings["grid_id"] == gap["id"]]
        linked = self.project.rules.households_per_central if gap["type"] == "households_unlinked" else 0
        answer = ask_new_member(self.window, building_choices(self.project, in_grid), linked)
        if answer is None:
            return False
        return self.session.run(org_setup.add_member(self.project, **answer))

    def pick_member_building(self, gap) -> bool:
        """Arm the map: the next building clicked becomes the member's."""
        return pick_member_building(self.window, self.session, gap["id"])


def building_choices(project, buildings) -> list:
    """(id, 小区+楼栋 name) pairs: building names repeat across compounds."""
    return list(zip(buildings.index, building_names(project, buildings)))


def pick_member_building(window, session, member_id) -> bool:
    """Let the user click the member's building on the map (Esc cancels); the move is one command."""
    def chosen(building_id) -> None:
        if building_id is not None:
            session.run(org_setup.member_to_building(session.project, member_id, building_id))

    name = session.project["members"].at[member_id, "name"]
    window.notify(QCoreApplication.translate("GapFixes", "在地图上点击{name}（{id}）所在的楼栋；Esc 取消").format(
        name=_masked(name), id=member_id), warning=False, timeout_ms=10000)
    return pick_building(window.canvas, chosen)


def _masked(name) -> str:
    from geo.masking import mask_name

    return mask_name(name) if isinstance(name, str) and name else ""
