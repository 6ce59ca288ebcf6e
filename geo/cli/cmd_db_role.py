"""Authorize a database role on a published project: editor, viewer or admin (PostgreSQL enforces it).

``main.py db-role URL add NAME --role editor|viewer|admin [--street S] [--community C …]``
creates the role if needed (LOGIN, no password: set one in psql, or use the
server's other authentication) and grants it the project: an editor with
``--street``/``--community`` changes only those communities' features (row-level
security, for any client); a viewer is never sent members' names, phones or ID
numbers (column privileges). Run it as a database user allowed to create roles.
"""
from __future__ import annotations

from . import EXIT_OK, fail
from ..messages import CodedError, Message, register

GRANTED = register("cli.db_role.granted", "{name}：{role}，范围 {scope}", "{name}: {role}, scope {scope}")
EVERYTHING = register("cli.db_role.everything", "全部", "everything")


def add_arguments(p) -> None:
    p.add_argument("project", help="postgresql:// URL of a published project (with ?schema=)")
    p.add_argument("action", choices=["add"])
    p.add_argument("name", help="database role (lower-case letters, digits, underscores)")
    p.add_argument("--role", required=True, choices=["editor", "viewer", "admin"])
    p.add_argument("--street", action="append", default=[], help="editor: only this street's communities")
    p.add_argument("--community", nargs="+", action="extend", default=[],
                   help="editor: only these community ids")


def run(args) -> int:
    from ..postgis.roles import ALL, add_role
    from ..store_api import is_server_url

    if not is_server_url(args.project):
        return fail(f"{args.project}: db-role works on a published project (a postgresql:// URL)")
    if args.role != "editor" and (args.street or args.community):
        return fail("--street and --community limit an editor only")
    try:
        grant = add_role(args.project, args.name, args.role, args.street, args.community)
    except CodedError as exc:
        return fail(str(exc))
    scope = Message(EVERYTHING) if grant.communities == (ALL,) else ", ".join(grant.communities)
    print(Message(GRANTED, name=grant.name, role=grant.role, scope=scope))
    return EXIT_OK
