"""The recently opened projects, newest first, kept in QSettings ("project/recent").

The newest entry is the last project, listed first in File → Recent.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "project/recent"
MAX_RECENT = 8


class RecentProjects:
    def paths(self) -> list[str]:
        value = QSettings().value(KEY, [])
        if isinstance(value, str):  # QSettings returns a lone entry as a plain string
            value = [value]
        return [str(p) for p in (value or [])]

    def add(self, path) -> None:
        path = str(Path(path).resolve())
        paths = [path] + [p for p in self.paths() if p != path]
        QSettings().setValue(KEY, paths[:MAX_RECENT])

    def last(self) -> str | None:
        """The newest recent project that still exists."""
        return next((p for p in self.paths() if Path(p).exists()), None)
