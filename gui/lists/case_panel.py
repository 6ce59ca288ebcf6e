"""CasePanel: one case's state, the steps it may take next, and its timeline.

Only the legal next states (:func:`geo.lists.case_states.legal_next`) get a
button, so an illegal step is never offered; the geo command refuses one all
the same if it is asked for another way. The actor, note and time (blank:
now; a step entered afterwards keeps its own day) go into the
step's ``case_events`` row; a satisfaction score (1–5) is offered for the
follow-up visit (回访) only. The timeline lists the case's events, oldest
first. The panel asks for a step with :attr:`advanceRequested`; the lists
feature runs it as an undoable command.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from geo.lists.case_states import legal_next
from geo.schema import CASE_HANDLER_TYPES

from .labels import OVERDUE_COLOUR, STATE_COLOURS, column_title, value_text
from .table_model import blank, case_overdue

TIMELINE_COLUMNS = ("time", "from_state", "to_state", "actor", "note")


class CasePanel(QWidget):
    #: case id, to state, options {actor, note, satisfaction, handler_type, handler_id}
    advanceRequested = Signal(object, str, dict)

    def __init__(self, today: str, parent=None):
        super().__init__(parent)
        self.project, self.case_id, self.today = None, None, today
        self.step_buttons: dict[str, QPushButton] = {}
        self._build()
        self.retranslate()
        self.show_case(None, None)

    def _build(self) -> None:
        self.title, self.details = QLabel(self), QLabel(self)
        for label in (self.title, self.details):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # titles and notes are user text, never markup
        self.actor, self.note, self.when = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.handler_type = QComboBox(self)
        self.handler_id = QLineEdit(self)
        self.satisfaction = QSpinBox(self)
        self.satisfaction.setRange(0, 5)  # 0: not asked
        self.steps_row = QHBoxLayout()
        self.steps_label = QLabel(self)
        self.timeline = QTableWidget(0, len(TIMELINE_COLUMNS), self)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(5)]
        handler = QHBoxLayout()
        handler.addWidget(self.handler_type)
        handler.addWidget(self.handler_id, 1)
        fields = (self.actor, self.note, self.when, handler, self.satisfaction)
        for label, field in zip(self.form_labels, fields):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(self.form)
        layout.addWidget(self.steps_label)
        layout.addLayout(self.steps_row)
        self.timeline_label = QLabel(self)
        layout.addWidget(self.timeline_label)
        layout.addWidget(self.timeline, 1)

    def retranslate(self) -> None:
        texts = (self.tr("经办人"), self.tr("说明"), self.tr("时间"), self.tr("承办方"), self.tr("满意度"))
        for label, text in zip(self.form_labels, texts):
            label.setText(text)
        self.actor.setPlaceholderText(self.tr("谁办理这一步"))
        self.when.setPlaceholderText(self.tr("空 = 现在；补记时写 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM"))
        self.note.setPlaceholderText(self.tr("这一步的说明（写入流转记录）"))
        self.handler_id.setPlaceholderText(self.tr("承办方编号或名称"))
        self.satisfaction.setSpecialValueText(self.tr("未评"))
        self.satisfaction.setToolTip(self.tr("回访时记录的满意度（1–5）"))
        self.steps_label.setText(self.tr("转到下一步："))
        self.timeline_label.setText(self.tr("流转记录"))
        self.timeline.setHorizontalHeaderLabels([column_title(c) for c in TIMELINE_COLUMNS])
        chosen = self.handler_type.currentData()
        self.handler_type.clear()
        self.handler_type.addItem(self.tr("（不变）"), None)
        for code in CASE_HANDLER_TYPES:
            self.handler_type.addItem(value_text("handler_type", code), code)
        self.handler_type.setCurrentIndex(max(0, self.handler_type.findData(chosen)))
        self.show_case(self.project, self.case_id)

    # ------------------------------------------------------------ showing
    def show_case(self, project, case_id) -> None:
        """Show case ``case_id`` of ``project`` (None: nothing)."""
        self.project, self.case_id = project, case_id
        cases = project["cases"] if project is not None else None
        if cases is None or case_id not in cases.index:
            self.case_id = None
            self.title.setText(self.tr("在“事件”表中选择一个事件，在此办理并查看流转记录。"))
            self.details.clear()
            self._set_steps(())
            self.timeline.setRowCount(0)
            self._enable(False)
            return
        row = cases.loc[case_id]
        self._enable(True)
        self._show_title(case_id, row)
        self._set_steps(legal_next(row["state"]))
        self._fill_timeline()

    def _enable(self, on: bool) -> None:
        for widget in (self.actor, self.note, self.when, self.handler_type, self.handler_id):
            widget.setEnabled(on)

    def _show_title(self, case_id, row) -> None:
        overdue = case_overdue(row["state"], row["due_at"], self.today)
        state = value_text("state", row["state"])
        title = self.tr("{case} {title} — 当前：{state}").format(case=case_id, title=row.get("title") or "", state=state)
        if overdue:
            title += self.tr("（已超期）")
        colour = OVERDUE_COLOUR if overdue else STATE_COLOURS.get(row["state"], "#222222")
        self.title.setText(title)
        self.title.setStyleSheet(f"font-weight: bold; color: {colour}")
        pairs = [("category", row.get("category")), ("reported_at", row.get("reported_at")),
                 ("due_at", row.get("due_at")), ("closed_at", row.get("closed_at")),
                 ("handler_type", value_text("handler_type", row.get("handler_type"))),
                 ("handler_id", row.get("handler_id")), ("satisfaction", row.get("satisfaction"))]
        parts = [self.tr("{label}：{value}").format(label=column_title(k), value=_plain(v))
                 for k, v in pairs if not blank(v)]
        self.details.setText(self.tr("；").join(parts))

    def _set_steps(self, states) -> None:
        for button in self.step_buttons.values():
            self.steps_row.removeWidget(button)
            button.deleteLater()
        self.step_buttons = {}
        for state in states:
            button = QPushButton(value_text("state", state), self)
            button.setObjectName(f"case_step_{state}")
            button.clicked.connect(lambda _=False, s=state: self.request(s))
            self.steps_row.addWidget(button)
            self.step_buttons[state] = button
        self.satisfaction.setEnabled("visited" in self.step_buttons)
        if "visited" not in self.step_buttons:
            self.satisfaction.setValue(0)

    def _fill_timeline(self) -> None:
        events = self.project["case_events"]
        mine = events[events["case_id"] == self.case_id].sort_values(["time"], kind="stable")
        self.timeline.setRowCount(len(mine))
        for r, (_, event) in enumerate(mine.iterrows()):
            for c, column in enumerate(TIMELINE_COLUMNS):
                value = event.get(column)
                text = "" if blank(value) else value_text(column, value)
                item = QTableWidgetItem(text)
                if column == "to_state" and event.get("to_state") in STATE_COLOURS:
                    item.setData(Qt.ItemDataRole.DecorationRole, QColor(STATE_COLOURS[event["to_state"]]))
                self.timeline.setItem(r, c, item)

    def timeline_rows(self) -> list[tuple]:
        """The timeline as shown (tests and copying)."""
        return [tuple(self.timeline.item(r, c).text() for c in range(self.timeline.columnCount()))
                for r in range(self.timeline.rowCount())]

    # ------------------------------------------------------------ asking for a step
    def request(self, state: str) -> None:
        """Ask for the step to ``state`` with what the fields say."""
        if self.case_id is None:
            return
        options = {"actor": self.actor.text().strip(), "note": self.note.text().strip()}
        if self.when.text().strip():  # a step entered afterwards keeps the day it was taken
            options["when"] = self.when.text().strip()
        if state == "visited" and self.satisfaction.value() > 0:
            options["satisfaction"] = self.satisfaction.value()
        if self.handler_type.currentData() is not None:
            options["handler_type"] = self.handler_type.currentData()
            options["handler_id"] = self.handler_id.text().strip() or None
        self.advanceRequested.emit(self.case_id, state, options)

    def step_done(self) -> None:
        """The step was taken: clear the one-step fields (the actor stays for the next step)."""
        self.note.clear()
        self.when.clear()
        self.satisfaction.setValue(0)
        self.handler_type.setCurrentIndex(0)
        self.handler_id.clear()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _plain(value) -> str:
    """Numbers stored as floats (a satisfaction of 4.0) shown as written."""
    return f"{value:g}" if isinstance(value, float) else str(value)
