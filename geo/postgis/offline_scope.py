"""What one street's offline copy holds: its places, and the people and lists tied to them.

A street checkout (``main.py checkout … --street S``) is handed to that street's
editors, so it holds only what belongs to the street: its communities, their
grids and compounds, the buildings in those, and every feature whose
``community_id`` or ``grid_id`` is among them (stations, partners, plan
layers). People and lists follow their places:

* an organization belongs where its area is (a community, grid, compound or
  building of the street), with the organizations above it up to the top, so
  that no ``parent_id`` points outside the copy;
* a member by their building or their organization;
* partner links by their partner or their target; needs, cases and resources
  by their target (a point target by its location; a resource also by its
  provider); projects by their need or resource; case steps by their case.

``plans`` (names and states only) are taken whole. ``sync`` compares the same
scope on the server, so a feature that left the street there is not taken
for one deleted.
"""
from __future__ import annotations

import pandas as pd

from ..schema import AREA_LAYERS, LAYERS, PROVIDER_LAYERS


def street_scope(frames: dict, street: str) -> dict:
    """{layer: set of ids} of the features of ``street`` (see the module's notes); layers not
    named are taken whole."""
    communities = frames["communities"]
    c_ids = set(communities.loc[communities["street"] == street, "community_id"].tolist())
    scope = {"communities": c_ids}
    scope["grids"] = _ids(frames, "grids", frames["grids"]["community_id"].isin(c_ids))
    scope["compounds"] = _ids(frames, "compounds", frames["compounds"]["community_id"].isin(c_ids))
    for name, frame in frames.items():
        if name in scope or name not in LAYERS:
            continue
        keep = _by_place_columns(frame, scope)
        if keep is not None:
            scope[name] = _ids(frames, name, keep)
    area = _street_area(communities, c_ids)
    _organizations(frames, scope)
    _add(frames, scope, "members", lambda f: _in(f, "building_id", scope, "buildings")
         | _in(f, "org_id", scope, "organizations"))
    _add(frames, scope, "partner_links", lambda f: _in(f, "partner_id", scope, "partners")
         | _target(f, scope, None))
    for name in ("needs", "cases"):
        _add(frames, scope, name, lambda f: _target(f, scope, area))
    _add(frames, scope, "resources", lambda f: _target(f, scope, area) | _provider(f, scope))
    _add(frames, scope, "projects", lambda f: _in(f, "need_id", scope, "needs")
         | _in(f, "resource_id", scope, "resources"))
    _add(frames, scope, "case_events", lambda f: _in(f, "case_id", scope, "cases"))
    return scope


def _by_place_columns(frame, scope):
    keep = None
    if "community_id" in frame.columns:
        keep = frame["community_id"].isin(scope["communities"])
    if "grid_id" in frame.columns:
        by_grid = frame["grid_id"].isin(scope["grids"])
        keep = by_grid if keep is None else keep | by_grid
    if keep is not None and "compound_id" in frame.columns:
        keep = keep | frame["compound_id"].isin(scope["compounds"])
    return keep


def _organizations(frames, scope) -> None:
    orgs = frames.get("organizations")
    if orgs is None or "org_id" not in orgs.columns:
        return
    keep = pd.Series(False, index=orgs.index)
    for kind, layer in AREA_LAYERS.items():
        keep |= (orgs["area_type"] == kind) & orgs["area_id"].isin(scope.get(layer, ()))
    ids = set(orgs.loc[keep, "org_id"].tolist())
    parents = dict(zip(orgs["org_id"].tolist(), orgs["parent_id"].tolist()))
    for org in list(ids):  # the chain up: no parent_id points outside the copy
        parent = parents.get(org)
        while isinstance(parent, str) and parent and parent not in ids:
            ids.add(parent)
            parent = parents.get(parent)
    scope["organizations"] = ids


def _add(frames, scope, name, rule) -> None:
    frame = frames.get(name)
    if frame is not None and LAYERS[name].id_column in frame.columns:
        scope[name] = _ids(frames, name, rule(frame) if len(frame) else pd.Series(dtype=bool))


def _in(frame, column, scope, layer):
    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].isin(scope.get(layer, ()))


def _target(frame, scope, area):
    keep = pd.Series(False, index=frame.index)
    if "target_type" not in frame.columns:
        return keep
    for kind, layer in AREA_LAYERS.items():
        keep |= (frame["target_type"] == kind) & frame["target_id"].isin(scope.get(layer, ()))
    if area is not None and "geometry" in frame.columns:
        points = frame["target_type"] == "point"
        if points.any():
            keep |= points & frame.geometry.within(area).fillna(False)
    return keep


def _provider(frame, scope):
    keep = pd.Series(False, index=frame.index)
    if "provider_type" not in frame.columns:
        return keep
    for kind, layer in PROVIDER_LAYERS.items():
        keep |= (frame["provider_type"] == kind) & frame["provider_id"].isin(scope.get(layer, ()))
    return keep


def _street_area(communities, c_ids):
    inside = communities[communities["community_id"].isin(c_ids)]
    return inside.geometry.union_all() if len(inside) else None


def _ids(frames, name, keep) -> set:
    frame = frames[name]
    return set(frame.loc[keep.to_numpy(dtype=bool), LAYERS[name].id_column].tolist()) if len(frame) else set()
