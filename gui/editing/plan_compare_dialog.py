"""Two plans side by side: which buildings move, grid figures before and after, a map of the changes.

The map is a second :class:`gui.map.canvas.MapCanvas` over the same project
with its own selection: moved buildings are selected (drawn highlighted) and
filled, the changed grids' outlines are drawn dashed as in plan A and solid as
in plan B. Choosing a moved building or a grid in the tables zooms the map.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from geo.editing.plan_compare import compare_plans
from geo.selection import Selection

from ..map.canvas import MapCanvas
from ..map.layer_style import LayerStack
from .overlays import HighlightOverlay

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanCompareDialog(QDialog):
    def __init__(self, project, plan_a, plan_b, parent=None):
        super().__init__(parent)
        self.setObjectName("PlanCompareDialog")
        self.project, self.plan_a, self.plan_b = project, plan_a, plan_b
        self.comparison = compare_plans(project, plan_a, plan_b)
        self.setWindowTitle(self.tr("比较方案：{a} → {b}").format(a=self._name(plan_a), b=self._name(plan_b)))
        self.resize(1280, 760)
        self.selection = Selection()
        self.canvas = MapCanvas(project, self.selection, LayerStack.default())
        self._build()
        self._show_changes()
        self.finished.connect(self._release_canvas)

    def _name(self, plan_id) -> str:
        plans = self.project["plans"]
        return str(plans.at[plan_id, "name"]) if plan_id in plans.index else self.tr("当前布局")

    def _build(self) -> None:
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.moved_table = self._table([self.tr("楼栋"), self.tr("户数"), self.tr("原网格"), self.tr("新网格")])
        self.figures_table = self._table([self.tr("网格"), self.tr("户数（前）"), self.tr("户数（后）"), self.tr("变化"),
                                          self.tr("区间内（前→后）"), self.tr("PP（前→后）"), self.tr("Reock（前→后）")])
        tabs = QTabWidget(self)
        tabs.addTab(self.figures_table, self.tr("网格指标"))
        tabs.addTab(self.moved_table, self.tr("调整的楼栋"))
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(tabs)
        splitter = QSplitter(self)
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setSizes([760, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.moved_table.itemClicked.connect(lambda item: self._zoom("buildings", item.data(ID_ROLE)))
        self.figures_table.itemClicked.connect(lambda item: self._zoom("grids", item.data(ID_ROLE)))

    def _table(self, headers) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # ------------------------------------------------------------ content
    def _show_changes(self) -> None:
        c = self.comparison
        moved = c.moved
        f = c.figures
        self.summary.setText(self.tr("{n} 栋楼调整网格（{hh} 户），{g} 个网格变化；户数在区间内的网格：{a} → {b} 个。")
                             .format(n=len(moved), hh=int(moved["households"].fillna(0).sum()), g=len(c.changed),
                                     a=int(f["in_band_a"].eq(True).sum()), b=int(f["in_band_b"].eq(True).sum())))
        for building, hh, ga, gb in moved[["building_id", "households", "grid_a", "grid_b"]].itertuples(index=False):
            self._add_row(self.moved_table, building, [building, int(hh), ga or "—", gb or "—"])
        for grid in c.changed["grid_id"]:
            self._add_row(self.figures_table, grid, self._figure_texts(grid))
        self.selection.select("buildings", list(moved["building_id"]))
        b = self.project["buildings"]
        geoms = b.geometry.reindex(list(moved["building_id"])).dropna()
        self.canvas.add_overlay(HighlightOverlay(self.project, list(c.changed["geometry_a"]), "#616161", 0, True))
        self.canvas.add_overlay(HighlightOverlay(self.project, list(c.changed.geometry), "#EF6C00", 0))
        self.canvas.add_overlay(HighlightOverlay(self.project, list(geoms), "#D81B60", 150))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.zoom_to_changes)  # once the canvas has its final size

    def zoom_to_changes(self) -> None:
        if len(self.comparison.changed):
            self.canvas.zoom_to_bounds(tuple(self.comparison.changed.total_bounds), margin=0.15)

    def _figure_texts(self, grid) -> list:
        f = self.comparison.figures
        row = f.loc[grid] if grid in f.index else None

        def value(col, fmt="{:.0f}"):
            v = row[col] if row is not None else None
            return "—" if v is None or v != v else fmt.format(v)

        ha, hb = (row["households_a"] if row is not None else 0), (row["households_b"] if row is not None else 0)
        ha, hb = (0 if ha != ha else int(ha)), (0 if hb != hb else int(hb))
        band = {True: "✓", False: "✗"}
        ina = band.get(bool(row["in_band_a"]) if row is not None and row["in_band_a"] == row["in_band_a"] else None, "—")
        inb = band.get(bool(row["in_band_b"]) if row is not None and row["in_band_b"] == row["in_band_b"] else None, "—")
        return [grid, value("households_a"), value("households_b"), f"{hb - ha:+d}", f"{ina} → {inb}",
                f"{value('polsby_popper_a', '{:.2f}')} → {value('polsby_popper_b', '{:.2f}')}",
                f"{value('reock_a', '{:.2f}')} → {value('reock_b', '{:.2f}')}"]

    def _add_row(self, table, id_, texts) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(texts):
            item = QTableWidgetItem(str(text))
            item.setData(ID_ROLE, id_)
            if col and str(text).lstrip("+-").replace(".", "").isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, col, item)

    def _zoom(self, layer, id_) -> None:
        if id_ is not None and id_ in self.project[layer].index:
            self.canvas.zoom_to_feature(layer, id_)

    def moved_ids(self) -> list:
        return list(self.comparison.moved["building_id"])

    def _release_canvas(self) -> None:
        # the canvas listens to the project; a closed dialog must not receive its edits
        self.project.changed.disconnect(self.canvas._on_project_changed)  # noqa: SLF001
        self.canvas.close()
