"""The one atomic writer: every file the program writes goes through :func:`atomic_output`.

Guarantees
----------
- The target is replaced only by a complete, flushed and fsynced file
  (rename, then fsync of the folder); on any exception it is left as it was.
- Nothing half-written, and nothing holding personal data, outlives the
  command, even when it is killed (SIGKILL): on Linux the data is written to
  an *unnamed* file in the target folder (``O_TMPFILE``), which the kernel
  frees if the process dies; it gets a name only when it is complete. Where
  ``O_TMPFILE`` or linking it is not available, the complete file is copied
  into a named temporary file beside the target just before the rename; such
  a file (``.NAME.gridatlas-PID-….tmp``) left behind by a killed process is
  removed by the next write into the same folder.
- A directory, a device, a FIFO or a socket is never replaced (the output
  guard, :mod:`geo.output_guard`, refuses them earlier with a clear message).

Examples
--------
>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "a.txt"
>>> with atomic_output(target) as tmp:
...     _ = Path(tmp).write_text("hello")
>>> target.read_text()
'hello'
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from pathlib import Path

from .output_guard import OutputRefused

#: Marker in the names of named temporary files (the fallback path).
TMP_MARK = ".gridatlas-"
_TMP_NAME = re.compile(r"^\..*\.gridatlas-(?P<pid>\d+)-[0-9a-f]{8}(\.[^.]*)?$")


class _Unnamed:
    """An O_TMPFILE file in ``folder``: writers use ``path`` (/proc/self/fd/N)."""

    def __init__(self, folder: Path):
        self.fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o666)
        self.path = Path(f"/proc/self/fd/{self.fd}")

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _open_unnamed(folder: Path) -> _Unnamed | None:
    """An unnamed file in ``folder``, or None where the system cannot make one."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return _Unnamed(folder)
    except OSError:  # file system without O_TMPFILE support (e.g. some network mounts)
        return None


def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_temporaries(folder) -> list[Path]:
    """Remove named temporaries of our writer in ``folder`` whose process is gone.

    Returns the files removed. Files of a live process are never touched.
    """
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _TMP_NAME.match(entry.name)
            if match and entry.is_file(follow_symlinks=False) \
                    and not _pid_alive(int(match.group("pid"))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _refuse_special(path: Path) -> None:
    """Never replace anything but a regular file (a device node, a FIFO, a folder)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OutputRefused("output.special", path=str(path))


def _umask() -> int:
    # Reading it from /proc avoids os.umask(0), which would briefly change it for other threads.
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _mode_for(path: Path) -> int:
    """The replaced file's permissions (a report the user made private stays private),
    else what a plain ``open()`` would give."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can open a folder (Windows)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish_unnamed(unnamed: _Unnamed, path: Path) -> None:
    """Give the complete unnamed file its name: link under a temp name, rename over ``path``."""
    os.fsync(unnamed.fd)
    os.fchmod(unnamed.fd, _mode_for(path))
    tmp = _tmp_name(path)
    try:
        os.link(unnamed.path, tmp, follow_symlinks=True)
    except OSError:
        # Linking an O_TMPFILE is refused on some mounts: copy the finished bytes instead.
        _copy_fd_to(unnamed.fd, tmp, _mode_for(path))
    _rename_into_place(tmp, path)


def _copy_fd_to(fd: int, tmp: Path, mode: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        with os.fdopen(os.dup(fd), "rb") as src, open(tmp, "xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _rename_into_place(tmp: Path, path: Path) -> None:
    try:
        _refuse_special(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)


def _publish_named(tmp: Path, path: Path) -> None:
    with open(tmp, "rb+") as fh:
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, _mode_for(path))
    _rename_into_place(tmp, path)


@contextlib.contextmanager
def atomic_output(path, suffix: str | None = None):
    """Yield a path to write the new content to; on success it replaces ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The file to (re)place. Its folder is created when missing.
    suffix : str, optional
        Ignored on Linux (the temporary file is unnamed); elsewhere the
        suffix of the named temporary file (default: that of ``path``).

    Yields
    ------
    pathlib.Path
        Where the caller writes (open it for writing, truncating). On Linux
        it is ``/proc/self/fd/N`` of an unnamed file in the target folder.

    Raises
    ------
    geo.output_guard.OutputRefused
        ``output.special`` when ``path`` is a folder, device, FIFO or socket.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_special(path)
    sweep_stale_temporaries(path.parent)
    unnamed = _open_unnamed(path.parent)
    if unnamed is not None:
        try:
            yield unnamed.path
            _publish_unnamed(unnamed, path)
        finally:
            unnamed.close()
        return
    tmp = _tmp_name(path).with_suffix(suffix or path.suffix or ".tmp")
    tmp.touch(mode=0o600, exist_ok=False)
    try:
        yield tmp
        _publish_named(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_output`; returns the path."""
    with atomic_output(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
    return Path(path)


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through :func:`atomic_output`; returns the path."""
    return atomic_write_bytes(path, text.encode(encoding))
