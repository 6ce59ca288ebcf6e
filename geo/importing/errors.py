"""Exceptions raised while importing: each names the file and the problem.

The GUI shows ``str(error)`` as is, so messages are complete sentences that
say which file, what is wrong and, where possible, what to do.
"""
from __future__ import annotations

from pathlib import Path

from ..messages import Message, register

register("import.file_problem", "{file}：{problem}", "{file}: {problem}")
register("import.file_missing", "找不到文件（或不是普通文件）", "file not found (or not a regular file)")
register("import.unknown_encoding", "无法识别的编码 {encoding}（常用：gbk、utf-8）",
         "unknown encoding {encoding} (common ones: gbk, utf-8)")
register("import.not_a_table", "不是表格文件（{suffix}），请用 .csv 或 .xlsx",
         "not a table file ({suffix}); use .csv or .xlsx")
register("import.unknown_crs", "无法识别的坐标系 {crs}，请用 EPSG:xxxx、gcj02 或 bd09",
         "unknown coordinate system {crs}; use EPSG:xxxx, gcj02 or bd09")


class ImportFileError(Exception):
    """A file cannot be imported. ``path`` and ``problem`` are kept apart for the GUI.

    ``problem`` is a :class:`~geo.messages.Message` (kept, so callers can read its code;
    the error's text is worded in the current language when raised) or English text.
    """

    def __init__(self, path, problem):
        self.path = Path(path) if path is not None else None
        self.problem = problem
        name = self.path.name if self.path is not None else "<no file>"
        text = problem.text() if isinstance(problem, Message) else str(problem)
        super().__init__(Message("import.file_problem", file=name, problem=text).text())


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
