"""``postgresql://`` URLs of published projects: parsed, checked, never with a password.

A project on a server is named by a libpq URL plus our one parameter,
``schema`` (the PostgreSQL schema the project was published into; default
``gridatlas``)::

    postgresql://editor@db.example:5432/district?schema=xingfu

``schema`` is taken off before the URL reaches libpq. A password in the URL
(``user:secret@``, or ``?password=``) is refused: it would end up in shell
history, process lists, recent-file lists and logs. libpq reads the password
from ``~/.pgpass`` (or the file ``PGPASSFILE`` names) or ``PGPASSWORD``.

Examples
--------
>>> loc = parse_url("postgresql://editor@db:5432/district?schema=xingfu")
>>> loc.schema, loc.conninfo
('xingfu', 'postgresql://editor@db:5432/district')
>>> project_url("postgresql://editor@db:5432/district", "xingfu")
'postgresql://editor@db:5432/district?schema=xingfu'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode

from ..messages import CodedError, register

DEFAULT_SCHEMA = "gridatlas"
#: plain names only: they also name the NOTIFY channel and appear in messages
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,47}$")

PASSWORD_IN_URL = register(
    "postgis.password_in_url",
    "数据库地址中不能含密码（{url}）：请把密码写在 ~/.pgpass 中，或设置环境变量 PGPASSWORD",
    "A database URL must not hold a password ({url}): put it in ~/.pgpass or set PGPASSWORD")
BAD_URL = register("postgis.bad_url", "不是有效的数据库地址：{url}（应为 postgresql://用户@主机:端口/数据库）",
                   "Not a valid database URL: {url} (expected postgresql://USER@HOST:PORT/DB)")
BAD_SCHEMA = register(
    "postgis.bad_schema",
    "模式名“{schema}”无效：只能用小写英文字母、数字和下划线，不以数字开头，最多 48 个字符",
    "Schema name \"{schema}\" is not valid: use lower-case letters, digits and underscores,"
    " not starting with a digit, at most 48 characters")


@dataclass(frozen=True)
class ServerLocation:
    """Where a published project is: the libpq connection URL and the schema."""

    conninfo: str
    schema: str

    @property
    def url(self) -> str:
        """The URL to give back to the user (``open``, recent files): no password, ever."""
        return project_url(self.conninfo, self.schema)

    @property
    def channel(self) -> str:
        """The LISTEN/NOTIFY channel of this project's changes."""
        return f"gridatlas_{self.schema}"


def parse_url(url: str) -> ServerLocation:
    """Split a project URL into libpq URL and schema; refuse passwords and bad names.

    Raises
    ------
    geo.messages.CodedError
        ``postgis.password_in_url``, ``postgis.bad_url`` or ``postgis.bad_schema``.
    """
    match = re.match(r"^(postgres(?:ql)?)://([^/?#]*)(/[^?#]*)?(?:\?([^#]*))?$", url or "")
    if not match:
        raise CodedError(BAD_URL, url=redacted(url))
    scheme, netloc, path, query = match.groups()
    if "@" in netloc and ":" in netloc.rsplit("@", 1)[0]:
        raise CodedError(PASSWORD_IN_URL, url=redacted(url))
    params = parse_qsl(query or "", keep_blank_values=True)
    if any(key == "password" for key, _ in params):
        raise CodedError(PASSWORD_IN_URL, url=redacted(url))
    schemas = [value for key, value in params if key == "schema"]
    schema = schemas[-1] if schemas else DEFAULT_SCHEMA
    check_schema_name(schema)
    if not path or path == "/":
        raise CodedError(BAD_URL, url=redacted(url))
    rest = [(k, v) for k, v in params if k != "schema"]
    conninfo = f"{scheme}://{netloc}{path}" + (f"?{urlencode(rest)}" if rest else "")
    return ServerLocation(conninfo, schema)


def check_schema_name(schema: str) -> str:
    """``schema`` if it is a plain lower-case name, else CodedError ``postgis.bad_schema``."""
    if not SCHEMA_NAME.match(schema or ""):
        raise CodedError(BAD_SCHEMA, schema=schema)
    return schema


def project_url(conninfo: str, schema: str) -> str:
    """The URL that opens ``schema`` on the server ``conninfo`` names."""
    return conninfo + ("&" if "?" in conninfo else "?") + urlencode({"schema": schema})


def build_url(host: str, port: int | str | None, database: str, user: str, schema: str) -> str:
    """A project URL from the fields of the connect dialog (a socket folder is a host too).

    >>> build_url("/work/.pgdata", 5433, "gridatlas", "root", "demo")
    'postgresql://root@%2Fwork%2F.pgdata:5433/gridatlas?schema=demo'
    """
    netloc = f"{quote(user, safe='')}@" if user else ""
    netloc += quote(host, safe="") if host else ""
    netloc += f":{int(port)}" if port else ""
    return project_url(f"postgresql://{netloc}/{quote(database, safe='')}", check_schema_name(schema))


def redacted(url) -> str:
    """``url`` with any password replaced by ``***`` (for messages about a refused URL)."""
    text = str(url or "")
    text = re.sub(r"^(postgres(?:ql)?://[^:/@?#]*):[^@/?#]*@", r"\1:***@", text)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", text)


def display_host(conninfo: str) -> str:
    """``user@host:port/db`` of a libpq URL, for the status bar (socket folders decoded)."""
    body = conninfo.split("://", 1)[-1].split("?", 1)[0]
    return unquote(body)
