"""The main-window factory fixture (in conftest.py) builds and releases windows."""


def test_factory_builds_and_closes_the_window(make_main_window, tiny_gpkg):
    window = make_main_window(tiny_gpkg)
    assert window.project.path == tiny_gpkg
    window.close()
    assert window.project is None  # closing released the project file
