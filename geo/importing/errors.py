"""Exceptions raised while importing: each names the file and the problem.

The GUI shows ``str(error)`` as is, so messages are complete sentences that
say which file, what is wrong and, where possible, what to do.
"""
from __future__ import annotations

from pathlib import Path


class ImportFileError(Exception):
    """A file cannot be imported. ``path`` and ``problem`` are kept apart for the GUI."""

    def __init__(self, path, problem: str):
        self.path = Path(path) if path is not None else None
        self.problem = problem
        name = self.path.name if self.path is not None else "<no file>"
        super().__init__(f"{name}: {problem}")


class FileTooLarge(ImportFileError):
    """The file, an archive member or the unpacked archive is over the size cap."""


class TooManyFeatures(ImportFileError):
    """More features or rows than the cap allows."""


class UnsafeArchive(ImportFileError):
    """A zip (or xlsx) archive that could unpack outside its folder or explode in size."""


class WrongContent(ImportFileError):
    """The bytes do not look like the format the extension promises (e.g. VRT as .geojson)."""


class UnsupportedFormat(ImportFileError):
    """An extension we do not import."""


class UnreadableFile(ImportFileError):
    """The reader failed (truncated, corrupt, missing sidecar files)."""


class BadCrs(ImportFileError):
    """No usable coordinate system, or coordinates that cannot be in the one given."""
