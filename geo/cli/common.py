"""Helpers shared by commands."""
from __future__ import annotations

from ..project import Project
from ..store import ProjectError


def open_or_fail(path):
    """(project, None) or (None, error message) — commands turn the message into exit 2."""
    try:
        return Project.open(path), None
    except ProjectError as exc:
        return None, str(exc)
