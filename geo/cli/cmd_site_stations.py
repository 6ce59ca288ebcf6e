"""Propose K new party-mass service stations covering the most households not yet covered.

``main.py site-stations PROJECT --new K [--radius M] [--candidates buildings|grid-centroids|FILE]
[--plan NAME] [--method auto|exact|greedy] [--json]``: without ``--plan`` it only reports;
with it, the proposals are written as planned stations into a new plan (方案).
"""
from __future__ import annotations

import json

from . import EXIT_OK, fail
from .common import CliError, project_session, terminal_text
from ..messages import CodedError, Message, register

register("siting.line", "{n}. ({x:.6f}, {y:.6f}) 新覆盖 {gain} 户（候选 {candidate}）",
         "{n}. ({x:.6f}, {y:.6f}) newly covers {gain} households (candidate {candidate})")
register("siting.summary", "覆盖户数 {before} → {after}（共 {total} 户，半径 {radius:.0f} 米，{method}）",
         "households covered {before} → {after} (of {total}, radius {radius:.0f} m, {method})")
register("siting.written", "已写入方案 {plan}", "written as plan {plan}")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--new", type=int, required=True, metavar="K", help="how many stations to propose")
    p.add_argument("--radius", type=float, help="service radius in metres (default: the project's rule)")
    p.add_argument("--candidates", default="buildings",
                   help="buildings, grid-centroids, or a point file (GeoJSON/GeoPackage/Shapefile/CSV)")
    p.add_argument("--plan", help="write the proposals as planned stations into a new plan of this name")
    p.add_argument("--method", choices=["auto", "exact", "greedy"], default="auto",
                   help="exact (HiGHS), greedy, or auto: exact for small candidate sets (default)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args) -> int:
    from ..siting import SitingPlan, site_stations

    plan_id = None
    try:
        with project_session(args.project, write=bool(args.plan)) as project:
            result = site_stations(project, args.new, args.radius, args.candidates, args.method)
            if args.plan:
                command = SitingPlan(project, result, args.plan)
                command.do(project)
                plan_id = command.plan_id
    except CliError as exc:
        return fail(str(exc))
    except CodedError as exc:
        return fail(f"{args.project}: {exc}")
    if args.json:
        print(json.dumps(result.to_json(plan_id), ensure_ascii=False, indent=1))
        return EXIT_OK
    for n, p in enumerate(result.proposals, 1):
        print(Message("siting.line", n=n, x=p.x, y=p.y, gain=int(p.gain), candidate=terminal_text(p.source)).text())
    print(Message("siting.summary", before=int(result.covered_before), after=int(result.covered_after),
                  total=int(result.total), radius=result.radius, method=result.method).text())
    if plan_id:
        print(Message("siting.written", plan=plan_id).text())
    return EXIT_OK
