"""The identify panel: everything about the clicked feature, as a tree.

Sections: the feature's attributes; where it sits (compound, grid,
community); the party organizations from its own up to the street
committee; the members registered there. Every value goes through
:func:`gui.models.display.display_value`, where personal-data masking hooks in.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem

from ..models.display import display_value
from ..models.feature_context import feature_context
from ..models.labels import coded_value, column_title, layer_title
from .base import RetranslatingDock

MEMBER_COLUMNS = ("gender", "phone", "kind", "roles", "linked_households", "work_unit")


class IdentifyDock(RetranslatingDock):
    #: (layer, id) now shown, or None: the window outlines it on the map
    shownChanged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("IdentifyDock")
        self._project = None
        self._shown = None  # (layer, id)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        self.setWidget(self.tree)
        # features add context-menu entries: provider(menu, (layer, id) of the item or None, shown)
        self.menu_providers = []
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("识别结果"))
        self.tree.setHeaderLabels([self.tr("项目"), self.tr("值")])
        if self._shown:
            self.show_feature(*self._shown)


    def set_project(self, project) -> None:
        self._project = project
        self.clear()

    def clear(self) -> None:
        self._shown = None
        self.tree.clear()
        self.shownChanged.emit(None)

    def shown(self):
        return self._shown

    # ------------------------------------------------------------ filling
    def show_feature(self, layer: str, id_) -> None:
        self.tree.clear()
        ctx = feature_context(self._project, layer, id_) if self._project is not None else None
        if ctx is None:
            self._shown = None
            self.shownChanged.emit(None)
            return
        self._shown = (layer, id_)
        self.shownChanged.emit(self._shown)
        title = display_value(layer, "name", ctx.attributes.get("name", id_))
        attrs = self._section(self.tr("{layer}：{name}").format(layer=layer_title(layer), name=title))
        for column, value in ctx.attributes.items():
            self._row(attrs, column_title(column, layer), display_value(layer, column, value))
        self._add_places(ctx)
        self._add_organizations(ctx)
        self._add_members(ctx)
        self.tree.expandToDepth(0)  # sections open, member details folded

    def _section(self, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [text])
        item.setFirstColumnSpanned(True)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _row(self, parent, label: str, value: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label, value])
        item.setToolTip(1, value)
        return item

    def _add_places(self, ctx) -> None:
        if not ctx.places:
            return
        section = self._section(self.tr("所在位置"))
        for layer, id_, name in ctx.places:
            item = self._row(section, layer_title(layer), display_value(layer, "name", name))
            item.setData(0, Qt.ItemDataRole.UserRole, (layer, id_))

    def _add_organizations(self, ctx) -> None:
        section = self._section(self.tr("党组织"))
        if not ctx.organizations:
            self._row(section, self.tr("（无）"), self.tr("未建立党组织"))
            return
        for org_id, level, name in ctx.organizations:
            item = self._row(section, coded_value(level), display_value("organizations", "name", name))
            item.setData(0, Qt.ItemDataRole.UserRole, ("organizations", org_id))

    def _add_members(self, ctx) -> None:
        if ctx.layer == "members":
            return
        section = self._section(self.tr("党员（{n} 名）").format(n=ctx.member_count))
        if ctx.members is None:
            return
        for member_id, row in ctx.members.iterrows():
            name = display_value("members", "name", row.get("name"))
            roles = display_value("members", "roles", row.get("roles"))
            item = self._row(section, name, roles)
            item.setData(0, Qt.ItemDataRole.UserRole, ("members", member_id))
            for column in MEMBER_COLUMNS:
                if column in row.index:
                    self._row(item, column_title(column, "members"), display_value("members", column, row[column]))
        if ctx.member_count > len(ctx.members):
            self._row(section, "…", self.tr("另有 {n} 名未列出").format(n=ctx.member_count - len(ctx.members)))

    # ------------------------------------------------------------ context menu
    def context_menu(self, item) -> QMenu | None:
        """The menu for ``item`` (None: the feature itself) built by the providers, or None if empty."""
        key = None
        while item is not None and key is None:
            key = item.data(0, Qt.ItemDataRole.UserRole)
            item = item.parent()
        menu = QMenu(self)
        for provider in self.menu_providers:
            provider(menu, key, self._shown)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(self.tree.itemAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def text(self) -> str:
        """All visible text, for tests and copying."""
        out = []

        def walk(item, depth):
            out.append("  " * depth + " | ".join(item.text(c) for c in range(2) if item.text(c)))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return "\n".join(out)
