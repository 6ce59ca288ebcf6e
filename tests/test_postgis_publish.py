"""Publishing to PostGIS: one verified transaction; every command gives the same answer on both.

Runs against the throwaway server of tests/pg_server.py (a real PostgreSQL with PostGIS).
"""
import json
import shutil

import psycopg
import pytest

from geo.cli import main as cli
from geo.messages import CodedError
from geo.postgis.publish import publish
from geo.postgis.url import parse_url
from geo.project import Project


def test_publish_copies_and_verifies_every_layer(demo_gpkg, pg_url, pg_schema):
    report = publish(demo_gpkg, pg_url, pg_schema)
    assert report.url.endswith(f"?schema={pg_schema}")
    by_layer = {c.layer: c for c in report.checks}
    assert by_layer["buildings"].server_count == by_layer["buildings"].file_count > 300
    assert all(c.ok for c in report.checks)
    from geo.schema import LAYERS

    assert set(by_layer) == set(LAYERS)  # every layer, the ones added since included
    assert report.settings > 0


def test_the_published_project_reads_back_the_same(published_demo):
    path, url = published_demo
    file_project, server_project = Project.open(path), Project.open(url)
    try:
        for name, frame in file_project.layers.items():
            other = server_project.layers[name]
            assert list(other.columns) == list(frame.columns), name
            assert list(other.dtypes) == list(frame.dtypes), name
            assert other.index.tolist() == frame.index.tolist(), name
        buildings = file_project["buildings"]
        assert server_project["buildings"].geometry.geom_equals_exact(buildings.geometry, 0).all()
        assert server_project.crs == file_project.crs
        assert server_project.rules == file_project.rules
        assert server_project.path is None and server_project.location == url
    finally:
        file_project.close()
        server_project.close()


def test_an_existing_schema_needs_force(demo_gpkg, pg_url, pg_schema):
    publish(demo_gpkg, pg_url, pg_schema)
    with pytest.raises(CodedError) as info:
        publish(demo_gpkg, pg_url, pg_schema)
    assert info.value.message.code == "postgis.schema_exists"
    assert "--force" in str(info.value)
    assert publish(demo_gpkg, pg_url, pg_schema, force=True).checks


def test_a_schema_that_is_not_a_project_is_never_replaced(demo_gpkg, pg_url, pg_schema):
    with psycopg.connect(parse_url(pg_url).conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {pg_schema}")
        conn.execute(f"CREATE TABLE {pg_schema}.mine (x int)")
    with pytest.raises(CodedError) as info:
        publish(demo_gpkg, pg_url, pg_schema, force=True)
    assert info.value.message.code == "postgis.foreign_schema"
    with psycopg.connect(parse_url(pg_url).conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", (pg_schema,)).fetchone() == (1,)


def test_a_failed_publish_leaves_nothing(demo_gpkg, pg_url, pg_schema, tmp_path):
    import sqlite3

    bad = tmp_path / "bad.gpkg"
    shutil.copyfile(demo_gpkg, bad)
    con = sqlite3.connect(bad)
    con.execute('ALTER TABLE "members" ADD COLUMN "version" TEXT')  # a name the server reserves
    con.commit()
    con.close()
    with pytest.raises(CodedError) as info:
        publish(bad, pg_url, pg_schema)
    assert info.value.message.code == "postgis.reserved_column"
    with psycopg.connect(parse_url(pg_url).conninfo) as conn:
        assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (pg_schema,)).fetchone() is None


def test_publish_cli_prints_the_check_and_the_url(demo_gpkg, pg_url, pg_schema, capsys):
    assert cli(["publish", str(demo_gpkg), pg_url, "--schema", pg_schema]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == f"{pg_url}?schema={pg_schema}"
    assert any(line.startswith("buildings：") and "与文件一致" in line for line in out)
    assert cli(["publish", str(demo_gpkg), pg_url, "--schema", pg_schema]) == 2
    assert "--force" in capsys.readouterr().err
    assert cli(["publish", str(demo_gpkg), pg_url.replace("@", ":pw@", 1), "--schema", "other"]) == 2
    err = capsys.readouterr().err
    assert "pgpass" in err and ":pw@" not in err


def _out(capsys, argv):
    code = cli(argv)
    captured = capsys.readouterr()
    return code, captured.out


@pytest.mark.parametrize("command", [["stats", "--json"], ["check", "--json"], ["gaps", "--json"],
                                     ["history", "--json"], ["plan", "list"]])
def test_the_same_command_gives_the_same_answer_on_file_and_server(published_demo, capsys, command):
    path, url = published_demo
    file_code, file_out = _out(capsys, [command[0], str(path), *command[1:]])
    server_code, server_out = _out(capsys, [command[0], url, *command[1:]])
    assert (server_code, server_out) == (file_code, file_out)
    if command[-1] == "--json":
        json.loads(server_out)


def test_report_from_the_server_matches_the_file(published_demo, tmp_path, capsys):
    from openpyxl import load_workbook

    path, url = published_demo
    assert cli(["report", str(path), "--out", str(tmp_path / "file.xlsx")]) == 0
    assert cli(["report", url, "--out", str(tmp_path / "server.xlsx")]) == 0
    file_book, server_book = load_workbook(tmp_path / "file.xlsx"), load_workbook(tmp_path / "server.xlsx")
    assert file_book.sheetnames == server_book.sheetnames
    for name in file_book.sheetnames:
        cells = lambda book: [[c.value for c in row] for row in book[name].iter_rows()]  # noqa: E731
        assert cells(server_book) == cells(file_book), name


def test_edits_and_history_after_publishing_match_the_file(published_demo, capsys):
    """The same command on both, then history and stats: same entries (bar the time), same figures."""
    path, url = published_demo
    for target in (str(path), url):
        assert cli(["plan", target, "create", "方案甲"]) == 0
        assert cli(["plan", target, "switch", "P1"]) == 0
    capsys.readouterr()
    file_history = json.loads(_out(capsys, ["history", str(path), "--json"])[1])
    server_history = json.loads(_out(capsys, ["history", url, "--json"])[1])
    strip = lambda entries: [{k: v for k, v in e.items() if k != "time"} for e in entries]  # noqa: E731
    assert strip(server_history) == strip(file_history) and len(file_history) == 2
    assert _out(capsys, ["stats", url, "--json"]) == _out(capsys, ["stats", str(path), "--json"])
    assert cli(["undo", url]) == 0 and cli(["undo", str(path)]) == 0
    capsys.readouterr()
    undated = lambda out: [line.split("\t")[:3] for line in out[1].splitlines()]  # noqa: E731 (no time)
    assert undated(_out(capsys, ["plan", url, "list"])) == undated(_out(capsys, ["plan", str(path), "list"]))
