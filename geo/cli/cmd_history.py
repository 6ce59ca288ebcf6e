"""List the project's recorded operations, newest first; revert one of them.

``main.py history PROJECT [--json] [--limit N]``: id, time, command, counts per
layer, and whether the entry was undone (an undo shows which entry it reverted).
``main.py history PROJECT revert ENTRY_ID`` applies the inverse of one entry as
a new recorded change, refused if a feature it touched changed since
(:mod:`geo.history_revert`).
"""
from __future__ import annotations

import json
import sqlite3

from . import EXIT_OK, fail
from .common import terminal_field
from ..gpkg import NotAGeoPackage, looks_like_geopackage
from ..history import read_history
from ..messages import Message, register

register("cli.history.unreadable", "{path}：无法读取操作历史（{why}）", "{path}: history cannot be read ({why})")
register("cli.history.none", "{path}：没有已记录的操作", "{path}: no recorded operations")
register("cli.history.undo_of", "撤销 #{id}：{text}", "undo of #{id}: {text}")
register("cli.history.undone", "［已撤销］", "[undone]")
register("cli.history.bad_limit", "不是正整数：{text}", "not a positive whole number: {text}")
register("cli.history.reverted", "已撤销此操作 #{entry}，记录为 #{new}", "reverted #{entry}, recorded as #{new}")
register("cli.history.revert_needs_id", "revert 需要一个操作编号（见 history 的列表）",
         "revert needs an entry id (see the history list)")
from ..messages import CodedError
from ..store_api import is_server_url


def add_arguments(p) -> None:
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    p.add_argument("action", nargs="?", choices=["revert"],
                   help="revert ENTRY_ID: apply the inverse of that entry as a new recorded change"
                        " (refused if a feature it touched changed since)")
    p.add_argument("entry_id", nargs="?", type=positive_int, metavar="ENTRY_ID", help="the entry to revert")
    p.add_argument("--json", action="store_true", help="one JSON list (stable field names)")
    p.add_argument("--limit", type=positive_int, metavar="N", help="only the newest N entries")
    p.add_argument("--feature", metavar="ID", help="the changes of one feature (on a server: with role,"
                                                   " from the database's own log)")
    p.add_argument("--since", metavar="TIME", help="only changes at or after TIME (ISO: 2026-12-01T08:30)")


def positive_int(text: str) -> int:
    import argparse

    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(Message("cli.history.bad_limit", text=text).text())
    return value


def run(args) -> int:
    server = is_server_url(args.project)  # a published project (geo.postgis)
    why = None if server else looks_like_geopackage(args.project)
    if why:
        return fail(f"{args.project}: {why}")
    if args.action == "revert":
        return _run_revert(args)
    if args.feature is not None or args.since is not None:  # per feature (geo.feature_history)
        return _run_feature_changes(args)
    try:
        entries = read_history(args.project, args.limit)
    except CodedError as exc:  # the server or the schema is not there
        return fail(str(exc))
    except (NotAGeoPackage, sqlite3.Error, ValueError) as exc:
        return fail(Message("cli.history.unreadable", path=args.project, why=exc).text())
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not entries:
        print(Message("cli.history.none", path=terminal_field(str(args.project))).text())
    for entry in entries:
        print(entry_line(entry))
    return EXIT_OK


def _run_revert(args) -> int:
    from ..history_revert import revert_entry
    from .common import CliError, project_session

    if args.entry_id is None:
        return fail(Message("cli.history.revert_needs_id").text())
    try:
        with project_session(args.project, write=True) as project:
            new = revert_entry(project, args.entry_id)
    except (CliError, CodedError) as exc:  # refused: nothing was changed
        return fail(str(exc))
    print(Message("cli.history.reverted", entry=args.entry_id, new=new).text())
    return EXIT_OK


def _run_feature_changes(args) -> int:
    from ..feature_history import change_line, feature_changes, parse_since

    try:
        since = parse_since(args.since) if args.since is not None else None
        changes = feature_changes(args.project, args.feature, since, args.limit)
    except CodedError as exc:
        return fail(str(exc))
    except (NotAGeoPackage, sqlite3.Error, ValueError) as exc:
        return fail(Message("cli.history.unreadable", path=args.project, why=exc).text())
    if args.json:
        print(json.dumps(changes, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not changes:
        print(Message("cli.history.none", path=terminal_field(str(args.project))).text())
    for change in changes:
        print(terminal_field(change_line(change)))
    return EXIT_OK


def entry_line(entry) -> str:
    """``#12  2026-12-01T12:30:00+08:00  import 楼栋.shp → buildings  buildings +3 ~2 -0``."""
    text = terminal_field(entry.text())  # a coded text in the CLI's language (GRIDATLAS_LANG)
    if entry.undo_of is not None:
        text = Message("cli.history.undo_of", id=entry.undo_of, text=text).text()
    counts = "; ".join(f"{terminal_field(layer)} +{c.get('inserted', 0)} ~{c.get('updated', 0)}"
                       f" -{c.get('deleted', 0)}" for layer, c in entry.counts.items())
    return f"#{entry.entry_id}  {entry.time}  {text}  {counts}" + (
        "  " + Message("cli.history.undone").text() if entry.undone else "")
