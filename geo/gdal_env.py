"""GDAL settings that must be in place before GDAL registers its drivers.

GDAL picks a driver by content, so a ``.geojson`` (or a project layer) that is
really VRT XML would make GDAL read other files named inside it. ``GDAL_SKIP``
keeps the VRT drivers out, but GDAL reads it only once, when pyogrio is first
imported: :func:`skip_vrt` is called by the entry point (``main.py``) before
anything else and by every ``geo`` module that imports pyogrio, before it does.
The importers' content checks (:mod:`geo.importing.sniff`) do not rely on it.
"""
from __future__ import annotations

import os
import sys

SKIPPED_DRIVERS = ("OGR_VRT", "VRT")


def skip_vrt() -> bool:
    """Add the VRT drivers to ``GDAL_SKIP``; False when GDAL was already loaded (too late)."""
    os.environ["GDAL_SKIP"] = " ".join(
        dict.fromkeys(os.environ.get("GDAL_SKIP", "").split() + list(SKIPPED_DRIVERS)))
    return "pyogrio" not in sys.modules
