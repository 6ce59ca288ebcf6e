"""No SQL in geo/postgis is built by formatting values into strings.

Values go to the server as parameters (``%s``); names (schemas, tables,
columns, roles) through ``psycopg.sql.Identifier``. This reads the source of
every module in geo/postgis and fails on a query text built with an f-string,
``%`` or ``+`` from anything but module constants, and on ``sql.SQL(...)``
around anything but literal text — except the few listed below, each checked
to be a constant of the code (a new one has to be reviewed and added here).
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "geo" / "postgis").glob("*.py"))

#: (module, source of the argument): text that is not literal but cannot come from a user
REVIEWED = {
    ("ddl.py", "pg_type"): "inside type_sql: only names in BUILTIN_TYPES; any other is an Identifier",
    ("ddl.py", "_geometry_typmod(geometry_type)"): "checked against a fixed list of geometry type words",
    ("roles.py", "condition"): "the SCOPED policy templates of the module",
    ("roles.py", "'CREATE FUNCTION {s}.{fn}() RETURNS ' + returns + ' LANGUAGE sql STABLE SECURITY DEFINER"
                 " SET search_path = pg_catalog AS $$ ' + body + ' $$'"): "returns/body: the module's own constants",
}


def _is_constant_name(node) -> bool:
    """A module constant (UPPER_CASE), possibly indexed (``ddl.PG_TYPES[kind]``)."""
    if isinstance(node, ast.Subscript):
        return _is_constant_name(node.value)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return bool(name) and name.isupper()


def _text_parts(node):
    """The pieces a text is made of, if ``node`` builds one from pieces (else None)."""
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left, right = node.left, node.right
        if any(isinstance(n, (ast.Constant, ast.JoinedStr)) and not isinstance(getattr(n, "value", ""), bytes)
               for n in (left, right)):
            return [n for n in (left, right) if not isinstance(n, ast.Constant)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and isinstance(node.func.value, ast.Constant):
        return list(node.args) + [k.value for k in node.keywords]
    return None


def _problems(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        arg = node.args[0]
        source = ast.unparse(arg)
        where = f"{path.name}:{node.lineno}: {source[:100]}"
        if name in ("execute", "executemany"):
            parts = _text_parts(arg)
            if parts is not None and not all(_is_constant_name(p) or isinstance(p, ast.Constant)
                                             for p in parts):
                out.append(f"query text built from values: {where}")
        elif name == "SQL" and not isinstance(arg, ast.Constant):
            literal_choice = isinstance(arg, ast.IfExp) and isinstance(arg.body, ast.Constant) \
                and isinstance(arg.orelse, ast.Constant)
            if not (literal_choice or _is_constant_name(arg) or (path.name, source) in REVIEWED):
                out.append(f"sql.SQL around non-literal text: {where}")
    return out


def test_no_query_in_geo_postgis_is_formatted_from_values():
    assert MODULES
    problems = [p for path in MODULES for p in _problems(path)]
    assert not problems, "\n".join(problems)


def test_the_scan_catches_what_it_is_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(cur, schema, name, fid):\n"
        "    cur.execute(f'SELECT * FROM {schema}.t WHERE name = {name!r}')\n"
        "    cur.execute('DELETE FROM t WHERE id = %s' % fid)\n"
        "    cur.execute('UPDATE t SET n = ' + name)\n"
        "    cur.execute('SELECT {}'.format(name))\n"
        "    cur.execute(sql.SQL(name))\n"
        "    cur.execute(f'SELECT * FROM \"{META}\"')\n"       # a module constant: fine
        "    cur.execute('SELECT %s', (name,))\n",             # a parameter: fine
        encoding="utf-8")
    problems = _problems(bad)
    assert len(problems) == 5, problems
