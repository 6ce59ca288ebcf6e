"""Column types read back from the server name real types, so the casts written with them run.

Against the throwaway PostgreSQL/PostGIS server (tests/pg_server.py).
"""
import psycopg
from psycopg import sql

from geo.postgis import ddl
from geo.postgis.url import parse_url


def test_every_column_type_read_from_the_server_casts_including_arrays_and_bit_varying(published_demo):
    _path, url = published_demo
    loc = parse_url(url)
    with psycopg.connect(loc.conninfo, autocommit=True) as conn:
        table = sql.SQL("{}.{}").format(sql.Identifier(loc.schema), sql.Identifier("buildings"))
        conn.execute(sql.SQL("ALTER TABLE {} ADD COLUMN tags text[], ADD COLUMN flags bit varying,"
                             " ADD COLUMN marks integer[]").format(table))
        columns = ddl.table_columns(conn.cursor(), loc.schema)
        extra = {c: t for c, t in columns["buildings"] if c in ("tags", "flags", "marks")}
        assert extra == {"tags": "_text", "flags": "varbit", "marks": "_int4"}
        for name, cols in columns.items():
            for column, pg_type in cols:  # as ChangeWriter casts a value sent as text
                conn.execute(sql.SQL("SELECT NULL::text::{}").format(ddl.type_sql(pg_type)))
        row = conn.execute(sql.SQL("SELECT %s::text::{}, %s::text::{}").format(
            ddl.type_sql(extra["tags"]), ddl.type_sql(extra["flags"])), ("{a,b}", "101")).fetchone()
        assert row[0] == ["a", "b"] and row[1] == "101"
