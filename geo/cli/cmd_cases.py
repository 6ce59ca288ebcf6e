"""Cases (事件): list, add, import, export, update, delete, advance through the loop, timeline.

``main.py cases PROJECT list|add|import FILE|export OUT|update ID|delete ID …`` (see
:mod:`geo.cli.lists_common`), ``main.py cases PROJECT advance ID --to STATE [--note …]
[--actor …] [--when DATE] [--satisfaction N] [--handler-type T --handler H]`` (发现 →
研判分流 → 办理中 → 办结 → 回访, and 退回, 升级; Chinese or English names; an illegal step
exits 2) and ``main.py cases PROJECT timeline ID [--json]``.
"""
from __future__ import annotations

import json

from . import EXIT_OK
from .common import CliError, project_session, terminal_field
from .lists_common import ListCommand
from ..messages import Message, register

register("cli.lists.advanced", "事件 {case}：{from_state} → {to_state}", "case {case}: {from_state} → {to_state}")
register("cli.lists.no_events", "事件 {case} 没有流转记录", "case {case} has no recorded steps")


def _advance_arguments(p) -> None:
    p.add_argument("id", help="the case")
    p.add_argument("--to", required=True, metavar="STATE",
                   help="研判分流/办理中/办结/回访/退回/升级 or triage/in_progress/closed/visited/returned/escalated")
    p.add_argument("--note", default="", help="what was done or decided")
    p.add_argument("--actor", default="", help="who took the step")
    p.add_argument("--when", help="date or date and time of the step (default now)")
    p.add_argument("--satisfaction", help="on the visit (回访): a score 1-5")
    p.add_argument("--handler-type", help="route to: 网格/社区/街道部门/共建单位/调解队 (or the English codes)")
    p.add_argument("--handler", help="the handler's id or name")


def _code(domain: str, text, flag: str):
    from ..lists.import_values import parse_code

    code, why = parse_code(domain, text, flag)
    if why is not None:
        raise CliError(str(why))
    return code


def run_advance(args) -> int:
    from ..lists.case_states import AdvanceCase
    from ..lists.items import word

    to_state = _code("case_state", args.to, "--to")
    handler_type = _code("handler_type", args.handler_type, "--handler-type") if args.handler_type else None
    with project_session(args.project, write=True) as project:
        before = project["cases"].at[args.id, "state"] if args.id in project["cases"].index else None
        AdvanceCase(args.id, to_state, actor=args.actor, note=args.note, when=args.when,
                    satisfaction=args.satisfaction, handler_type=handler_type,
                    handler_id=args.handler).do(project)
    print(terminal_field(Message("cli.lists.advanced", case=args.id, from_state=word("case_state", before),
                                 to_state=word("case_state", to_state)).text()))
    return EXIT_OK


def _timeline_arguments(p) -> None:
    p.add_argument("id", help="the case")
    p.add_argument("--json", action="store_true", help="the events as JSON (stored codes)")


def run_timeline(args) -> int:
    from ..export.vocabulary import value_label
    from ..messages import language

    with project_session(args.project, write=False) as project:
        if args.id not in project["cases"].index:
            raise CliError(Message("lists.unknown_case", case=args.id).text())
        events = project["case_events"]
        events = events[events["case_id"] == args.id].sort_values(["time", "event_id"])
        rows = events.drop(columns=[c for c in ("geometry",) if c in events.columns])
        records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not records:
        print(Message("cli.lists.no_events", case=args.id).text())
    for e in records:
        step = (f"{value_label('case_state', e['from_state'], language()) or '—'} → "
                f"{value_label('case_state', e['to_state'], language())}")
        print("\t".join(terminal_field(v or "") for v in (e["time"], step, e["actor"], e["note"])))
    return EXIT_OK


COMMAND = ListCommand("cases", extra={
    "advance": ("move a case to its next state (one recorded step)", _advance_arguments, run_advance),
    "timeline": ("the recorded steps of a case", _timeline_arguments, run_timeline),
})


def add_arguments(p) -> None:
    COMMAND.add_arguments(p)


def run(args) -> int:
    return COMMAND.run(args)
