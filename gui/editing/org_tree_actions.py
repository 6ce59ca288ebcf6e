"""Context menus of the street and community nodes of the organization tree.

A street node (街道党工委) offers 新建社区党委 for a community without one, zoom to
the street and its figures; a community node (社区党委) offers 新建网格党支部 for
each of its grids without a branch, zoom, figures and an Excel report of the
community. Edits are commands from :mod:`geo.editing.org_setup` run through the
editing session (undoable; refused with the reason inside a proposal).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from geo.editing import orgs, org_setup
from geo.messages import language
from geo.output_guard import OutputRefused, check_output

from .session import SessionActions


class OrgTreeActions(SessionActions):
    """``tree_menu(menu, key)`` is an :attr:`gui.docks.org_tree_dock.OrgTreeDock.menu_providers` entry."""

    @property
    def project(self):
        return self.session.project

    def tree_menu(self, menu, key) -> None:
        if self.session is None or key is None or key[0] != "org":
            return
        table = self.project["organizations"]
        if key[1] not in table.index:
            return
        level, area = table.at[key[1], "level"], table.at[key[1], "area_id"]
        if level == "street_committee":
            self._street_menu(menu)
        elif level == "community_committee" and area in self.project["communities"].index:
            self._community_menu(menu, area)

    def _add(self, menu, text, slot):
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _street_menu(self, menu) -> None:
        missing = [c for c in self.project["communities"].index if orgs.committee_of(self.project, c) is None]
        if missing:
            sub = _submenu(menu, self.tr("新建社区党委"))
            names = self.project["communities"]["name"]
            for c in missing:
                self._add(sub, f"{names.get(c) or c} ({c})", lambda c=c: self.add_committee(c))
        self._add(menu, self.tr("缩放到街道"), lambda: self.window.zoom_to_feature(None, None))
        self._add(menu, self.tr("街道统计…"), lambda: self.show_figures(None))

    def _community_menu(self, menu, community) -> None:
        grids = self.project["grids"]
        missing = [g for g in grids.index[grids["community_id"] == community]
                   if orgs.branch_of(self.project, g) is None]
        if missing:
            sub = _submenu(menu, self.tr("新建网格党支部"))
            for g in missing:
                self._add(sub, f"{grids.at[g, 'name'] or g} ({g})", lambda g=g: self.add_branch(g))
        self._add(menu, self.tr("缩放到社区"), lambda: self.window.zoom_to_feature("communities", community))
        self._add(menu, self.tr("社区统计…"), lambda: self.show_figures(community))
        self._add(menu, self.tr("导出该社区报告…"), lambda: self.export_community(community))

    # ------------------------------------------------------------ edits
    def add_committee(self, community) -> bool:
        return self.session.run(org_setup.add_community_committee(self.project, community))

    def add_branch(self, grid) -> bool:
        return self.session.run(org_setup.add_grid_branch(self.project, grid))

    # ------------------------------------------------------------ figures and report
    def figures_text(self, community) -> str:
        """The street's (community None) or a community's key figures, one per line."""
        model = self.window.coverage()
        if community is None:
            figures, title = model.street, self.project.street_name or ""
        else:
            rows = model.communities
            row = rows[rows["community_id"] == community].iloc[0]
            figures, title = row, str(row["name"])
        from geo.coverage.excel import figure_summary  # with openpyxl (~0.5 s): not while the app starts

        lines = [f"{label}：{value}" if language() == "zh" else f"{label}: {value}"
                 for label, value in figure_summary(figures, language())]
        return "\n".join([title, ""] + lines) if title else "\n".join(lines)

    def show_figures(self, community) -> None:
        QMessageBox.information(self.window, self.tr("统计"), self.figures_text(community))

    def export_community(self, community) -> Path | None:
        name = self.project["communities"].at[community, "name"] or community
        start = (self.project.path.parent if self.project.path else Path.home()) / f"{name}报告.xlsx"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("导出该社区报告"), str(start),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return None
        path = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        try:
            check_output(path, "xlsx", protect=[self.project.path] if self.project.path else [])
            from geo.coverage.excel import write_community_xlsx

            write_community_xlsx(path, self.window.coverage(), community, language())
        except (OutputRefused, OSError) as exc:
            QMessageBox.critical(self.window, self.tr("导出失败"), str(exc))
            return None
        self.window.notify(self.tr("已导出 {path}").format(path=path.name), warning=False)
        return path


def _submenu(menu, title: str) -> QMenu:
    """A submenu parented to ``menu`` (``addMenu(title)``'s menu was seen deleted with its wrapper)."""
    sub = QMenu(title, menu)
    menu.addMenu(sub)
    return sub
