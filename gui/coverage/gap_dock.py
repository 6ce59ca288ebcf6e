"""GapDock: the gap list, most severe first, filtered by type and community.

After an edit the coverage model computes again only the rows of the grids the
edit changed (and the buildings in them); the dock shows what :meth:`CoverageModel.gaps` gives.
Every row says what is missing, where (feature name and id), and how much
closes it. Clicking or activating a row emits :attr:`GapDock.gapActivated`
with the gap (a dict of its frame columns); the coverage feature zooms the
map there and selects the feature, so map, tables and tree follow.

A gap is closed where it is shown: ``menu_providers`` (``provider(menu, gap)``,
filled by the editing feature) offer what closes the chosen gap in the row's
context menu (新建网格党支部, 新建楼栋党小组, 添加党员 ...), and the button
beside the filters runs the first of them for the current row.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QMenu, QPushButton, QTableView, QVBoxLayout, QWidget)

from geo.coverage import GAP_TYPES

from .gap_model import SEVERITY_COLUMN, TYPE_COLUMN, GapTableModel
from .labels import gap_title, severity_text
from ..docks.base import RetranslatingDock
from ..widgets.column_widths import widen_columns


class GapDock(RetranslatingDock):
    gapActivated = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("GapDock")
        self.model = GapTableModel(self)
        self._communities = {}
        # features hook in here: provider(menu, gap dict) adds the actions that close the gap
        self.menu_providers = []
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.type_box, self.community_box = QComboBox(body), QComboBox(body)
        for box in (self.type_box, self.community_box):  # grown again after a language switch
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.type_box.currentIndexChanged.connect(self._on_filter)
        self.community_box.currentIndexChanged.connect(self._on_filter)
        self.count_label = QLabel(body)
        self.table = QTableView(body)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(SEVERITY_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._on_row)
        self.table.activated.connect(self._on_row)  # Enter and double-click
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.fix_button = QPushButton(body)
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self.close_current_gap)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_fix_button())
        self.model.modelReset.connect(self.update_fix_button)
        filters = QHBoxLayout()
        self.type_label, self.community_label = QLabel(body), QLabel(body)
        for widget in (self.type_label, self.type_box, self.community_label, self.community_box):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.fix_button)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.setWidget(body)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("缺口清单"))
        self.type_label.setText(self.tr("类型"))
        self.community_label.setText(self.tr("社区"))
        self._fill_filters()
        self._update_count()
        self.model.retranslate()
        widen_columns(self.table, {SEVERITY_COLUMN: [severity_text(s) for s in (3, 2, 1)],
                                   TYPE_COLUMN: [gap_title(t) for t in GAP_TYPES]})
        self.update_fix_button()

    # ------------------------------------------------------------ data
    def show_model(self, model, communities: dict) -> None:
        """Show the gap list of ``model`` (a CoverageModel)."""
        gaps = model.gaps()
        if gaps is self.model.all():
            return  # the model's list is the one shown: no edit since
        self.set_gaps(gaps, communities)

    def set_gaps(self, gaps, communities: dict) -> None:
        """Show the full gap list; ``communities`` maps community id -> name."""
        if communities != self._communities:
            self._communities = dict(communities)
            self._fill_filters()
        current = self.table.currentIndex()
        key = self.model.key(current.row()) if current.isValid() else None
        self.model.set_gaps(gaps, self._communities)
        if key is not None:  # the row the user was on stays current through an edit
            row = self.model.row_of(key)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, current.column()))
        self._update_count()

    def clear(self) -> None:
        self.set_gaps(self.model.shown().iloc[:0], {})

    def _fill_filters(self) -> None:
        chosen_type, chosen_community = self.type_box.currentData(), self.community_box.currentData()
        for box in (self.type_box, self.community_box):
            box.blockSignals(True)
            box.clear()
        self.type_box.addItem(self.tr("全部类型"), None)
        for gap_type in GAP_TYPES:
            self.type_box.addItem(gap_title(gap_type), gap_type)
        self.community_box.addItem(self.tr("全部社区"), None)
        for id_, name in self._communities.items():
            self.community_box.addItem(str(name), id_)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(chosen_type)))
        self.community_box.setCurrentIndex(max(0, self.community_box.findData(chosen_community)))
        for box in (self.type_box, self.community_box):
            box.blockSignals(False)

    def set_filter(self, gap_type=None, community=None) -> None:
        """Choose the type (None = all) and community id (None = all) as the combo boxes do."""
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(gap_type)))
        self.community_box.setCurrentIndex(max(0, self.community_box.findData(community)))

    def _on_filter(self, *_) -> None:
        gap_type = self.type_box.currentData()
        self.model.set_filter(None if gap_type is None else [gap_type], self.community_box.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(self.tr("{shown} / {total} 项").format(shown=f"{shown:,}", total=f"{total:,}"))

    def _on_row(self, index) -> None:
        if index.isValid():
            self.gapActivated.emit(self.model.gap(index.row()))

    # ------------------------------------------------------------ closing a gap
    def context_menu(self, row: int) -> QMenu | None:
        """The menu of what closes the gap in ``row`` (None when nothing does)."""
        if not 0 <= row < self.model.rowCount():
            return None
        menu = QMenu(self)
        gap = self.model.gap(row)
        for provider in self.menu_providers:
            provider(menu, gap)
        if not [a for a in menu.actions() if not a.isSeparator()]:
            menu.deleteLater()
            return None
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(self.table.indexAt(pos).row())
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _first_fix(self):
        """(menu, its first action) for the current row, or (None, None)."""
        menu = self.context_menu(self.table.currentIndex().row())
        actions = [a for a in menu.actions() if not a.isSeparator()] if menu is not None else []
        return (menu, actions[0]) if actions else (None, None)

    def update_fix_button(self) -> None:
        """The button says what it would do for the current row (disabled when nothing closes it)."""
        menu, action = self._first_fix()
        self.fix_button.setEnabled(action is not None)
        self.fix_button.setText(action.text() if action is not None else self.tr("补齐缺口"))
        if menu is not None:
            menu.deleteLater()

    def close_current_gap(self) -> None:
        menu, action = self._first_fix()
        if action is not None:
            action.trigger()
        if menu is not None:
            menu.deleteLater()
