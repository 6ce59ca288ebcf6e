"""Reassigning buildings (and whole compounds) to grids: the central editing command.

One :class:`ReassignBuildings` is one undo step and one transaction: the
buildings' ``grid_id``, the re-derived polygons of the grids involved
(:mod:`geo.editing.boundaries`) and the re-parented building party groups
(:mod:`geo.editing.orgs`) are written together, and ``project.changed``
announces ``buildings`` (column ``grid_id``), ``grids`` (``geometry``) and
``organizations`` — what the renderer, the balance and coverage listen to.

Examples
--------
>>> command = ReassignBuildings({"B2": "G2"})   # doctest: +SKIP
>>> command.do(project); command.undo(project)   # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from . import orgs
from ..lookup import positions, rows_of
from .boundaries import derive_boundaries
from ..commands import ChangeSet
from ..messages import CodedError, Message, register

register("edit.unknown_buildings", "没有这些楼栋：{ids}", "Unknown buildings: {ids}")
register("edit.unknown_grids", "没有这些网格：{ids}", "Unknown grids: {ids}")
register("edit.unknown_grid", "没有网格 {grid}", "There is no grid {grid}")
register("edit.other_community", "楼栋 {ids} 属于社区 {have}，不能划入社区 {want} 的网格 {grid}",
         "Buildings {ids} are in community {have}, not in community {want} of grid {grid}")
register("edit.compound_empty", "小区 {compound} 没有楼栋", "Compound {compound} has no buildings")


def id_list(values) -> str:
    """At most ten ids, comma separated (a refusal names examples, not a list of thousands)."""
    return ", ".join(map(str, list(values)[:10]))


class EditRefused(CodedError):
    """An edit that would break the model (unknown id, wrong community, locked grid).

    Raised with a message code (:mod:`geo.messages`) so the UI words it in the user's language.
    """


def _blank(value) -> bool:
    return value is None or value != value or value == ""


def lookup(series: pd.Series, keys) -> np.ndarray:
    """``series[key]`` for each key (None where the key is blank or unknown), as an object array.

    Positional, for a handful of keys: ``Series.map`` and label ``.loc`` on a large
    layer cost milliseconds per edit.
    """
    pos = positions(series.index, keys, missing=True)
    out = rows_of(series, pos) if len(series) else np.full(len(pos), None, dtype=object)
    out[pos < 0] = None
    return out


def building_communities(project, building_ids) -> pd.Series:
    """The community of each building: its compound's, else its grid's, else by location."""
    ids = list(building_ids)
    return pd.Series(_communities_of(project, ids), index=pd.Index(ids, dtype=object), dtype=object)


def _communities_of(project, ids: list) -> np.ndarray:
    """:func:`building_communities` as an object array in the order of ``ids``."""
    b = project["buildings"]
    pos = positions(b.index, ids, missing=True)
    if (pos < 0).any():  # as .loc did: position -1 would silently read the last building
        raise KeyError(f"{[i for i, k in zip(ids, pos) if k < 0]} not in index")
    comp = lookup(project["compounds"]["community_id"], b["compound_id"].to_numpy()[pos])
    grid = lookup(project["grids"]["community_id"], b["grid_id"].to_numpy()[pos])
    out = np.where(pd.isna(comp), grid, comp)
    missing = np.flatnonzero(pd.isna(out))
    if len(missing):
        comms = project["communities"]
        points = shapely.point_on_surface(b.geometry.values[pos[missing]].to_numpy())
        for k, point in zip(missing, points):
            hit = comms.index[comms.geometry.contains(point)]
            out[k] = hit[0] if len(hit) else None
    return out


def check_moves(project, moves: dict) -> None:
    """Raise :class:`EditRefused` for unknown buildings/grids or a move across communities."""
    b, grids = project["buildings"], project["grids"]
    unknown = [i for i in moves if i not in b.index]
    if unknown:
        raise EditRefused("edit.unknown_buildings", ids=id_list(unknown))
    bad = sorted({g for g in moves.values() if not _blank(g) and g not in grids.index})
    if bad:
        raise EditRefused("edit.unknown_grids", ids=id_list(bad))
    assigned = {i: g for i, g in moves.items() if not _blank(g)}
    if not assigned:
        return
    # positional arrays, not Series read label by label (~0.5 ms a click)
    ids = list(assigned)
    have = _communities_of(project, ids)
    want = lookup(grids["community_id"], assigned.values())
    wrong = [k for k in range(len(ids)) if not _blank(have[k]) and have[k] != want[k]]
    if wrong:
        first = wrong[0]
        raise EditRefused("edit.other_community", ids=id_list(ids[k] for k in wrong), have=have[first],
                          want=want[first], grid=assigned[ids[first]])


def reassign_changes(project, moves: dict, *, derive: bool = True, balance=None,
                     new_branches=None, force: bool = False) -> list[tuple]:
    """Change list for ``moves`` (building -> grid id, None unassigns); checks first.

    Unless ``force``, the re-derived grids pass the topology guard
    (:func:`geo.editing.topology_guard.guard`).
    """
    check_moves(project, moves)
    b = project["buildings"]
    # each moved building's grid by position: a Series read by label costs ~10 µs a look-up
    current = dict(zip(moves, rows_of(b["grid_id"], positions(b.index, moves))))
    moves = {i: (None if _blank(g) else g) for i, g in moves.items()
             if (None if _blank(current[i]) else current[i]) != (None if _blank(g) else g)}
    changes = [("update", "buildings", i, {"grid_id": g}) for i, g in moves.items()]
    if derive and moves:
        affected = {current[i] for i in moves} | set(moves.values())
        affected = [g for g in affected if not _blank(g)]
        retiled = set()
        parts = derive_boundaries(project, affected, moves, balance=balance, retiled=retiled)
        if not force:
            from .topology_guard import guard  # noqa: PLC0415 (the guard imports EditRefused from here)
            guard(project, parts, moves, balance=balance, retiled=retiled)
        changes += [("update", "grids", g, {"geometry": geom}) for g, geom in parts.items()]
    changes += orgs.regroup_buildings(project, moves, new_branches, balance)
    return changes


class ReassignBuildings(ChangeSet):
    """Move buildings to grids in one undo step.

    Parameters
    ----------
    moves : dict
        building_id -> grid_id (None to leave the building unassigned).
    derive : bool
        Re-draw the polygons of the grids involved (default). Off for callers
        that re-derive once at the end (an import of thousands of rows).
    balance : GridBalance, optional
        Speeds up boundary derivation on large projects.
    force : bool
        Write even when the topology guard objects (the user confirmed).
    """

    def __init__(self, moves: dict, *, derive: bool = True, balance=None, text: str | None = None,
                 force: bool = False):
        super().__init__(text or Message("command.move_buildings", n=len(moves)))
        self.moves, self.derive, self.balance, self.force = dict(moves), derive, balance, force

    def changes(self, project):
        return reassign_changes(project, self.moves, derive=self.derive, balance=self.balance,
                                force=self.force)


def reassign_compound(project, compound_id, grid_id, **kwargs) -> ReassignBuildings:
    """A command moving every building of a compound to ``grid_id`` ("一小区一党支部")."""
    b = project["buildings"]
    ids = b.index[b["compound_id"] == compound_id]
    if not len(ids):
        raise EditRefused("edit.compound_empty", compound=compound_id)
    return ReassignBuildings(dict.fromkeys(ids, grid_id),
                             text=Message("command.move_compound", compound=compound_id, grid=grid_id),
                             **kwargs)
