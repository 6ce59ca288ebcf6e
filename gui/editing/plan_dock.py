"""The plans panel (方案): the current layout and proposals; create, switch, adopt, delete, compare.

The live layers always hold the active plan (see :mod:`geo.editing.plans`),
so switching is one undoable command and every tool works on the plan shown.
Comparing opens :class:`~gui.editing.plan_compare_dialog.PlanCompareDialog`
for the two selected plans (one selected: against the active plan).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHeaderView, QInputDialog, QLineEdit,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from geo.editing.plans import AdoptPlan, CreatePlan, DeletePlan, SwitchPlan, active_plan
from ..docks.base import RetranslatingDock
from ..models.labels import coded_value

PLAN_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanDock(RetranslatingDock):
    def __init__(self, window, session_getter, csv_actions):
        super().__init__(window)
        self.setObjectName("PlanDock")
        self.window_, self._session, self.csv = window, session_getter, csv_actions
        body = QWidget(self)
        self.table = QTableWidget(0, 3, body)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.buttons = {name: QPushButton(body) for name in
                        ("new", "switch", "adopt", "compare", "export", "delete")}
        grid = QGridLayout()
        for k, button in enumerate(self.buttons.values()):
            button.setObjectName(f"plan_{list(self.buttons)[k]}")
            grid.addWidget(button, k // 3, k % 3)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addLayout(grid)
        self.setWidget(body)
        slots = {"new": self.new_plan, "switch": self.switch, "adopt": self.adopt, "compare": self.compare,
                 "export": self.export, "delete": self.delete}
        for name, slot in slots.items():
            self.buttons[name].clicked.connect(lambda _=False, s=slot: s())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("方案"))
        self.table.setHorizontalHeaderLabels([self.tr("方案"), self.tr("状态"), self.tr("创建时间")])
        texts = {"new": self.tr("新建方案…"), "switch": self.tr("切换到"), "adopt": self.tr("采用为现状"),
                 "compare": self.tr("比较…"), "export": self.tr("导出 CSV…"), "delete": self.tr("删除")}
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.refresh()


    @property
    def project(self):
        session = self._session()
        return session.project if session else None

    # ------------------------------------------------------------ the list
    def refresh(self) -> None:
        project = self.project
        self.table.setRowCount(0)
        if project is None:
            return
        plans = project["plans"]
        active = active_plan(project)
        rows = list(zip(plans.index, plans["name"], plans["status"], plans["created"])) or \
            [(None, self.tr("现状"), "current", "")]
        for plan_id, name, status, created in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            shown = plan_id == active
            label = f"{name} ({plan_id})" if plan_id else str(name)
            texts = [("● " if shown else "") + label,
                     coded_value(status, "status") + (self.tr("，正在显示") if shown else ""), str(created or "")]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(PLAN_ROLE, plan_id)
                self.table.setItem(row, col, item)

    def selected_plans(self) -> list:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(PLAN_ROLE) for r in rows]

    def select_plans(self, plan_ids) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(PLAN_ROLE) in plan_ids:
                self.table.selectRow(r)
        self.table.setSelectionMode(mode)

    def _one(self):
        plans = [p for p in self.selected_plans() if p is not None]
        if len(plans) != 1:
            QMessageBox.information(self, self.tr("方案"), self.tr("请先在列表中选择一个方案。"))
            return None
        return plans[0]

    # ------------------------------------------------------------ actions
    def new_plan(self) -> bool:
        name, ok = QInputDialog.getText(self, self.tr("新建方案"), self.tr("方案名称（从当前显示的布局复制）："),
                                        QLineEdit.EchoMode.Normal, self.tr("调整方案"))
        if not ok or not name.strip():
            return False
        return self._session().run(CreatePlan(name.strip()), self.tr("新建方案 {name}").format(name=name.strip()))

    def switch(self) -> bool:
        plan = self._one()
        return plan is not None and self._session().run(SwitchPlan(plan), self.tr("切换到方案 {id}").format(id=plan))

    def adopt(self) -> bool:
        plan = self._one()
        if plan is None or QMessageBox.question(self, self.tr("采用方案"), self.tr(
                "把方案 {id} 采用为现状？原现状将归档保留。").format(id=plan)) != QMessageBox.StandardButton.Yes:
            return False
        # a plan with topology problems is refused first; the session asks whether to adopt it anyway
        return self._session().run(AdoptPlan(plan), self.tr("采用方案 {id}").format(id=plan))

    def delete(self) -> bool:
        plan = self._one()
        if plan is None or QMessageBox.question(self, self.tr("删除方案"), self.tr("删除方案 {id}？").format(id=plan)) \
                != QMessageBox.StandardButton.Yes:
            return False
        return self._session().run(DeletePlan(plan), self.tr("删除方案 {id}").format(id=plan))

    def export(self) -> bool:
        plans = self.selected_plans()
        return self.csv.export(plans[0] if len(plans) == 1 else None)

    def compare(self):
        """Open the comparison of the two selected plans (or the selected one against the active)."""
        from .plan_compare_dialog import PlanCompareDialog  # noqa: PLC0415 (builds a second canvas)

        plans = [p for p in self.selected_plans() if p is not None]
        active = active_plan(self.project)
        if len(plans) == 1 and plans[0] != active:
            plans = [active, plans[0]]
        if len(plans) != 2:
            QMessageBox.information(self, self.tr("比较方案"), self.tr("请选择两个方案（或一个与当前显示的方案比较）。"))
            return None
        dialog = PlanCompareDialog(self.project, plans[0], plans[1], self.window_)
        self.last_dialog = dialog
        dialog.open()
        return dialog
