"""The organization tree with its search box, tied to the map through the Selection.

Choosing an organization selects its area (a branch its grid, a group its
building) and asks the window to zoom there; choosing a member selects their
building. A grid, community or building selected elsewhere selects its
organization in the tree. The search box lists matches from
:class:`geo.search.SearchIndex`; activating one jumps to it.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLineEdit, QListView, QMenu,
                               QTreeView, QVBoxLayout, QWidget)

from geo.schema import AREA_LAYERS
from geo.search import SearchIndex

from ..map.after_frame import AfterFrame
from ..models.org_tree_model import OrgTreeModel
from ..models.search_results_model import SearchResultsModel
from ..widgets.column_widths import column_width
from .base import RetranslatingDock

_AREA_TYPE_OF_LAYER = {layer: area for area, layer in AREA_LAYERS.items()}
#: The top level is shown open when it has at most this many organizations (a street: one).
OPEN_ROOTS = 20
#: Columns whose change moves a node to another parent (or makes / removes one): the tree regroups.
_SHAPE_COLUMNS = {"organizations": frozenset({"parent_id", "org_id"}), "members": frozenset({"org_id", "member_id"})}


class OrgTreeDock(RetranslatingDock):
    # (layer, id) of the map feature to zoom to; (None, None) for the whole street
    jumpRequested = Signal(object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("OrgTreeDock")
        self._project = self._selection = self._index = None
        self.masked = False  # presenter mode: search matches only the masked names shown
        self._syncing = False
        self.model = None
        # features hook in here: provider(menu, node key) fills the context menu;
        # drop_handler(source keys, target key) -> bool acts on a drag and drop
        self.menu_providers = []
        self.drop_handler = None
        self.results = SearchResultsModel(self)
        # a regroup (~0.15 s at district scale, numpy) waits until the map shows the edit
        self._regroup = AfterFrame(self._canvas, self._reset_model, parent=self)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.search_edit = QLineEdit(body)
        self.search_edit.setClearButtonEnabled(True)
        self.result_view = QListView(body)
        self.result_view.setModel(self.results)
        self.result_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_view.setMaximumHeight(160)
        self.result_view.hide()
        self.tree = QTreeView(body)
        self.tree.setUniformRowHeights(True)  # needed for speed with long member lists
        self.tree.setAlternatingRowColors(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)  # the model is rebuilt, never rows removed
        self.tree.setDropIndicatorShown(True)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.search_edit, self.result_view, self.tree):
            layout.addWidget(widget)
        self.setWidget(body)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._jump_to_first)
        self.result_view.activated.connect(lambda index: self.jump_to(self.results.hit(index.row())))
        self.result_view.clicked.connect(lambda index: self.jump_to(self.results.hit(index.row())))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("党组织"))
        self.search_edit.setPlaceholderText(self.tr("搜索网格、楼栋、组织或党员姓名…"))


    # ------------------------------------------------------------ project
    def set_project(self, project, selection, events) -> None:
        self._project, self._selection = project, selection
        self._reset_model()
        events.selectionChanged.connect(self._on_selection_changed)
        events.layerChanged.connect(self._on_layer_changed)

    def _reset_model(self) -> None:
        self._index = None  # built on the first search: most sessions never search
        old = self.model
        opened = old.expanded_orgs(self.tree.isExpanded) if old is not None else []
        current = self.current_key() if old is not None else None
        self.model = OrgTreeModel(self._project, self)
        self.model.drop_handler = self._on_drop
        self.tree.setModel(self.model)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # wide enough for any count (none exceeds the project's members), fixed: sized to its
        # contents the column measured every shown row again on each count an edit changed
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self._count_width())
        header.setStretchLastSection(False)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        if self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        if self.model.rowCount() <= OPEN_ROOTS:  # a city's 1,200 streets open one by one is seconds
            self.tree.expandToDepth(0)
        self._reopen(opened, current)
        if old is not None:
            old.deleteLater()

    def _count_width(self) -> int:
        most = max(len(self._project["members"]), 1)
        return column_width(self.tree.header(), 1, self.tree.fontMetrics(), [str(most)])

    def _reopen(self, opened, current) -> None:
        """After a regroup the branches that were open are open again and the current node stays."""
        for org in opened:
            index = self.model.index_of_org(org)
            if index.isValid():
                self.tree.expand(index)
        if current is not None and current[0] == "org":
            self._syncing = True
            try:
                index = self.model.index_of_org(current[1])
                if index.isValid():
                    self.tree.setCurrentIndex(index)
            finally:
                self._syncing = False

    def _on_layer_changed(self, event) -> None:
        if event.layer in ("organizations", "members"):
            if event.inserted or event.deleted or not event.columns or event.columns & _SHAPE_COLUMNS[event.layer]:
                if not self._move_orgs(event):
                    self._regroup.request()  # nodes move or come and go: regroup (vectorised) and reopen
            elif self.model is not None:
                self.model.refresh_nodes(event.layer, event.ids)  # only texts changed: those nodes
        self._index = None

    def _move_orgs(self, event) -> bool:
        """Organizations that only changed parent (a building's group following its building to
        another grid) move in the tree as they are; True when done so."""
        if (event.layer != "organizations" or event.inserted or event.deleted or self.model is None
                or self._regroup.pending() or (event.columns & _SHAPE_COLUMNS["organizations"]) != {"parent_id"}):
            return False
        model = self.model
        opened = model.expanded_below(event.ids, self.tree.isExpanded)
        current = self.current_key()
        if not model.move_orgs(event.ids):
            return False
        if event.columns - {"parent_id"}:
            model.refresh_nodes("organizations", event.ids)  # other columns of the same edit
        # a moved node is made anew: open again what was open in it, and the current node if it
        # was in it (an unchanged current one stays as it is)
        self._reopen(opened, current if self.current_key() != current else None)
        return True

    def _canvas(self):
        return getattr(self.window(), "canvas", None)

    # ------------------------------------------------------------ editing hooks
    def _on_drop(self, sources, target) -> bool:
        if self.drop_handler is None:
            return False
        # the edit resets the model; let the view finish its drop on the old one first
        QTimer.singleShot(0, lambda: self.drop_handler(sources, target))
        return True

    def context_menu(self, index) -> QMenu | None:
        key = self.model.node_key(index) if self.model is not None else None
        menu = QMenu(self)
        for provider in self.menu_providers:
            provider(menu, key)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(self.tree.indexAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    # ------------------------------------------------------------ tree → map
    def _on_current_changed(self, current, _previous) -> None:
        if self._syncing or not current.isValid():
            return
        key = self.model.node_key(current)
        layer, id_ = self._area_of(key)
        self._syncing = True
        try:
            if layer is not None:
                self._selection.select(layer, [id_])
            self.jumpRequested.emit(layer, id_)
        finally:
            self._syncing = False

    def _area_of(self, key):
        kind, id_ = key
        if kind == "member":
            building = self._project["members"].at[id_, "building_id"]
            return ("buildings", building) if building is not None and building == building else (None, None)
        orgs = self._project["organizations"]
        layer = AREA_LAYERS.get(orgs.at[id_, "area_type"])
        area_id = orgs.at[id_, "area_id"]
        if layer is None or area_id not in self._project[layer].index:
            return (None, None)
        return (layer, area_id)

    # ------------------------------------------------------------ map → tree
    def _on_selection_changed(self, layer: str) -> None:
        area_type = _AREA_TYPE_OF_LAYER.get(layer)
        ids = self._selection.ids(layer)
        if self._syncing or area_type is None or not ids:
            return
        org = self.model.org_for_area(area_type, ids[-1])
        if org is not None:
            self.select_org(org)

    def select_org(self, org_id) -> bool:
        index = self.model.index_of_org(org_id)
        if not index.isValid():
            return False
        self._syncing = True
        try:
            self.tree.expand(index.parent()) if index.parent().isValid() else None
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.tree.selectionModel().setCurrentIndex(index, flags)
            self.tree.scrollTo(index)
        finally:
            self._syncing = False
        return True

    def current_key(self):
        return self.model.node_key(self.tree.currentIndex()) if self.model else None

    # ------------------------------------------------------------ search
    def run_search(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            self.results.set_hits([])
            self.result_view.hide()
            return
        if self._index is None:
            self._index = masked_search_index(self._project) if self.masked else SearchIndex.from_project(self._project)
        self.results.set_hits(self._index.search(text))
        self.result_view.setVisible(True)

    def set_masked(self, on: bool) -> None:
        """Search masked names only (presenter mode): typing a real name must not reveal who is there."""
        if bool(on) != self.masked:
            self.masked, self._index = bool(on), None
            if self._project is not None and self.search_edit.text().strip():
                self.run_search()

    def _jump_to_first(self) -> None:
        self._search_timer.stop()
        self.run_search()
        if self.results.rowCount():
            self.jump_to(self.results.hit(0))

    def jump_to(self, hit) -> None:
        """Select what was found in the tree (if it is there) and on the map, and zoom."""
        org = self._org_of_hit(hit)
        if org is not None:
            self.select_org(org)
        self._syncing = True
        try:
            if hit.target_layer is not None:
                self._selection.select(hit.target_layer, [hit.target_id])
            self.jumpRequested.emit(hit.target_layer, hit.target_id)
        finally:
            self._syncing = False

    def _org_of_hit(self, hit):
        if hit.kind == "organization":
            return hit.id
        if hit.kind == "member":
            return self._project["members"].at[hit.id, "org_id"]
        area_type = _AREA_TYPE_OF_LAYER.get(hit.layer)
        return self.model.org_for_area(area_type, hit.id) if area_type else None


def masked_search_index(project) -> SearchIndex:
    """A search index over the project with members' names as presenter mode shows them."""
    from geo.masking import mask_name

    frames = dict(project.layers)
    members = frames.get("members")
    if members is not None and len(members):
        members = members.copy()
        members["name"] = members["name"].map(lambda name: mask_name(name) if name == name and name else name)
        frames["members"] = members
    return SearchIndex.from_frames(frames)
