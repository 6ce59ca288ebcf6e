"""One atomic writer and one output guard for every file the program writes.

The writer: complete-or-nothing, fsynced, nothing left behind (also after
SIGKILL). The guard: never the project, never a device/FIFO/folder, another
kind of file only with --force; every writing command exits 2 with one line.
"""
import hashlib
import os
import random
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import openpyxl
import pytest

from geo.fileutil import atomic_output, atomic_write_text, sweep_stale_temporaries
from geo.messages import CodedError
from geo.output_guard import OutputRefused, check_output

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args, stdin=subprocess.DEVNULL):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, stdin=stdin)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ------------------------------------------------------------ the atomic writer
def test_replaces_only_when_complete_and_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            Path(tmp).write_text("half")
            raise RuntimeError("export failed half way")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and os.listdir(tmp_path) == ["out.txt"]


def test_replacement_keeps_the_permissions_of_the_old_file(tmp_path):
    private = tmp_path / "private.txt"
    atomic_write_text(private, "v1")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(private.stat().st_mode) == 0o666 & ~umask
    private.chmod(0o600)  # the user made the report private: the new version stays private
    atomic_write_text(private, "v2")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text() == "v2"


def test_file_and_folder_are_fsynced(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def recording_fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    atomic_write_text(tmp_path / "a.txt", "x")
    assert False in synced and synced[-1] is True  # the file, and last the folder after the rename


def test_named_fallback_without_o_tmpfile(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    target = tmp_path / "b.txt"
    with pytest.raises(ValueError):
        with atomic_output(target) as tmp:
            assert Path(tmp).parent == tmp_path and ".gridatlas-" in Path(tmp).name
            Path(tmp).write_text("x")
            raise ValueError
    assert os.listdir(tmp_path) == []
    atomic_write_text(target, "done")
    assert os.listdir(tmp_path) == ["b.txt"] and target.read_text() == "done"


def test_stale_temporaries_of_dead_processes_are_swept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".r.xlsx.gridatlas-{dead}-0123abcd.tmp"
    mine = tmp_path / f".r.xlsx.gridatlas-{os.getpid()}-0123abcd.tmp"
    stale.write_text("13812345678")
    mine.write_text("in use")
    atomic_write_text(tmp_path / "r.txt", "x")
    assert not stale.exists() and mine.exists()
    assert sweep_stale_temporaries(tmp_path) == []


def test_writer_never_replaces_a_fifo_or_folder(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    for target in (fifo, tmp_path / "folder"):
        with pytest.raises(CodedError):
            with atomic_output(target) as tmp:
                Path(tmp).write_text("x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "folder").is_dir()
    assert sorted(os.listdir(tmp_path)) == ["folder", "pipe"]


KILLED_EXPORT = textwrap.dedent("""
    import sys
    import pandas as pd
    from geo.export.safe_excel import SheetSpec, write_workbook
    from geo.masking import FULL
    n = int(sys.argv[2])
    frame = pd.DataFrame({"name": [f"张{i}" for i in range(n)],
                          "phone": [f"138{i:08d}" for i in range(n)],
                          "id_number": [f"11010519{i:010d}" for i in range(n)]})
    print("ready", flush=True)
    write_workbook(sys.argv[1], [SheetSpec("党员", frame)], FULL)
    print("done", flush=True)
""")


def test_killed_export_leaves_no_file(tmp_path):
    """SIGKILL at random moments of a full-data export: the folder stays empty."""
    script = tmp_path / "export.py"
    script.write_text(KILLED_EXPORT)
    rng = random.Random(12)
    rows = 60000
    # Spread over building the workbook and writing it (about 2 s and 1.5 s on this machine).
    windows = ((0.1, 1.0), (1.5, 2.2), (2.2, 2.9), (2.9, 3.6))
    for attempt, (earliest, latest) in enumerate(windows):
        folder = tmp_path / f"out{attempt}"
        folder.mkdir()
        with subprocess.Popen([sys.executable, str(script), str(folder / "r.xlsx"), str(rows)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}) as child:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(earliest, latest))
            child.kill()
            child.wait()
        left = os.listdir(folder)
        # Either the export finished (the complete file) or nothing is there at all.
        assert left in ([], ["r.xlsx"]), left
        if left:
            assert openpyxl.load_workbook(folder / "r.xlsx", read_only=True)["党员"].max_row == rows + 2


# ------------------------------------------------------------ the output guard
def test_guard_rules(tmp_path, tiny_gpkg):
    for special in ("/dev/null", tmp_path):
        with pytest.raises(OutputRefused) as info:
            check_output(special, "xlsx", force=True)
        assert info.value.message.code == "output.special" and str(special) in str(info.value)
    with pytest.raises(OutputRefused) as info:
        check_output(tiny_gpkg, "xlsx", protect=[tiny_gpkg], force=True)
    assert info.value.message.code == "output.is_project" and not info.value.forceable
    link = tmp_path / "link.xlsx"
    link.symlink_to(tiny_gpkg)
    with pytest.raises(OutputRefused):
        check_output(link, "xlsx", protect=[tiny_gpkg], force=True)
    other = tmp_path / "other.png"
    other.write_bytes(Path(tiny_gpkg).read_bytes())
    with pytest.raises(OutputRefused) as info:
        check_output(other, "png")
    assert info.value.forceable and "--force" in info.value.text("en")
    assert check_output(other, "png", force=True) == other
    empty = tmp_path / "empty.csv"
    empty.touch()
    assert check_output(empty, "csv") == empty


def _commands(project, out):
    """Every writing command with its output at ``out``."""
    return {
        "report": ["report", project, "--out", out],
        "export-html": ["export-html", project, "--out", out],
        "gaps": ["gaps", project, "--xlsx", out],
        "plan": ["plan", project, "export-csv", out],
        "import": ["import", project, ROOT / "tests" / "missing.csv", "--as", "stations",
                   "--report", out],
        "render": ["render", project, "--out", out],
    }


@pytest.mark.parametrize("command", ["report", "export-html", "gaps", "plan", "import", "render"])
def test_no_command_overwrites_the_project(tiny_gpkg, command):
    before = digest(tiny_gpkg)
    result = run_main(*_commands(tiny_gpkg, tiny_gpkg)[command], "--force")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(tiny_gpkg) in lines[0], result.stderr
    assert digest(tiny_gpkg) == before


@pytest.mark.parametrize("command", ["report", "export-html", "gaps", "plan", "import", "render"])
def test_no_command_replaces_a_fifo_or_folder(tiny_gpkg, tmp_path, command):
    fifo = tmp_path / "device"
    os.mkfifo(fifo)
    for out in (fifo, tmp_path):
        result = run_main(*_commands(tiny_gpkg, out)[command], "--force")
        assert result.returncode == 2 and str(out) in result.stderr, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("command, suffix", [("report", ".xlsx"), ("export-html", ".html"),
                                             ("gaps", ".xlsx"), ("plan", ".csv")])
def test_other_kind_needs_force(tiny_gpkg, tmp_path, command, suffix):
    out = tmp_path / f"precious{suffix}"
    out.write_bytes(Path(tiny_gpkg).read_bytes())  # e.g. a GeoPackage under the output's name
    before = digest(out)
    refused = run_main(*_commands(tiny_gpkg, out)[command])
    assert refused.returncode == 2 and "--force" in refused.stderr and digest(out) == before
    forced = run_main(*_commands(tiny_gpkg, out)[command], "--force")
    assert forced.returncode in (0, 1), forced.stderr  # gaps exits 1 when it found gaps
    assert digest(out) != before
    again = run_main(*_commands(tiny_gpkg, out)[command])  # now our own kind: replaced freely
    assert again.returncode in (0, 1), again.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_import_report_never_overwrites_the_file_being_imported(tiny_gpkg, tmp_path):
    source = tmp_path / "花名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(source)
    before = digest(source)
    result = run_main("import", tiny_gpkg, source, "--as", "members", "--report", source)
    assert result.returncode == 2 and str(source) in result.stderr
    assert digest(source) == before
