"""One writer per project file: a lock file beside it naming the process that edits.

SQLite serialises transactions, so two writers cannot corrupt the file, but
they would overwrite each other's edits and each window's memory would go
stale. :func:`acquire_write_lock` creates ``<project>.lock`` atomically
(``O_CREAT | O_EXCL``) holding pid, host and time; a second writer gets
:class:`ProjectLocked` naming the first. A lock left by a process that died
(same host, pid gone) is stale and taken over; on another host we cannot tell,
so the GUI offers "open anyway" (``force=True``).

Examples
--------
>>> lock = acquire_write_lock("street.gpkg")   # doctest: +SKIP
>>> lock.release()                             # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path


class ProjectLocked(Exception):
    """Another live process holds the write lock; ``holder`` has its pid, host and time."""

    def __init__(self, message: str, holder: dict):
        super().__init__(message)
        self.holder = holder


def lock_path(project_path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + ".lock")


@dataclass
class Lock:
    path: Path
    pid: int

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        holder = _read(self.path)
        if holder is not None and holder.get("pid") == self.pid and holder.get("host") == socket.gethostname():
            self.path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
        return False


def acquire_write_lock(project_path, *, force: bool = False) -> Lock:
    """Take the write lock of a project, or raise :class:`ProjectLocked`."""
    path = lock_path(project_path)
    for _ in range(3):  # a stale lock removed by us or a racing process: try again
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read(path) or {}
            if force or _stale(holder):
                path.unlink(missing_ok=True)
                continue
            raise ProjectLocked(f"{project_path} is open for writing by process {holder.get('pid')}"
                                f" on {holder.get('host')} since {holder.get('time')}", holder) from None
        with os.fdopen(fd, "w") as fh:
            json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                       "time": time.strftime("%Y-%m-%d %H:%M:%S")}, fh)
        return Lock(path, os.getpid())
    raise ProjectLocked(f"{project_path}: could not take the write lock", {})


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _stale(holder: dict) -> bool:
    """A lock whose process is gone on this host (or an unreadable lock file) is stale."""
    if not holder or "pid" not in holder:
        return True
    if holder.get("host") != socket.gethostname():
        return False
    try:
        os.kill(int(holder["pid"]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
