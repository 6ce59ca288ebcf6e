"""Draft grids automatically (自动划分网格) into a new plan; the current layout is not touched.

``main.py draft PROJECT [--community C …|--all] [--band 300-500] [--keep GRID …]
[--minimal-change] [--plan NAME] [--seed N] [--json]``: the plan is a proposal, like
one made with ``plan create``; look at it with ``plan compare``, export it with
``plan export-csv OUT --plan P``, adopt it with ``plan adopt P``.
"""
from __future__ import annotations

import json
import re

from . import EXIT_OK, fail
from .common import CliError, project_session, terminal_text
from ..messages import CodedError, Message, register

register("draft.written", "已生成方案 {plan}（{name}）：{grids} 个网格，{in_band} 个在户数范围内，{exceptions} 条例外，用时 {seconds:.1f} 秒",
         "wrote plan {plan} ({name}): {grids} grids, {in_band} within the band, {exceptions} exceptions,"
         " {seconds:.1f} s")
register("draft.default_name", "自动划分 {when}", "automatic draft {when}")
register("cli.draft.seed", "--seed 须为 0 或更大", "--seed must be 0 or more")
register("draft.band_syntax", "户数范围应写作 下限-上限，例如 300-500：{text}",
         "the household band is written lower-upper, e.g. 300-500: {text}")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--community", nargs="+", metavar="C", help="communities to draft (default: all)")
    which.add_argument("--all", action="store_true", help="every community (the default)")
    p.add_argument("--band", help="households per grid, lower-upper (default: the project's rules)")
    p.add_argument("--keep", nargs="+", default=[], metavar="GRID", help="grids left exactly as they are")
    p.add_argument("--minimal-change", action="store_true",
                   help="start from the current layout and move as few buildings as possible")
    p.add_argument("--plan", help="name of the new plan")
    p.add_argument("--seed", type=int, default=1, help="same seed, same draft (default 1)")
    p.add_argument("--json", action="store_true", help="print the result as JSON (a stable interface)")


def parse_band(text):
    match = re.fullmatch(r"\s*(\d+)\s*[-–~]\s*(\d+)\s*", text or "")
    if not match:
        raise CodedError("draft.band_syntax", text=text)
    return int(match.group(1)), int(match.group(2))


def run(args) -> int:
    import datetime as dt

    from ..drafting.draft import draft
    from ..drafting.minimal_change import minimal_change
    from ..drafting.to_plan import DraftPlan

    try:
        band = parse_band(args.band) if args.band else None
    except CodedError as exc:
        return fail(str(exc))
    if args.seed < 0:
        return fail(Message("cli.draft.seed").text())
    try:
        with project_session(args.project, write=True) as project:
            run_draft = minimal_change if args.minimal_change else draft
            result = run_draft(project, communities=args.community, band=band, keep=args.keep, seed=args.seed)
            name = args.plan or Message("draft.default_name",
                                        when=dt.datetime.now().strftime("%Y-%m-%d %H:%M")).text()
            command = DraftPlan(result, name)
            command.do(project)
    except CliError as exc:
        return fail(str(exc))
    except CodedError as exc:
        return fail(f"{args.project}: {exc}")
    if args.json:
        print(json.dumps(result.to_json(command.plan_id), ensure_ascii=False, indent=1))
    else:
        lower, upper = result.band
        for e in result.exceptions:
            print(terminal_text(f"{e.grid_id}\t{e.message.text()}"))
        print(Message("draft.written", plan=command.plan_id, name=terminal_text(name), grids=len(result.grids),
                      in_band=sum(lower <= g.households <= upper for g in result.grids),
                      exceptions=len(result.exceptions), seconds=result.seconds).text())
    return EXIT_OK
