"""Print counts and figures per street, community and grid (--json for tools)."""
from __future__ import annotations

import datetime as dt
import json

from . import EXIT_OK, fail
from .common import open_or_fail, terminal_field
from ..figures import project_figures
from ..lists.figures import FIGURE_COLUMNS
from ..export.vocabulary import indicator_label, is_share, percent_text
from ..messages import Message, language, register
from ..stats import add_list_figures

register("cli.stats.bad_as_of", "--as-of 的日期“{value}”无效（应为 YYYY-MM-DD）",
         "--as-of \"{value}\" is not a date (write YYYY-MM-DD)")
register("cli.stats.community_line", "  {name}：{households} 户，{buildings} 栋楼，{members} 名党员，{grids} 个网格",
         "  {name}: {households} households, {buildings} buildings, {members} members, {grids} grids")
register("cli.stats.lists_line", "三项清单：需求 {needs}（待认领 {open}），资源 {resources}，项目 {projects}；"
         "事件 {cases}（未办结 {cases_open}，超期 {overdue}）",
         "Lists: needs {needs} ({open} open), resources {resources}, projects {projects}; "
         "cases {cases} ({cases_open} open, {overdue} overdue)")


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("--json", action="store_true", help="one JSON object (stable field names)")
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD",
                   help="count the needs, resources, projects and cases as of the end of this day")


def run(args) -> int:
    as_of = None
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of.strip()).isoformat()
        except ValueError:
            return fail(Message("cli.stats.bad_as_of", value=args.as_of))
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        data = add_list_figures(project_figures(project), project, as_of)
    finally:
        project.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=_plain))
        return EXIT_OK
    street = data["street"]
    lang = language()
    print(terminal_field(street.get("name", "")))
    for key, value in street.items():
        if isinstance(value, (int, float)) and key != "name" and key not in FIGURE_COLUMNS:
            print(f"  {indicator_label(key, lang)}: {_figure_text(key, value)}")
    for c in data["communities"]:
        print(Message("cli.stats.community_line", name=terminal_field(c["name"]),
                      households=c["households"], buildings=c["buildings"],
                      members=c["members"], grids=c.get("grids", "")).text())
    print(Message("cli.stats.lists_line", needs=street["needs_total"], open=street["needs_open"],
                  resources=street["resources_total"], projects=street["projects_total"],
                  cases=street["cases_total"], cases_open=street["cases_open"],
                  overdue=street["cases_overdue"]).text())
    return EXIT_OK


def _figure_text(key: str, value) -> str:
    """A figure as the text output shows it: shares as whole percent, other reals to one decimal."""
    if is_share(key):
        return percent_text(value)
    if isinstance(value, float) and not float(value).is_integer():
        return f"{value:.1f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
