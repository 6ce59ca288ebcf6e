"""The output guard: may this command write its file at ``path``? One function for all.

Every writing command (report, export-html, gaps --xlsx, plan export-csv,
render, import --report) and every GUI export dialog asks :func:`check_output`
before it starts. The rules:

- never the project being read (nor its ``-wal``/``-shm``/``-journal``
  files), not even with ``force``: that would destroy the data being exported;
- never a directory, device, FIFO or socket (replacing ``/dev/…`` would
  remove the device node), not even with ``force``;
- an existing file whose content is not the kind the command writes (a
  GeoPackage where an .xlsx should go, a spreadsheet where a PNG should go)
  only with ``force`` (``--force`` on the command line, a confirmation in the
  GUI); an existing file of the same kind, or an empty one, is replaced.

Examples
--------
>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> check_output(os.path.join(folder, "new.xlsx"), "xlsx").name
'new.xlsx'
"""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import Callable, Iterable

from .messages import CodedError, register

register("output.is_project",
         "{path}：这是正在读取的文件（项目或导入的源文件），输出不能覆盖它；请换一个文件名",
         "{path}: this file is being read (the project or the imported file); an output never"
         " overwrites it, choose another file")
register("output.special",
         "{path}：不是普通文件（目录、设备、管道或套接字），不会写入",
         "{path}: not a regular file (a directory, device, pipe or socket); nothing is written to it")
register("output.other_kind",
         "{path}：已存在且不是 {kind} 文件，未覆盖（确需覆盖请加 --force）",
         "{path}: exists and is not a {kind} file; not replaced (use --force to replace it)")

#: Sidecar files SQLite keeps next to a GeoPackage: overwriting them corrupts it too.
SQLITE_SIDECARS = ("", "-wal", "-shm", "-journal")
_HEAD = 4096


class OutputRefused(CodedError):
    """The output path must not be written; ``forceable`` tells whether ``force`` would help."""

    def __init__(self, code: str, forceable: bool = False, **params):
        super().__init__(code, **params)
        self.forceable = forceable


def _zip_has(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _text_head(head: bytes) -> str | None:
    if b"\0" in head:
        return None
    return head.decode("utf-8-sig", errors="replace").lstrip().lower()


def _is_html(path: Path, head: bytes) -> bool:
    text = _text_head(head)
    return text is not None and text.startswith(("<!doctype html", "<html"))


def _is_svg(path: Path, head: bytes) -> bool:
    text = _text_head(head)
    return text is not None and text.startswith(("<?xml", "<svg")) and "<svg" in text


def _is_assignment_csv(path: Path, head: bytes) -> bool:
    text = _text_head(head)
    if text is None:
        try:
            text = head.decode("gb18030").lstrip().lower()
        except UnicodeDecodeError:
            return False
    first = text.splitlines()[0] if text else ""
    return "building_id" in first or "楼栋" in first


#: kind -> (what the user reads, content test on the file and its first bytes).
KINDS: dict[str, tuple[str, Callable[[Path, bytes], bool]]] = {
    "xlsx": ("Excel (.xlsx)", lambda p, h: h.startswith(b"PK\x03\x04") and _zip_has(p, "xl/workbook.xml")),
    "html": ("HTML", _is_html),
    "csv": ("CSV (building_id,grid_id)", _is_assignment_csv),
    "png": ("PNG", lambda p, h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    "pdf": ("PDF", lambda p, h: h.startswith(b"%PDF-")),
    "svg": ("SVG", _is_svg),
}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _protected(protect: Iterable) -> list[Path]:
    return [Path(f"{p}{side}") for p in protect if p for side in SQLITE_SIDECARS]


def check_output(path, kind: str, *, protect: Iterable = (), force: bool = False) -> Path:
    """Check that ``path`` may receive a new ``kind`` file; return it as a Path.

    Parameters
    ----------
    path : str or os.PathLike
        The output the user named.
    kind : str
        What will be written: one of :data:`KINDS` (``xlsx html csv png pdf svg``).
    protect : iterable of path-like
        Files that are being read (the project); never overwritten.
    force : bool
        Replace an existing file of another kind (``--force``).

    Raises
    ------
    OutputRefused
        ``output.is_project``, ``output.special`` or, unless ``force``,
        ``output.other_kind``; the message names the file.
    """
    path = Path(path)
    label, looks_right = KINDS[kind]
    if any(_same_file(path, p) for p in _protected(protect)):
        raise OutputRefused("output.is_project", path=str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path
    except OSError:
        raise OutputRefused("output.special", path=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused("output.special", path=str(path))
    if info.st_size == 0 or force:
        return path
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        head = b""
    if not looks_right(path, head):
        raise OutputRefused("output.other_kind", forceable=True, path=str(path), kind=label)
    return path
