"""Caps that keep a hostile or mistaken file from eating the machine."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Size and count caps for one import. Every cap is checked before the work it guards."""

    #: Any single input file (a .shp, .geojson, .xlsx, .zip ...).
    max_file_bytes: int = 300 * MB
    #: Features in a vector layer or data rows in a table.
    max_features: int = 500_000
    #: Members of a zip archive (xlsx files are zips too).
    max_archive_members: int = 5_000
    #: Total bytes a zip or xlsx would unpack to.
    max_unpacked_bytes: int = 1024 * MB
    #: Unpacked/packed size of one member; ordinary data compresses < 20x,
    #: zip bombs reach 1000x and more.
    max_compression_ratio: float = 200.0
    #: Columns in a table (a sheet claiming 16,384 columns is a red flag).
    max_columns: int = 500


DEFAULT_LIMITS = Limits()
