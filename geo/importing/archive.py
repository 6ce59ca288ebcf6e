"""Zip archives (zipped Shapefiles, and the zip inside every .xlsx) checked before use.

A zip's directory states each member's size, but a crafted archive can lie,
so we check the stated sizes first (cheap refusal of obvious bombs and of
names like ``../../x``) and count the real bytes while extracting.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from ..messages import Message, register
from .errors import FileTooLarge, UnreadableFile, UnsafeArchive
from .limits import DEFAULT_LIMITS, Limits

_CHUNK = 1024 * 1024

NAME_CLASH = register(
    "archive.name_clash", "压缩包中 {name!r} 既是文件又是文件夹（{other!r}），无法解压；请重新打包",
    "the archive holds {name!r} both as a file and as a folder ({other!r}); it cannot be"
    " unpacked: pack it again")


def inspect_zip(path, limits: Limits = DEFAULT_LIMITS) -> list[zipfile.ZipInfo]:
    """Check a zip's directory and return its file members.

    Raises
    ------
    UnsafeArchive
        Too many members, an absolute or ``..`` path, a suspicious
        compression ratio, or a stated total over the cap.
    UnreadableFile
        Not a zip, or a corrupt directory.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableFile(path, f"not a readable zip archive ({exc})") from None
    if len(infos) > limits.max_archive_members:
        raise UnsafeArchive(path, f"archive has {len(infos)} members, more than the "
                                  f"{limits.max_archive_members} allowed")
    total = 0
    for info in infos:
        _check_member(path, info, limits)
        total += info.file_size
    if total > limits.max_unpacked_bytes:
        raise UnsafeArchive(path, f"archive would unpack to {total:,} bytes, more than "
                                  f"the {limits.max_unpacked_bytes:,} allowed")
    _check_no_name_clash(path, infos)
    return [i for i in infos if not i.is_dir()]


def _check_no_name_clash(path, infos) -> None:
    """``a`` and ``a/b.geojson`` in one archive: the file and the folder cannot both exist
    (also ``A`` and ``a/…`` where the file system folds case, so compare casefolded)."""
    files = {}
    for info in infos:
        name = info.filename.replace("\\", "/").rstrip("/")
        if not info.is_dir():
            files.setdefault(name.casefold(), name)
    for info in infos:
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        folders = parts if info.is_dir() else parts[:-1]
        for depth in range(1, len(folders) + 1):
            folder = "/".join(parts[:depth]).casefold()
            if folder in files:
                raise UnsafeArchive(path, Message(NAME_CLASH, name=files[folder],
                                                  other=info.filename))


def _check_member(path, info: zipfile.ZipInfo, limits: Limits) -> None:
    name = PurePosixPath(info.filename.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or ":" in info.filename:
        raise UnsafeArchive(path, f"member {info.filename!r} would unpack outside its folder")
    if info.flag_bits & 0x1:
        raise UnsafeArchive(path, f"member {info.filename!r} is encrypted")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _CHUNK and ratio > limits.max_compression_ratio:
        raise UnsafeArchive(path, f"member {info.filename!r} expands {ratio:,.0f}-fold "
                                  "(looks like a zip bomb)")


def extract_zip(path, dest, limits: Limits = DEFAULT_LIMITS, suffixes=None,
                members=None) -> list[Path]:
    """Extract a checked zip into ``dest``, counting real bytes, and return the files.

    Members are written under their checked names inside ``dest`` only;
    extraction stops as soon as the real output passes the cap.

    Parameters
    ----------
    suffixes : collection of str, optional
        Extract only members with these (lower-case) suffixes; an archive of
        photos around one Shapefile then costs the Shapefile, not the photos.
    members : collection of str, optional
        Extract only these member names (as the archive spells them).
    """
    dest = Path(dest)
    written, out = 0, []
    with zipfile.ZipFile(path) as zf:
        for info in inspect_zip(path, limits):
            if suffixes is not None and PurePosixPath(info.filename).suffix.lower() not in suffixes:
                continue
            if members is not None and info.filename not in members:
                continue
            target = dest / PurePosixPath(info.filename.replace("\\", "/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            written = _copy_member(path, zf, info, target, written, limits)
            out.append(target)
    return out


def _copy_member(path, zf, info, target: Path, written: int, limits: Limits) -> int:
    try:
        with zf.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > limits.max_unpacked_bytes:
                    raise FileTooLarge(path, "archive unpacks to more than "
                                             f"{limits.max_unpacked_bytes:,} bytes")
                dst.write(chunk)
    except FileExistsError:  # two members whose names differ only in case, or a name repeated
        raise UnsafeArchive(path, Message(NAME_CLASH, name=info.filename,
                                          other=target.name)) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableFile(path, f"member {info.filename!r} is damaged ({exc})") from None
    return written


def remove_tree(path) -> None:
    """Delete a temporary extraction folder, ignoring what is already gone."""
    shutil.rmtree(path, ignore_errors=True)
