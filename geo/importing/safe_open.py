"""Open a vector file with its intended GDAL driver only, after every cheap check.

Order of defences for each file: a plain local path under the size cap →
content signature for the extension (VRT XML refused) → zip directory checks
before extraction → GDAL opened with a driver prefix where GDAL supports one
→ the driver GDAL actually used compared with the intended one → feature
count cap → read (KML: plus its ExtendedData, which GDAL's KML driver drops,
via :mod:`.kml_extended`). Errors are :mod:`.errors` exceptions naming the file.

Examples
--------
>>> sorted(VECTOR_FORMATS)[:3]
['.geojson', '.gpkg', '.json']
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import archive, sniff
from .encoding import EncodingChoice, detect_shapefile_encoding
from .errors import ImportFileError, TooManyFeatures, UnreadableFile, UnsupportedFormat
from .kml_extended import add_extended_columns
from .limits import DEFAULT_LIMITS, Limits
from ..messages import Message, register

register("import.warn.bad_prj", "{file}：无法识别 .prj，已忽略；请手动选择坐标系",
         "{file}: the .prj could not be understood and was ignored; choose the coordinate system by hand")

from ..gdal_env import skip_vrt

# Best effort: GDAL reads GDAL_SKIP when pyogrio is first imported (main.py sets
# it first); the content checks below never rely on it.
skip_vrt()

import pyogrio  # noqa: E402  (must come after GDAL_SKIP)
import pyogrio.errors  # noqa: E402


@dataclass(frozen=True)
class VectorFormat:
    driver: str
    check: object  # callable(path) raising on wrong content
    #: GDAL accepts "DRIVER:path" for these, which pins the driver.
    prefix: bool = False


VECTOR_FORMATS = {
    ".shp": VectorFormat("ESRI Shapefile", sniff.check_shapefile),
    ".geojson": VectorFormat("GeoJSON", sniff.check_geojson, prefix=True),
    ".json": VectorFormat("GeoJSON", sniff.check_geojson, prefix=True),
    ".kml": VectorFormat("KML", sniff.check_kml),
    ".gpkg": VectorFormat("GPKG", sniff.check_gpkg, prefix=True),
}
TABLE_SUFFIXES = (".csv", ".xlsx")
#: Files a Shapefile needs or uses beside its .shp (a zip's other members are not unpacked).
SHAPEFILE_SIDECARS = frozenset({".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml"})


@dataclass
class OpenedVector:
    """What :func:`read_vector_file` read, with the facts the report needs."""

    frame: object  # geopandas.GeoDataFrame
    path: Path
    driver: str
    layer: str | None
    encoding: EncodingChoice | None = None
    warnings: list = field(default_factory=list)  # Message (or older plain text)


def _format_for(path: Path) -> VectorFormat:
    fmt = VECTOR_FORMATS.get(path.suffix.lower())
    if fmt is None:
        kind = path.suffix or "files without an extension"
        raise UnsupportedFormat(path, f"cannot import {kind}; use .shp, .zip, .geojson, "
                                      ".kml, .gpkg, .csv or .xlsx")
    return fmt


def _gdal_path(path: Path, fmt: VectorFormat) -> str:
    return f"{fmt.driver}:{path}" if fmt.prefix else str(path)


def _checked(path, limits: Limits) -> tuple[Path, VectorFormat]:
    path = sniff.check_regular_file(path, limits)
    fmt = _format_for(path)
    fmt.check(path)
    return path, fmt


def list_layers(path, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str | None]]:
    """Layers of a vector file as (name, geometry type) pairs, after the checks.

    Parameters
    ----------
    path : path-like
        A .gpkg, .kml, .geojson or .shp (a .zip: use :func:`unpack_zip` first).
    """
    path, fmt = _checked(path, limits)
    try:
        layers = pyogrio.list_layers(_gdal_path(path, fmt))
    except pyogrio.errors.DataSourceError as exc:
        raise UnreadableFile(path, f"cannot be opened as {fmt.driver} ({exc})") from None
    return [(str(name), None if gtype is None else str(gtype)) for name, gtype in layers]


def _info(path: Path, fmt: VectorFormat, layer, encoding) -> dict:
    try:
        info = pyogrio.read_info(_gdal_path(path, fmt), layer=layer, encoding=encoding)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise UnreadableFile(path, f"cannot be opened as {fmt.driver} ({exc})") from None
    if info.get("driver") != fmt.driver:
        raise UnreadableFile(path, f"GDAL opened it as {info.get('driver')}, not "
                                   f"{fmt.driver}; refused")
    return info


def read_vector_file(path, layer: str | None = None, encoding: str | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> OpenedVector:
    """Read one layer of a vector file into a GeoDataFrame, safely.

    Parameters
    ----------
    path : path-like
        .shp, .geojson/.json, .kml or .gpkg. Zips go through :func:`read_zip`.
    layer : str, optional
        Layer name (GeoPackage/KML); the first layer when omitted.
    encoding : str, optional
        Attribute encoding override (Shapefiles only).
    limits : Limits

    Returns
    -------
    OpenedVector
        Invalid geometries that GDAL cannot convert arrive as None, never raise.
    """
    path, fmt = _checked(path, limits)
    choice = detect_shapefile_encoding(path, encoding) if fmt.driver == "ESRI Shapefile" else None
    gdal_encoding = choice.gdal_name if choice else None
    opened = OpenedVector(None, path, fmt.driver, layer, choice)
    try:
        info = _info(path, fmt, layer, gdal_encoding)
    except pyogrio.errors.CRSError:
        return _read_without_prj(path, layer, encoding, limits)
    if info.get("features", -1) > limits.max_features:
        raise TooManyFeatures(path, f"{info['features']:,} features, more than the "
                                    f"{limits.max_features:,} allowed")
    opened.frame = _read(path, fmt, layer, gdal_encoding, limits)
    if fmt.driver == "KML":  # the KML driver drops ExtendedData: read it ourselves
        opened.warnings += add_extended_columns(opened.frame, path,
                                                layer or info.get("layer_name"), limits)
    return opened


def _read(path: Path, fmt: VectorFormat, layer, encoding, limits: Limits):
    try:
        frame = pyogrio.read_dataframe(_gdal_path(path, fmt), layer=layer, encoding=encoding,
                                       on_invalid="ignore",
                                       max_features=limits.max_features + 1)
    except pyogrio.errors.DataSourceError as exc:
        raise UnreadableFile(path, f"cannot be read as {fmt.driver} ({exc})") from None
    except (pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError) as exc:
        raise UnreadableFile(path, f"damaged data ({exc})") from None
    if len(frame) > limits.max_features:
        raise TooManyFeatures(path, f"more than the {limits.max_features:,} features allowed")
    return frame


def _read_without_prj(shp: Path, layer, encoding, limits: Limits) -> OpenedVector:
    """A .prj GDAL cannot parse: read a copy without it and say so."""
    if shp.suffix.lower() != ".shp":
        raise UnreadableFile(shp, "its coordinate system definition cannot be read")
    tmp = Path(tempfile.mkdtemp(prefix="gridatlas-prj-"))
    try:
        for sibling in shp.parent.glob(shp.stem + ".*"):
            if sibling.suffix.lower() != ".prj":
                shutil.copy(sibling, tmp / sibling.name)
        opened = read_vector_file(tmp / shp.name, layer, encoding, limits)
    finally:
        archive.remove_tree(tmp)
    opened.path = shp
    opened.warnings.append(Message("import.warn.bad_prj", file=shp.name))
    return opened


def _inside_zip(warning, member: str, archive_name: str):
    """A warning about a file from a zip names it as archive/member."""
    if isinstance(warning, str):
        return warning.replace(member, f"{archive_name}/{member}")
    if isinstance(warning, Message) and warning.params.get("file") == member:
        return Message(warning.code, **{**warning.params, "file": f"{archive_name}/{member}"})
    return warning


def unpack_zip(path, dest, limits: Limits = DEFAULT_LIMITS) -> list[Path]:
    """Check and extract a zip; return the importable files inside (not sidecars)."""
    path = sniff.check_regular_file(path, limits)
    sniff.check_zip(path)
    wanted = set(VECTOR_FORMATS) | set(TABLE_SUFFIXES)
    files = archive.extract_zip(path, dest, limits, suffixes=wanted | SHAPEFILE_SIDECARS)
    return sorted(f for f in files if f.suffix.lower() in wanted
                  and not f.name.startswith("._") and "__MACOSX" not in f.parts)


def read_zip(path, member: str | None = None, layer: str | None = None,
             encoding: str | None = None, limits: Limits = DEFAULT_LIMITS) -> OpenedVector:
    """Read a vector file out of a zip (typically a zipped Shapefile).

    Parameters
    ----------
    member : str, optional
        File name inside the archive when it holds more than one dataset.
    """
    path = sniff.check_regular_file(path, limits)
    sniff.check_zip(path)
    infos = archive.inspect_zip(path, limits)
    names = [PurePosixPath(i.filename.replace("\\", "/")) for i in infos]
    chosen_name = _choose_member(path, [n for n in names if n.suffix.lower() in VECTOR_FORMATS
                                        and not n.name.startswith("._") and "__MACOSX" not in n.parts],
                                 member)
    tmp = Path(tempfile.mkdtemp(prefix="gridatlas-zip-"))
    try:
        # only the chosen dataset and its sidecars are unpacked, never the rest of the archive
        archive.extract_zip(path, tmp, limits, members={
            i.filename for i, n in zip(infos, names) if _same_dataset(n, chosen_name)})
        chosen = tmp / chosen_name
        opened = read_vector_file(chosen, layer, encoding, limits)
        opened.warnings = [_inside_zip(w, chosen.name, Path(path).name) for w in opened.warnings]
        opened.path = Path(path)
        return opened
    except ImportFileError as exc:
        if exc.path is not None and tmp in exc.path.parents:
            raise type(exc)(Path(path), f"{exc.path.name}: {exc.problem}") from None
        raise
    finally:
        archive.remove_tree(tmp)


def _same_dataset(name: PurePosixPath, chosen: PurePosixPath) -> bool:
    """``name`` is ``chosen`` or one of its sidecars (``a.shp`` → ``a.dbf``, ``a.shp.xml``)."""
    stem = chosen.name[: -len(chosen.suffix)].casefold() if chosen.suffix else chosen.name.casefold()
    return name.parent == chosen.parent and (name == chosen or name.name.casefold().startswith(stem + "."))


def _choose_member(path, candidates: list, member: str | None):
    if member is not None:
        matches = [c for c in candidates if c.name == member or c.as_posix().endswith(member)]
        if len(matches) == 1:
            return matches[0]
        raise UnreadableFile(path, f"archive has no single dataset named {member!r}")
    if not candidates:
        raise UnreadableFile(path, "archive contains no .shp, .geojson, .kml or .gpkg file")
    if len(candidates) > 1:
        names = ", ".join(c.name for c in candidates)
        raise UnreadableFile(path, f"archive holds several datasets ({names}); choose one")
    return candidates[0]


def read_any_vector(path, **kwargs) -> OpenedVector:
    """Dispatch on extension: .zip → :func:`read_zip`, else :func:`read_vector_file`."""
    if Path(path).suffix.lower() == ".zip":
        return read_zip(path, **kwargs)
    kwargs.pop("member", None)
    return read_vector_file(path, **kwargs)
