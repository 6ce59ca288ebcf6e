"""The renderer draws real maps: colours, symbols and labels are in the picture."""
import numpy as np
import pytest

pytest.importorskip("PySide6")

from geo.colouring import TOL_LIGHT  # noqa: E402
from geo.project import Project  # noqa: E402


@pytest.fixture
def app():
    from gui.app import create_app

    return create_app(["test"])


def pixels(image):
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    array = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return array[:, :image.width(), :3][..., ::-1].astype(int)  # BGRA → RGB


def has_colour(rgb, hex_colour, tolerance=12, at_least=20):
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).max(axis=2) <= tolerance).sum()) >= at_least


def render(path, size=(900, 500), styles=None, selection=None, bbox=None):
    from gui.app import cjk_family
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    project = Project.open(path)
    scene = MapScene(project)
    view = MapView.fit(bbox or scene.bounds(), *size)
    styles = styles or LayerStack.default().snapshot()
    return MapRenderer(scene, cjk_family()).render(view, styles, selection), scene


def test_tiny_project_renders_grid_colours_station_and_labels(app, tiny_gpkg, output_dir):
    image, scene = render(tiny_gpkg)
    image.save(str(output_dir / "tiny.png"))
    rgb = pixels(image)
    assert rgb.std() > 10  # not blank
    colours = scene.grid_colours()
    assert colours["G1"] != colours["G2"]  # neighbours differ
    for grid in ("G1", "G2"):  # buildings are filled with their grid's colour
        assert has_colour(rgb, TOL_LIGHT[colours[grid]])
    assert has_colour(rgb, "#C8102E")  # the station symbol
    assert has_colour(rgb, "#1B2433", tolerance=30, at_least=30)  # grid label text
    assert has_colour(rgb, "#4B2A7B", tolerance=30, at_least=30)  # community label


def test_labels_do_not_overlap_and_hidden_layers_vanish(app, tiny_gpkg):
    from gui.map.layer_style import LayerStack

    stack = LayerStack.default()
    for name in stack.names():
        stack.set_visible(name, name == "grids")
    image, _ = render(tiny_gpkg, styles=stack.snapshot())
    rgb = pixels(image)
    assert not has_colour(rgb, "#C8102E")  # stations are off
    stack.set_labels("grids", False)
    quiet, _ = render(tiny_gpkg, styles=stack.snapshot())
    dark = [int((pixels(i).max(axis=2) < 80).sum()) for i in (image, quiet)]
    assert dark[0] > dark[1] + 50  # the label text is gone, the outlines stay


def test_selection_is_highlighted(app, tiny_gpkg):
    image, _ = render(tiny_gpkg, selection={"buildings": ("B3",)})
    assert has_colour(pixels(image), "#FF6F00", tolerance=20)


def test_graduated_style_uses_the_ramp(app, tiny_gpkg):
    from gui.map.layer_style import LayerStack

    stack = LayerStack.default()
    stack.set_graduated("buildings", "households", [60, 40, 30], classes=3)
    image, _ = render(tiny_gpkg, styles=stack.snapshot())
    rgb = pixels(image)
    assert sum(has_colour(rgb, c) for c in stack["buildings"].graduated.colours) >= 2


def test_demo_street_renders_like_a_map(app, demo_gpkg, output_dir):
    image, scene = render(demo_gpkg, size=(1600, 1000))
    image.save(str(output_dir / "demo_street.png"))
    rgb = pixels(image)
    present = [c for c in TOL_LIGHT if has_colour(rgb, c, at_least=200)]
    assert len(present) >= 5
    assert has_colour(rgb, "#C8102E", at_least=50)


def test_big_layer_is_drawn_as_dots_when_sub_pixel(app, tmp_path):
    """20,000 buildings at a scale where each is below a pixel: still visible."""
    import shapely

    from gui.map.layer_style import LayerStyle
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    class FakeProject:  # the scene needs only frames, crs and the metric CRS
        metric_crs = crs = "EPSG:4548"

        def __init__(self, frames):
            self.frames = frames

        def __getitem__(self, name):
            return self.frames[name]

    import geopandas as gpd

    xs, ys = np.meshgrid(np.arange(200) * 20.0, np.arange(100) * 20.0)
    geoms = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 8, ys.ravel() + 8)
    frame = gpd.GeoDataFrame({"name": ["b"] * len(geoms)}, geometry=geoms, crs="EPSG:4548")
    frame.index = [f"B{i}" for i in range(len(geoms))]
    scene = MapScene(FakeProject({"buildings": frame}))
    style = LayerStyle("buildings", "楼栋", colour="#0077BB")
    image = MapRenderer(scene).render(MapView(2000, 1000, 40.0, 400, 300), [style])
    assert has_colour(pixels(image), "#0077BB", tolerance=2, at_least=1000)


def test_path_caches_are_reused_across_views_and_dropped_by_an_edit(app, demo_gpkg, monkeypatch):
    """Pan and zoom reuse the chunk paths built in metres; an edit rebuilds them."""
    import gui.map.renderer as renderer_module
    from gui.map.layer_style import LayerStack
    from gui.map.renderer import MapRenderer
    from gui.map.scene import MapScene
    from gui.map.view import MapView

    built = []
    real = renderer_module.polygons_path
    monkeypatch.setattr(renderer_module, "polygons_path", lambda *a: built.append(1) or real(*a))
    scene = MapScene(Project.open(demo_gpkg))
    renderer = MapRenderer(scene)
    styles = LayerStack.default().snapshot()
    first = MapView.fit(scene.bounds(), 900, 500)
    renderer.render(first, styles)
    cached = dict(renderer.paths._paths)
    assert built and cached
    built.clear()

    panned = first.pan_pixels(120, -40)  # a different view at the same scale
    assert panned.bbox != first.bbox
    image = renderer.render(panned, styles)
    assert len(built) < len(cached) / 2  # at most the chunks that came into view are new
    reused = [k for k in cached if renderer.paths._paths.get(k) is cached[k]]
    assert len(reused) == len(cached)  # nothing dropped, the same path objects drawn again
    assert pixels(image).std() > 10

    built.clear()
    scene.invalidate("grids")  # an edit of grid geometry (every grid, as no ids are named)
    renderer.render(panned, styles)
    assert built  # paths built again from the edited scene
    grid_paths = {k: v for k, v in cached.items() if k[0] == "grids"}
    assert grid_paths and not any(renderer.paths._paths.get(k) is v for k, v in grid_paths.items())


def test_label_points_are_found_only_for_what_a_frame_may_label(app, demo_gpkg):
    import shapely
    import shapely.affinity

    project = Project.open(demo_gpkg)
    from gui.map.scene import MapScene

    bounds = MapScene(project).bounds()
    corner = (bounds[0], bounds[1], (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    _, scene = render(demo_gpkg, bbox=corner)
    cache = scene.cache("compounds")
    found = int(cache._label_found.sum())
    assert 0 < found < len(cache)  # a quarter of the street, and compounds too small left unlabelled
    # each point, found for a frame or asked for later, is the feature's point on its surface
    expected = shapely.get_coordinates(shapely.point_on_surface(cache.geoms))
    assert np.allclose(cache.label_xy, expected)
    patched = cache.patched([0], [shapely.affinity.translate(cache.geoms[0], 100, 0)])
    assert np.allclose(patched.label_xy[0], expected[0] + (100, 0)) and np.allclose(patched.label_xy[1:], expected[1:])
