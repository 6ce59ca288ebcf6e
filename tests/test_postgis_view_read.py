"""A community view read from the server: the whole-layer layers whole, the rest only in the view."""
import shapely

from geo.postgis.view_read import read_server_view
from geo.project import Project


def test_a_community_view_reads_only_its_box(published_demo):
    _path, url = published_demo
    full = Project.open(url)
    try:
        community = full["communities"].index[0]
        view = read_server_view(url, community=community)
        assert view.whole == frozenset({"communities", "grids", "stations"})
        box = shapely.box(*full["communities"].loc[[community]].total_bounds)
        read = view.project["buildings"]
        expected = full["buildings"][full["buildings"].intersects(box)]
        assert set(expected.index) <= set(read.index) < set(full["buildings"].index)
        assert list(read.dtypes) == list(full["buildings"].dtypes)
        assert view.project["grids"].index.tolist() == full["grids"].index.tolist()
        assert view.project.store is None  # nothing can be written through it
    finally:
        full.close()
