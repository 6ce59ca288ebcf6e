"""Copy a published project (or one street of it) into a GeoPackage to edit offline; ``sync`` sends it back.

``main.py checkout postgresql://USER@HOST:PORT/DB?schema=S [--street NAME] OUT.gpkg [--force] [--json]``
writes OUT.gpkg (a temporary file beside it, read back and checked, then moved
into place) holding every layer, or with ``--street`` the communities of that
street and what lies in them, plus the base ``sync`` needs (tables
``sync_meta``, ``sync_base``, ``sync_conflicts``). An existing OUT is replaced
only with ``--force``. Exit 2: the server, the street or the output refused.
"""
from __future__ import annotations

import json

from . import EXIT_OK, fail
from ..messages import CodedError, Message, register
from ..store import ProjectError

DONE = register("cli.checkout.done",
                "已取出 {features} 个要素到 {path}（{scope}）；离线编辑后用 sync 同步回服务器",
                "Checked out {features} features into {path} ({scope}); after editing offline, send them"
                " back with sync")
WHOLE = register("cli.checkout.whole", "整个项目", "the whole project")
STREET = register("cli.checkout.street", "街道 {street}", "street {street}")


def add_arguments(p) -> None:
    p.add_argument("url", help="postgresql://USER@HOST:PORT/DB?schema=NAME"
                               " (password from ~/.pgpass or PGPASSWORD)")
    p.add_argument("out", help="the GeoPackage to write")
    p.add_argument("--street", help="only the communities of this street and what lies in them")
    p.add_argument("--force", action="store_true", help="replace an existing OUT (unsynced edits in it are lost)")
    p.add_argument("--json", action="store_true", help="one JSON object: path, url, street, layers {layer: count}")


def run(args) -> int:
    from ..postgis.offline import checkout

    try:
        result = checkout(args.url, args.out, street=args.street, force=args.force)
    except (CodedError, ProjectError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    scope = Message(STREET, street=args.street) if args.street else Message(WHOLE)
    print(Message(DONE, features=sum(result["layers"].values()), path=result["path"], scope=scope))
    return EXIT_OK
