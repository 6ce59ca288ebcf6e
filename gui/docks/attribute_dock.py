"""The attribute table: one layer at a time, sortable, filterable, tied to the Selection.

Selecting rows selects those features (on the map too); a selection made
elsewhere selects the rows and scrolls to the first. A flag stops the two
directions from echoing each other.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from geo.schema import LAYER_ORDER

from ..models.attribute_table_model import AttributeTableModel
from ..models.frame_proxy_model import FrameProxyModel
from ..models.labels import layer_title


class AttributeDock(QDockWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("AttributeDock")
        self._project = self._selection = None
        self._models: dict[str, AttributeTableModel] = {}
        self._syncing = False
        self.proxy = FrameProxyModel(self)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.layer_box = QComboBox(body)
        self.filter_edit = QLineEdit(body)
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(body)
        self.view = QTableView(body)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.layer_box)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.setWidget(body)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.layer_box.currentIndexChanged.connect(self._on_layer_chosen)
        self.view.setModel(self.proxy)
        self.view.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.proxy.modelReset.connect(self._after_reset)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("属性表"))
        self.filter_edit.setPlaceholderText(self.tr("筛选：输入任意字段中的文字…"))
        for i in range(self.layer_box.count()):
            self.layer_box.setItemText(i, layer_title(self.layer_box.itemData(i)))
        self._update_count()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ project
    def set_project(self, project, selection, events) -> None:
        self._project, self._selection = project, selection
        self._models = {}
        events.layerChanged.connect(self._on_layer_changed)
        events.selectionChanged.connect(self._on_selection_changed)
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for name in LAYER_ORDER:
            self.layer_box.addItem(layer_title(name), name)
        self.layer_box.blockSignals(False)
        self.show_layer("buildings")

    def model_for(self, layer: str) -> AttributeTableModel:
        """Models are made when a layer is first shown (most are never looked at)."""
        if layer not in self._models:
            self._models[layer] = AttributeTableModel(self._project, layer, self)
        return self._models[layer]

    def current_layer(self) -> str | None:
        return self.layer_box.currentData()

    def show_layer(self, layer: str) -> None:
        self.layer_box.setCurrentIndex(self.layer_box.findData(layer))
        self._on_layer_chosen()

    def _on_layer_chosen(self, *_) -> None:
        layer = self.current_layer()
        if layer is None or self._project is None:
            return
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.proxy.setSourceModel(self.model_for(layer))
        self.proxy.set_filter_text(self.filter_edit.text())

    def _apply_filter(self) -> None:
        self.proxy.set_filter_text(self.filter_edit.text())

    def _after_reset(self) -> None:
        self._update_count()
        self._show_selection(scroll=False)

    def _update_count(self) -> None:
        model = self.proxy.sourceModel()
        if model is None:
            self.count_label.clear()
            return
        self.count_label.setText(self.tr("{shown} / {total} 条，已选 {selected}").format(
            shown=self.proxy.rowCount(), total=model.rowCount(),
            selected=len(self._selection.ids(model.layer)) if self._selection else 0))

    def _on_layer_changed(self, event) -> None:
        model = self._models.get(event.layer)
        if model is not None:
            model.on_layer_changed(event)

    # ------------------------------------------------------------ selection, both ways
    def _on_rows_selected(self, *_) -> None:
        if self._syncing:
            return
        model = self.proxy.sourceModel()
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ids = model.ids_of_rows(self.proxy.source_rows(rows))
        self._syncing = True
        try:
            self._selection.select(model.layer, ids)
        finally:
            self._syncing = False
        self._update_count()

    def _on_selection_changed(self, layer: str) -> None:
        if self._syncing:
            return
        if layer != self.current_layer():
            if not self._selection.ids(layer) or self.layer_box.findData(layer) < 0:
                return
            self.show_layer(layer)  # follow a selection made on the map or in the tree
        self._show_selection(scroll=True)

    def _show_selection(self, scroll: bool) -> None:
        model = self.proxy.sourceModel()
        if model is None or self._selection is None or self.view.selectionModel() is None:
            return
        rows = self.proxy.proxy_rows(model.rows_of_ids(self._selection.ids(model.layer)))
        self._syncing = True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().select(self.proxy.selection_for_rows(rows), flags)
        finally:
            self._syncing = False
        if scroll and len(rows):
            self.view.scrollTo(self.proxy.index(int(rows.min()), 0),
                               QAbstractItemView.ScrollHint.PositionAtCenter)
        self._update_count()

    def selected_ids(self) -> list:
        model = self.proxy.sourceModel()
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return model.ids_of_rows(self.proxy.source_rows(rows))
