"""Validate a project file and list every problem (exit 0 clean, 1 problems, 2 unreadable)."""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import say_notices, terminal_field
from ..messages import Message, register
from ..store import ProjectError, read_layers
from ..validate import check_layers


register("cli.check_ok", "{project}：正常，没有问题", "{project}: OK, no problems")
register("cli.check_problems", "{project}：{n} 个问题", "{project}: {n} problems")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--json", action="store_true", help="print problems as JSON")


def run(args) -> int:
    try:
        loaded = read_layers(args.project)
    except ProjectError as exc:
        return fail(str(exc))
    say_notices(loaded.notices)
    problems = check_layers(loaded)
    total = getattr(problems, "total", len(problems))  # the listing is capped per kind, the count is not
    try:
        from ..topology import topology_problems  # the grid topology checks, when present
    except ImportError:
        topology_problems = None
    if topology_problems is not None:
        topology = topology_problems(loaded)
        problems += topology
        total += getattr(topology, "total", len(topology))  # capped like the listing above
    if args.json:
        print(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=1))
    else:
        for p in problems:
            print("\t".join(terminal_field(v) for v in (p.layer, p.id or "-", p.kind, p.reason)))
        project = terminal_field(args.project)  # reasons and this line in the current language
        print(Message("cli.check_problems", project=project, n=total) if problems
              else Message("cli.check_ok", project=project))
    return EXIT_PROBLEMS if problems else EXIT_OK
