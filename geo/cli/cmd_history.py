"""List the project's recorded operations, newest first (read only; `undo` reverts them).

``main.py history PROJECT [--json] [--limit N]``: id, time, command, counts per
layer, and whether the entry was undone (an undo shows which entry it reverted).
"""
from __future__ import annotations

import json
import sqlite3

from . import EXIT_OK, fail
from .common import terminal_field
from ..gpkg import NotAGeoPackage, looks_like_geopackage
from ..history import read_history


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage")
    p.add_argument("--json", action="store_true", help="one JSON list (stable field names)")
    p.add_argument("--limit", type=positive_int, metavar="N", help="only the newest N entries")


def positive_int(text: str) -> int:
    import argparse

    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text}")
    return value


def run(args) -> int:
    why = looks_like_geopackage(args.project)
    if why:
        return fail(f"{args.project}: {why}")
    try:
        entries = read_history(args.project, args.limit)
    except (NotAGeoPackage, sqlite3.Error, ValueError) as exc:
        return fail(f"{args.project}: history cannot be read ({exc})")
    if args.json:
        print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not entries:
        print(f"{terminal_field(str(args.project))}: no recorded operations")
    for entry in entries:
        print(entry_line(entry))
    return EXIT_OK


def entry_line(entry) -> str:
    """``#12  2026-12-01T12:30:00+08:00  import 楼栋.shp → buildings  buildings +3 ~2 -0``."""
    text = terminal_field(entry.command)
    if entry.undo_of is not None:
        text = f"undo of #{entry.undo_of}: {text}"
    counts = "; ".join(f"{terminal_field(layer)} +{c.get('inserted', 0)} ~{c.get('updated', 0)}"
                       f" -{c.get('deleted', 0)}" for layer, c in entry.counts.items())
    return f"#{entry.entry_id}  {entry.time}  {text}  {counts}" + ("  [undone]" if entry.undone else "")
