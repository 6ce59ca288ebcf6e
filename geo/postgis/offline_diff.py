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

from ..schema import LAYERS
from .offline_base import geometry_key, hashed_columns, plain


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
        self.server_columns = set(server.columns)
        self.spatial = LAYERS[name].is_spatial

    def _record(self, frame, id_) -> dict | None:
        if not len(frame) or id_ not in frame.index:
            return None
        row = frame.loc[id_]
        out = {c: plain(row[c]) for c in self.columns if c in frame.columns}
        if self.spatial:
            out["geometry"] = row["geometry"]
        return out

    def changes(self, id_, to_server: bool) -> list[tuple]:
        """The change list bringing the target side to the source side's state of ``id_``."""
        source = self._record(self.local if to_server else self.server, id_)
        target = self._record(self.server if to_server else self.local, id_)
        if source is None:
            return [] if target is None else [("delete", self.name, id_)]
        if to_server:  # a column the server table lacks cannot be sent
            source = {c: v for c, v in source.items() if c == "geometry" or c in self.server_columns}
        if target is None:
            return [("insert", self.name, source)]
        differing = {c: v for c, v in source.items() if not _same(c, v, target.get(c))}
        return [("update", self.name, id_, differing)] if differing else []

    def differences(self, id_) -> list[tuple]:
        """(column, local, server) of every column the two sides hold differently (for the user)."""
        local, server = self._record(self.local, id_), self._record(self.server, id_)
        if local is None or server is None:
            return []
        return [(c, _shown(c, local.get(c)), _shown(c, server.get(c)))
                for c in local if not _same(c, local.get(c), server.get(c))]


def _same(column: str, a, b) -> bool:
    if column == "geometry":
        return geometry_key(a) == geometry_key(b)
    return a == b


def _shown(column: str, value):
    if column == "geometry" and value is not None:
        text = shapely.to_wkt(value, rounding_precision=6)
        return text if len(text) <= 60 else text[:57] + "…"
    return value
