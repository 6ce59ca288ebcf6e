"""Does a file's content match its extension? Checked before GDAL sees it.

GDAL picks a driver by content: a ``.geojson`` holding VRT XML would be
opened by the VRT driver and read any file it names. So every format has a
signature test here, and XML that GDAL could treat as VRT is refused outright.
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

from ..messages import Message
from .errors import FileTooLarge, UnreadableFile, WrongContent
from .limits import DEFAULT_LIMITS, Limits

_HEAD = 8192
_VRT_MARKERS = (b"<ogrvrtdatasource", b"<vrtdataset", b"<gdal_wms", b"<wms_capabilities")
_XML_PROLOGUE = re.compile(rb"^(\s*(<\?xml[^>]*\?>|<!--.*?-->))*\s*", re.S)
_SHP_MAGIC = 9994
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def check_regular_file(path, limits: Limits = DEFAULT_LIMITS) -> Path:
    """A plain local file under the size cap; GDAL virtual paths are refused."""
    text = str(path)
    if text.startswith("/vsi") or re.match(r"^[A-Za-z_ ]{2,}:", text):
        raise WrongContent(path, "GDAL virtual paths and driver prefixes are not accepted")
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, Message("import.file_missing"))
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise FileTooLarge(path, f"file is {size:,} bytes, more than the "
                                 f"{limits.max_file_bytes:,} allowed")
    return path


def head(path, n: int = _HEAD) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def refuse_vrt(path, data: bytes) -> None:
    """Refuse anything GDAL could open as a VRT (it can read other files on disk)."""
    lowered = data.lower()
    if any(marker in lowered for marker in _VRT_MARKERS):
        raise WrongContent(path, "file contains GDAL VRT XML, which can read other files; "
                                 "refused")


def check_geojson(path) -> None:
    data = head(path)
    refuse_vrt(path, data)
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{"):
        raise WrongContent(path, "does not look like GeoJSON (should start with '{')")


def check_kml(path) -> None:
    data = head(path)
    refuse_vrt(path, data)
    body = _XML_PROLOGUE.sub(b"", data.removeprefix(b"\xef\xbb\xbf"), count=1)
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise WrongContent(path, "KML with a DOCTYPE/ENTITY declaration is refused")
    if not re.match(rb"<([A-Za-z0-9_]+:)?kml[\s>]", body):
        raise WrongContent(path, "does not look like KML (root element is not <kml>)")


def check_gpkg(path) -> None:
    if not head(path, 16) == _SQLITE_MAGIC:
        raise WrongContent(path, "not a GeoPackage (no SQLite header)")


def check_zip(path) -> None:
    if head(path, 4) not in _ZIP_MAGIC:
        raise WrongContent(path, "not a zip archive")


def check_shapefile(shp) -> None:
    """The .shp header's magic and stated length; .shx and .dbf present and whole."""
    shp = Path(shp)
    data = head(shp, 100)
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != _SHP_MAGIC:
        raise WrongContent(shp, "not a Shapefile (bad .shp header)")
    stated = struct.unpack(">i", data[24:28])[0] * 2
    actual = shp.stat().st_size
    if actual < stated:
        raise UnreadableFile(shp, f"the .shp is truncated ({actual:,} of {stated:,} bytes); "
                                  "copy the file again")
    for suffix in (".shx", ".dbf"):
        if sibling(shp, suffix) is None:
            raise UnreadableFile(shp, f"the {suffix} file that belongs to it is missing")
    _check_dbf(sibling(shp, ".dbf"))


def _check_dbf(dbf: Path) -> None:
    data = head(dbf, 32)
    if len(data) < 32:
        raise UnreadableFile(dbf, "the .dbf is truncated (no header)")
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    needed = header_len + n_records * record_len
    if dbf.stat().st_size < needed:
        raise UnreadableFile(dbf, f"the .dbf is truncated ({dbf.stat().st_size:,} of "
                                  f"{needed:,} bytes)")


def sibling(path: Path, suffix: str) -> Path | None:
    """A Shapefile's sidecar; Windows copies often mix case (A.SHP with a.dbf)."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    return None
