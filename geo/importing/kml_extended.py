"""KML ExtendedData (``<Data>`` and ``<SchemaData><SimpleData>``) as attribute columns.

GDAL's plain KML driver (the one our GDAL ships; LIBKML is not built in)
reads a placemark's name, description and geometry but drops its
ExtendedData, where Google Earth, 奥维 and most exporters keep the
attributes (户数, 层数 …). We read them ourselves, streaming the file through
defusedxml (no DTD, no entities, no external references; the file already
passed :func:`.sniff.check_kml` and the size cap), and line them up with the
features GDAL read: the placemarks that have a geometry, of the one
Folder/Document that holds exactly the layer's features (same count, same
names, same first coordinate). If no container matches, nothing is guessed:
the fields are left out and the report says so.

Examples
--------
>>> import io
>>> kml = (b'<kml><Document><Placemark><name>1</name><ExtendedData><Data name="hh">'
...        b'<value>48</value></Data></ExtendedData><Point><coordinates>116,39</coordinates>'
...        b'</Point></Placemark></Document></kml>')
>>> found = read_extended_data(io.BytesIO(kml), [("1", (116.0, 39.0))])
>>> found.columns
{'hh': ['48']}
"""
from __future__ import annotations

from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
import shapely

from ..messages import Message, register
from .errors import UnreadableFile
from .limits import DEFAULT_LIMITS, Limits

register("import.kml_extended.read", "{file}：从 KML 扩展数据（ExtendedData）读入 {n} 个字段：{fields}",
         "{file}: {n} fields read from the KML ExtendedData: {fields}")
register("import.kml_extended.unmatched",
         "{file}：KML 扩展数据（ExtendedData）无法与图层“{layer}”的要素一一对应，这些字段没有读入",
         "{file}: the KML ExtendedData could not be matched one to one with the features of "
         "layer “{layer}”; those fields were not read")
register("import.kml_extended.clash",
         "{file}：KML 扩展数据字段“{name}”与已有字段同名，没有读入",
         "{file}: the KML ExtendedData field “{name}” has the name of an existing field and was "
         "not read")
register("import.kml_extended.unparsable", "{file}：KML 扩展数据无法读取（{why}），这些字段没有读入",
         "{file}: the KML ExtendedData cannot be read ({why}); those fields were not read")

_CONTAINERS = frozenset({"kml", "Document", "Folder"})
#: A placemark with one of these as a child becomes a GDAL feature; others are skipped.
_GEOMETRIES = frozenset({"Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"})
_COORD_TOLERANCE = 1e-7  # degrees, about 1 cm


@dataclass
class _Container:
    """A Folder/Document being read: its placemarks' signatures and data."""

    name: str | None = None
    signatures: list = field(default_factory=list)  # (name, first coordinate or None)
    rows: list = field(default_factory=list)        # {field: value} per placemark
    fields: dict = field(default_factory=dict)      # field names in first-seen order
    features: int = 0
    dead: bool = False                              # more placemarks than the layer has


@dataclass
class ExtendedData:
    """The ExtendedData of the matched container, column by column."""

    columns: dict = field(default_factory=dict)  # {field: [value or None per feature]}
    present: bool = False   # the file has ExtendedData at all
    matched: bool = False   # a container lined up with the layer's features


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(elem, name: str) -> str | None:
    for child in elem:
        if _local(child.tag) == name:
            return child.text or ""
    return None


def _first_coordinate(elem):
    for node in elem.iter():
        if _local(node.tag) == "coordinates":
            head = (node.text or "").split()
            try:
                x, y = head[0].split(",")[:2]
                return float(x), float(y)
            except (IndexError, ValueError):
                return None
    return None


def _placemark_data(elem) -> dict:
    """{field: value} of a placemark's ExtendedData; Data and SimpleData alike."""
    values = {}
    for child in elem:
        if _local(child.tag) != "ExtendedData":
            continue
        for node in child.iter():
            kind, name = _local(node.tag), node.get("name")
            if not name or name in values:
                continue
            if kind == "Data":
                values[name] = _child_text(node, "value") or ""
            elif kind == "SimpleData":
                values[name] = node.text or ""
    return values


class _Reader:
    """One streaming pass: finished containers are kept only when they match."""

    def __init__(self, expected: list, layer_name: str | None, limits: Limits, path):
        self.expected, self.layer_name, self.limits, self.path = expected, layer_name, limits, path
        self.tags: list[str] = []
        self.open: list[_Container] = []
        self.matches: list[tuple[str | None, _Container]] = []
        self.name_count: dict[str, int] = {}
        self.present = False

    def start(self, elem) -> None:
        tag = _local(elem.tag)
        self.tags.append(tag)
        if tag in _CONTAINERS:
            self.open.append(_Container())
        elif tag == "ExtendedData":
            self.present = True

    def end(self, elem) -> None:
        tag = self.tags.pop()
        in_container = bool(self.tags) and self.tags[-1] in _CONTAINERS and self.open
        if tag == "name" and in_container and self.open[-1].name is None:
            self.open[-1].name = (elem.text or "").strip()
        elif tag == "Placemark" and in_container:
            self._placemark(self.open[-1], elem)
            elem.clear()  # keeps memory flat on large files
        elif tag in _CONTAINERS:
            self._finished(self.open.pop())

    def _placemark(self, box: _Container, elem) -> None:
        if not any(_local(child.tag) in _GEOMETRIES for child in elem):
            return  # GDAL makes no feature of it
        box.features += 1
        if box.dead or box.features > len(self.expected):
            box.dead, box.signatures, box.rows = True, [], []
            return
        box.signatures.append(((_child_text(elem, "name") or "").strip(), _first_coordinate(elem)))
        row = _placemark_data(elem)
        box.fields.update(dict.fromkeys(row))
        if len(box.fields) > self.limits.max_columns:
            raise UnreadableFile(self.path, f"more than {self.limits.max_columns} ExtendedData "
                                            "fields; refused")
        box.rows.append(row)

    def _finished(self, box: _Container) -> None:
        gdal_name = None
        if box.features and box.name:  # GDAL numbers repeated names "F1", "F1 (#2)" …
            count = self.name_count[box.name] = self.name_count.get(box.name, 0) + 1
            gdal_name = box.name if count == 1 else f"{box.name} (#{count})"
        if not box.dead and box.features == len(self.expected) and self._same(box.signatures):
            self.matches.append((gdal_name, box))

    def _same(self, signatures: list) -> bool:
        for (name, coord), (want_name, want_coord) in zip(signatures, self.expected):
            if name != want_name:
                return False
            if coord is not None and want_coord is not None and (
                    abs(coord[0] - want_coord[0]) > _COORD_TOLERANCE
                    or abs(coord[1] - want_coord[1]) > _COORD_TOLERANCE):
                return False
        return True

    def chosen(self) -> _Container | None:
        named = [box for name, box in self.matches if name == self.layer_name]
        return (named or [box for _, box in self.matches] or [None])[0]


def read_extended_data(source, expected: list, layer_name: str | None = None,
                       limits: Limits = DEFAULT_LIMITS) -> ExtendedData:
    """The ExtendedData of the features GDAL read from one KML layer.

    Parameters
    ----------
    source : path-like or binary file
        The KML file (already checked by :func:`.sniff.check_kml`).
    expected : list of (str, (float, float) or None)
        Each feature's name and first coordinate, in GDAL's order.
    layer_name : str, optional
        GDAL's name for the layer; decides between containers with the same features.
    limits : Limits
        ``max_columns`` caps the number of distinct fields.

    Returns
    -------
    ExtendedData
        ``columns`` is empty when nothing matched or there is no ExtendedData.

    Raises
    ------
    UnreadableFile
        More distinct fields than ``limits.max_columns``.
    defusedxml.ElementTree.ParseError, defusedxml.DefusedXmlException
        Malformed or hostile XML.
    """
    reader = _Reader(list(expected), layer_name, limits, source)
    for event, elem in SafeET.iterparse(source, events=("start", "end"), forbid_dtd=True):
        (reader.start if event == "start" else reader.end)(elem)
    box = reader.chosen()
    out = ExtendedData(present=reader.present, matched=box is not None)
    if box is not None:
        out.columns = {name: [row.get(name) for row in box.rows] for name in box.fields}
    return out


def add_extended_columns(frame, path, layer_name: str | None,
                         limits: Limits = DEFAULT_LIMITS) -> list[Message]:
    """Add the ExtendedData fields of ``path`` to ``frame`` (as GDAL read it); return notes.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        One KML layer read by GDAL's KML driver (a ``Name`` column, one row per placemark
        with a geometry); changed in place.
    path : pathlib.Path
    layer_name : str, optional
        The layer GDAL read.

    Returns
    -------
    list of Message
        For the import report: fields read, fields that clash with a column, or why
        the ExtendedData was left out.
    """
    names = frame["Name"] if "Name" in frame.columns else [None] * len(frame)
    expected = [("" if n is None or n != n else str(n).strip(), _first_xy(g))
                for n, g in zip(names, frame.geometry.values)]
    try:
        found = read_extended_data(path, expected, layer_name, limits)
    except DefusedXmlException as exc:  # sniff refuses DOCTYPEs first; this is the backstop
        raise UnreadableFile(path, f"hostile XML refused ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        return [Message("import.kml_extended.unparsable", file=path.name, why=str(exc))]
    notes = []
    if found.present and not found.matched:
        notes.append(Message("import.kml_extended.unmatched", file=path.name,
                             layer=layer_name or ""))
    added = []
    for name, values in found.columns.items():
        if name in frame.columns:
            notes.append(Message("import.kml_extended.clash", file=path.name, name=name))
            continue
        frame[name] = values
        added.append(name)
    if added:
        notes.insert(0, Message("import.kml_extended.read", file=path.name, n=len(added),
                                fields=", ".join(added)))
    return notes


def _first_xy(geom):
    if geom is None or shapely.is_empty(geom):
        return None
    x, y = shapely.get_coordinates(geom)[0]
    return float(x), float(y)
