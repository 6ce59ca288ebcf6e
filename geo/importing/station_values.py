"""Stations arrive complete: a known status, and a radius when the file has none.

Status words are read in Chinese and English ("已建成", "规划中", "built" …)
and stored as the schema's ``built``/``planned``; any other word rejects the
row with the reason, never a guess. New stations whose file gives no status
get the one the user chose (``--station-status``, default ``built``: a file
of stations is nearly always the register of the stations that exist;
planned sites usually come from ``site-stations`` or a plan, and a user
importing planned ones says so), and those without a radius get the
project's rule ``station_radius_m``. Each default is noted once in the
import report, with its count. Stations already in the project keep their
stored values: a default never overwrites them.

Examples
--------
>>> normalize_status(" 已建成 "), normalize_status("Planned"), normalize_status("")
('built', 'planned', '')
>>> normalize_status("拆除") is None
True
"""
from __future__ import annotations

import unicodedata

from ..messages import Message, register
from ..schema import STATION_STATUSES
from .reasons import reason

_UNKNOWN_STATUS = reason("import.reject.unknown_status", "unknown status",
                         "状态无效：status = {value}（可用 {allowed}，或写 已建成/规划中）",
                         "unknown status: status = {value} (use {allowed}, or the Chinese words"
                         " for built/planned)")

DEFAULT_STATUS = "built"

register("import.station_default_status",
         "{n} 个服务站没有状态，按“{status}”导入（--station-status 可改）",
         "{n} stations have no status and were imported as “{status}” (change with "
         "--station-status)")
register("import.station_default_radius",
         "{n} 个服务站没有服务半径，按项目规则 {radius:g} 米导入",
         "{n} stations have no service radius and were given the project's rule, {radius:g} m")
register("import.station_status.built", "已建成", "built")
register("import.station_status.planned", "规划中", "planned")

#: Words people write in a status column, keyed by the stored value.
_SYNONYMS = {
    "built": ("built", "existing", "open", "inuse", "已建成", "已建", "建成", "已建设", "已完成",
              "在用", "运行", "运行中", "运营", "运营中", "已投用", "投用", "已投入使用", "现有"),
    "planned": ("planned", "planning", "proposed", "plan", "规划", "规划中", "拟建", "计划",
                "计划建设", "待建", "未建", "在建", "建设中", "筹建", "筹建中"),
}
_LOOKUP = {word: status for status, words in _SYNONYMS.items() for word in words}


def normalize_status(value) -> str | None:
    """The stored status for a cell: 'built', 'planned', '' (blank) or None (unknown word)."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    key = "".join(text.split()).casefold()
    if not key:
        return ""
    return _LOOKUP.get(key)


def status_reason(value) -> Message:
    """Reason a row is rejected for its status word (the report's reason column)."""
    return Message(_UNKNOWN_STATUS, value=repr(value), allowed="/".join(STATION_STATUSES))


def fill_station_defaults(rows: list[dict], status: str, radius_m: float) -> list[Message]:
    """Give new station rows without status or radius the defaults; return the notes.

    Parameters
    ----------
    rows : list of dict
        Rows about to be inserted (changed in place); stored stations are not passed.
    status : str
        'built' or 'planned' (``--station-status``).
    radius_m : float
        The project's ``station_radius_m`` rule.

    Returns
    -------
    list of Message
        At most one note per default, with the count of stations it was given to.
    """
    if status not in STATION_STATUSES:
        raise ValueError(f"station status must be one of {STATION_STATUSES}, not {status!r}")
    no_status = [r for r in rows if not r.get("status")]
    no_radius = [r for r in rows if _blank(r.get("service_radius_m"))]
    for row in no_status:
        row["status"] = status
    for row in no_radius:
        row["service_radius_m"] = float(radius_m)
    notes = []
    if no_status:
        notes.append(Message("import.station_default_status", n=len(no_status),
                             status=Message(f"import.station_status.{status}")))
    if no_radius:
        notes.append(Message("import.station_default_radius", n=len(no_radius),
                             radius=float(radius_m)))
    return notes


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)
