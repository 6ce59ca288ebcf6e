"""Coverage and gap analysis in the window: gap list, charts, choropleth, highlights, rules.

The coverage figures (:class:`geo.coverage.CoverageModel`, ``window.coverage()``)
take seconds at city scale, so nothing is computed when a project opens: the
model is built the first time a dock is shown or a map view asks for it.
From then on every ``model.changed`` (after any edit of assignments,
organizations, members, stations or rules) refreshes what is visible; the
refresh waits for the event loop so that one undo step that touches several
layers refreshes once. A hidden dock is refreshed when it is shown again.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from ..coverage.actions import CoverageActions
from ..coverage.charts_dock import ChartsDock
from ..coverage.gap_dock import GapDock
from ..coverage.map_overlays import GapMarkersOverlay, UncoveredBuildingsOverlay
from ..coverage.overlay import FigureChoropleth
from ..coverage.rules_dialog import RulesDialog, rules_command
from ..map.after_frame import AfterFrame
from . import Feature as BaseFeature

#: A gap whose box is smaller than this (metres, roughly) is shown with this much around it.
ZOOM_PAD_DEGREES = 0.0005


class Feature(BaseFeature):
    def __init__(self, window):
        super().__init__(window)
        self.model = None
        self.gap_dock, self.charts_dock = GapDock(window), ChartsDock(window)
        window.gap_dock = self.gap_dock  # other features add what closes a gap (its menu_providers)
        self._place_docks()
        self.choropleth = FigureChoropleth(window)
        self.uncovered, self.markers = UncoveredBuildingsOverlay(), GapMarkersOverlay()
        self.actions = CoverageActions(window, self.gap_dock, self.charts_dock)
        self.actions.install(window.analysis_menu)
        self._timer = QTimer(window, singleShot=True, interval=0, timeout=self.refresh)
        # the figures follow an edit once the map shows it (the gap list takes ~1 s at district scale)
        self._after_frame = AfterFrame(lambda: window.canvas, self._timer.start, parent=window)
        self._connect()

    def _place_docks(self) -> None:
        w = self.window
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.gap_dock)
        w.tabifyDockWidget(w.attribute_dock, self.gap_dock)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.charts_dock)
        w.tabifyDockWidget(w.identify_dock, self.charts_dock)
        w.attribute_dock.raise_()
        w.identify_dock.raise_()
        for dock in (self.gap_dock, self.charts_dock):
            dock.hide()  # shown on demand: showing computes the figures

    def _connect(self) -> None:
        a = self.actions
        self.gap_dock.visibilityChanged.connect(lambda shown: shown and self._show_gaps())
        self.charts_dock.visibilityChanged.connect(lambda shown: shown and self._show_charts())
        # a tabbed dock shown from the menu comes to the front (its tab would stay hidden)
        a.gap_list.triggered.connect(lambda on: on and self.gap_dock.raise_())
        a.charts.triggered.connect(lambda on: on and self.charts_dock.raise_())
        self.gap_dock.gapActivated.connect(self.go_to_gap)
        self.gap_dock.model.modelReset.connect(self._update_markers)
        self.charts_dock.barClicked.connect(self.select_feature)
        a.figureChosen.connect(self.show_figure)
        a.uncovered.toggled.connect(self.show_uncovered)
        a.markers.toggled.connect(self.show_markers)
        a.rules.triggered.connect(self.edit_rules)

    # ------------------------------------------------------------ life cycle
    def project_opened(self) -> None:
        self.model = None
        self.choropleth.forget()
        self.actions.check_figure(None, None)
        for action, overlay in ((self.actions.uncovered, self.uncovered), (self.actions.markers, self.markers)):
            if action.isChecked():
                self.window.canvas.add_overlay(overlay)
        if self.gap_dock.isVisible() or self.charts_dock.isVisible() or self._map_views_on():
            self.refresh()

    def project_closing(self) -> None:
        self._timer.stop()
        if self.model is not None:
            self.model.changed.disconnect(self._on_changed)
        self.model = None
        self.gap_dock.clear()
        self.charts_dock.set_model(None, None)

    def retranslate(self) -> None:
        self.actions.retranslate()

    def coverage(self):
        """The live CoverageModel, built (and followed) on first need."""
        model = self.window.coverage()
        if model is not self.model:
            if self.model is not None:
                self.model.changed.disconnect(self._on_changed)
            self.model = model
            if model is not None:
                model.changed.connect(self._on_changed)
        return model

    def _on_changed(self, event) -> None:
        self._after_frame.request()  # the coverage model recomputes only the gap rows the edit changed

    def _map_views_on(self) -> bool:
        return (self.choropleth.current is not None or self.actions.uncovered.isChecked()
                or self.actions.markers.isChecked())

    # ------------------------------------------------------------ refreshing
    def refresh(self) -> None:
        """Bring every visible view up to date with the coverage model."""
        if self.window.project is None:
            return
        if self.gap_dock.isVisible() or self.actions.markers.isChecked():
            self._show_gaps()
        if self.charts_dock.isVisible():
            self._show_charts()
        model = self.coverage()
        self.choropleth.update(model)
        if self.actions.uncovered.isChecked():
            self.uncovered.update(model, self.window.canvas)

    def _show_gaps(self) -> None:
        model = self.coverage()
        if model is not None:
            names = model.communities["name"].astype(str).to_dict()
            self.gap_dock.show_model(model, names)

    def _show_charts(self) -> None:
        model = self.coverage()
        if model is not None:
            self.charts_dock.set_model(model, self.window.project)

    def _update_markers(self) -> None:
        if self.actions.markers.isChecked() and self.window.canvas is not None:
            self.markers.update(self.gap_dock.model.shown(), self.window.canvas)

    # ------------------------------------------------------------ map views
    def show_figure(self, layer, field) -> None:
        """Colour ``layer`` by coverage figure ``field``; (None, None) removes the figure."""
        if layer is None:
            self.choropleth.clear()
        else:
            self.choropleth.show(self.coverage(), layer, field)
        self.actions.check_figure(layer, field)

    def show_uncovered(self, on: bool) -> None:
        canvas = self.window.canvas
        if on:
            self.uncovered.update(self.coverage(), canvas)
            canvas.add_overlay(self.uncovered)
        else:
            canvas.remove_overlay(self.uncovered)

    def show_markers(self, on: bool) -> None:
        canvas = self.window.canvas
        if on:
            self._show_gaps()  # the markers follow the gap list as filtered
            self._update_markers()
            canvas.add_overlay(self.markers)
        else:
            canvas.remove_overlay(self.markers)

    # ------------------------------------------------------------ going places
    def go_to_gap(self, gap: dict) -> None:
        """Zoom to the gap's feature and select it (map, tables and tree follow)."""
        box = [gap.get(k) for k in ("minx", "miny", "maxx", "maxy")]
        if all(v is not None and v == v for v in box):  # NaN: no location (a missing area)
            minx, miny, maxx, maxy = box
            pad = ZOOM_PAD_DEGREES if self.window.project.crs and self.window.project.crs.is_geographic else 50
            self.window.canvas.zoom_to_bounds((minx - pad, miny - pad, maxx + pad, maxy + pad))
        self.window.selection.select(gap["layer"], [gap["id"]])

    def select_feature(self, layer: str, id_) -> None:
        """A chart bar was clicked: select its grid (or community) and show it."""
        self.window.selection.select(layer, [id_])
        self.window.zoom_to_feature(layer, id_)

    # ------------------------------------------------------------ rules
    def edit_rules(self) -> None:
        dialog = RulesDialog(self.window.project.rules, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_rules(dialog.rules())

    def apply_rules(self, rules) -> bool:
        """Set the project's rules as one undoable step; say why if they cannot be stored."""
        from ..undo import run_and_push

        command = rules_command(self.window.project.rules, rules, self.actions.undo_text())
        if command is None:
            return False
        try:
            run_and_push(self.window.undo_stack, self.window.project, command)
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self.window, self.actions.rules_failed_title(), str(exc))
            return False
        return True
