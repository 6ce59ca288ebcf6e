"""Finish what a killed writer left: roll a hot journal back (or fold a WAL in) before reading.

A process killed inside a transaction leaves ``<project>-journal`` (or a
``-wal``) beside the file. SQLite rolls such a *hot* journal back the next
time someone opens the file for writing, but a read-only connection cannot,
and then reports an error that looks like damage. So before a project is read
we open it read-write once, under the write lock (a live writer's journal is
its own business: then nothing is done and SQLite lets readers see the last
committed state). The journal must never be deleted by hand: that would leave
half a transaction in the file.
"""
from __future__ import annotations

import os
import sqlite3

from . import gpkg
from .editing.lock import ProjectLocked, acquire_write_lock
from .messages import CodedError, Message, register

RECOVERED = register(
    "store.recovered",
    "{path}：上次写入在中途被中断，未完成的修改已回滚，文件恢复到最后一次完整保存的状态",
    "{path}: a write was interrupted last time; the unfinished change was rolled back and the"
    " file is as it was after the last complete save")


def recover_interrupted_write(path) -> Message | None:
    """Roll back a journal left by a killed writer; a message saying so, or None.

    Parameters
    ----------
    path : path-like
        A project GeoPackage (a regular file).

    Returns
    -------
    Message or None
        :data:`RECOVERED` when a leftover journal or WAL was resolved; None when
        there was none, a live writer holds the lock, or it could not be done
        (the read that follows then reports why, never "damaged").
    """
    path = os.fspath(path)
    if gpkg.looks_like_geopackage(path) or not gpkg.has_leftover_journal(path):
        return None
    try:
        lock = acquire_write_lock(path)
    except (ProjectLocked, CodedError):
        return None
    try:
        _open_read_write(path)
    except sqlite3.Error:
        return None
    finally:
        lock.release()
    return None if gpkg.has_leftover_journal(path) else Message(RECOVERED, path=path)


def _open_read_write(path: str) -> None:
    """The first read of a read-write connection rolls a hot journal back; the last
    connection to close checkpoints a WAL and removes it."""
    con = sqlite3.connect(gpkg.sqlite_uri(path, "rw"), uri=True, isolation_level=None, timeout=5.0)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
