"""ListTab: one list (needs, resources, projects or cases) with its filters, counts and buttons.

The table shows a :class:`~.filter_proxy.ListFilterProxy` over a
:class:`~.table_model.ListTableModel`. The tab only says what the user asked
for (signals carrying the layer and item id); the lists feature acts on it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from ..editing.grid_choices import GridChoices
from .filter_proxy import ListFilter, ListFilterProxy
from .labels import STATES, STATUSES, value_text
from .table_model import ID_ROLE, blank


class ListTab(QWidget):
    currentChanged = Signal(str, object)    # layer, id (None: nothing current)
    activated = Signal(str, object)         # double-click: open the item's form
    newRequested = Signal(str)
    editRequested = Signal(str, object)
    deleteRequested = Signal(str, object)
    matchRequested = Signal(object)         # need id

    def __init__(self, layer: str, parent=None):
        super().__init__(parent)
        self.layer, self.model = layer, None
        self.proxy = ListFilterProxy(self)
        self._build()
        self._counts_timer = QTimer(self, singleShot=True, interval=0, timeout=self._refresh_counts)
        self.retranslate()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.status_box, self.category_box, self.grid_box = QComboBox(self), QComboBox(self), QComboBox(self)
        for box in (self.status_box, self.category_box, self.grid_box):
            box.currentIndexChanged.connect(self._apply_filter)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # thousands of grids: sized to a name's length, not by measuring every one
        self.grid_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.grid_box.setMinimumContentsLength(10)
        self.overdue_box = QCheckBox(self)
        self.overdue_box.setVisible(self.layer == "cases")
        self.overdue_box.toggled.connect(self._apply_filter)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda index: self.activated.emit(self.layer, index.data(ID_ROLE)))
        self.count_label = QLabel(self)
        self.new_button, self.edit_button, self.delete_button = (QPushButton(self) for _ in range(3))
        self.match_button = QPushButton(self)
        self.match_button.setVisible(self.layer == "needs")
        self.new_button.setVisible(self.layer != "projects")  # a project comes from a match
        self.new_button.clicked.connect(lambda: self.newRequested.emit(self.layer))
        self.edit_button.clicked.connect(lambda: self._emit_current(self.editRequested))
        self.delete_button.clicked.connect(lambda: self._emit_current(self.deleteRequested))
        self.match_button.clicked.connect(lambda: self.current_id() is not None
                                          and self.matchRequested.emit(self.current_id()))
        self._lay_out()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        self.filter_labels = [QLabel(self) for _ in range(3)]
        for label, box in zip(self.filter_labels, (self.status_box, self.category_box, self.grid_box)):
            filters.addWidget(label)
            filters.addWidget(box)
        filters.addWidget(self.overdue_box)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.match_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        status_word = self.tr("状态")
        for label, text in zip(self.filter_labels, (status_word, self.tr("类别"), self.tr("网格"))):
            label.setText(text)
        self.overdue_box.setText(self.tr("只看超期"))
        self.search.setPlaceholderText(self.tr("搜索标题、编号…"))
        self.new_button.setText(self.tr("新建…"))
        self.edit_button.setText(self.tr("编辑…"))
        self.delete_button.setText(self.tr("删除"))
        self.match_button.setText(self.tr("匹配资源…"))
        self.match_button.setToolTip(self.tr("为所选的待认领需求推荐资源并认领"))
        self._fill_filters()
        if self.model is not None:  # headers and coded values are worded when shown
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.columns) - 1)
            self.view.viewport().update()
            self._refresh_counts()

    # ------------------------------------------------------------ the model
    def set_model(self, model) -> None:
        """Show ``model`` (a ListTableModel; None clears the tab)."""
        old = self.model
        if old is not None:
            for signal in (old.rowsInserted, old.rowsRemoved, old.dataChanged, old.modelReset):
                signal.disconnect(self._counts_timer.start)
        self.model = model
        self.proxy.setSourceModel(model)
        if model is not None:
            for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
                signal.connect(self._counts_timer.start)
            self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
            self.proxy.sort(0, Qt.SortOrder.AscendingOrder)
        self._fill_filters()
        self._refresh_counts()

    def _on_current_row(self, current, _previous) -> None:
        self.currentChanged.emit(self.layer, current.data(ID_ROLE) if current.isValid() else None)

    def current_id(self):
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_id(self, id_) -> bool:
        """Make item ``id_`` current (clearing filters that hide it); False when it is not listed."""
        if self.model is None or self.model.row_of(id_) < 0:
            return False
        source = self.model.index(self.model.row_of(id_), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.clear_filters()
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _emit_current(self, signal) -> None:
        if self.current_id() is not None:
            signal.emit(self.layer, self.current_id())

    # ------------------------------------------------------------ filters and counts
    def _fill_filters(self) -> None:
        codes = STATES if self.layer == "cases" else STATUSES.get(self.layer, ())
        column = "state" if self.layer == "cases" else "status"
        self._refill(self.status_box, [(value_text(column, c), c) for c in codes])
        self.status_box.setVisible(bool(codes))
        self.filter_labels[0].setVisible(bool(codes))
        has_category = self.layer != "projects"
        self.category_box.setVisible(has_category)
        self.filter_labels[1].setVisible(has_category)
        self._refill(self.category_box, [(c, c) for c in self._categories()])
        self._refill_grids()

    def _refill_grids(self) -> None:
        chosen, box = self.grid_box.currentData(), self.grid_box
        choices = GridChoices(box, self.tr("全部"))
        ids, texts = self._grids()
        choices.set_grids(ids, texts.__getitem__)
        box.blockSignals(True)
        box.setModel(choices)  # the box deletes the model it owned before
        box.setCurrentIndex(max(0, choices.row_of(chosen)))
        box.blockSignals(False)

    def _refill(self, box, items) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("全部"), None)
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    def _categories(self) -> list:
        if self.model is None or self.layer == "projects":
            return []
        frame = self.model.frame()
        if "category" not in frame.columns:
            return []
        return sorted(str(c) for c in frame["category"].dropna().unique() if not blank(c))

    def _grids(self) -> tuple[list, list]:
        """The grid ids and their texts (the name, else the id)."""
        if self.model is None:
            return [], []
        grids = self.model.project["grids"]
        ids = grids.index.to_series()
        if "name" in grids.columns:
            names = grids["name"]
            unnamed = names.isna() | (names.astype(str) == "")
            texts = names.astype(str).where(~unnamed, ids.astype(str))
        else:
            texts = ids.astype(str)
        return ids.tolist(), texts.tolist()

    def _apply_filter(self, *_) -> None:
        self.proxy.set_filter(ListFilter(self.status_box.currentData(), self.category_box.currentData(),
                                         self.grid_box.currentData(), self.overdue_box.isChecked(),
                                         self.search.text().strip()))
        self._refresh_counts()

    def clear_filters(self) -> None:
        for box in (self.status_box, self.category_box, self.grid_box):
            box.setCurrentIndex(0)
        self.overdue_box.setChecked(False)
        self.search.clear()

    def _refresh_counts(self) -> None:
        total = self.model.rowCount() if self.model is not None else 0
        text = self.tr("显示 {shown} / 共 {total} 条").format(shown=self.proxy.rowCount(), total=total)
        if self.layer == "cases" and self.model is not None:
            text += self.tr("，超期 {n} 件").format(n=self.model.overdue_count())
        self.count_label.setText(text)
        if self.model is None:
            return
        categories = self._categories()
        if self.layer != "projects" and self.category_box.count() - 1 != len(categories):
            self._refill(self.category_box, [(c, c) for c in categories])  # a new category entered
        if self.grid_box.count() - 1 != len(self.model.project["grids"]):
            self._refill_grids()  # grids made or merged

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
