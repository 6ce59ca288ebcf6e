"""Helpers for the plan-isolation tests: a digest of every non-plan table, two touching grids."""
import hashlib

import shapely

from geo.editing.plans import PLAN_LAYERS
from geo.schema import LAYERS
from geo.store import read_layers


def non_plan_digest(path) -> dict:
    """Layer -> sha256 of its rows sorted by id, geometries as WKB (read from the file on disk)."""
    frames = read_layers(path).frames
    return {name: frame_digest(name, frames[name]) for name in sorted(LAYERS) if name not in PLAN_LAYERS}


def frame_digest(name, frame, columns=None) -> str:
    """sha256 of a layer's rows sorted by id (all columns, or ``columns``), geometries as WKB."""
    frame = frame.sort_values(LAYERS[name].id_column).reset_index(drop=True)
    digest = hashlib.sha256()
    columns = sorted(frame.columns if columns is None else columns)
    for row in frame[columns].itertuples(index=False):
        for col, value in zip(columns, row):
            if hasattr(value, "geom_type"):
                value = shapely.to_wkb(value, hex=True)
            elif value is None or value != value:
                value = None
            digest.update(f"{col}={value!r};".encode())
    return digest.hexdigest()


def touching_pair_with_branches(project):
    """(source, target): two grids of one community that share an edge, both with a branch,
    the source holding a building with a party group."""
    from geo.editing.orgs import branch_of
    from geo.editing.topology_guard import touching

    grids, orgs = project["grids"], project["organizations"]
    groups = set(orgs.loc[orgs["level"] == "building_group", "area_id"])
    b = project["buildings"]
    for source in grids.index:
        if branch_of(project, source) is None or not (b.index[b["grid_id"] == source].isin(groups)).any():
            continue
        community = grids.at[source, "community_id"]
        for target in grids.index[grids["community_id"] == community]:
            if target != source and branch_of(project, target) is not None and touching(project, [source, target]):
                return source, target
    raise AssertionError("the demo street has no two touching grids with branches")
