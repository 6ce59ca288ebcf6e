"""A killed editor loses at most the edit in progress and never corrupts the file; one writer."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.editing.lock import ProjectLocked, acquire_write_lock, lock_path
from geo.store import read_layers
from geo.validate import check_layers

ROOT = Path(__file__).resolve().parent.parent

EDITOR = r"""
import sys
from geo.project import Project
from geo.editing.assign import ReassignBuildings
from geo.editing.balance import GridBalance
project = Project.open(sys.argv[1])
balance = GridBalance(project)
b, grids = project["buildings"], project["grids"]
# Flip every building between two grids of its community, one transaction per community.
step = 0
while True:
    for community, mine in grids.groupby("community_id").groups.items():
        mine = list(mine)
        if len(mine) < 2:
            continue
        moves = {i: (mine[1] if project["buildings"].at[i, "grid_id"] == mine[0] else mine[0])
                 for i in b.index[b["grid_id"].isin(mine[:2])]}
        ReassignBuildings(moves, balance=balance).do(project)
        step += 1
        print(step, flush=True)
"""


def test_sigkill_mid_edit_leaves_a_consistent_file(demo_gpkg, tmp_path):
    path = tmp_path / "crash.gpkg"
    path.write_bytes(Path(demo_gpkg).read_bytes())
    before = read_layers(path)
    old = before.frames["buildings"].set_index("building_id")["grid_id"]
    problems_before = {(p.kind, p.id) for p in check_layers(before)}
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    for _ in range(3):  # let a few transactions commit, then kill in the middle of the next
        assert proc.stdout.readline(), "editor died early"
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    after = read_layers(path)
    assert {(p.kind, p.id) for p in check_layers(after)} <= problems_before
    new = after.frames["buildings"].set_index("building_id")["grid_id"]
    grids = before.frames["grids"].set_index("grid_id")["community_id"]
    changed = new[new != old]
    assert len(changed) > 0
    # Every community flipped as a whole or not at all: per-transaction consistency.
    for community, ids in old.groupby(old.map(grids)).groups.items():
        flips = (new[ids] != old[ids])
        pair = set(old[ids][old[ids].isin(set(old[ids][flips]) | set(new[ids][flips]))])
        touched = old[ids].isin(pair)
        assert flips[touched].all() or not flips.any(), community


def test_second_writer_is_refused_and_stale_lock_taken_over(tmp_path):
    project = tmp_path / "p.gpkg"
    lock = acquire_write_lock(project)
    with pytest.raises(ProjectLocked) as info:
        acquire_write_lock(project)
    assert str(os.getpid()) in str(info.value)
    lock.release()
    assert not lock_path(project).exists()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import json
    import socket
    lock_path(project).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname()}))
    acquire_write_lock(project).release()
