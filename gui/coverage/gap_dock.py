"""GapDock: the gap list, most severe first, filtered by type and community.

Every row says what is missing, where (feature name and id), and how much
closes it. Clicking or activating a row emits :attr:`GapDock.gapActivated`
with the gap (a dict of its frame columns); the coverage feature zooms the
map there and selects the feature, so map, tables and tree follow.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QTableView, QVBoxLayout, QWidget)

from geo.coverage import GAP_TYPES

from .gap_model import SEVERITY_COLUMN, GapTableModel
from .labels import gap_title
from ..docks.base import RetranslatingDock


class GapDock(RetranslatingDock):
    gapActivated = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("GapDock")
        self.model = GapTableModel(self)
        self._communities = {}
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.type_box, self.community_box = QComboBox(body), QComboBox(body)
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
        filters = QHBoxLayout()
        self.type_label, self.community_label = QLabel(body), QLabel(body)
        for widget in (self.type_label, self.type_box, self.community_label, self.community_box):
            filters.addWidget(widget)
        filters.addStretch(1)
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


    # ------------------------------------------------------------ data
    def set_gaps(self, gaps, communities: dict) -> None:
        """Show the full gap list; ``communities`` maps community id -> name."""
        if communities != self._communities:
            self._communities = dict(communities)
            self._fill_filters()
        self.model.set_gaps(gaps, self._communities)
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
