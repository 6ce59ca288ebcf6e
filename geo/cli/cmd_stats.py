"""Print counts and figures per street, community and grid (--json for tools)."""
from __future__ import annotations

import json

from . import EXIT_OK, fail
from .common import open_or_fail, terminal_field
from ..figures import project_figures


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--json", action="store_true", help="one JSON object (stable field names)")


def run(args) -> int:
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        data = project_figures(project)
    finally:
        project.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=_plain))
        return EXIT_OK
    street = data["street"]
    print(f"{terminal_field(street.get('name', ''))}: " + ", ".join(
        f"{k} {v}" for k, v in street.items() if isinstance(v, (int, float)) and k != "name"))
    for c in data["communities"]:
        print(f"  {terminal_field(c['name'])}: households {c['households']}, buildings {c['buildings']},"
              f" members {c['members']}, grids {c.get('grids', '')}")
    return EXIT_OK


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
