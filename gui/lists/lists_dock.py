"""ListsDock "三项清单与事件": needs, resources, projects and cases in tabs, with the case panel.

Each tab is a :class:`~.list_tab.ListTab` over its own
:class:`~.table_model.ListTableModel`; the cases tab has the
:class:`~.case_panel.CasePanel` beside the table. The models follow
``project.changed`` row by row (:meth:`on_layer_changed`); the dock is never
rebuilt after an edit. The tabs' requests (new, edit, delete, match, a row
chosen) are re-emitted for the lists feature.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget

from ..docks.base import RetranslatingDock
from .case_panel import CasePanel
from .item_grid import ItemGrids
from .labels import LIST_LAYERS, layer_title
from .list_tab import ListTab
from .table_model import ListTableModel


class ListsDock(RetranslatingDock):
    currentChanged = Signal(str, object)
    activated = Signal(str, object)
    newRequested = Signal(str)
    editRequested = Signal(str, object)
    deleteRequested = Signal(str, object)
    matchRequested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("ListsDock")
        self.project = self.grids = None
        self.today = date.today().isoformat()
        self.tabs = QTabWidget(self)
        self.list_tabs: dict[str, ListTab] = {}
        self.case_panel = CasePanel(self.today)
        for layer in LIST_LAYERS:
            tab = ListTab(layer)
            self._forward(tab)
            self.list_tabs[layer] = tab
            if layer == "cases":
                split = QSplitter(Qt.Orientation.Horizontal)
                split.addWidget(tab)
                split.addWidget(self.case_panel)
                split.setStretchFactor(0, 3)
                split.setStretchFactor(1, 2)
                self.tabs.addTab(split, "")
            else:
                self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(lambda _i: self._emit_current())
        self.setWidget(self.tabs)
        self.retranslate()

    def _forward(self, tab: ListTab) -> None:
        tab.currentChanged.connect(self.currentChanged)
        tab.activated.connect(self.activated)
        tab.newRequested.connect(self.newRequested)
        tab.editRequested.connect(self.editRequested)
        tab.deleteRequested.connect(self.deleteRequested)
        tab.matchRequested.connect(self.matchRequested)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("三项清单与事件"))
        for i, layer in enumerate(LIST_LAYERS):
            self.tabs.setTabText(i, layer_title(layer))

    # ------------------------------------------------------------ the project
    def set_project(self, project) -> None:
        """Show the lists of ``project`` (None: empty); the tables are filled when first shown."""
        self.project = project
        self.grids = ItemGrids(project) if project is not None else None
        self._set_models(None)
        self.case_panel.show_case(project, None)
        if self.isVisible():
            self.load()

    def load(self) -> None:
        """Fill the tables (once per project: a city's lists are not sorted while the dock is hidden)."""
        if self.project is not None and not self.loaded():
            self._set_models(self.project)

    def loaded(self) -> bool:
        return any(tab.model is not None for tab in self.list_tabs.values())

    def _set_models(self, project) -> None:
        for layer, tab in self.list_tabs.items():
            model = ListTableModel(project, layer, self.grids, self.today, self) if project is not None else None
            old = tab.model
            tab.set_model(model)
            if old is not None:
                old.deleteLater()

    def showEvent(self, event) -> None:
        self.load()
        super().showEvent(event)

    def on_layer_changed(self, event) -> None:
        """Follow one edit: the models update the rows it touched; the case panel its case."""
        for tab in self.list_tabs.values():
            if tab.model is not None:
                tab.model.on_layer_changed(event)
        shown = self.case_panel.case_id
        if event.layer in ("cases", "case_events") and shown is not None:
            touched = set(event.ids) | set(event.inserted) | set(event.deleted)
            if event.layer == "case_events" or shown in touched:
                self.case_panel.show_case(self.project, shown)

    # ------------------------------------------------------------ choosing
    def current_layer(self) -> str:
        return LIST_LAYERS[self.tabs.currentIndex()]

    def show_item(self, layer: str, id_) -> bool:
        """Bring ``layer``'s tab forward and make ``id_`` its current row."""
        self.load()
        self.tabs.setCurrentIndex(LIST_LAYERS.index(layer))
        return self.list_tabs[layer].select_id(id_)

    def _emit_current(self) -> None:
        tab = self.list_tabs[self.current_layer()]
        self.currentChanged.emit(tab.layer, tab.current_id())

    def case_action_text(self, case_id) -> str:
        """The map menu's entry that brings a case here."""
        return self.tr("办理事件 {case}…").format(case=case_id)

    def match_action_text(self, need_id) -> str:
        """The gap list's entry that matches a need left open."""
        return self.tr("为需求 {need} 匹配资源…").format(need=need_id)

    def rows(self, layer: str) -> list[tuple]:
        """Every row of ``layer`` as displayed texts, sorted by id (tests compare docks with it)."""
        self.load()
        model = self.list_tabs[layer].model
        if model is None:
            return []
        rows = [tuple(model.text(r, c) for c in model.columns) for r in range(model.rowCount())]
        return sorted(rows)
