"""A community view read from the server: every map layer only where it meets the view."""
import shapely

from geo.postgis.view_read import read_server_view
from geo.project import Project


def test_a_community_view_reads_exactly_what_meets_its_box(published_demo):
    _path, url = published_demo
    full = Project.open(url)
    try:
        community = full["communities"].index[0]
        view = read_server_view(url, community=community)
        assert view.whole == frozenset()
        assert view.project.metric_crs == full.metric_crs  # the whole project's, not the view's
        box = shapely.box(*full["communities"].loc[[community]].total_bounds)
        for name in ("communities", "grids", "compounds", "buildings"):
            read = view.project[name]
            expected = full[name][full[name].intersects(box)]
            assert set(expected.index) == set(read.index), name
            assert list(read.dtypes) == list(full[name].dtypes)
        assert len(view.project["buildings"]) < len(full["buildings"])
        assert view.project.store is None  # nothing can be written through it
    finally:
        full.close()
