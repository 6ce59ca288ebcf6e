"""The three-way comparison of an offline copy: base ↔ local file ↔ server.

For every feature in scope the content hash of the base (what both sides last
agreed on, :mod:`geo.postgis.offline_base`), of the file and of the server
decide what happens:

========================  ==========================================
changed locally only      the file's state is sent to the server
changed on the server     the server's state is written into the file
changed on both, equally  nothing to send; the base moves on
changed on both, unlike   a :class:`Conflict` (``prefer`` resolves it)
========================  ==========================================

"Changed" includes added (no base) and deleted (absent now). A conflict the
last sync listed keeps the hashes it was found with, so that a later local edit
of it counts as the user's resolution and is sent.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import shapely

from ..masking import MASKERS, MEMBER_EXPORT_KINDS, personal_kind
from ..messages import CodedError, register
from ..schema import LAYERS
from .offline_base import extra_columns, geometry_key, hashed_columns, plain

NO_COLUMN_ON_SERVER = register(
    "offline.no_column_on_server",
    "{layer} 的 {id} 在列“{column}”中有离线填写的值，但服务器上的 {layer} 没有这一列；什么也没有发送，"
    "文件也未改动。请管理员在服务器上添加这一列（或重新发布项目），或清空这些值后再同步",
    "{id} in {layer} has a value in column \"{column}\" filled in offline, but the server's {layer} has"
    " no such column; nothing was sent and the file is unchanged. Ask an administrator to add the"
    " column on the server (or publish the project again), or clear those values, then sync again")
NO_COLUMN_IN_FILE = register(
    "offline.no_column_in_file",
    "服务器上 {layer} 的 {id} 在列“{column}”中有值，而这份离线副本没有这一列；什么也没有发送，"
    "文件也未改动。请重新 checkout 一份副本",
    "{id} in {layer} has a value in column \"{column}\" on the server, which this offline copy lacks;"
    " nothing was sent and the file is unchanged. Check out a new copy")


@dataclass
class Conflict:
    """A feature changed on both sides differently: what each side holds now."""

    layer: str
    id: str
    kind: str  # "edit/edit", "delete/edit", "edit/delete", "add/add"
    columns: list = field(default_factory=list)  # [(column, local, server)] shown to the user

    def as_dict(self) -> dict:
        return {"layer": self.layer, "id": self.id, "kind": self.kind,
                "columns": [{"column": c, "local": l, "server": s} for c, l, s in self.columns]}


@dataclass
class SyncPlan:
    """What one sync does: change lists for each side, the conflicts, the new agreed hashes."""

    push: list = field(default_factory=list)   # change list for the server
    pull: list = field(default_factory=list)   # change list for the file
    conflicts: list = field(default_factory=list)
    #: layer -> {id: hash} both sides hold once push and pull are done (None: gone on both)
    agreed: dict = field(default_factory=dict)
    #: layer -> {id: (local_hash, server_version, server_hash)} conflicts left for the user
    open_conflicts: dict = field(default_factory=dict)


def plan_sync(state, local: dict, server: dict, versions: dict, scope: dict, prefer: str | None) -> SyncPlan:
    """Compare base, ``local`` and ``server`` frames ({layer: frame}) over ``scope`` ({layer: ids}).

    ``versions``: layer -> {id: server version}; ``prefer``: None, ``"local"`` or ``"server"``.
    """
    from .offline_base import layer_hashes

    plan = SyncPlan()
    for name in LAYERS:
        if name not in local or name not in server:
            continue
        base = state.base.get(name, {})
        pending = state.conflicts.get(name, {})
        l_hash, s_hash = layer_hashes(name, local[name]), layer_hashes(name, server[name])
        ids = set(base) | set(l_hash) | set(scope.get(name, ()))
        rows = _Rows(name, local[name], server[name])
        for id_ in sorted(ids, key=str):
            l, s = l_hash.get(id_), s_hash.get(id_)
            if id_ in pending:
                base_l, _, base_s = pending[id_]
            else:
                base_l = base_s = base.get(id_, (None, None))[1]
            _decide(plan, rows, name, id_, (l, s, base_l, base_s), versions.get(name, {}), prefer,
                    id_ in pending)
    return plan


def _decide(plan, rows, name, id_, hashes, versions, prefer, pending: bool) -> None:
    l, s, base_l, base_s = hashes
    local_changed, server_changed = l != base_l, s != base_s
    agreed = plan.agreed.setdefault(name, {})
    if l == s:  # same content on both sides (or gone from both): nothing to send either way
        agreed[id_] = l
        return
    # a conflict left last time stays one until the user edits it locally (their resolution)
    conflict = (not local_changed or server_changed) if pending else (local_changed and server_changed)
    direction = prefer if conflict else ("local" if local_changed else "server")
    if direction == "local":
        plan.push += rows.changes(id_, to_server=True)
        agreed[id_] = l
    elif direction == "server":
        plan.pull += rows.changes(id_, to_server=False)
        agreed[id_] = s
    else:
        kind = "add/add" if base_l is None and base_s is None else _kind(l, s)
        plan.conflicts.append(Conflict(name, id_, kind, rows.differences(id_)))
        plan.open_conflicts.setdefault(name, {})[id_] = (l, versions.get(id_), s)


def _kind(l, s) -> str:
    if l is None:
        return "delete/edit"
    if s is None:
        return "edit/delete"
    return "edit/edit"


class _Rows:
    """The local and server rows of one layer by id, and the changes that make one like the other."""

    def __init__(self, name: str, local, server):
        self.name = name
        self.id_col = LAYERS[name].id_column
        self.local = local.set_index(local[self.id_col], drop=False) if len(local) else local
        self.server = server.set_index(server[self.id_col], drop=False) if len(server) else server
        self.columns = hashed_columns(name, local)
        self.extras = sorted(set(extra_columns(name, local)) | set(extra_columns(name, server)))
        self.local_columns, self.server_columns = set(local.columns), set(server.columns)
        self.spatial = LAYERS[name].is_spatial

    def _record(self, frame, id_) -> dict | None:
        if not len(frame) or id_ not in frame.index:
            return None
        row = frame.loc[id_]
        out = {c: plain(row[c]) for c in self.columns if c in frame.columns}
        out.update({c: plain(row[c]) if c in frame.columns else None for c in self.extras})
        if self.spatial:
            out["geometry"] = row["geometry"]
        return out

    def changes(self, id_, to_server: bool) -> list[tuple]:
        """The change list bringing the target side to the source side's state of ``id_``."""
        source = self._record(self.local if to_server else self.server, id_)
        target = self._record(self.server if to_server else self.local, id_)
        if source is None:
            return [] if target is None else [("delete", self.name, id_)]
        if target is None:
            return [("insert", self.name, self._writable(id_, source, to_server))]
        differing = {c: v for c, v in source.items() if not _same(c, v, target.get(c))}
        return [("update", self.name, id_, self._writable(id_, differing, to_server))] if differing else []

    def _writable(self, id_, values: dict, to_server: bool) -> dict:
        """``values`` without the blank cells of columns the target lacks; a filled one refuses
        the sync (:data:`NO_COLUMN`): it cannot be written and must not be dropped silently."""
        present = self.server_columns if to_server else self.local_columns
        out = {}
        for column, value in values.items():
            if column == "geometry" or column in present:
                out[column] = value
            elif value is not None:
                raise CodedError(NO_COLUMN_ON_SERVER if to_server else NO_COLUMN_IN_FILE,
                                 layer=self.name, column=column, id=id_)
        return out

    def differences(self, id_) -> list[tuple]:
        """(column, local, server) of every column the two sides hold differently (for the user)."""
        local, server = self._record(self.local, id_), self._record(self.server, id_)
        if local is None or server is None:
            return []
        return [(c, _shown(self.name, c, local.get(c)), _shown(self.name, c, server.get(c)))
                for c in local if not _same(c, local.get(c), server.get(c))]


def _same(column: str, a, b) -> bool:
    if column == "geometry":
        return geometry_key(a) == geometry_key(b)
    return a == b


def _shown(layer: str, column: str, value):
    """A value as a conflict listing shows it: personal data masked as in a masked export (the
    listing goes to terminals, logs and scripts), geometry as short WKT."""
    kind = _mask_kind(layer, column)
    if kind is not None and value is not None:
        return MASKERS[kind](value) if kind != "drop" else "*"
    if column == "geometry" and value is not None:
        text = shapely.to_wkt(value, rounding_precision=6)
        return text if len(text) <= 60 else text[:57] + "…"
    return value


def _mask_kind(layer: str, column: str) -> str | None:
    if layer == "members":
        return MEMBER_EXPORT_KINDS.get(column)
    return personal_kind(layer, column)
