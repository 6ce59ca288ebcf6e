"""Sync an offline copy made by ``checkout`` with its server, three-way (base, file, server).

``main.py sync OUT.gpkg [--prefer local|server] [--json]`` sends the features
changed only in the file to the server (one version-checked transaction),
writes those changed only on the server into the file (a checked copy moved
over it, never written in place), and lists the features changed on both
sides differently as conflicts (layer, id, and per column the file's and the
server's value), leaving both sides of them as they are. ``--prefer`` settles
conflicts for one side; editing a listed feature in the file and syncing again
settles it for the edit. Exit 0: in sync; 1: conflicts remain; 2: the file,
the lock or the server refused (nothing was sent, the file is unchanged).
"""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import take_write_lock, terminal_field
from ..messages import CodedError, Message, register
from ..store import ProjectError

SUMMARY = register("cli.sync.summary",
                   "已发送 {sent} 项修改，取回 {taken} 项，冲突 {conflicts} 个",
                   "sent {sent} changes, took {taken}, {conflicts} conflicts")
CONFLICT = register("cli.sync.conflict", "冲突：{layer} {id}（{kind}）", "conflict: {layer} {id} ({kind})")
COLUMN = register("cli.sync.column", "  {column}：本地 {local} ｜ 服务器 {server}",
                  "  {column}: local {local} | server {server}")
HINT = register("cli.sync.hint",
                "冲突的要素两边都未改动；用 --prefer local 或 --prefer server 解决，或在文件中修改后再同步",
                "conflicting features were left as they are on both sides; settle them with --prefer local"
                " or --prefer server, or edit them in the file and sync again")


def add_arguments(p) -> None:
    p.add_argument("project", help="an offline copy made by checkout")
    p.add_argument("--prefer", choices=["local", "server"],
                   help="settle features changed on both sides for this side")
    p.add_argument("--json", action="store_true",
                   help="one JSON object: sent {layer: n}, taken {layer: n},"
                        " conflicts [{layer, id, kind, columns [{column, local, server}]}]")


def run(args) -> int:
    from ..postgis.offline import sync

    lock, error = take_write_lock(args.project)
    if error:
        return fail(error)
    try:
        report = sync(args.project, prefer=args.prefer)
    except (CodedError, ProjectError) as exc:
        return fail(str(exc))
    finally:
        lock.release()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1, default=str))
    else:
        _say(report)
    return EXIT_PROBLEMS if report.conflicts else EXIT_OK


def _say(report) -> None:
    for conflict in report.conflicts:
        print(Message(CONFLICT, layer=conflict.layer, id=terminal_field(str(conflict.id)), kind=conflict.kind))
        for column, local, server in conflict.columns:
            print(Message(COLUMN, column=column, local=terminal_field(str(local)),
                          server=terminal_field(str(server))))
    print(Message(SUMMARY, sent=sum(report.sent.values()), taken=sum(report.taken.values()),
                  conflicts=len(report.conflicts)))
    if report.conflicts:
        print(Message(HINT))
