"""One write lock per project: atomic between processes, free again when its holder dies,
indifferent to odd lock-file contents, and never asked for by commands that only read."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main as cli
from geo.editing.lock import ProjectLocked, acquire_write_lock, lock_path
from geo.messages import CodedError

ROOT = Path(__file__).resolve().parent.parent

# Each contender waits for the start file, tries once, reports, and holds a won lock until
# told to stop, so a loser cannot slip in after the winner released.
CONTENDER = r"""
import os, sys, time
from geo.editing.lock import ProjectLocked, acquire_write_lock
project, start, stop = sys.argv[1:4]
while not os.path.exists(start):
    time.sleep(0.0005)
try:
    lock = acquire_write_lock(project)
except ProjectLocked:
    print("lost", flush=True)
    sys.exit(0)
print("won", flush=True)
while not os.path.exists(stop):
    time.sleep(0.001)
lock.release()
"""


def _race(project: Path, tmp: Path, rounds: int, contenders: int = 2) -> list[int]:
    """Winners per round of ``contenders`` processes racing for the lock (one interpreter
    each, started before the gun so only the lock decides)."""
    winners = []
    for i in range(rounds):
        start, stop = tmp / f"start{i}", tmp / f"stop{i}"
        procs = [subprocess.Popen([sys.executable, "-c", CONTENDER, str(project), str(start), str(stop)],
                                  cwd=ROOT, stdout=subprocess.PIPE, text=True)
                 for _ in range(contenders)]
        start.touch()
        results = [p.stdout.readline().strip() for p in procs]
        stop.touch()
        for p in procs:
            p.wait(timeout=30)
            p.stdout.close()
        winners.append(results.count("won"))
        assert set(results) <= {"won", "lost"}, results
    return winners


def test_racing_processes_exactly_one_wins_each_time(tmp_path):
    project = tmp_path / "p.gpkg"
    winners = _race(project, tmp_path, rounds=100)
    assert winners == [1] * 100
    assert not lock_path(project).exists()


def test_lock_of_a_killed_holder_is_free_again(tmp_path):
    project = tmp_path / "p.gpkg"
    holder = subprocess.Popen([sys.executable, "-c", CONTENDER, str(project), str(tmp_path / "go"),
                               str(tmp_path / "never")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    (tmp_path / "go").touch()
    assert holder.stdout.readline().strip() == "won"
    with pytest.raises(ProjectLocked) as info:
        acquire_write_lock(project)
    assert str(holder.pid) in str(info.value)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert lock_path(project).exists()  # the file stays, the kernel lock went with the process
    acquire_write_lock(project).release()


@pytest.mark.parametrize("contents", [b"", b"{", b"[]", b"null", b'{"pid": "x"}', b"\xff\xfe\x00garbage",
                                      json.dumps({"pid": os.getpid(), "host": "elsewhere"}).encode(),
                                      b"x" * 100_000])
def test_lock_files_with_odd_contents_are_taken(tmp_path, contents):
    project = tmp_path / "p.gpkg"
    lock_path(project).write_bytes(contents)
    lock = acquire_write_lock(project)
    assert json.loads(lock_path(project).read_text())["pid"] == os.getpid()
    lock.release()
    assert not lock_path(project).exists()


def test_same_process_second_writer_is_refused_and_force_leaves_the_holder_alone(tmp_path):
    project = tmp_path / "p.gpkg"
    first = acquire_write_lock(project)
    with pytest.raises(ProjectLocked):
        acquire_write_lock(project)
    forced = acquire_write_lock(project, force=True)
    forced.release()
    assert lock_path(project).exists()
    with pytest.raises(ProjectLocked):
        acquire_write_lock(project)
    first.release()


def test_a_lock_path_that_cannot_be_a_file_is_one_coded_error(tmp_path):
    project = tmp_path / "p.gpkg"
    lock_path(project).mkdir()
    with pytest.raises(CodedError) as info:
        acquire_write_lock(project)
    assert str(lock_path(project)) in str(info.value)


def test_read_only_commands_run_while_another_process_holds_the_lock(demo_gpkg, tmp_path, capsys):
    project = tmp_path / "p.gpkg"
    project.write_bytes(Path(demo_gpkg).read_bytes())
    holder = subprocess.Popen([sys.executable, "-c", CONTENDER, str(project), str(tmp_path / "go"),
                               str(tmp_path / "stop")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    (tmp_path / "go").touch()
    try:
        assert holder.stdout.readline().strip() == "won"
        assert cli(["check", str(project)]) in (0, 1)
        assert cli(["stats", str(project)]) == 0
        assert cli(["gaps", str(project), "--limit", "1"]) in (0, 1)
        assert cli(["plan", str(project), "list"]) == 0
        assert cli(["plan", str(project), "compare", "active", "active"]) == 0
        assert cli(["plan", str(project), "export-csv", str(tmp_path / "a.csv")]) == 0
        capsys.readouterr()
        # and the writing ones are refused with one line naming the holder
        assert cli(["plan", str(project), "create", "B"]) == 2
        assert cli(["import", str(project), str(tmp_path / "a.csv"), "--as", "stations"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 2 and all(str(holder.pid) in line for line in err)
    finally:
        (tmp_path / "stop").touch()
        holder.wait(timeout=30)
        holder.stdout.close()
