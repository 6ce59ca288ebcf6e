"""Shared assertions for the editing tests: the tiling invariant after every edit."""
import shutil

import pytest

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
