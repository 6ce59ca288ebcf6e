"""Every command, given bad input, ends with one line on stderr and exit 2: never a
traceback, never a hang, never a changed input. Text output carries no control
characters taken from data."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import main as entry
from geo.cli import command_names
from geo.editing.lock import lock_path
from geo.store import ProjectStore

ROOT = Path(__file__).resolve().parent.parent


def _bad_project(kind: str, tmp: Path, good: Path) -> Path:
    path = tmp / f"{kind}.gpkg"
    if kind == "directory":
        path.mkdir()
    elif kind == "text":
        path.write_text("not a project")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "plain_sqlite":
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[:8192])
    elif kind == "fifo":
        os.mkfifo(path)
    return path  # "missing": never created


BAD_KINDS = ["missing", "directory", "text", "empty", "plain_sqlite", "truncated", "fifo"]


def _commands(p: str, tmp: Path) -> list[list[str]]:
    """One invocation of every command (geo.cli and gui.cli) on project ``p``."""
    src = tmp / "stations.csv"
    src.write_text("station_id,name,x,y\nS9,站,116.4,39.9\n", encoding="utf-8")
    return [["check", p], ["check", p, "--json"], ["stats", p], ["stats", p, "--json"],
            ["gaps", p], ["gaps", p, "--json"], ["report", p, "--out", str(tmp / "r.xlsx")],
            ["export-html", p, "--out", str(tmp / "m.html")],
            ["import", p, str(src), "--as", "stations"], ["plan", p, "list"],
            ["plan", p, "create", "新方案"], ["plan", p, "compare", "active", "active"],
            ["plan", p, "export-csv", str(tmp / "a.csv")], ["delete", p, "--layer", "buildings", "--ids", "B1"],
            ["link", p], ["draft", p]]


def _all_commands(p: str, tmp: Path) -> list[list[str]]:
    """:func:`_commands`, plus ``COMMAND PROJECT`` for every command added since (``demo`` and
    ``new`` create their file, so they are tested below)."""
    listed = _commands(p, tmp)
    known = {argv[0] for argv in listed} | {"demo", "new"}
    return listed + [[c.replace("_", "-"), p] for c in command_names() if c.replace("_", "-") not in known]


def _run(argv, capsys):
    """The real entry point in this process; (exit code, stdout, stderr)."""
    def hang(*_):
        raise TimeoutError(f"{argv} hangs")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(120)
    try:
        code = entry.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse
        code = exc.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(code, err, argv):
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error:"), (argv, code, err)
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_project_files_exit_2_in_one_line(kind, tiny_gpkg, tmp_path, capsys):
    project = _bad_project(kind, tmp_path, Path(tiny_gpkg))
    before = project.read_bytes() if project.is_file() else None
    for argv in _all_commands(str(project), tmp_path):
        code, _out, err = _run(argv, capsys)
        _one_error_line(code, err, argv)
    if before is not None:
        assert project.read_bytes() == before
    assert not lock_path(project).exists()
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("argv", [
    ["render", "{p}", "--out", "{t}/x.png", "--bbox", "nan,0,1,1"],
    ["render", "{p}", "--out", "{t}/x.png", "--bbox", "0,0,inf,1"],
    ["render", "{p}", "--out", "{t}/x.png", "--bbox", "2,0,1,1"],
    ["render", "{p}", "--out", "{t}/x.png", "--bbox", "1,2,3"],
    ["render", "{p}", "--out", "{t}/x.png", "--size", "0x0"],
    ["render", "{p}", "--out", "{t}"],
    ["render", "{p}", "--out", "{t}/existing", "--atlas", "grid", "--format", "png"],
    ["render", "{p}", "--out", "{t}/x.pdf", "--format", "png"],
    ["export-html", "{p}", "--out", "{t}"],
    ["report", "{p}", "--out", "{t}"],
    ["gaps", "{p}", "--xlsx", "{t}"],
    ["gaps", "{p}", "--limit", "many"],
    ["gaps", "{p}", "--community", "NOPE"],
    ["plan", "{p}", "export-csv", "{t}"],
    ["plan", "{p}", "switch", "NO-SUCH-PLAN"],
    ["import", "{p}", "{t}/missing.shp", "--as", "buildings"],
    ["import", "{p}", "{t}", "--as", "buildings"],
    ["demo", "{t}/d.gpkg", "--seed", "-1"],
    ["demo", "{t}/d.gpkg", "--seed", "x"],
    ["demo", "{p}"],
    ["demo", "{t}/existing"],
    ["demo", "{t}/existing", "--force"],
    ["demo", "{t}", "--force"],
    ["nosuchcommand"],
    ["check"],
])
def test_bad_arguments_exit_2_in_one_line(argv, tiny_gpkg, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "existing").write_text("my notes")
    before = Path(tiny_gpkg).read_bytes()
    argv = [a.format(p=tiny_gpkg, t=out_dir) for a in argv]
    code, _out, err = _run(argv, capsys)
    _one_error_line(code, err, argv)
    assert Path(tiny_gpkg).read_bytes() == before
    assert (out_dir / "existing").read_text() == "my notes"


@pytest.mark.parametrize("contents", [b"", b"garbage\x00\xff", b'{"pid": 1, "host": "elsewhere"}', b"[1,2]"])
def test_writing_commands_take_a_lock_file_with_odd_contents(contents, tiny_gpkg, tmp_path, capsys):
    lock_path(tiny_gpkg).write_bytes(contents)  # no live process holds it
    code, out, err = _run(["plan", tiny_gpkg, "create", "甲"], capsys)
    assert code == 0, err
    assert not lock_path(tiny_gpkg).exists()


def test_demo_refuses_an_existing_project_unless_forced(tiny_gpkg, tmp_path, capsys):
    target = tmp_path / "mine.gpkg"
    shutil.copyfile(tiny_gpkg, target)
    before = target.read_bytes()
    code, _out, err = _run(["demo", target], capsys)
    _one_error_line(code, err, "demo")
    assert "--force" in err and target.read_bytes() == before
    code, _out, err = _run(["demo", target, "--force"], capsys)
    assert code == 0 and target.read_bytes() != before


def test_unexpected_errors_are_one_line_naming_the_command(capsys):
    def explode(args):
        raise RuntimeError("boom\nsecond line")

    from geo.cli import main as cli_main

    code = cli_main(["boom"], extra_commands=[("boom", "explodes", lambda p: None, explode)])
    err = capsys.readouterr().err
    assert code == 2 and err == "error: boom：意外错误 RuntimeError: boom\n"


@pytest.mark.parametrize("command", ["open", "render"])
@pytest.mark.parametrize("kind", ["missing", "fifo", "text"])
def test_gui_commands_on_bad_projects_exit_2_without_hanging(command, kind, tiny_gpkg, tmp_path):
    project = _bad_project(kind, tmp_path, Path(tiny_gpkg))
    argv = [command, str(project)] + (["--out", str(tmp_path / "x.png")] if command == "render" else [])
    result = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error:"), result.stderr


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m红\u202e\r\n\t小区"


def test_text_output_carries_no_control_characters_from_names(tiny_gpkg, capsys):
    store = ProjectStore(tiny_gpkg)
    con = store.con
    community = con.execute("SELECT community_id FROM communities LIMIT 1").fetchone()[0]
    grid = con.execute("SELECT grid_id FROM grids LIMIT 1").fetchone()[0]
    store.apply([("update", "communities", community, {"name": ESCAPES}),
                 ("update", "grids", grid, {"name": ESCAPES}),
                 ("update", "grids", grid, {"community_id": "\x1b[5mNOWHERE"})])
    store.close()
    for argv in (["stats", tiny_gpkg], ["gaps", tiny_gpkg], ["check", tiny_gpkg]):
        code, out, err = _run(argv, capsys)
        assert code in (0, 1), (argv, err)
        assert not any(c in out + err for c in "\x1b\x07\r\u202e"), (argv, out)
        assert "小区" in out or argv[0] == "check"
    code, out, _err = _run(["stats", tiny_gpkg, "--json"], capsys)
    assert "\x1b" not in out and "小区" in json.dumps(json.loads(out), ensure_ascii=False)  # escaped
