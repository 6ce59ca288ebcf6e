"""RulesDialog: edit the project's rules (band, 1:N, station radius, staff roles, member kinds,
case time limits, need reminder).

The dialog only reads and validates; :func:`rules_command` turns the result
into an undoable :class:`geo.commands.ChangeList` of ``("setting", key, value)``
changes, which the coverage feature pushes on the window's undo stack.
Applying it writes the settings table and emits ``project.rules_changed``;
the coverage model recomputes and every view follows.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout)

from geo.commands import ChangeList
from geo.messages import CodedError
from geo.rules import Rules
from geo.schema import MEMBER_KINDS, MEMBER_ROLES

from ..models.labels import coded_value
from .time_limits_table import TimeLimitsTable


def rules_command(old: Rules, new: Rules, text: str):
    """A ChangeList setting the keys whose value differs, or None when nothing changed.

    Raises CodedError (a ValueError) for rules that fail :meth:`Rules.validate`, so
    a bad value is refused before a command exists (``Project.apply`` checks again
    before it writes).
    """
    new.validate()
    before = dict(old.to_rows())
    changes = [("setting", k, v) for k, v in new.to_rows() if before.get(k) != v]
    return ChangeList(text, changes) if changes else None


class RulesDialog(QDialog):
    def __init__(self, rules: Rules, parent=None):
        super().__init__(parent)
        self.setObjectName("RulesDialog")
        self.original = rules
        self._build()
        self.set_rules(rules)
        self.retranslate()
        self.validate()

    def _build(self) -> None:
        self.min_box, self.max_box, self.central_box = QSpinBox(self), QSpinBox(self), QSpinBox(self)
        for box in (self.min_box, self.max_box):
            box.setRange(0, 1_000_000)
        self.central_box.setRange(0, 10_000)
        self.radius_box = QDoubleSpinBox(self)
        self.radius_box.setRange(0, 100_000)
        self.radius_box.setDecimals(0)
        self.head_edit, self.staff_edit = QLineEdit(self), QLineEdit(self)
        self.limits_table = TimeLimitsTable(self)
        self.need_days_box = QSpinBox(self)
        self.need_days_box.setRange(0, 3650)
        self.kind_boxes = {kind: QCheckBox(coded_value(kind), self) for kind in MEMBER_KINDS}
        kinds = QHBoxLayout()
        for box in self.kind_boxes.values():
            kinds.addWidget(box)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(9)]
        widgets = (self.min_box, self.max_box, self.central_box, self.radius_box,
                   self.head_edit, self.staff_edit, kinds, self.limits_table, self.need_days_box)
        for label, widget in zip(self.form_labels, widgets):
            self.form.addRow(label, widget)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #C8102E")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for box in (self.min_box, self.max_box, self.central_box):
            box.valueChanged.connect(self.validate)
        self.radius_box.valueChanged.connect(self.validate)
        for edit in (self.head_edit, self.staff_edit):
            edit.textChanged.connect(self.validate)
        for box in self.kind_boxes.values():
            box.toggled.connect(self.validate)
        self.limits_table.edited.connect(self.validate)
        self.need_days_box.valueChanged.connect(self.validate)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("规则设置"))
        texts = (self.tr("网格户数下限"), self.tr("网格户数上限"), self.tr("每名中心户联系户数"),
                 self.tr("服务站默认服务半径"), self.tr("网格长角色"), self.tr("网格员角色"),
                 self.tr("计入统计的党员类别"), self.tr("事件办结时限（天）"),
                 self.tr("需求未匹配提醒（天）"))
        for label, text in zip(self.form_labels, texts):
            label.setText(text)
        for box in (self.min_box, self.max_box, self.central_box):
            box.setSuffix(self.tr(" 户"))
        self.radius_box.setSuffix(self.tr(" 米"))
        self.need_days_box.setSuffix(self.tr(" 天"))
        self.need_days_box.setToolTip(self.tr("待认领的需求超过这么多天未匹配资源，列入问题清单。"))
        self.limits_table.retranslate()
        known = "、".join(f"{code}（{coded_value(code)}）" for code in MEMBER_ROLES)
        for edit in (self.head_edit, self.staff_edit):
            edit.setPlaceholderText(self.tr("角色代码，用逗号分隔"))
            edit.setToolTip(self.tr("党员“角色”字段中的代码，用逗号分隔。常用：{known}").format(known=known))

    # ------------------------------------------------------------ values
    def set_rules(self, rules: Rules) -> None:
        self.min_box.setValue(rules.households_min)
        self.max_box.setValue(rules.households_max)
        self.central_box.setValue(rules.households_per_central)
        self.radius_box.setValue(rules.station_radius_m)
        self.head_edit.setText(",".join(rules.grid_head_roles))
        self.staff_edit.setText(",".join(rules.grid_staff_roles))
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in rules.counted_member_kinds)
        self.limits_table.set_limits(rules.case_time_limit_days)
        self.need_days_box.setValue(rules.need_unmatched_days)

    def rules(self) -> Rules:
        """The rules as entered (not validated: see :meth:`problems`)."""
        return replace(self.original, households_min=self.min_box.value(),
                       households_max=self.max_box.value(),
                       households_per_central=self.central_box.value(),
                       station_radius_m=float(self.radius_box.value()),
                       grid_head_roles=_codes(self.head_edit.text()),
                       grid_staff_roles=_codes(self.staff_edit.text()),
                       counted_member_kinds=tuple(k for k, b in self.kind_boxes.items() if b.isChecked()),
                       case_time_limit_days=self._limits_or_original(),
                       need_unmatched_days=self.need_days_box.value())

    def _limits_or_original(self):
        """The table's limits as parsed by geo.rules; the stored ones while the table is wrong."""
        try:
            return self.limits_table.limits()
        except CodedError:
            return self.original.case_time_limit_days

    def problems(self) -> list[str]:
        r, out = self.rules(), []
        if r.households_min <= 0:
            out.append(self.tr("网格户数下限须大于 0。"))
        if r.households_min > r.households_max:
            out.append(self.tr("网格户数下限不能大于上限。"))
        if r.households_per_central <= 0:
            out.append(self.tr("每名中心户联系户数须大于 0。"))
        if r.station_radius_m <= 0:
            out.append(self.tr("服务半径须大于 0 米。"))
        if not r.grid_head_roles:
            out.append(self.tr("请至少填写一个网格长角色。"))
        if not r.grid_staff_roles:
            out.append(self.tr("请至少填写一个网格员角色。"))
        if not r.counted_member_kinds:
            out.append(self.tr("请至少选择一种党员类别。"))
        out.extend(self.limits_table.problems())
        if r.need_unmatched_days <= 0:
            out.append(self.tr("需求未匹配提醒天数须大于 0。"))
        return out

    def validate(self, *_) -> bool:
        problems = self.problems()
        self.message.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return not problems

    def accept(self) -> None:
        if self.validate():
            super().accept()


def _codes(text: str) -> tuple[str, ...]:
    """"grid_head, 网格长" → ("grid_head", "网格长"); Chinese commas count too."""
    return tuple(p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip())
