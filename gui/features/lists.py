"""三项清单 and the case loop in the window: the lists dock, entering, matching, cases on the map.

Wires :mod:`gui.lists` into the window: the "三项清单与事件" dock (tabbed
with the attribute table), a "三项清单" menu, 登记需求 / 登记事件 in the map's
and the organization tree's context menus, the open-cases overlay (toggled
from the menu or the layers dock), the list figures as choropleth themes and
as a tab of the charts dock. Every edit is pushed on the window's undo stack
by :class:`~gui.lists.operations.ListOperations`.

The dock's models follow each edit at once, row by row; the map views (the
overlay, a list figure, the chart) are refreshed once per command, after the
event loop, however many layers the command wrote.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from ..map.after_frame import AfterFrame
from . import Feature as BaseFeature
from ..lists.actions import ListsActions
from ..lists.cases_overlay import CasesOverlay
from ..lists.figures_view import ListChoropleth
from ..lists.item_grid import PLACE_LAYERS
from ..lists.labels import LIST_LAYERS
from ..lists.lists_chart import ListsChart
from ..lists.lists_dock import ListsDock
from ..lists.operations import ListOperations
from ..lists.place_menus import PlaceMenus, TARGET_TYPES

TARGET_LAYERS = {kind: layer for layer, kind in TARGET_TYPES.items()}
#: How near (pixels) a right-click must be to a case's dot to offer it.
CASE_HIT_PX = 8.0
#: Layers whose edits change the cases overlay or the list figures.
WATCHED = frozenset(LIST_LAYERS) | {"case_events"} | PLACE_LAYERS


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.operations = self.figures = None
        self.dock = ListsDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.attribute_dock, self.dock)
        window.attribute_dock.raise_()
        self.dock.hide()  # shown from the menu or the view menu
        window.view_menu.insertAction(window.language_menu.menuAction(), self.dock.toggleViewAction())
        self.actions = ListsActions(window, self.dock)
        self.actions.install(window.menuBar(), window.help_menu.menuAction())
        self.overlay = CasesOverlay()
        self.overlay.visible = False
        self.choropleth = ListChoropleth(window)
        self.chart = ListsChart()
        self.chart.set_source(self.list_figures)
        self._chart_added = False
        self.place_menus = PlaceMenus(window, lambda: self.operations)
        window.org_dock.menu_providers.append(self.place_menus.tree_menu)
        window.identify_dock.menu_providers.append(self.place_menus.identify_menu)
        gap_dock = getattr(window, "gap_dock", None)  # the coverage feature's gap list
        if gap_dock is not None:
            gap_dock.menu_providers.append(self.gap_menu)
            gap_dock.gapActivated.connect(self._on_gap)
        window.layers_dock.add_overlay_toggle(self.actions.cases_overlay)
        self._timer = QTimer(window, singleShot=True, interval=0, timeout=self.refresh_views)
        # the charts and themes follow an edit once the map shows it (see gui.map.after_frame)
        self._after_frame = AfterFrame(lambda: window.canvas, self._timer.start, parent=window)
        self._cases_changed = False
        self._connect()

    def _connect(self) -> None:
        d, a = self.dock, self.actions
        d.currentChanged.connect(self.show_on_map)
        d.activated.connect(lambda layer, id_: self._run(lambda ops: ops.enter(layer, id_)))
        d.newRequested.connect(lambda layer: self._run(lambda ops: ops.enter(layer)))
        d.editRequested.connect(lambda layer, id_: self._run(lambda ops: ops.enter(layer, id_)))
        d.deleteRequested.connect(lambda layer, id_: self._run(lambda ops: ops.delete(layer, id_)))
        d.matchRequested.connect(lambda need: self._run(lambda ops: ops.match(need)))
        d.case_panel.advanceRequested.connect(self.advance)
        for layer, action in a.new.items():
            action.triggered.connect(lambda _=False, l=layer: self._run(lambda ops: ops.enter(l)))
        a.dock.triggered.connect(lambda on: on and self.dock.raise_())
        a.cases_overlay.toggled.connect(self.show_cases)
        a.figureChosen.connect(self.show_figure)

    def _run(self, action) -> None:
        if self.operations is not None:
            action(self.operations)
            if self.operations.last_added is not None:
                layer, id_ = self.operations.last_added
                self.operations.last_added = None
                self.dock.show_item(layer, id_)

    # ------------------------------------------------------------ life cycle
    def project_opened(self) -> None:
        w = self.window
        self.operations = ListOperations(w, w.project)
        self.dock.set_project(w.project)
        w.events.layerChanged.connect(self._on_layer_changed)
        w.canvas.menu_providers.append(self.case_menu)
        w.canvas.menu_providers.append(self.place_menus.map_menu)
        self.overlay.mark(None)
        w.canvas.add_overlay(self.overlay)
        self.show_cases(self.actions.cases_overlay.isChecked())
        self.figures = None
        self.choropleth.forget()
        self.actions.check_figure(None, None)
        self._add_chart()

    def project_closing(self) -> None:
        self._timer.stop()
        self.window.events.layerChanged.disconnect(self._on_layer_changed)
        self.dock.set_project(None)
        self.operations.deleteLater()
        self.operations = None
        self._drop_figures()

    def retranslate(self) -> None:
        self.actions.retranslate()
        self.dock.retranslate()

    def _on_layer_changed(self, event) -> None:
        self.dock.on_layer_changed(event)  # the rows it touched, now
        if event.layer in WATCHED:
            self._cases_changed |= event.layer == "cases"  # a case's point is its own: places do not move it
            self._after_frame.request()

    def refresh_views(self) -> None:
        """Bring the map views up to date after a command (once however many layers it wrote)."""
        if self.window.project is None:
            return
        if self._cases_changed and self.overlay.visible:
            self.overlay.update(self.window.project, self.window.canvas, self.dock.today)
        self._cases_changed = False
        if self.figures is not None:
            self.choropleth.update(self.figures)
            charts = self._charts_dock()
            if charts is not None and charts.isVisible():
                charts.refresh(only=[self.chart])  # the coverage charts follow the coverage model

    # ------------------------------------------------------------ the case loop
    def advance(self, case_id, to_state: str, options: dict) -> bool:
        if self.operations is None:
            return False
        done = self.operations.advance(case_id, to_state, options)
        if done:
            self.dock.case_panel.step_done()
        return done

    # ------------------------------------------------------------ the map
    def show_on_map(self, layer: str, id_) -> None:
        """A row was chosen: select its place, ring its point and zoom there."""
        w = self.window
        if layer == "cases":
            self.dock.case_panel.show_case(w.project, id_)
        if w.project is None or id_ is None or id_ not in w.project[layer].index:
            self.overlay.mark(None)
            w.canvas.update() if w.canvas is not None else None
            return
        row = w.project[layer].loc[id_]
        if layer == "projects" and row.get("need_id") in w.project["needs"].index:
            row = w.project["needs"].loc[row["need_id"]]
        target_layer = TARGET_LAYERS.get(row.get("target_type"))
        if target_layer is not None and row.get("target_id") in w.project[target_layer].index:
            w.selection.select(target_layer, [row["target_id"]])
        point = row.get("geometry")
        if point is None or point.is_empty:
            self.overlay.mark(None)
            return
        self.overlay.mark(w.canvas.scene.to_metric.transform(point.x, point.y))
        w.zoom_to_feature(layer, id_)

    def case_menu(self, menu, _hit, xy) -> None:
        """Right-click on an open case's dot: handle it in the lists dock."""
        canvas = self.window.canvas
        x, y = canvas.scene.to_metric.transform(*xy)
        case = self.overlay.case_at(x, y, CASE_HIT_PX * canvas.view.mpp)
        if case is not None:
            action = menu.addAction(self.dock.case_action_text(case))
            action.triggered.connect(lambda _=False, c=case: self.open_case(c))

    def open_case(self, case_id) -> None:
        self.open_item("cases", case_id)

    def open_item(self, layer: str, id_) -> None:
        """Bring the lists dock forward with ``id_`` of ``layer`` current."""
        self.dock.show()
        self.dock.raise_()
        self.dock.show_item(layer, id_)

    # ------------------------------------------------------------ the gap list
    def gap_menu(self, menu, gap) -> None:
        """What closes a list gap: handle the overdue case, match the need left open."""
        kind, id_ = gap.get("type"), gap.get("id")
        if kind == "case_overdue":
            action = menu.addAction(self.dock.case_action_text(id_))
            action.triggered.connect(lambda _=False: self.open_case(id_))
        elif kind == "need_unmatched":
            action = menu.addAction(self.dock.match_action_text(id_))
            action.triggered.connect(lambda _=False: (self.open_item("needs", id_),
                                                      self._run(lambda ops: ops.match(id_))))

    def _on_gap(self, gap) -> None:
        """A list gap chosen in the gap list: its row in the dock too, when the dock is open."""
        if gap.get("layer") in LIST_LAYERS and self.dock.isVisible():
            self.dock.show_item(gap["layer"], gap["id"])

    def show_cases(self, on: bool) -> None:
        self.overlay.visible = bool(on)
        if on and self.window.project is not None:
            self.overlay.update(self.window.project, self.window.canvas, self.dock.today)
        if self.window.canvas is not None:
            self.window.canvas.update()

    # ------------------------------------------------------------ figures
    def list_figures(self):
        """The live list figures (:class:`geo.lists.figures.ListFigures`), built on first need."""
        if self.figures is None and self.window.project is not None:
            from geo.lists.figures import ListFigures  # noqa: PLC0415 (only when asked)

            self.figures = ListFigures(self.window.project)
        return self.figures

    def _drop_figures(self) -> None:
        close = getattr(self.figures, "close", None)
        if close is not None:
            close()
        self.figures = None
        self.choropleth.forget()

    def show_figure(self, layer, field) -> None:
        """Colour ``layer`` by list figure ``field``; (None, None) removes it."""
        if layer is None:
            self.choropleth.clear()
        else:
            coverage = self._coverage_feature()
            if coverage is not None and coverage.choropleth.current is not None:
                coverage.show_figure(None, None)  # one figure colours the map at a time
            self.choropleth.show(self.list_figures(), layer, field)
        self.actions.check_figure(layer, field)

    def _add_chart(self) -> None:
        """The lists' tab in the charts dock (once; the dock draws it when shown)."""
        charts = self._charts_dock()
        if charts is not None and not self._chart_added:
            charts.add_chart(self.chart)
            self._chart_added = True

    def _coverage_feature(self):
        return next((f for f in getattr(self.window, "features", ()) if hasattr(f, "charts_dock")), None)

    def _charts_dock(self):
        coverage = self._coverage_feature()
        return coverage.charts_dock if coverage is not None else None
