"""A writer killed inside a big transaction leaves a hot journal: the next command rolls it
back under the write lock, says so, and finds the file healthy with the last committed data."""
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from geo import gpkg
from geo.store import read_layers

ROOT = Path(__file__).resolve().parent.parent

# Commits one change (the "last committed state"), then opens a long transaction that
# rewrites every building's name and grid (thousands of page writes, so the journal is
# big and the file itself already holds uncommitted pages), and waits to be killed.
WRITER = r"""
import sys, time
from geo.store import ProjectStore
from geo.editing.lock import acquire_write_lock
path, spill = sys.argv[1], sys.argv[2] == "spill"
lock = acquire_write_lock(path)
store = ProjectStore(path)
store.apply([("setting", "households_max", "777")])
con = store.con
if spill:
    con.execute("PRAGMA cache_size=10")  # dirty pages go into the file before COMMIT
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE buildings SET name = name || '-half-done', grid_id = NULL")
con.execute("UPDATE members SET name = 'x' || name")
print("in transaction", flush=True)
time.sleep(600)
"""


def _killed_mid_transaction(path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "spill"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "in transaction"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def _committed(path: Path):
    """The committed data, read the way SQLite readers see it (journal rolled back in a copy)."""
    frames = read_layers(path).frames
    return frames["buildings"][["building_id", "name", "grid_id"]], frames["members"]["name"]


def test_killed_writer_is_rolled_back_and_check_says_so(demo_gpkg, tmp_path):
    path = tmp_path / "项目 #1.gpkg"
    path.write_bytes(Path(demo_gpkg).read_bytes())
    reference = tmp_path / "reference.gpkg"
    reference.write_bytes(path.read_bytes())
    con = sqlite3.connect(reference)
    con.execute("UPDATE settings SET value='777' WHERE key='households_max'")
    con.commit()
    con.close()

    _killed_mid_transaction(path)
    assert gpkg.has_leftover_journal(path), "the kill should leave a hot journal"

    result = subprocess.run([sys.executable, "main.py", "check", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GRIDATLAS_LANG": "en"})
    assert "damaged" not in result.stderr
    assert "rolled back" in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert not gpkg.has_leftover_journal(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT value FROM settings WHERE key='households_max'").fetchone()[0] == "777"
    con.close()
    got, want = _committed(path), _committed(reference)
    assert got[0].equals(want[0]) and got[1].equals(want[1])

    again = subprocess.run([sys.executable, "main.py", "stats", str(path)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "note:" not in again.stderr  # nothing left to recover


def test_a_live_writers_journal_is_left_alone(demo_gpkg, tmp_path):
    """While the writer lives (it holds the lock), readers see the last committed state."""
    path = tmp_path / "live.gpkg"
    path.write_bytes(Path(demo_gpkg).read_bytes())
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "keep"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "in transaction"
        loaded = read_layers(path)
        assert loaded.notices == []
        assert not loaded.frames["buildings"]["name"].str.endswith("-half-done").any()
        assert gpkg.has_leftover_journal(path)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    loaded = read_layers(path)  # whatever the dead writer left, nothing of it shows
    assert not loaded.frames["buildings"]["name"].str.endswith("-half-done").any()
    assert loaded.frames["buildings"]["grid_id"].notna().any()
