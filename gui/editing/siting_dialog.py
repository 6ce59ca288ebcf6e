"""网格编辑 → 服务站选址: propose K planned stations into a new plan and show them.

:func:`geo.siting.site_stations` chooses the sites; the proposals become planned
stations of a new plan (one undo step, :class:`geo.siting.SitingPlan`). Switching
to that plan — offered at once — draws them with their service circles; the
households each one newly covers are listed.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QLineEdit,
                               QMessageBox, QSpinBox)

from geo.editing.plans import SwitchPlan
from geo.messages import CodedError
from geo.siting import SitingPlan, site_stations
from ..dialogs.form_dialog import finish_form


class SitingDialog(QDialog):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.setObjectName("SitingDialog")
        self.setWindowTitle(self.tr("服务站选址"))
        self.k = QSpinBox(self)
        self.k.setRange(1, 500)
        self.k.setValue(3)
        self.radius = QDoubleSpinBox(self)
        self.radius.setRange(10, 20000)
        self.radius.setSuffix(" m")
        self.radius.setValue(float(project.rules.station_radius_m))
        self.candidates = QComboBox(self)
        self.candidates.addItem(self.tr("楼栋位置"), "buildings")
        self.candidates.addItem(self.tr("网格中心"), "grid-centroids")
        self.name = QLineEdit(self.tr("服务站选址方案"), self)
        form = QFormLayout()
        form.addRow(self.tr("新增服务站数量"), self.k)
        form.addRow(self.tr("服务半径"), self.radius)
        form.addRow(self.tr("候选位置"), self.candidates)
        form.addRow(self.tr("方案名称"), self.name)
        finish_form(self, form, self.tr("开始选址"), self.tr("取消"))

    def choices(self) -> dict:
        return {"k": self.k.value(), "radius": self.radius.value(), "candidates": self.candidates.currentData(),
                "name": self.name.text().strip() or self.tr("服务站选址方案")}


def site_into_plan(session, choices):
    """(plan id, result) after writing the proposals as a plan, or (None, None) when refused."""
    try:
        result = site_stations(session.project, choices["k"], choices["radius"], choices["candidates"])
    except CodedError as exc:
        session.warn(str(exc))
        return None, None
    command = SitingPlan(session.project, result, choices["name"])
    text = QApplication.translate("SitingDialog", "服务站选址方案 {name}").format(name=choices["name"])
    if not session.run(command, text):
        return None, None
    return command.plan_id, result


def siting_from_dialog(window, session):
    if session is None:
        return None
    dialog = SitingDialog(session.project, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    plan_id, result = site_into_plan(session, dialog.choices())
    if plan_id is None:
        return None
    lines = [QApplication.translate("SitingDialog", "{n}. 新覆盖 {gain} 户").format(n=n, gain=int(p.gain))
             for n, p in enumerate(result.proposals, 1)]
    text = QApplication.translate("SitingDialog", "覆盖户数 {before} → {after}（共 {total} 户）").format(
        before=int(result.covered_before), after=int(result.covered_after), total=int(result.total))
    question = QApplication.translate("SitingDialog", "切换到方案 {plan} 在地图上查看？").format(plan=plan_id)
    answer = QMessageBox.question(window, dialog.windowTitle(), "\n".join([text, "", *lines, "", question]))
    if answer == QMessageBox.StandardButton.Yes:
        session.run(SwitchPlan(plan_id), QApplication.translate("SitingDialog", "切换到方案 {id}").format(id=plan_id))
    return plan_id
