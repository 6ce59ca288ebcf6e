"""The project's recorded history: one entry per write, undoable from the command line.

Every command's run (:meth:`geo.commands.ChangeSet.do`) writes one entry in the
``history`` table *inside the same SQLite transaction* as its change: the
change and its record land together or not at all. An entry keeps the
command's text, counts per layer and the change list that undoes it (JSON,
zlib-compressed: a plan switch at district scale is 36 MB of JSON, 10 MB stored;
geometries as WKB hex, so undo restores them bit for bit).

The scheme, kept small on purpose:

* a command run records entry *E* (``undone=0``, ``undo_of`` NULL, ``inverse``
  the change list that reverts it);
* undoing it (the GUI's undo stack, or :func:`undo_last`) is a write too: it
  records entry *U* with ``undo_of=E`` and no inverse, and sets ``E.undone=1``
  in the same transaction;
* a GUI redo is a new run: a new entry *E'*.

So the entries still to be undone are those with ``undone=0``, an inverse and
no ``undo_of``; undoing them newest first walks the file back exactly, because
each inverse was taken against the state the later entries started from.

Examples
--------
>>> encode_changes([("update", "buildings", "B1", {"grid_id": "G1"})])
'[["update", "buildings", "B1", {"grid_id": "G1"}]]'
>>> decode_changes('[["delete", "grids", "G9"]]')
[('delete', 'grids', 'G9')]
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime

import shapely

from . import gpkg
from .messages import CodedError, Message, language, register
from .schema import HISTORY_DDL, HISTORY_TABLE

NOTHING_TO_UNDO = register("history.nothing_to_undo", "{path}：没有可撤销的已保存操作",
                           "{path}: there is no recorded operation left to undo")
TOO_FEW = register("history.too_few", "{path}：只能撤销 {available} 步已保存的操作，要求 {steps} 步；什么也没改",
                   "{path}: only {available} recorded operations can be undone, {steps} were asked;"
                   " nothing was changed")

_WKB = "$wkb"


@dataclass(frozen=True)
class Record:
    """What :meth:`geo.store.ProjectStore.apply` writes beside a change.

    ``inverse`` is the change list that undoes the change (None for an undo,
    which is not itself undoable from the file); ``undo_of`` the entry an undo
    reverts.
    """

    text: str
    inverse: list | None = None
    undo_of: int | None = None

    def __post_init__(self):
        # a coded text (geo.messages.Message) is kept in both languages: see stored_text
        object.__setattr__(self, "text", stored_text(self.text))


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the history table (the inverse is not read: it can be large)."""

    entry_id: int
    time: str
    command: str
    counts: dict
    undone: bool
    undo_of: int | None

    def text(self, lang: str | None = None) -> str:
        """The command's text in ``lang`` (default: the current message language)."""
        return shown_text(self.command, lang)

    def as_dict(self) -> dict:
        return {"id": self.entry_id, "time": self.time, "command": self.text(),
                "counts": self.counts, "undone": self.undone, "undo_of": self.undo_of}


# ---------------------------------------------------------------- command texts in two languages

def stored_text(text) -> str:
    """What the ``command`` column keeps of a command's text.

    A plain string is kept as it is (older entries, and texts a user typed); a
    :class:`geo.messages.Message` is kept as JSON with its code and its wording in
    both languages, so the history reads in either language later, even after a
    template changes, and stays readable in any SQLite browser.

    Examples
    --------
    >>> from geo.messages import Message, register
    >>> _ = register("demo.moved", "移动 {n} 栋", "move {n} buildings")
    >>> shown_text(stored_text(Message("demo.moved", n=3)), "en")
    'move 3 buildings'
    >>> shown_text("brush 3 buildings to G1", "zh")  # an entry written before codes
    'brush 3 buildings to G1'
    """
    if isinstance(text, Message):
        return json.dumps({"code": text.code, "zh": text.text("zh"), "en": text.text("en")},
                          ensure_ascii=False)
    return "" if text is None else str(text)


def shown_text(stored: str, lang: str | None = None) -> str:
    """A stored command text (:func:`stored_text`) in ``lang`` (default: the current language)."""
    if not stored or not stored.startswith("{\"code\""):
        return stored or ""
    try:
        texts = json.loads(stored)
    except ValueError:
        return stored
    return texts.get(lang or language()) or texts.get("zh") or stored


# ---------------------------------------------------------------- writing (inside a transaction)

def write_entry(con: sqlite3.Connection, record: Record, changes) -> int:
    """Record ``changes`` on ``con``, which must be inside the change's own transaction.

    Creates the table on first use (in the same transaction) and marks the entry
    an undo reverts. Returns the new entry's id.
    """
    con.execute(HISTORY_DDL)
    con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier)"
                " VALUES (?, 'attributes', ?)", (HISTORY_TABLE, HISTORY_TABLE))
    inverse = None if record.inverse is None else zlib.compress(encode_changes(record.inverse).encode(), 1)
    cur = con.execute(
        f'INSERT INTO "{HISTORY_TABLE}" ("time", "command", "counts", "inverse", "undone", "undo_of")'
        " VALUES (?, ?, ?, ?, 0, ?)",
        (_now(), record.text, json.dumps(change_counts(changes), ensure_ascii=False), inverse,
         record.undo_of))
    if record.undo_of is not None:
        con.execute(f'UPDATE "{HISTORY_TABLE}" SET "undone"=1 WHERE "entry_id"=?', (record.undo_of,))
    return cur.lastrowid


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def change_counts(changes) -> dict:
    """{layer: {"inserted": n, "updated": n, "deleted": n}} (only the non-zero counts);
    settings count under ``"settings"`` as updates."""
    words = {"insert": "inserted", "update": "updated", "delete": "deleted", "setting": "updated"}
    out: dict = {}
    for change in changes:
        layer = "settings" if change[0] == "setting" else change[1]
        per = out.setdefault(layer, {})
        per[words[change[0]]] = per.get(words[change[0]], 0) + 1
    return out


# ---------------------------------------------------------------- the change-list codec

def encode_changes(changes) -> str:
    """A change list as JSON text: geometries as ``{"$wkb": hex}``, numbers as numbers."""
    return json.dumps(changes, default=_encode_value, ensure_ascii=False)


def _encode_value(value):
    if hasattr(value, "geom_type"):
        return {_WKB: shapely.to_wkb(value, hex=True)}
    if hasattr(value, "item"):  # a numpy scalar that slipped through
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot record a value of type {type(value).__name__}")


def decode_changes(text: str) -> list[tuple]:
    """The change list :func:`encode_changes` wrote, with geometries rebuilt."""
    return [tuple(change) for change in json.loads(text, object_hook=_decode_object)]


def _decode_object(obj: dict):
    if len(obj) == 1 and _WKB in obj:
        return shapely.from_wkb(obj[_WKB])
    return obj


# ---------------------------------------------------------------- reading and undoing

def read_history(path, limit: int | None = None) -> list[HistoryEntry]:
    """The recorded entries of the project at ``path``, newest first (read only, no lock).

    Parameters
    ----------
    path : path-like or str
        A project GeoPackage (a file without history gives an empty list), or
        a ``postgresql://`` URL of a published project.
    limit : int, optional
        At most this many entries.
    """
    from .store_api import is_server_url

    if is_server_url(path):
        from .postgis.history import read_server_history

        return read_server_history(str(path), limit)
    con = gpkg.connect(path, readonly=True)
    try:
        return _entries(con, limit)
    finally:
        con.close()


def _entries(con, limit=None, where: str = "") -> list[HistoryEntry]:
    if not _has_table(con):
        return []
    sql = (f'SELECT "entry_id", "time", "command", "counts", "undone", "undo_of" FROM "{HISTORY_TABLE}"'
           f' {where} ORDER BY "entry_id" DESC')
    rows = con.execute(sql + (" LIMIT ?" if limit is not None else ""),
                       (limit,) if limit is not None else ()).fetchall()
    return [HistoryEntry(r[0], r[1], r[2], json.loads(r[3]), bool(r[4]), r[5]) for r in rows]


def _has_table(con) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                       (HISTORY_TABLE,)).fetchone() is not None


_UNDOABLE = 'WHERE "undone"=0 AND "undo_of" IS NULL AND "inverse" IS NOT NULL'


def file_entries(con, limit: int | None = None, undoable: bool = False) -> list[HistoryEntry]:
    """A GeoPackage's entries, newest first (:meth:`geo.store.ProjectStore.history_entries`)."""
    return _entries(con, limit, _UNDOABLE if undoable else "")


def file_inverse(con, entry_id: int) -> list[tuple] | None:
    """A GeoPackage entry's stored inverse (:meth:`geo.store.ProjectStore.history_inverse`)."""
    row = con.execute(f'SELECT "inverse" FROM "{HISTORY_TABLE}" WHERE "entry_id"=?', (entry_id,)).fetchone()
    return None if row is None or row[0] is None else decode_changes(zlib.decompress(row[0]).decode())


def undoable_entries(project, limit: int | None = None) -> list[HistoryEntry]:
    """The entries of the open ``project`` that :func:`undo_last` would revert, newest first."""
    return project.store.history_entries(limit, undoable=True)


def undo_last(project, steps: int = 1) -> list[HistoryEntry]:
    """Revert the newest ``steps`` recorded entries not yet undone, newest first.

    Each revert applies the entry's stored inverse through
    :meth:`geo.project.Project.apply` (validated, one transaction, memory and
    listeners updated) and is recorded as an undo of that entry.

    Parameters
    ----------
    project : geo.project.Project
        Opened from its file (the caller holds the write lock).
    steps : int
        How many entries; with fewer recorded, nothing is changed. Each revert is
        its own transaction: if one is refused (the file was changed outside
        GridAtlas so an id is gone), the reverts before it stand, recorded.

    Returns
    -------
    list of HistoryEntry
        The entries undone, in the order they were undone.

    Raises
    ------
    geo.messages.CodedError
        ``history.nothing_to_undo`` or ``history.too_few``; the file is unchanged.
    """
    entries = undoable_entries(project, steps)
    if not entries:
        raise CodedError(NOTHING_TO_UNDO, path=project.location)
    if len(entries) < steps:
        raise CodedError(TOO_FEW, path=project.location, available=len(entries), steps=steps)
    for entry in entries:
        inverse = project.store.history_inverse(entry.entry_id)
        project.apply(inverse, record=Record(entry.command, undo_of=entry.entry_id))
    return entries
