"""A killed editor loses at most the edit in progress and never corrupts the file; one writer.

The editor runs in a child process on a copy of the district demo (~45,000
buildings, ~5,000 grids) and is killed with SIGKILL again and again, each time
at a random moment of its edit loop (delays drawn from a seeded generator, so a
failure can be replayed). After every kill the file must pass SQLite's
integrity check and the grid topology checks of ``check`` in the communities the
editor touched, and its building → grid assignment must be exactly the state
after some committed transaction: all the edits the child reported done, plus
at most the one it had begun. The per-row checks of ``check`` (references,
values, organization) read the whole file (~6 s at this scale), so they run
once, after the last kill: a half-written row would still be there.
"""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest

from geo.editing.lock import ProjectLocked, acquire_write_lock, lock_path
from geo.store import read_layers
from geo.topology import topology_problems
from geo.validate import check_layers

ROOT = Path(__file__).resolve().parent.parent
#: Findings the swap edit produces without any kill (the editor does not re-attach
#: members filed under the community when their building moves into a grid with a
#: branch): they say nothing about crash safety.
EDIT_FINDINGS = {"member_misplaced"}
KILLS = 10
SEED = 20241201
#: The kill comes this long (uniformly drawn) after the editor is ready: its edit
#: loop commits a transaction every ~0.1-0.4 s, so kills land anywhere in it.
DELAY_S = (0.05, 2.5)

# The GUI's edit: one ReassignBuildings command with the grid boundaries re-derived
# (GridBalance as the editing session keeps it). Each edit swaps the buildings of two
# grids of one community, so every transaction leaves a valid tiling behind.
EDITOR = r"""
import json, sys
import numpy as np
from geo.project import Project
from geo.editing.assign import EditRefused, ReassignBuildings
from geo.editing.balance import GridBalance
path, log_path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = open(log_path, "w", buffering=1)
project = Project.open(path)
balance = GridBalance(project)
rng = np.random.default_rng(seed)
by_community = {c: list(g) for c, g in project["grids"].groupby("community_id").groups.items() if len(g) >= 2}
communities = sorted(by_community)
log.write("ready\n")
while True:
    grids = by_community[communities[rng.integers(len(communities))]]
    a, b = (grids[i] for i in rng.choice(len(grids), 2, replace=False))
    current = project["buildings"]["grid_id"]
    moves = {i: (b if current[i] == a else a) for i in current.index[current.isin([a, b])]}
    log.write("begin " + json.dumps(moves) + "\n")
    try:
        ReassignBuildings(moves, balance=balance).do(project)
    except EditRefused:  # the topology guard said no before anything was written
        log.write("refused\n")
        continue
    log.write("done\n")
"""


def assignment(path) -> dict:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT building_id, grid_id FROM buildings"))
    finally:
        con.close()


def integrity(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def run_editor_and_kill(path, log_path, seed, delay) -> list[str]:
    """Start the editor, kill it ``delay`` seconds after it is ready; its log lines."""
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), str(log_path), str(seed)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (log_path.exists() and log_path.read_text().startswith("ready")):
        assert proc.poll() is None, f"editor died before editing: {proc.stderr.read()[-2000:]}"
        assert time.monotonic() < deadline, "editor never got ready"
        time.sleep(0.02)
    time.sleep(delay)
    assert proc.poll() is None, f"editor died on its own: {proc.stderr.read()[-2000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return log_path.read_text().splitlines()


def committed_states(before: dict, lines: list[str]):
    """The assignment after the last reported transaction, and after the one begun next."""
    done, pending = dict(before), None
    for line in lines[1:]:
        if line.startswith("begin "):
            pending = json.loads(line[len("begin "):])
        elif line == "done" and pending is not None:
            done.update(pending)
            pending = None
        elif line == "refused":
            pending = None
    return done, ({**done, **pending} if pending else None)


def scoped_topology(path, communities) -> list:
    """The topology checks of ``check`` on the given communities and those next to them."""
    if not communities:
        return []
    comms = gpd.read_file(path, layer="communities")
    touched = comms[comms["community_id"].isin(communities)]
    near = comms[comms.intersects(touched.union_all())]
    keep = ", ".join(f"'{c}'" for c in near["community_id"])  # ids from our own file
    grids = gpd.read_file(path, layer="grids", where=f"community_id IN ({keep})")
    in_grids = ", ".join(f"'{g}'" for g in grids["grid_id"])
    buildings = gpd.read_file(path, layer="buildings", where=f"grid_id IN ({in_grids})")
    return topology_problems(SimpleNamespace(frames={
        "communities": near, "grids": grids, "buildings": buildings}))


@pytest.fixture(scope="module")
def crash_file(district_gpkg, tmp_path_factory):
    path = tmp_path_factory.mktemp("crash") / "district.gpkg"
    source, target = sqlite3.connect(district_gpkg), sqlite3.connect(path)
    source.backup(target)  # SQLite's own copy (the demo file is in WAL mode)
    source.close()
    target.close()
    return path


def test_sigkill_at_random_moments_leaves_a_consistent_file(crash_file, tmp_path):
    rng = np.random.default_rng(SEED)
    baseline = {(p.kind, p.id) for p in check_layers(read_layers(crash_file))}
    con = sqlite3.connect(crash_file)
    grid_community = dict(con.execute("SELECT grid_id, community_id FROM grids"))
    con.close()
    state = assignment(crash_file)
    edits = 0
    for kill in range(KILLS):
        delay = float(rng.uniform(*DELAY_S))
        lines = run_editor_and_kill(crash_file, tmp_path / f"editor-{kill}.log", SEED + kill, delay)
        assert integrity(crash_file) == "ok", (kill, delay)
        after = assignment(crash_file)
        done, with_pending = committed_states(state, lines)
        assert after == done or after == with_pending, (kill, delay, "not a committed state")
        edits += sum(line == "done" for line in lines) + (after == with_pending)
        changed = {b for b in after if after[b] != state[b]}
        topology = scoped_topology(crash_file, {grid_community[after[b]] for b in changed})
        assert topology == [], (kill, delay, [p.line() for p in topology[:5]])
        state = after
    assert edits >= KILLS  # the kills did land inside an edit loop that was committing
    after = {(p.kind, p.id) for p in check_layers(read_layers(crash_file))
             if p.kind not in EDIT_FINDINGS}
    assert after <= baseline


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
    lock_path(project).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname()}))
    acquire_write_lock(project).release()
