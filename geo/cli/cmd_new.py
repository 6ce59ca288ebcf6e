"""Start a new, empty project for your own street (no demo data).

``main.py new PROJECT.gpkg --street 名称 [--crs EPSG:xxxx]``: every layer empty,
the street working committee named after the street. Import the community
boundaries first, then grids, compounds, buildings, stations and the roster.
An existing file is never replaced.
"""
from __future__ import annotations

from pathlib import Path

from . import EXIT_OK, fail
from ..messages import CodedError, Message, register
from ..store import ProjectError

register("new.written", "已新建项目 {path}（{street}，坐标系 {crs}）",
         "created project {path} ({street}, coordinate system {crs})")
register("new.next_steps",
         "下一步：先导入社区边界（--as communities），再导入网格、小区、楼栋、服务站和党员花名册",
         "next: import the community boundaries first (--as communities), then grids, compounds,"
         " buildings, stations and the member roster")


def add_arguments(p) -> None:
    p.add_argument("out", help="GeoPackage to create (must not exist)")
    p.add_argument("--street", required=True, help="the street's name, e.g. 青年路街道")
    p.add_argument("--crs", default="EPSG:4490",
                   help="coordinate system the data will be stored in (default EPSG:4490, CGCS2000)")


def run(args) -> int:
    from ..new_project import create_project, parse_crs

    out = Path(args.out)
    try:
        create_project(out, args.street, args.crs)
    except (CodedError, ProjectError) as exc:
        return fail(str(exc))
    crs = parse_crs(args.crs)
    print(Message("new.written", path=out, street=args.street.strip(), crs=crs.to_string()).text())
    print(Message("new.next_steps").text())
    return EXIT_OK
