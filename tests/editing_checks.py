"""Shared assertions for the editing tests: the tiling invariant after every edit."""
import shutil

import pytest
import shapely

from geo.project import Project
from geo.topology import topology_problems

#: Kinds that break "grids tile their community and hold their buildings".
TILING_KINDS = {"grid_overlap", "grid_gap", "grid_outside_community", "building_outside_grid"}


def assert_tiled(project):
    bad = [p for p in topology_problems(project) if p.kind in TILING_KINDS]
    assert bad == [], bad[:5]


def open_copy(src, tmp_path, name="p.gpkg"):
    dst = tmp_path / name
    shutil.copy(src, dst)
    return Project.open(dst)


@pytest.fixture
def demo(demo_gpkg, tmp_path):
    """A copy of the demo street, opened for editing and closed afterwards."""
    project = open_copy(demo_gpkg, tmp_path)
    yield project
    project.close()


def grid_of(project, building):
    return project["buildings"].at[building, "grid_id"]


def border_buildings(project):
    """(grid, a touching grid of the same community, the grid's buildings, their distances to
    that grid) for each grid with more than three buildings and such a neighbour."""
    grids, b = project["grids"], project["buildings"]
    geoms = grids.geometry.values.to_numpy()
    tree = shapely.STRtree(geoms)
    out = []
    for i, g in enumerate(grids.index):
        mine = b.index[b["grid_id"] == g]
        near = [k for k in tree.query(geoms[i], predicate="touches")
                if grids["community_id"].iloc[k] == grids["community_id"].iloc[i]]
        if len(mine) > 3 and near:
            d = shapely.distance(b.loc[mine].geometry.values.to_numpy(), geoms[near[0]])
            out.append((g, grids.index[near[0]], mine, d))
    return out
