"""Working offline on a published project: ``checkout`` a GeoPackage, edit it anywhere, ``sync`` back.

Like Mergin Maps with geodiff, three-way: the copy remembers its base (the
server's version and a content hash of every feature it was given,
:mod:`geo.postgis.offline_base`); a sync compares base, file and server
(:mod:`geo.postgis.offline_diff`), sends what only the file changed to the
server in one version-checked transaction (a feature someone changed
meanwhile refuses the whole send: nothing half-written), writes what only the
server changed into the file, lists what both changed differently as
conflicts, and moves the base on.

The file is never written in place: the new state is built in a copy beside
it (SQLite's backup API), read back and checked, then moved over it.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import gpkg
from ..history import Record
from ..messages import CodedError, Message, register
from ..schema import LAYERS
from ..store import (ProjectError, ProjectStore, _refuse_foreign_target, _temp_prefix, read_layers,
                     write_project)
from .offline_base import FORMAT, SyncBase, layer_hashes, now, read_base, write_base
from .offline_diff import plan_sync
from .offline_scope import street_scope

OUT_EXISTS = register("offline.out_exists",
                      "{path} 已存在（可能含未同步的离线修改），未覆盖；确需覆盖请加 --force",
                      "{path} already exists (it may hold offline edits not yet synced); not replaced:"
                      " add --force to replace it")
UNKNOWN_STREET = register("offline.unknown_street", "{url}：没有街道为“{street}”的社区；可选：{known}",
                          "{url}: no community has street \"{street}\"; known streets: {known}")
SERVER_MOVED = register(
    "offline.server_moved",
    "同步期间服务器上的 {layer} {id} 又被修改；什么也没有发送，文件也未改动，请再同步一次",
    "{id} in {layer} changed on the server during the sync; nothing was sent and the file is"
    " unchanged: sync again")
NOT_VERIFIED = register("offline.not_verified",
                        "{path}：同步后的副本核对不一致（{detail}）；原文件未改动",
                        "{path}: the synced copy did not verify ({detail}); the file is unchanged")
PUSH_RECORD = register("offline.push_record", "离线同步：发送 {path} 的 {n} 项修改",
                       "offline sync: {n} changes sent from {path}")
PULL_RECORD = register("offline.pull_record", "离线同步：取回服务器的 {n} 项修改",
                       "offline sync: {n} changes taken from the server")


@dataclass
class SyncReport:
    """What a sync did: changes sent and taken, conflicts left (or resolved by ``prefer``)."""

    sent: dict = field(default_factory=dict)      # layer -> count
    taken: dict = field(default_factory=dict)     # layer -> count
    conflicts: list = field(default_factory=list)  # offline_diff.Conflict

    def as_dict(self) -> dict:
        return {"sent": self.sent, "taken": self.taken, "conflicts": [c.as_dict() for c in self.conflicts]}


# ---------------------------------------------------------------- checkout

def checkout(url: str, out, street: str | None = None, force: bool = False) -> dict:
    """Copy the project at ``url`` (or the features of one ``street``) into a new GeoPackage ``out``.

    Parameters
    ----------
    url : str
        A project URL (:mod:`geo.postgis.url`; no password).
    out : path-like
        The GeoPackage to write; an existing file is replaced only with ``force``
        (and never when it is not a GeoPackage).
    street : str, optional
        Only the communities of this street and what lies in them (see :func:`street_scope`).

    Returns
    -------
    dict
        ``{"path", "url", "street", "layers": {layer: count}}``.
    """
    from .store import PostgisStore

    out = Path(out)
    if out.exists() and not force:
        raise CodedError(OUT_EXISTS, path=out)
    _refuse_foreign_target(out)
    store = PostgisStore.connect(url)
    try:
        loaded = store.read_layers()
    finally:
        store.close()
    frames = loaded.frames
    if street is not None:
        scope = street_scope(frames, street)
        if not scope["communities"]:
            known = sorted({s for s in frames["communities"]["street"].dropna().tolist()})
            raise CodedError(UNKNOWN_STREET, url=store.location, street=street, known="、".join(known) or "-")
        frames = {name: _within(name, frame, scope) for name, frame in frames.items()}
    state = SyncBase({"url": store.location, "schema": store.server.schema, "street": street or "",
                      "checked_out_at": now(), "synced_at": "", "format": FORMAT})
    for name, frame in frames.items():
        versions = store.versions.get(name, {})
        state.base[name] = {i: (versions.get(i), h) for i, h in layer_hashes(name, frame).items()}
    _write_checkout(out, frames, loaded.rules, state)
    return {"path": str(out), "url": store.location, "street": street or "",
            "layers": {name: len(frame) for name, frame in frames.items()}}


def _write_checkout(out: Path, frames, rules, state: SyncBase) -> None:
    tmp = _temp_beside(out)
    try:
        write_project(tmp, frames, rules)
        con = gpkg.connect(tmp)
        try:
            with gpkg.transaction(con):
                write_base(con, state)
        finally:
            con.close()
        _verify(tmp, {n: len(f) for n, f in frames.items()}, out)
        os.replace(tmp, out)
    finally:
        _remove(tmp)


def _within(name: str, frame, scope: dict):
    if name not in scope:
        return frame
    return frame[frame[LAYERS[name].id_column].isin(scope[name])].reset_index(drop=True)


# ---------------------------------------------------------------- sync

def sync(path, prefer: str | None = None) -> SyncReport:
    """Three-way sync of the offline copy ``path`` with its server (see the module's notes).

    The caller holds the file's write lock (``main.py sync`` takes it).

    Parameters
    ----------
    prefer : {None, "local", "server"}
        How to settle features changed on both sides; None leaves them listed as conflicts.

    Raises
    ------
    geo.messages.CodedError
        ``offline.not_a_checkout``, ``offline.server_moved`` (nothing sent, file unchanged),
        connection errors of :mod:`geo.postgis.store`.
    """
    from .store import PostgisStore

    path = Path(path)
    state = read_base(path)
    local = read_layers(path).frames
    store = PostgisStore.connect(state.meta["url"])
    try:
        server = store.read_layers().frames
        scope = _server_scope(server, state.meta.get("street") or None)
        plan = plan_sync(state, local, server, store.versions, scope, prefer)
        if plan.push:
            _send(store, plan.push, path)
        versions = store.versions
    finally:
        store.close()
    new_state = SyncBase({**state.meta, "synced_at": now()}, conflicts=plan.open_conflicts)
    for name, hashes in plan.agreed.items():
        known = {i: v for i, v in state.base.get(name, {}).items()}
        for id_, digest in hashes.items():
            if digest is None:
                known.pop(id_, None)
            else:
                known[id_] = (versions.get(name, {}).get(id_), digest)
        new_state.base[name] = known
    for name in state.base:
        new_state.base.setdefault(name, state.base[name])
    if plan.pull or new_state.base != state.base or new_state.conflicts != state.conflicts:
        _write_synced(path, plan.pull, new_state, local)  # else the file is left untouched
    return SyncReport(_counts(plan.push), _counts(plan.pull), plan.conflicts)


def _server_scope(server: dict, street: str | None) -> dict:
    if street is None:
        return {name: set(frame[LAYERS[name].id_column].tolist()) for name, frame in server.items()
                if LAYERS[name].id_column in frame}
    return street_scope(server, street)


def _send(store, changes: list, path: Path) -> None:
    from .store import StaleEdit

    try:
        store.apply(changes, Record(Message(PUSH_RECORD, path=path.name, n=len(changes))))
    except StaleEdit as exc:
        layer, ids = next(iter(exc.stale.items()))
        raise CodedError(SERVER_MOVED, layer=layer, id=ids[0]) from None


def _write_synced(path: Path, pull: list, state: SyncBase, local: dict) -> None:
    """The file with ``pull`` applied and the new base: built in a checked copy, then moved over it."""
    tmp = _temp_beside(path)
    try:
        source = ProjectStore(path)
        try:
            source.backup_to(tmp)
        finally:
            source.close()
        copy = ProjectStore(tmp)
        try:
            if pull:
                copy.apply(pull, Record(Message(PULL_RECORD, n=len(pull))))
            with gpkg.transaction(copy.con):
                write_base(copy.con, state)
        finally:
            copy.close()
        expected = {n: len(f) for n, f in local.items()}
        for change in pull:
            if change[0] in ("insert", "delete"):
                expected[change[1]] += 1 if change[0] == "insert" else -1
        _verify(tmp, expected, path)
        os.replace(tmp, path)
    finally:
        _remove(tmp)


def _verify(tmp: Path, counts: dict, shown: Path) -> None:
    """``tmp`` reads back as a project with the expected feature counts and its base."""
    from ..validate import structural_problems

    try:
        loaded = read_layers(tmp)
        read_base(tmp)
    except (ProjectError, CodedError) as exc:
        raise CodedError(NOT_VERIFIED, path=shown, detail=str(exc)) from None
    fatal = structural_problems(loaded)
    if fatal:
        raise CodedError(NOT_VERIFIED, path=shown, detail=fatal[0].line())
    for name, count in counts.items():
        got = len(loaded.frames.get(name, ()))
        if got != count:
            raise CodedError(NOT_VERIFIED, path=shown, detail=f"{name}: {got} != {count}")


def _temp_beside(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".partial.gpkg", dir=path.parent)
    os.close(fd)
    os.unlink(name)  # GDAL and SQLite create it themselves
    return Path(name)


def _remove(tmp: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{tmp}{suffix}")


def _counts(changes: list) -> dict:
    out: dict = {}
    for change in changes:
        out[change[1]] = out.get(change[1], 0) + 1
    return out
