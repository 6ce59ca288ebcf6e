"""The case loop (发现 → 研判分流 → 办理中 → 办结 → 回访, with 退回 and 升级) as a state machine.

Every step is one :class:`AdvanceCase`: the case's new state and one
``case_events`` row (time, from, to, actor, note) in the same transaction, so
the timeline and the figures "as of" a past date can be rebuilt from the
events. A step the machine does not allow is refused with
``lists.case_illegal_transition``.

Examples
--------
>>> AdvanceCase("C0001", "triage", actor="王网格长").do(project)  # doctest: +SKIP
>>> legal_next("triage")
('in_progress', 'escalated', 'returned')
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..commands import ChangeSet
from ..editing.assign import EditRefused
from ..messages import register
from ..schema import CASE_HANDLER_TYPES, CASE_STATES
from .items import check_satisfaction, column_word, ensure_list_tables, next_id, word
from .places import blank

#: state → the states a case may go to next (``visited`` is the end).
TRANSITIONS: dict[str, frozenset] = {
    "found": frozenset({"triage", "returned"}),
    "triage": frozenset({"in_progress", "escalated", "returned"}),
    "in_progress": frozenset({"closed", "escalated", "returned"}),
    "escalated": frozenset({"in_progress", "returned"}),
    "returned": frozenset({"triage"}),
    "closed": frozenset({"visited", "in_progress"}),
    "visited": frozenset(),
}
RESOLVED_STATES = frozenset({"closed", "visited"})

register("lists.case_illegal_transition", "事件 {case} 不能从“{from_state}”转为“{to_state}”",
         "Case {case} cannot go from \"{from_state}\" to \"{to_state}\"")
register("lists.unknown_case", "没有事件 {case}", "There is no case {case}")
register("lists.bad_time", "事件 {case}：时间“{value}”无效（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）",
         "Case {case}: \"{value}\" is not a time (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
register("lists.satisfaction_on_visit", "事件 {case}：满意度只在回访时记录",
         "Case {case}: satisfaction is recorded on the follow-up visit only")


def legal_next(state) -> tuple[str, ...]:
    """The states a case in ``state`` may go to, in the order of :data:`geo.schema.CASE_STATES`."""
    allowed = TRANSITIONS.get(state, frozenset())
    return tuple(s for s in CASE_STATES if s in allowed)


def is_open(state) -> bool:
    """Open = not closed (办结) and not visited (回访)."""
    return state not in RESOLVED_STATES


def overdue(cases: pd.DataFrame, as_of=None) -> pd.Series:
    """Open cases whose ``due_at`` is before ``as_of`` (default today), by the cases' current state."""
    day = (as_of or dt.date.today()).isoformat() if not isinstance(as_of, str) else as_of[:10]
    due = cases["due_at"].astype(object)
    return ~cases["state"].isin(RESOLVED_STATES) & due.notna() & (due.astype(str).str[:10] < day)


def event_time(value, case) -> str:
    """``value`` as event time text: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``; default now."""
    if value is None:
        return dt.datetime.now().strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip().replace(" ", "T")
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        return dt.datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        raise EditRefused("lists.bad_time", case=case, value=value) from None


class AdvanceCase(ChangeSet):
    """Move a case to ``to_state``: one case update and one ``case_events`` row.

    Closing (``closed``) sets ``closed_at`` to the step's date; reopening
    (``closed`` → ``in_progress``) clears it; the visit (``visited``) may record a
    ``satisfaction`` of 1–5. Triage may route the case to a handler
    (``handler_type``, ``handler_id``).
    """

    def __init__(self, case_id, to_state: str, actor: str = "", note: str = "", when=None,
                 satisfaction=None, handler_type=None, handler_id=None):
        super().__init__(f"case {case_id} → {to_state}")
        self.case_id, self.to_state = case_id, to_state
        self.actor, self.note, self.when, self.satisfaction = actor, note, when, satisfaction
        self.handler_type, self.handler_id = handler_type, handler_id

    def changes(self, project):
        ensure_list_tables(project)
        cases = project["cases"]
        if self.case_id not in cases.index:
            raise EditRefused("lists.unknown_case", case=self.case_id)
        state = cases.at[self.case_id, "state"]
        if self.to_state not in TRANSITIONS.get(state, ()):
            raise EditRefused("lists.case_illegal_transition", case=self.case_id,
                              from_state=word("case_state", state), to_state=word("case_state", self.to_state))
        time = event_time(self.when, self.case_id)
        values = {"state": self.to_state, **self._step_values(time)}
        event = {"event_id": next_id(project, "case_events"), "case_id": self.case_id, "time": time,
                 "from_state": state, "to_state": self.to_state, "actor": self.actor or None,
                 "note": self.note or None}
        return [("update", "cases", self.case_id, values), ("insert", "case_events", event)]

    def _step_values(self, time: str) -> dict:
        values = {}
        if self.to_state == "closed":
            values["closed_at"] = time[:10]
        elif self.to_state == "in_progress":
            values["closed_at"] = None  # reopened (or never closed)
        if not blank(self.satisfaction):
            if self.to_state != "visited":
                raise EditRefused("lists.satisfaction_on_visit", case=self.case_id)
            values["satisfaction"] = check_satisfaction(self.case_id, self.satisfaction)
        if not blank(self.handler_type):
            if self.handler_type not in CASE_HANDLER_TYPES:
                raise EditRefused("lists.bad_value", item=self.case_id, column=column_word("handler_type"),
                                  value=self.handler_type,
                                  allowed=[word("handler_type", h) for h in CASE_HANDLER_TYPES])
            values["handler_type"], values["handler_id"] = self.handler_type, self.handler_id
        return values
