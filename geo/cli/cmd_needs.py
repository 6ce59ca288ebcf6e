"""Needs list (需求清单): list, add, import, export, update, delete, suggest resources, match.

``main.py needs PROJECT list|add|import FILE|export OUT|update ID|delete ID …`` (see
:mod:`geo.cli.lists_common`), ``main.py needs PROJECT suggest ID [--limit N] [--json]``
(resources ranked by category, the partner's 四包 responsibility and distance) and
``main.py needs PROJECT match ID --resource R [--claimed-by partner:ID|member:ID|org:ID]
[--when DATE] [--note …]`` (a project claimed by them; the need becomes 已认领).
"""
from __future__ import annotations

import json

from . import EXIT_OK
from .cmd_history import positive_int
from .common import CliError, project_session, terminal_field
from .lists_common import ListCommand
from ..messages import Message, register

register("cli.lists.matched", "需求 {need} 已由 {claimant} 认领：项目 {project}",
         "need {need} claimed by {claimant}: project {project}")
register("cli.lists.no_suggestions", "没有可推荐的资源", "no resources to suggest")
_SUGGESTION_HEADERS = {column: register(f"cli.lists.suggest.{column}", zh, en) for column, zh, en in [
    ("distance_m", "距离(米)", "Distance (m)"), ("responsible", "包联责任方", "Responsible partner"),
    ("score", "匹配分", "Score")]}
register("cli.lists.unknown_claimant", "--claimed-by：没有 {who}（写 partner:编号、member:编号 或 org:编号）",
         "--claimed-by: there is no {who} (write partner:ID, member:ID or org:ID)")


def _suggest_arguments(p) -> None:
    p.add_argument("id", help="the need")
    p.add_argument("--limit", type=positive_int, default=10, metavar="N", help="at most N resources (default 10)")
    p.add_argument("--json", action="store_true", help="the suggestions as JSON")


def run_suggest(args) -> int:
    from ..export.vocabulary import column_label, value_label
    from ..lists.matching import suggest_resources
    from ..messages import language

    with project_session(args.project, write=False) as project:
        found = suggest_resources(project, args.id, args.limit)
    if args.json:
        rows = found.astype(object).where(found.notna(), None).to_dict("records")
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=lambda v: v.item()))
        return EXIT_OK
    if found.empty:
        print(Message("cli.lists.no_suggestions").text())
        return EXIT_OK
    lang = language()
    print("\t".join(Message(_SUGGESTION_HEADERS[c]).text(lang) if c in _SUGGESTION_HEADERS
                    else column_label(c, lang, "resources") for c in found.columns))
    for row in found.itertuples(index=False):
        cells = list(row)
        cells[2] = value_label("list_category", cells[2], lang)
        cells[3] = value_label("provider_type", cells[3], lang)
        cells[5] = "" if cells[5] != cells[5] else f"{cells[5]:.0f}"
        cells[6] = value_label("bool", bool(cells[6]), lang)
        cells[7] = f"{cells[7]:.2f}"
        print("\t".join(terminal_field(c) for c in cells))
    return EXIT_OK


def _match_arguments(p) -> None:
    p.add_argument("id", help="the need")
    p.add_argument("--resource", required=True, help="the resource that meets it")
    p.add_argument("--claimed-by", help="partner:ID, member:ID or org:ID (default: the resource's provider)")
    p.add_argument("--when", help="date claimed (default today)")
    p.add_argument("--note", help="note on the project")


def run_match(args) -> int:
    from ..lists.matching import ClaimMatch

    with project_session(args.project, write=True) as project:
        kind, who = _claimant(project, args)
        command = ClaimMatch(args.id, args.resource, kind, who, when=args.when, note=args.note)
        command.do(project)
    print(terminal_field(Message("cli.lists.matched", need=args.id, claimant=f"{kind}:{who}",
                                 project=command.project_id).text()))
    return EXIT_OK


def _claimant(project, args):
    from ..lists.import_rows import RowContext

    resources = project["resources"]
    if not args.claimed_by:
        if args.resource not in resources.index:
            raise CliError(Message("lists.unknown_item", layer=Message("value.layer.resources"),
                                   item=args.resource).text())
        return resources.at[args.resource, "provider_type"], resources.at[args.resource, "provider_id"]
    kind, who = RowContext(project, "projects").find_provider(args.claimed_by.strip())
    if who is None:
        raise CliError(Message("cli.lists.unknown_claimant", who=args.claimed_by).text())
    return kind, who


COMMAND = ListCommand("needs", extra={
    "suggest": ("resources that could meet a need, best first", _suggest_arguments, run_suggest),
    "match": ("match a need with a resource: a claimed project", _match_arguments, run_match),
})


def add_arguments(p) -> None:
    COMMAND.add_arguments(p)


def run(args) -> int:
    return COMMAND.run(args)
