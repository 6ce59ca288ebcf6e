import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the projection cache (geo.projection_cache) of the tests' own, never the user's
os.environ["GRIDATLAS_CACHE_DIR"] = _TEST_CACHE = tempfile.mkdtemp(prefix="gridatlas-test-cache-")
# and settings of their own for every main.py they start: a user's saved interface language
# (ui/language = en) turned the layouts the command line exports English
os.environ["XDG_CONFIG_HOME"] = _TEST_CONFIG = tempfile.mkdtemp(prefix="gridatlas-test-config-")


@atexit.register
def _remove_test_cache():
    cache = sys.modules.get("geo.projection_cache")
    if cache is not None:
        cache.flush(10)  # a write still going would make the folder again
    shutil.rmtree(_TEST_CACHE, True)
    shutil.rmtree(_TEST_CONFIG, True)


import pytest

from tests.pg_server import offline, pg_cluster, pg_schema, pg_url, published_demo  # noqa: E402,F401  (the PostGIS fixtures)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"


@pytest.fixture
def english_messages():
    """The engine's messages (geo.messages) in English, for tests that read its English wording."""
    from geo.messages import set_language

    set_language("en")
    yield
    set_language("zh")


@pytest.fixture
def output_dir(request):
    """A folder under test-output/ for pictures and files a test wants kept for a look."""
    path = OUTPUT / request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def tiny_gpkg(tmp_path):
    from tests.factories import write_tiny

    return write_tiny(tmp_path / "tiny.gpkg")


@pytest.fixture
def lists_gpkg(tiny_gpkg, tmp_path):
    """A closed copy of the tiny project with hand-made lists (tests/lists_factories.py)."""
    from tests.lists_factories import lists_project

    project = lists_project(tiny_gpkg, tmp_path)
    path = project.path
    project.close()
    return path


@pytest.fixture(scope="session")
def demo_gpkg(tmp_path_factory):
    """The demo street written once per test session."""
    from geo.demo import generate
    from geo.store import write_project

    path = tmp_path_factory.mktemp("demo") / "demo.gpkg"
    frames, rules = generate(scale="street", seed=1)
    return write_project(path, frames, rules)


@pytest.fixture
def demo_coverage(demo_gpkg):
    """(project, coverage figures) of the demo street, the figures not following edits (charts)."""
    from geo.coverage.model import CoverageModel
    from geo.project import Project

    project = Project.open(demo_gpkg)
    yield project, CoverageModel(project, live=False)
    project.close()


@pytest.fixture
def demo_copy(demo_gpkg, tmp_path):
    """A private copy of the demo street (SQLite's backup: safe with WAL)."""
    import sqlite3

    from geo.gpkg import backup

    dst = tmp_path / "street.gpkg"
    src = sqlite3.connect(demo_gpkg)
    try:
        backup(src, dst)
    finally:
        src.close()
    return dst


@pytest.fixture(scope="session")
def district_gpkg(tmp_path_factory):
    """The district demo (~5,000 grids, ~45,000 buildings) written once per test session
    by the ``demo`` command; tests that edit it work on a copy."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("district") / "district.gpkg"
    result = subprocess.run([sys.executable, "main.py", "demo", str(path), "--scale", "district"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return path


# ---------------------------------------------------------------- GUI (Qt imported lazily)

@pytest.fixture
def app(qapp, tmp_path_factory):
    """The application as create_app makes it (CJK font, translator), settings isolated.

    Settings go to an INI file in this session's own temporary folder: Qt's test
    mode alone shares one file between test runs that happen at the same time.
    """
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.getbasetemp() / "qt-settings"))
    from gui.app import create_app, install_translator

    application = create_app()
    from geo.collector import stop_freezing

    stop_freezing()  # Hypothesis asks gc.get_referrers, blind to frozen objects (see geo.collector)
    QSettings().clear()
    yield application
    install_translator(application, "zh")  # a test that switched language must not leak it
    QSettings().clear()


@pytest.fixture
def make_main_window(app, qtbot):
    """The one factory that builds main windows (napari's make_napari_viewer idea);
    every window built is closed and its project file released at teardown."""
    from PySide6.QtWidgets import QApplication

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
