"""Plans (方案) and grid assignments: list, export/import CSV, compare, create, switch, adopt.

Usage::

    python main.py plan PROJECT.gpkg list
    python main.py plan PROJECT.gpkg export-csv OUT.csv [--plan P1]
    python main.py plan PROJECT.gpkg import-csv IN.csv|IN.xlsx [--dry-run]
    python main.py plan PROJECT.gpkg compare A B        (plan ids; "active" = the live layout)
    python main.py plan PROJECT.gpkg create NAME [--note TEXT]
    python main.py plan PROJECT.gpkg switch PLAN
    python main.py plan PROJECT.gpkg adopt PLAN [--force]   (exit 1: the plan has topology problems)

``import-csv`` applies the file to the active plan as one transaction and
prints every unknown building id, unknown grid id, duplicate and conflicting
row; it exits 1 when any row was not applied (nothing is dropped silently).
"""
from __future__ import annotations

from . import EXIT_OK, EXIT_PROBLEMS, fail
from ..messages import CATALOGUE, Message, register

register("plan.dry_run", "{summary}（试运行，未做修改）", "{summary} (dry run)")
register("cli.plan.arguments", "plan {action} 需要 {n} 个参数", "plan {action} takes {n} argument(s)")
register("cli.plan.none", "还没有方案：现有的布局就是现状", "no plans yet: the live layout is the current one")
register("cli.plan.created", "已新建方案 {plan}", "created plan {plan}")
register("cli.plan.force_hint", "{reason}（加 --force 仍然采纳）", "{reason} (--force adopts it anyway)")
register("cli.plan.status.current", "现状", "current")
register("cli.plan.status.proposal", "方案", "proposal")
register("cli.plan.status.archived", "已归档", "archived")
from .common import add_force_argument, open_or_fail, output_refusal, take_write_lock


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("action", choices=["list", "export-csv", "import-csv", "compare", "create",
                                      "switch", "adopt"],
                   help="list; export-csv OUT; import-csv FILE; compare A B; create NAME; switch PLAN; adopt PLAN")
    p.add_argument("args", nargs="*", help="file, plan ids or name, depending on the action")
    p.add_argument("--plan", help="plan to export (default: the active layout)")
    p.add_argument("--note", default="", help="note for a new plan")
    p.add_argument("--dry-run", action="store_true", help="import: report only, change nothing")
    add_force_argument(p)


_NEEDS = {"list": 0, "export-csv": 1, "import-csv": 1, "compare": 2, "create": 1, "switch": 1, "adopt": 1}


def run(args) -> int:
    if len(args.args) != _NEEDS[args.action]:
        return fail(Message("cli.plan.arguments", action=args.action, n=_NEEDS[args.action]).text())
    refusal = args.action == "export-csv" and output_refusal(args.args[0], "csv", args)
    if refusal:
        return fail(refusal)
    writes = args.action not in _READ_ONLY and not (args.action == "import-csv" and args.dry_run)
    lock, error = take_write_lock(args.project) if writes else (None, None)
    if error:
        return fail(error)
    try:  # the lock is held from the read to the write: no other writer's edit is lost
        project, error = open_or_fail(args.project)
        if error:
            return fail(error)
        try:
            return _ACTIONS[args.action](project, args)
        except (ValueError, KeyError, OSError) as exc:
            return fail(str(exc))
        finally:
            project.close()
    finally:
        if lock is not None:
            lock.release()


#: Actions that only read: they take no lock and are never refused while someone edits.
_READ_ONLY = {"list", "compare", "export-csv"}


def _list(project, args) -> int:
    plans = project["plans"]
    if plans.empty:
        print(Message("cli.plan.none").text())
    for pid, row in plans.iterrows():
        mark = "*" if row["active"] == 1 else " "
        code = f"cli.plan.status.{row['status']}"
        status = Message(code).text() if code in CATALOGUE else row["status"]
        print(f"{mark} {pid}\t{status}\t{row['name']}\t{row['created']}\t{row['note'] or ''}")
    return EXIT_OK


def _export(project, args) -> int:
    from ..editing.assignment_csv import export_assignment

    print(export_assignment(project, args.args[0], plan_id=args.plan))
    return EXIT_OK


def _import(project, args) -> int:
    from ..editing.assignment_csv import import_assignment

    command, report = import_assignment(project, args.args[0])
    for message in report.row_messages():
        print(message)
    if command is not None and not args.dry_run:
        command.do(project)
    print(Message("plan.dry_run", summary=report.summary()) if args.dry_run else report.summary())
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _compare(project, args) -> int:
    from ..editing.plan_compare import compare_plans

    a, b = (None if x == "active" else x for x in args.args)
    result = compare_plans(project, a, b)
    for row in result.moved.itertuples(index=False):
        print(f"{row.building_id}\t{row.households}\t{row.grid_a} -> {row.grid_b}")
    print(result.summary())
    return EXIT_OK


def _create(project, args) -> int:
    from ..editing.plans import CreatePlan

    command = CreatePlan(args.args[0], args.note)
    command.do(project)
    print(Message("cli.plan.created", plan=command.plan_id).text())
    return EXIT_OK


def _switch(project, args) -> int:
    from ..editing.plans import SwitchPlan

    SwitchPlan(args.args[0]).do(project)
    return EXIT_OK


def _adopt(project, args) -> int:
    """Adopt a plan; one with topology problems is listed and left alone unless ``--force`` (exit 1)."""
    import sys

    from ..editing.plans import AdoptPlan
    from ..editing.topology_guard import TopologyRefused

    try:
        AdoptPlan(args.args[0], force=args.force).do(project)
    except TopologyRefused as exc:
        for problem in exc.problems:
            print(problem)
        print(Message("cli.plan.force_hint", reason=exc).text(), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


_ACTIONS = {"list": _list, "export-csv": _export, "import-csv": _import, "compare": _compare,
            "create": _create, "switch": _switch, "adopt": _adopt}
