"""Writing output files without ever leaving a half-written file in place."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_output(path, suffix: str | None = None):
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    The caller writes (and may check) the temporary file; if anything raises,
    the temporary file is removed and an existing ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=suffix or path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)
