"""One writer per project file: a lock file beside it naming the process that edits.

SQLite serialises transactions, so two writers cannot corrupt the file, but
they would overwrite each other's edits and each window's memory would go
stale. Every command that writes takes :func:`acquire_write_lock`; commands
that only read take nothing and are never refused.

The lock is the kernel's ``flock`` on ``<project>.lock``, not the file's
existence: taking it is atomic (two processes racing, exactly one wins), and
the kernel drops it when its process dies, so a lock left by a crash is free
again without guessing from pids. The file's contents (pid, host, time) only
name the holder in the refusal message; odd or empty contents are harmless.
``force=True`` (the GUI's "open anyway") proceeds without the lock.

Examples
--------
>>> lock = acquire_write_lock("street.gpkg")   # doctest: +SKIP
>>> lock.release()                             # doctest: +SKIP
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from ..messages import CodedError, Message, register

LOCKED = register(
    "lock.held", "{project} 正在被另一程序编辑（进程 {pid}，主机 {host}，自 {since} 起）；请关闭它后再试",
    "{project} is open for writing by another program (process {pid} on {host} since {since});"
    " close it and try again")
NO_LOCK = register(
    "lock.unavailable", "{project}：无法建立写入锁文件 {lock}（{reason}）",
    "{project}: cannot create the write lock file {lock} ({reason})")
KEEPS_CHANGING = register("lock.keeps_changing", "锁文件一直在变", "it keeps changing")


class ProjectLocked(CodedError):
    """Another live process holds the write lock; ``holder`` has its pid, host and time."""

    def __init__(self, project_path, holder: dict):
        super().__init__(LOCKED, project=str(project_path), pid=holder.get("pid", "?"),
                         host=holder.get("host", "?"), since=holder.get("time", "?"))
        self.holder = holder


def lock_path(project_path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + ".lock")


@dataclass
class Lock:
    """A held write lock; ``release()`` (or leaving a ``with`` block) frees it."""

    path: Path
    pid: int
    fd: int | None = None

    def release(self) -> None:
        """Remove the lock file and drop the kernel lock (unlink first: see _open_locked)."""
        if self.fd is None:
            return
        try:
            if _same_file(self.fd, self.path):
                self.path.unlink(missing_ok=True)
        finally:
            os.close(self.fd)  # closing drops the flock
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
        return False


def acquire_write_lock(project_path, *, force: bool = False) -> Lock:
    """Take the write lock of a project, or raise :class:`ProjectLocked`.

    Parameters
    ----------
    project_path : path-like
        The project GeoPackage (it need not exist yet).
    force : bool
        Proceed when another process holds the lock; the returned lock holds
        nothing and releasing it leaves the other's lock alone.

    Raises
    ------
    ProjectLocked
        A live process holds the lock.
    geo.messages.CodedError
        The lock file cannot be created (a read-only folder, a folder of that name).
    """
    path = lock_path(project_path)
    for _ in range(20):  # the holder may release (unlink) between our open and flock
        fd = _open(project_path, path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if force:
                return Lock(path, os.getpid(), None)
            raise ProjectLocked(project_path, _holder(path)) from None
        if _same_file(fd, path):  # not a file its last holder unlinked after we opened it
            _write_holder(fd)
            return Lock(path, os.getpid(), fd)
        os.close(fd)
    raise CodedError(NO_LOCK, project=str(project_path), lock=str(path), reason=Message(KEEPS_CHANGING))


def _open(project_path, path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        raise CodedError(NO_LOCK, project=str(project_path), lock=str(path),
                         reason=exc.strerror or str(exc)) from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _write_holder(fd: int) -> None:
    text = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                       "time": time.strftime("%Y-%m-%d %H:%M:%S")}).encode()
    os.ftruncate(fd, 0)
    os.pwrite(fd, text, 0)


def _holder(path: Path) -> dict:
    """Who holds the lock, as far as the file says (it may be mid-write: retry briefly)."""
    for _ in range(5):
        try:
            with open(path, "rb") as fh:
                holder = json.loads(fh.read(4096).decode("utf-8", "replace"))
            if isinstance(holder, dict):
                return {k: str(v)[:80] for k, v in holder.items() if k in ("pid", "host", "time")}
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    return {}
