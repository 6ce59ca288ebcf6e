"""Opening the app window on a project."""
from __future__ import annotations

import sys

from geo.project import Project
from geo.store import ProjectError


def run_app(path=None, lang=None) -> int:
    from geo.demo_file import ensure_demo

    from .app import create_app
    from .main_window import MainWindow

    app = create_app(sys.argv[:1], lang)
    try:
        project = Project.open(path or ensure_demo())
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    window = MainWindow(project)
    window.show()
    return app.exec()
