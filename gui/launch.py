"""Opening the app window on a project.

``python main.py`` opens the demo street (the README's first command promises
exactly that); the last project is one click away, first in File → Recent
(QSettings "project/recent"). ``python main.py open FILE`` opens FILE, and a
FILE that cannot be opened is an error (exit status 2).
"""
from __future__ import annotations

import sys

from geo.messages import CodedError
from geo.project import Project
from geo.store import ProjectError


def _startup_project(path):
    from geo.cli.common import say_notices
    from geo.demo_file import ensure_demo
    from geo.recovery import recover_interrupted_write

    path = path or ensure_demo()
    say_notices([recover_interrupted_write(path)])  # a write a killed process left half done
    return Project.open(path)


def run_app(path=None, lang=None) -> int:
    from .app import create_app
    from .main_window import MainWindow

    app = create_app(sys.argv[:1], lang)
    try:
        project = _startup_project(path)
    except (ProjectError, CodedError) as exc:
        from geo.cli.terminal import terminal_field

        print(f"error: {terminal_field(exc)}", file=sys.stderr)
        return 2
    window = MainWindow(project)
    window.show()
    return app.exec()
