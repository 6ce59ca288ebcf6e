"""网格编辑 → 自动划分: draft grids into a new plan, then compare it with the layout shown.

The dialog only gathers the choices (communities, band, grids to keep, seed,
minimal change, plan name); :func:`geo.drafting.draft.draft` does the work with a
progress dialog that can cancel it between communities, and the result becomes
a plan through one undoable :class:`geo.drafting.to_plan.DraftPlan`. The layout
shown is never changed: the plan opens in the comparison view.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QFormLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressDialog, QSpinBox)

from geo.drafting.draft import DraftCancelled, draft
from geo.drafting.minimal_change import minimal_change
from geo.drafting.to_plan import DraftPlan
from geo.editing.plans import active_plan
from geo.messages import CodedError
from ..dialogs.form_dialog import finish_form


class DraftDialog(QDialog):
    """Choices for one draft; :meth:`choices` reads them back."""

    def __init__(self, project, locked=(), parent=None):
        super().__init__(parent)
        self.setObjectName("DraftDialog")
        self.setWindowTitle(self.tr("自动划分网格"))
        rules = project.rules
        self.communities = QListWidget(self)
        for cid, name in zip(project["communities"].index, project["communities"]["name"]):
            item = QListWidgetItem(f"{name} ({cid})", self.communities)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setCheckState(Qt.CheckState.Checked)
        self.lower, self.upper = QSpinBox(self), QSpinBox(self)
        for box, value in ((self.lower, rules.households_min), (self.upper, rules.households_max)):
            box.setRange(1, 100000)
            box.setValue(int(value))
        self.keep = QLineEdit(", ".join(sorted(map(str, locked))), self)
        self.keep.setPlaceholderText(self.tr("网格编号，用逗号分隔"))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 1_000_000)
        self.seed.setValue(1)
        self.minimal = QCheckBox(self.tr("从现有网格出发，尽量少移动楼栋"), self)
        self.name = QLineEdit(self.tr("自动划分方案"), self)
        form = QFormLayout()
        form.addRow(self.tr("社区"), self.communities)
        form.addRow(self.tr("每格户数下限"), self.lower)
        form.addRow(self.tr("每格户数上限"), self.upper)
        form.addRow(self.tr("保留不动的网格"), self.keep)
        form.addRow(self.tr("随机种子"), self.seed)
        form.addRow("", self.minimal)
        form.addRow(self.tr("方案名称"), self.name)
        finish_form(self, form, self.tr("开始划分"), self.tr("取消"))

    def choices(self) -> dict:
        items = [self.communities.item(i) for i in range(self.communities.count())]
        return {"communities": [i.data(Qt.ItemDataRole.UserRole) for i in items
                                if i.checkState() == Qt.CheckState.Checked],
                "band": (self.lower.value(), self.upper.value()),
                "keep": [g.strip() for g in self.keep.text().replace("，", ",").split(",") if g.strip()],
                "seed": self.seed.value(), "minimal_change": self.minimal.isChecked(),
                "name": self.name.text().strip() or self.tr("自动划分方案")}


def run_draft(window, session, choices) -> str | None:
    """Draft with progress and cancel, write the plan (one undo step); the new plan id, or None."""
    communities = choices["communities"]
    if not communities:
        session.warn(QApplication.translate("DraftDialog", "请至少选择一个社区。"))
        return None
    progress = QProgressDialog(QApplication.translate("DraftDialog", "正在自动划分网格…"),
                               QApplication.translate("DraftDialog", "取消"), 0, len(communities), window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def step(done, total):
        progress.setValue(done)
        QApplication.processEvents()

    run = minimal_change if choices["minimal_change"] else draft
    try:
        result = run(session.project, communities=communities, band=choices["band"], keep=choices["keep"],
                     seed=choices["seed"], progress=step, cancelled=progress.wasCanceled)
    except DraftCancelled:
        session.say(QApplication.translate("DraftDialog", "已取消自动划分"))
        return None
    except CodedError as exc:
        session.warn(str(exc))
        return None
    finally:
        progress.close()
    command = DraftPlan(result, choices["name"])
    text = QApplication.translate("DraftDialog", "自动划分方案 {name}").format(name=choices["name"])
    if not session.run(command, text):
        return None
    lower, upper = result.band
    in_band = sum(lower <= g.households <= upper for g in result.grids)
    session.say(QApplication.translate("DraftDialog", "方案 {plan}：{grids} 个网格，{in_band} 个在户数范围内，{n} 条例外")
                .format(plan=command.plan_id, grids=len(result.grids), in_band=in_band, n=len(result.exceptions)))
    return command.plan_id


def open_comparison(window, project, plan_id):
    """The new plan against the layout shown, in the plan comparison view."""
    from .plan_compare_dialog import PlanCompareDialog  # noqa: PLC0415 (builds a second canvas)

    dialog = PlanCompareDialog(project, active_plan(project), plan_id, window)
    dialog.open()
    return dialog


def draft_from_dialog(window, session):
    """The whole path behind the menu item; returns the comparison dialog (or None)."""
    if session is None:
        return None
    dialog = DraftDialog(session.project, session.locked, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    plan_id = run_draft(window, session, dialog.choices())
    if plan_id is None:
        return None
    return open_comparison(window, session.project, plan_id)
