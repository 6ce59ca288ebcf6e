"""The balance panel: every grid's households against the band, compactness and lock.

Choosing a row makes that grid the brush's target and selects it on the map;
several selected rows are what "merge" acts on. The lock checkbox keeps the
brush from taking buildings out of a grid. During a brush stroke the rows of
the grids it touches change with every mouse move (the session's preview).

Only the rows of the grids an edit touched are updated (:class:`~.balance_view.BalanceView`
re-places just those), and the summary counts only those again; the columns are sized to
their contents once (a header resizing to contents read ~1,000 rows again per
mouse move, about a second at district scale).
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from .balance_model import BAR, GRID_ROLE, PP, REOCK, STATUS_ROLE, BalanceModel
from .balance_view import BalanceView
from .overlays import STATUS_COLOURS
from ..docks.base import RetranslatingDock
from ..widgets.column_widths import column_width, widen_columns


class BandBarDelegate(QStyledItemDelegate):
    """A bar of households on a scale to 1.5× the band's top, the band shaded."""

    def __init__(self, rules_of, parent=None):
        super().__init__(parent)
        self.rules_of = rules_of

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        rules = self.rules_of()
        hh = index.data(Qt.ItemDataRole.EditRole) or 0
        r = QRectF(option.rect).adjusted(4, 5, -4, -5)
        scale = r.width() / max(rules.households_max * 1.5, hh, 1)
        painter.save()
        painter.fillRect(QRectF(r.left() + rules.households_min * scale, r.top(),
                                (rules.households_max - rules.households_min) * scale, r.height()),
                         QColor(46, 125, 50, 45))
        painter.fillRect(QRectF(r.left(), r.top() + 2, min(hh * scale, r.width()), r.height() - 4),
                         STATUS_COLOURS[index.data(STATUS_ROLE)])
        painter.restore()


class BandCounts:
    """How many grids are under, in and over the band, kept per grid so a brush move
    looks at the grids it touched, not at all of them."""

    def __init__(self):
        self.status_of: dict = {}
        self.counts = {"under": 0, "ok": 0, "over": 0}
        self._rules = None

    def update(self, session, grid_ids=None) -> dict:
        grids = session.project["grids"].index
        if grid_ids is None or session.project.rules is not self._rules or len(grids) != len(self.status_of):
            self._rules = session.project.rules  # a new band changes every grid's status
            status = session.statuses(grids)
            self.status_of = dict(zip(grids, status.tolist()))
            self.counts = {s: int((status == s).sum()) for s in ("under", "ok", "over")}
            return dict(self.counts)
        grid_ids = list(dict.fromkeys(grid_ids))
        for g in grid_ids:
            old = self.status_of.pop(g, None)
            if old is not None:
                self.counts[old] -= 1
        kept = [g for g in grid_ids if g in grids]  # not a grid just deleted
        for g, status in zip(kept, session.statuses(kept).tolist()):
            self.status_of[g] = status
            self.counts[status] += 1
        return dict(self.counts)


class BalanceDock(RetranslatingDock):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("BalanceDock")
        self.session = self.model = None
        self._syncing = False
        self._counts = BandCounts()
        body = QWidget(self)
        self.community_box = QComboBox(body)
        self.out_only = QCheckBox(body)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.proxy = BalanceView(self)
        self.table = QTableView(body)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setItemDelegateForColumn(BAR, BandBarDelegate(lambda: self.session.project.rules, self))
        row = QHBoxLayout()
        row.addWidget(self.community_box, 1)
        row.addWidget(self.out_only)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.setWidget(body)
        self.community_box.currentIndexChanged.connect(self._refilter)
        self.out_only.toggled.connect(self._refilter)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("网格均衡"))
        self.out_only.setText(self.tr("只看超出区间的"))
        if self.community_box.count():
            self.community_box.setItemText(0, self.tr("全部社区"))
        widen_columns(self.table)  # sized to the Chinese headers when the session came
        self._update_summary()


    # ------------------------------------------------------------ session
    def set_session(self, session) -> None:
        self.session = session
        old, self.model = self.model, BalanceModel(session, self) if session else None
        self.proxy.setSourceModel(self.model)
        if old is not None:
            old.deleteLater()
        self._counts = BandCounts()
        if session is None:
            return
        self._fill_communities()
        header = self.table.horizontalHeader()
        # sized to the contents once: a header resizing to contents reads ~1,000 rows of
        # every column again on each change (a brush move), ~1 s at district scale
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(30)  # the first rows tell the widths well enough (8 roles a cell)
        for column in range(self.model.columnCount()):
            if column in (PP, REOCK):
                # not read for sizing: at city scale the values are still being computed in a
                # thread, and asking would compute them for the rows read here first
                self.table.setColumnWidth(column, self._figure_width(column))
            else:
                self.table.resizeColumnToContents(column)
        header.setSectionResizeMode(BAR, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        session.balanceChanged.connect(self._on_figures)
        session.previewChanged.connect(self._on_preview)
        self.proxy.set_kept(session.target)
        session.targetChanged.connect(self.proxy.set_kept)  # before show_grid: the row must be there
        session.targetChanged.connect(self.show_grid)
        self._update_summary()

    def _figure_width(self, column: int) -> int:
        return column_width(self.table.horizontalHeader(), column, self.table.fontMetrics(), ["0.00"])

    def _fill_communities(self) -> None:
        self.community_box.blockSignals(True)
        self.community_box.clear()
        self.community_box.addItem(self.tr("全部社区"), None)
        comms = self.session.project["communities"]
        for cid, name in zip(comms.index, comms["name"]):
            self.community_box.addItem(str(name), cid)
        self.community_box.blockSignals(False)

    def _refilter(self) -> None:
        self.proxy.set_filter(self.community_box.currentData(), self.out_only.isChecked())

    def _on_preview(self, preview) -> None:
        # grids the stroke touched before count too: a dropped stroke puts them back
        touched, self._previewed = set(preview) | getattr(self, "_previewed", set()), set(preview)
        self._on_figures(touched)

    def _on_figures(self, grid_ids) -> None:
        self.model.grids_changed(grid_ids)
        self._update_summary(grid_ids)

    def geometry_changed(self, grid_ids) -> None:
        if self.model is not None:
            self.model.geometry_changed(grid_ids)

    def _update_summary(self, grid_ids=None) -> None:
        """The counts under, in and over the band; only ``grid_ids`` are looked at again when given."""
        if self.session is None:
            self.summary.clear()
            return
        counts = self._counts.update(self.session, grid_ids)
        band = self.session.project.rules
        self.summary.setText(self.tr("区间 {lo}–{hi} 户：{ok} 个在区间内，{under} 个偏少，{over} 个偏多").format(
            lo=band.households_min, hi=band.households_max, **counts))

    # ------------------------------------------------------------ rows ↔ target and map
    def selected_grids(self) -> list:
        rows = self.table.selectionModel().selectedRows() if self.model else []
        return [r.data(GRID_ROLE) for r in rows]

    def _on_rows_selected(self, *_args) -> None:
        if self._syncing:
            return
        grids = self.selected_grids()
        current = self.table.currentIndex().data(GRID_ROLE)
        self._syncing = True
        try:
            self.session.window.selection.select("grids", grids)
            if current in grids:
                self.session.set_target(current)
        finally:
            self._syncing = False

    def show_grid(self, grid_id) -> None:
        """Make ``grid_id``'s row current (when the target changes elsewhere)."""
        if self._syncing or grid_id is None or self.model is None:
            return
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(grid_id), 0))
        if index.isValid():
            self._syncing = True
            try:
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().setCurrentIndex(index, flags)
                self.table.scrollTo(index)
            finally:
                self._syncing = False
