"""Publish a project file to PostgreSQL/PostGIS for shared editing (one transaction, verified).

``main.py publish PROJECT.gpkg postgresql://USER@HOST:PORT/DB [--schema NAME] [--force] [--json]``
copies every layer, the plans, settings and history into schema NAME (default
``gridatlas``), then compares each layer's row count and id/geometry hash on
the server with the file's before committing; the check is printed, and the
last line is the URL that opens the published project (``main.py open URL``,
and every command that takes a project). The password comes from ~/.pgpass or
PGPASSWORD, never from the command line. Exit 2: the file, the server or the
schema refused (an existing schema needs --force); nothing was left behind.
"""
from __future__ import annotations

import json

from . import EXIT_OK, fail
from ..messages import CodedError, Message, register
from ..store import ProjectError

LAYER_LINE = register("cli.publish.layer", "{layer}：{count} 条，哈希 {hash} {verdict}",
                      "{layer}: {count} rows, hash {hash} {verdict}")
SAME = register("cli.publish.same", "与文件一致", "matches the file")
DONE = register("cli.publish.done", "已发布并核对 {layers} 个图层、{settings} 项设置、{history} 条操作记录；打开：",
                "Published and verified {layers} layers, {settings} settings, {history} history entries;"
                " open it with:")


def add_arguments(p) -> None:
    p.add_argument("project", help="project GeoPackage to publish (read only)")
    p.add_argument("url", help="postgresql://USER@HOST:PORT/DB (password from ~/.pgpass or PGPASSWORD)")
    p.add_argument("--schema", help="schema to create (default: the URL's ?schema=, else gridatlas)")
    p.add_argument("--force", action="store_true", help="replace a project already published in that schema")
    p.add_argument("--json", action="store_true", help="one JSON object: url, layers [{layer, count, hash, ok}],"
                                                       " settings, history")


def run(args) -> int:
    from ..postgis.publish import publish

    try:
        report = publish(args.project, args.url, args.schema, force=args.force)
    except (CodedError, ProjectError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        return EXIT_OK
    for check in report.checks:
        print(Message(LAYER_LINE, layer=check.layer, count=check.server_count, hash=check.server_hash[:12] or "-",
                      verdict=Message(SAME)))
    print(Message(DONE, layers=len(report.checks), settings=report.settings, history=report.history))
    print(report.url)
    return EXIT_OK
