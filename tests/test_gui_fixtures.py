"""The one factory fixture that builds the main window (napari's make_napari_viewer idea).

Other GUI tests import ``app``, ``make_main_window`` and ``main_window`` from
here. Settings are isolated (QStandardPaths test mode, cleared per test),
dialogs are patched by the tests that open them, and every window built is
closed and its project file released at teardown.
"""
import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication


@pytest.fixture
def app(qapp):
    """The application as create_app makes it (CJK font, translator), settings isolated."""
    QStandardPaths.setTestModeEnabled(True)
    from gui.app import create_app, install_translator

    application = create_app()
    QSettings().clear()
    yield application
    install_translator(application, "zh")  # a test that switched language must not leak it
    QSettings().clear()


@pytest.fixture
def make_main_window(app, qtbot):
    from geo.project import Project
    from gui.main_window import MainWindow

    windows = []

    def make(path, show=True):
        window = MainWindow(Project.open(path))
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
            if hasattr(window.canvas, "worker"):  # the real canvas: let its first frame finish
                qtbot.waitSignal(window.canvas.renderFinished, timeout=20_000).wait()
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def main_window(make_main_window, tiny_gpkg):
    return make_main_window(tiny_gpkg)


def test_factory_builds_and_closes_the_window(make_main_window, tiny_gpkg):
    window = make_main_window(tiny_gpkg)
    assert window.project.path == tiny_gpkg
    window.close()
    assert window.project is None  # closing released the project file
