"""The topology panel: run the grid checks and list the problems; clicking one zooms to it.

The checks are :func:`geo.topology.topology_problems` (overlaps, gaps, grids
outside their community or in pieces, unassigned buildings, buildings outside
their grid). A marker rings the problem's location on the map.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from geo.topology import topology_problems

from ..models.labels import layer_title
from .overlays import MarkerOverlay
from ..docks.base import RetranslatingDock

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
ZOOM_HALF_WIDTH_M = 80.0


class TopologyDock(RetranslatingDock):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("TopologyDock")
        self.window_ = window
        self.problems = []
        self.marker = MarkerOverlay()
        body = QWidget(self)
        self.check_button = QPushButton(body)
        self.check_button.setObjectName("topology_check")
        self.summary = QLabel(body)
        self.list = QTreeWidget(body)
        self.list.setColumnCount(3)
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.summary, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.setWidget(body)
        self.check_button.clicked.connect(self.run_check)
        self.list.itemClicked.connect(lambda item, _col: self.zoom_to(item))
        self.list.itemActivated.connect(lambda item, _col: self.zoom_to(item))
        self.retranslate()

    def kind_title(self, kind: str) -> str:
        return {"grid_overlap": self.tr("网格重叠"), "grid_gap": self.tr("网格间空隙"),
                "grid_outside_community": self.tr("网格超出社区"), "grid_not_contiguous": self.tr("网格不连续"),
                "building_unassigned": self.tr("楼栋未分配网格"),
                "building_outside_grid": self.tr("楼栋超出所属网格")}.get(kind, kind)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("拓扑检查"))
        self.check_button.setText(self.tr("检查拓扑"))
        self.list.setHeaderLabels([self.tr("问题"), self.tr("对象"), self.tr("说明")])
        self._fill()


    def clear(self) -> None:
        self.problems = []
        self.marker.point = None
        self._fill()
        self.summary.clear()

    def run_check(self) -> list:
        project = self.window_.project
        self.problems = topology_problems(project) if project is not None else []
        self._fill()
        self.summary.setText(self.tr("发现 {n} 个问题").format(n=len(self.problems)) if self.problems
                             else self.tr("没有发现拓扑问题"))
        return self.problems

    def _fill(self) -> None:
        self.list.clear()
        for problem in self.problems:
            where = layer_title(problem.layer) + (f" {problem.id}" if problem.id is not None else "")
            item = QTreeWidgetItem(self.list, [self.kind_title(problem.kind), where, problem.reason])
            item.setToolTip(2, problem.reason)
            item.setData(0, PROBLEM_ROLE, problem)

    def zoom_to(self, item) -> None:
        problem = item.data(0, PROBLEM_ROLE)
        canvas = self.window_.canvas
        if problem is None or canvas is None:
            return
        if problem.x is not None and problem.y is not None:
            x, y = canvas.scene.to_metric.transform(problem.x, problem.y)
            r = ZOOM_HALF_WIDTH_M
            canvas.zoom_to_bounds((x - r, y - r, x + r, y + r), crs="metric")
            self.marker.point = (x, y)
            canvas.add_overlay(self.marker)
        elif problem.id is not None and problem.layer in ("grids", "buildings"):
            self.window_.zoom_to_feature(problem.layer, problem.id)
        if problem.id is not None and problem.layer in ("grids", "buildings"):
            self.window_.selection.select(problem.layer, [problem.id])
