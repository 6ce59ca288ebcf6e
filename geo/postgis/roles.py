"""Who may do what on a published project, enforced by PostgreSQL itself.

``main.py db-role URL add NAME --role editor|viewer|admin [--street S] [--community C …]``
(run by a database user allowed to create roles):

* **admin**: reads and changes everything, settings included;
* **editor**: reads everything; changes features, but with ``--street`` or
  ``--community`` only those of its communities (row-level security:
  communities, grids, compounds, buildings, stations, partners, members and
  their organizations; everything else stays read-only to it). This holds for
  any client under that role — psql or QGIS too, not only GridAtlas;
* **viewer**: reads everything except members' names, phones and ID numbers,
  which it is not granted at all (column privileges): the server never sends
  them. Nor may it read the history's stored inverses or the feature log
  (both hold personal data).

A role is created (``LOGIN``, no password: the administrator sets one in psql
or the role authenticates otherwise) if it does not exist. Which communities an
editor may change is kept in the schema's ``gridatlas_access`` table. Every
name goes through :class:`psycopg.sql.Identifier`; no value is formatted into SQL.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..messages import CodedError, register
from ..masking import PERSONAL_COLUMNS as MASKED_COLUMNS
from ..schema import LAYERS
from . import ddl
from .url import parse_url

ROLES = ("admin", "editor", "viewer")
ACCESS = "gridatlas_access"
ALL = "*"
#: what a viewer is never sent: the columns geo.masking masks in exports (members' names, phones
#: and ID numbers; the reporters of needs and cases)
PERSONAL_COLUMNS = {layer: tuple(columns) for layer, columns in MASKED_COLUMNS.items()}

NOT_ALLOWED = register("postgis.role_not_allowed", "{url}：当前用户无权创建或授权角色（{detail}）",
                       "{url}: the current user may not create or grant roles ({detail})")
BAD_ROLE_NAME = register("postgis.bad_role_name", "角色名“{name}”无效：只能用小写英文字母、数字和下划线",
                         "Role name \"{name}\" is not valid: use lower-case letters, digits and underscores")
UNKNOWN_STREET = register("postgis.unknown_street", "项目中没有街道 {name}", "The project has no street {name}")
UNKNOWN_COMMUNITY = register("postgis.unknown_community", "项目中没有社区 {name}",
                             "The project has no community {name}")


@dataclass(frozen=True)
class Grant:
    name: str
    role: str
    communities: tuple[str, ...]  # ("*",) = all


def add_role(url: str, name: str, role: str, streets=(), communities=()) -> Grant:
    """Create (if needed) and authorize ``name`` as ``role`` on the project at ``url``.

    Raises
    ------
    geo.messages.CodedError
        A bad name, an unknown street or community, or a connecting user without the right.
    """
    import re

    if not re.match(r"^[a-z_][a-z0-9_]{0,62}$", name or ""):
        raise CodedError(BAD_ROLE_NAME, name=name)
    server = parse_url(url)
    from .session_passwords import password_for
    from .store import CONNECT_FAILED, NO_PROJECT, _first_line

    try:
        conn = psycopg.connect(server.conninfo, application_name="GridAtlas db-role",
                               **password_for(server.conninfo))
    except psycopg.Error as exc:
        raise CodedError(CONNECT_FAILED, url=server.url, detail=_first_line(exc)) from None
    with conn:
        cur = conn.cursor()
        if not ddl.is_project_schema(cur, server.schema):
            raise CodedError(NO_PROJECT, url=server.url, schema=server.schema)
        try:
            scope = _scope(cur, server.schema, streets, communities) if role == "editor" else (ALL,)
            _ensure_role(cur, name)
            _ensure_security(cur, server.schema)
            _grant(cur, server.schema, name, role)
            _record_scope(cur, server.schema, name, role, scope)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise CodedError(NOT_ALLOWED, url=server.url, detail=_first_line(exc)) from None
    conn.close()
    return Grant(name, role, scope)


def _scope(cur, schema, streets, communities) -> tuple[str, ...]:
    if not streets and not communities:
        return (ALL,)
    table = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier("communities"))
    chosen = []
    for street in streets:
        cur.execute(sql.SQL("SELECT community_id FROM {} WHERE street = %s").format(table), (street,))
        found = [r[0] for r in cur.fetchall()]
        if not found:
            raise CodedError(UNKNOWN_STREET, name=street)
        chosen += found
    for community in communities:
        cur.execute(sql.SQL("SELECT 1 FROM {} WHERE community_id = %s").format(table), (community,))
        if cur.fetchone() is None:
            raise CodedError(UNKNOWN_COMMUNITY, name=community)
        chosen.append(community)
    return tuple(dict.fromkeys(chosen))


def _ensure_role(cur, name: str) -> None:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
    if cur.fetchone() is None:
        cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))


def _grant(cur, schema: str, name: str, role: str) -> None:
    s, who = sql.Identifier(schema), sql.Identifier(name)
    cur.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(s, who))
    layers = [n for n in ddl.layer_table_names() if _exists(cur, schema, n)]
    readable = [ddl.META_TABLE, ddl.SETTINGS, *[n for n in layers if n not in PERSONAL_COLUMNS or role != "viewer"]]
    cur.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(_tables(schema, readable), who))
    if role == "viewer":
        for table, hidden in PERSONAL_COLUMNS.items():
            if table not in layers:
                continue
            columns = [c for c, _ in ddl.table_columns(cur, schema)[table] if c not in hidden]
            cur.execute(sql.SQL("GRANT SELECT ({}) ON {}.{} TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), s, sql.Identifier(table), who))
        history_columns = ["entry_id", "time", "command", "counts", "undone", "undo_of", "changed_by", "xact"]
        cur.execute(sql.SQL("GRANT SELECT ({}) ON {}.{} TO {}").format(
            sql.SQL(", ").join(map(sql.Identifier, history_columns)), s, sql.Identifier(ddl.HISTORY), who))
        return
    cur.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(_tables(schema, layers), who))
    cur.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE ON {}.{} TO {}").format(s, sql.Identifier(ddl.HISTORY), who))
    cur.execute(sql.SQL("GRANT SELECT ON {}.{} TO {}").format(s, sql.Identifier(ddl.FEATURE_LOG), who))
    cur.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(s, who))
    if role == "admin":
        cur.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {}.{} TO {}").format(s, sql.Identifier(ddl.SETTINGS), who))


def _record_scope(cur, schema: str, name: str, role: str, scope) -> None:
    table = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(ACCESS))
    cur.execute(sql.SQL("DELETE FROM {} WHERE role = %s").format(table), (name,))
    if role != "viewer":
        cur.executemany(sql.SQL("INSERT INTO {} (role, community_id) VALUES (%s, %s)").format(table),
                        [(name, c) for c in scope])


def _exists(cur, schema: str, table: str) -> bool:
    cur.execute("SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s", (schema, table))
    return cur.fetchone() is not None


def _tables(schema: str, names):
    return sql.SQL(", ").join(sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(n)) for n in names)


# ---------------------------------------------------------------- row-level security

#: per layer: the condition a row must meet for an editor limited to communities ``c`` (an array)
_IN_COMMUNITY = "community_id = ANY({c})"
_GRID_IN = "EXISTS (SELECT 1 FROM {s}.grids g WHERE g.grid_id = {col} AND g.community_id = ANY({c}))"
_COMPOUND_IN = "EXISTS (SELECT 1 FROM {s}.compounds k WHERE k.compound_id = {col} AND k.community_id = ANY({c}))"
_BUILDING_IN = ("EXISTS (SELECT 1 FROM {s}.buildings b JOIN {s}.grids g ON g.grid_id = b.grid_id"
                " WHERE b.building_id = {col} AND g.community_id = ANY({c}))")
SCOPED = {
    "communities": _IN_COMMUNITY,
    "grids": _IN_COMMUNITY,
    "compounds": _IN_COMMUNITY,
    "stations": _IN_COMMUNITY,
    "partners": _IN_COMMUNITY,
    "buildings": f"({_GRID_IN.replace('{col}', 'grid_id')} OR {_COMPOUND_IN.replace('{col}', 'compound_id')})",
    "members": _BUILDING_IN.replace("{col}", "building_id"),
    "organizations": ("(area_type = 'community' AND area_id = ANY({c}))"
                      f" OR (area_type = 'grid' AND {_GRID_IN.replace('{col}', 'area_id')})"
                      f" OR (area_type = 'building' AND {_BUILDING_IN.replace('{col}', 'area_id')})"),
}


def _ensure_security(cur, schema: str) -> None:
    """The access table, its two functions and the policies (once per schema)."""
    s = sql.Identifier(schema)
    if _exists(cur, schema, ACCESS):
        return
    cur.execute(sql.SQL("CREATE TABLE {}.{} (role text NOT NULL, community_id text NOT NULL,"
                        " PRIMARY KEY (role, community_id))").format(s, sql.Identifier(ACCESS)))
    for fn, body in (
            ("gridatlas_may_edit_all", "SELECT EXISTS (SELECT 1 FROM {s}.{a} WHERE role = session_user"
                                       " AND community_id = '*')"),
            ("gridatlas_communities", "SELECT coalesce(array_agg(community_id), '{{}}') FROM {s}.{a}"
                                      " WHERE role = session_user")):
        returns = "boolean" if fn.endswith("all") else "text[]"
        cur.execute(sql.SQL("CREATE FUNCTION {s}.{fn}() RETURNS " + returns + " LANGUAGE sql STABLE"
                            " SECURITY DEFINER SET search_path = pg_catalog AS $$ " + body + " $$").format(
            s=s, fn=sql.Identifier(fn), a=sql.Identifier(ACCESS)))
    for name in ddl.layer_table_names():
        if _exists(cur, schema, name):
            _policies(cur, schema, name)


def _policies(cur, schema: str, name: str) -> None:
    s, t = sql.Identifier(schema), sql.Identifier(name)
    cur.execute(sql.SQL("ALTER TABLE {}.{} ENABLE ROW LEVEL SECURITY").format(s, t))
    cur.execute(sql.SQL("CREATE POLICY gridatlas_read ON {}.{} FOR SELECT USING (true)").format(s, t))
    cur.execute(sql.SQL("CREATE POLICY gridatlas_write_all ON {}.{} FOR ALL USING ({}.gridatlas_may_edit_all())"
                        " WITH CHECK ({}.gridatlas_may_edit_all())").format(s, t, s, s))
    condition = SCOPED.get(name)
    if condition is None:
        return
    communities = sql.SQL("{}.gridatlas_communities()").format(s)
    expression = sql.SQL(condition).format(s=s, c=communities)
    cur.execute(sql.SQL("CREATE POLICY gridatlas_write_scoped ON {}.{} FOR ALL USING ({}) WITH CHECK ({})").format(
        s, t, expression, expression))


def layer_names_with_scope() -> list[str]:
    """The layers a community-limited editor may change (the rest are read-only to it)."""
    return [n for n in SCOPED if n in LAYERS]
