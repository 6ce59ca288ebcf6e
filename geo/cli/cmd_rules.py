"""Show or change the project's rules (household band, 1:N, station radius, roles, case time limits, ...).

``main.py rules PROJECT [--set KEY=VALUE ...] [--json]`` prints every rule; each
``--set`` changes one, all of them together as one recorded step (``undo`` reverts
it), so a whole new band (``--set households_min=600 --set households_max=900``)
is checked as a whole. A bad key or value is refused with nothing written (exit 2).
"""
from __future__ import annotations

import json
from dataclasses import fields

from . import EXIT_OK, fail
from .common import CliError, project_session, terminal_field
from ..commands import ChangeList
from ..messages import CodedError, Message, register
from ..rules import Rules
from ..schema import MEMBER_KINDS

register("cli.rules.command", "修改规则", "Change the rules")
register("cli.rules.bad_assignment", "--set {text!r} 无效：应为“键=值”，例如 households_max=450",
         "--set {text!r} is not valid: write key=value, for example households_max=450")
register("cli.rules.unknown_key", "没有规则“{key}”；可修改的规则：{known}",
         "There is no rule \"{key}\"; the rules you can change: {known}")
register("cli.rules.blank", "规则 {key} 不能为空", "The rule {key} cannot be blank")
register("cli.rules.unknown_kind", "counted_member_kinds 中“{kind}”不是党员类别；可用：{known}",
         "\"{kind}\" in counted_member_kinds is not a member kind; use: {known}")
register("cli.rules.changed", "已修改规则：{keys}（可用 undo 撤销）", "Rules changed: {keys} (undo reverts it)")
register("cli.rules.unchanged", "规则未改变", "The rules are unchanged")

#: Every rule a user may set: all of Rules but the file's schema version.
SETTABLE = tuple(f.name for f in fields(Rules) if f.name != "schema_version")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="assignments",
                   help="change one rule (repeatable; all are applied together as one undoable step), "
                        "e.g. households_max=450 or case_time_limit_days=矛盾纠纷:5,*:15")
    p.add_argument("--json", action="store_true", help="print the rules as JSON")


def run(args) -> int:
    try:
        values = parse_assignments(args.assignments)
        with project_session(args.project, write=bool(values)) as project:
            changed = change_rules(project, values) if values else []
            rules = project.rules
    except (CliError, CodedError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps({"rules": rules_json(rules), "changed": changed}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for key, text in rules.to_rows():
        if key in SETTABLE:
            print(f"{key}\t{terminal_field(text)}")
    if args.assignments:
        print(Message("cli.rules.changed", keys=", ".join(changed)).text() if changed
              else Message("cli.rules.unchanged").text())
    return EXIT_OK


def parse_assignments(assignments) -> dict[str, str]:
    """``["households_max=450"]`` → ``{"households_max": "450"}``; a bad key raises CodedError."""
    values = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CodedError("cli.rules.bad_assignment", text=text)
        if key not in SETTABLE:
            raise CodedError("cli.rules.unknown_key", key=key, known=", ".join(SETTABLE))
        values[key] = value.strip()
    return values


def change_rules(project, values: dict[str, str]) -> list[str]:
    """Set ``values`` (text, as in the settings table) as one recorded, undoable step.

    The new rules are parsed and validated as a whole first (CodedError names the
    first bad one; nothing is written). Returns the keys whose stored text changed.
    """
    old = dict(project.rules.to_rows())
    new = Rules.from_rows(list({**old, **values}.items()))
    check_lists(new)
    changes = [("setting", k, v) for k, v in new.to_rows() if old.get(k) != v]
    if changes:
        ChangeList(Message("cli.rules.command"), changes).do(project)
    return [c[1] for c in changes]


def check_lists(rules: Rules) -> None:
    """What the rules dialog also refuses: an empty list of roles, kinds or time limits, and
    member kinds the schema does not know (they would silently count nobody)."""
    for key in ("grid_head_roles", "grid_staff_roles", "counted_member_kinds", "case_time_limit_days"):
        if not getattr(rules, key):
            raise CodedError("cli.rules.blank", key=key)
    for kind in rules.counted_member_kinds:
        if kind not in MEMBER_KINDS:
            raise CodedError("cli.rules.unknown_kind", kind=kind, known=", ".join(MEMBER_KINDS))


def rules_json(rules: Rules) -> dict:
    """Every settable rule with its JSON type: numbers, lists of codes, and the case time
    limits as an object category → days (``"*"`` = every other category)."""
    out = {}
    for key in SETTABLE:
        value = getattr(rules, key)
        if key == "case_time_limit_days":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out
