"""The attribute table: one layer at a time, sortable, filterable, tied to the Selection.

Selecting rows selects those features (on the map too); a selection made
elsewhere selects the rows and scrolls to the first. A flag stops the two
directions from echoing each other.

Editing is switched on by whoever owns the undo stack (the editing feature)
with :meth:`AttributeDock.set_edit_runner`: cells are then edited through
:class:`~gui.models.cell_edit.CellEditor` (one undoable command per cell),
and a refused edit is explained in the window's status bar. Features add
context-menu entries for the selected rows with :meth:`add_context_provider`,
as they do on the identify panel.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel,
                               QLineEdit, QMainWindow, QMenu, QTableView, QVBoxLayout, QWidget)

from geo.schema import LAYER_ORDER

from ..models.attribute_delegate import AttributeDelegate
from ..models.attribute_table_model import AttributeTableModel
from ..models.cell_edit import CellEditor
from ..models.frame_proxy_model import FrameProxyModel
from ..models.labels import layer_title
from .base import RetranslatingDock


class AttributeDock(RetranslatingDock):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("AttributeDock")
        self._project = self._selection = None
        self._models: dict[str, AttributeTableModel] = {}
        self._syncing = False
        self._editor: CellEditor | None = None
        # provider(menu, layer, ids of the selected rows) adds entries to the context menu
        self.menu_providers = []
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
        self.view.setItemDelegate(AttributeDelegate(self.view))
        # no AnyKeyPressed: single letters are map-tool shortcuts (B for the brush)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
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


    # ------------------------------------------------------------ project
    def set_project(self, project, selection, events) -> None:
        self._project, self._selection = project, selection
        self._models = {}
        self._editor = None  # the previous project's; the owner of the undo stack sets a new one
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
            self._models[layer].editor = self._editor
        return self._models[layer]

    # ------------------------------------------------------------ editing
    def set_edit_runner(self, runner) -> None:
        """Make the cells editable: ``runner(command)`` runs and pushes a ``geo`` command
        (raising ValueError to refuse it); None makes the table read-only again."""
        self._editor = CellEditor(self._project, runner, self) if runner and self._project is not None else None
        if self._editor is not None:
            self._editor.refused.connect(self.say)
        for model in self._models.values():
            model.editor = self._editor

    def say(self, text: str) -> None:
        """A message in the window's status bar (never a dialog: the user is typing)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------ context menu
    def add_context_provider(self, provider) -> None:
        self.menu_providers.append(provider)

    def context_menu(self) -> QMenu | None:
        """The menu for the selected rows built by the providers, or None if empty."""
        model = self.proxy.sourceModel()
        ids = self.selected_ids() if model is not None else []
        if not ids:
            return None
        menu = QMenu(self)
        for provider in self.menu_providers:
            provider(menu, model.layer, ids)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        return menu

    def _show_context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isRowSelected(index.row()):
            self.view.selectRow(index.row())  # as in a spreadsheet: the row under the mouse
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

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
