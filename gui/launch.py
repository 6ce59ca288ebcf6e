"""Opening the app window on a project.

``python main.py`` opens the demo street (the README's first command promises
exactly that); the last project is one click away, first in File → Recent
(QSettings "project/recent"). ``python main.py open FILE`` opens FILE, and a
FILE that cannot be opened is an error (exit status 2).
"""
from __future__ import annotations

import sys

from geo.messages import CodedError

# Only what is needed to show the window is imported before it shows: the engine
# (geo.project, geo.store and with them pandas/geopandas, ~1-2 s) loads behind it.


def _startup_project(path):
    from geo.cli.terminal import say_notices
    from geo.demo_file import ensure_demo
    from geo.project import Project
    from geo.recovery import recover_interrupted_write

    from geo.store_api import is_server_url

    path = path or ensure_demo()
    if not is_server_url(path):  # a server rolls back a killed client's transaction itself
        say_notices([recover_interrupted_write(path)])  # a write a killed process left half done
    return Project.open(path)


def _startup_file(path):
    """The file to open, a write a killed process left half done rolled back, checked to be
    a GeoPackage (so that a wrong file is an error before any window shows)."""
    from geo import gpkg
    from geo.cli.terminal import say_notices
    from geo.demo_file import ensure_demo
    from geo.recovery import recover_interrupted_write

    path = path or ensure_demo()
    say_notices([recover_interrupted_write(path)])
    try:
        gpkg.connect(path, readonly=True).close()
    except gpkg.NotAGeoPackage as exc:
        raise _StartupRefused(str(exc)) from None
    return path


class _StartupRefused(Exception):
    """The file is not a project (said like geo.store.ProjectError, without importing it)."""


def _refused(exc) -> bool:
    """Whether ``exc`` says why the file cannot be opened (geo.store's ProjectError only
    if writing the demo loaded it)."""
    store = sys.modules.get("geo.store")
    kinds = (_StartupRefused, CodedError, OSError) + ((store.ProjectError,) if store else ())
    return isinstance(exc, kinds)


def _say_error(message) -> None:
    from geo.cli.terminal import terminal_field

    print(f"error: {terminal_field(message)}", file=sys.stderr)


def run_app(path=None, lang=None) -> int:
    """The window shows at once; the project loads behind it (:mod:`gui.opening`)."""
    from .app import create_app
    from .main_window import MainWindow
    from .startup_marks import StartupMarks

    from geo.store_api import is_server_url

    app = create_app(sys.argv[:1], lang)
    if path is None or not is_server_url(path):  # a server project reads its view first too
        try:                                      # (geo.postgis.view_read, through the GiST index)
            path = _startup_file(path)
        except Exception as exc:
            if not _refused(exc):
                raise
            _say_error(exc)
            return 2
    window = MainWindow(defer_features=True)  # the opening adds them once the window is on screen
    marks = StartupMarks.from_environment(window)
    window.show()
    opening = window.open_in_background(path, bbox=marks.bbox if marks else None)
    opening.failed.connect(lambda message: (_say_error(message), app.exit(2)))
    if marks:
        marks.follow(opening)
    return app.exec()
