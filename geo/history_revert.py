"""Revert one recorded change as a new change: ``main.py history PROJECT revert ENTRY_ID``.

Unlike ``undo`` (which walks back the newest entries in order), a revert takes
any entry *E* and applies its stored inverse as a **new** recorded change *R*
("撤销此操作 #E"), itself revertable and undoable. That is only right when the
features *E* touched are as *E* left them, so the revert is refused (a coded
message naming the feature, who changed it and when) if anything changed them
since:

* in a GeoPackage, a later history entry whose change list names one of them
  (an undo entry counts with the ids of the entry it undid);
* on a server, additionally any later row of the database's own feature log
  (:mod:`geo.postgis.revert_check`), which also sees edits made with QGIS or
  psql, with the database role that made them.

Settings an entry changed count as features of the pseudo-layer ``settings``.
The revert itself goes through :meth:`geo.project.Project.apply`, so on a
server the per-feature version check applies too.
"""
from __future__ import annotations

from .commands import ChangeList
from .feature_history import _layer_and_id
from .messages import CodedError, Message, register

NO_ENTRY = register("history.revert.no_entry", "{path}：没有编号为 #{entry} 的已记录操作",
                    "{path}: there is no recorded operation #{entry}")
IS_UNDO = register("history.revert.is_undo", "#{entry} 是一次撤销，不能再撤销此操作（撤销它所撤销的操作即可）",
                   "#{entry} is an undo and cannot be reverted itself (revert the operation it undid)")
ALREADY_UNDONE = register("history.revert.undone", "#{entry} 已经撤销过；什么也没改",
                          "#{entry} has already been undone; nothing was changed")
CHANGED_SINCE = register(
    "history.revert.changed_since",
    "不能撤销 #{entry}：{layer} 中的 {feature} 此后已被 {who} 于 {when} 修改；什么也没改",
    "Cannot revert #{entry}: {feature} in {layer} was changed by {who} at {when} since then;"
    " nothing was changed")
REVERT_TEXT = register("history.revert.text", "撤销此操作 #{entry}：{text}", "revert #{entry}: {text}")


def revert_entry(project, entry_id: int) -> int | None:
    """Apply the inverse of history entry ``entry_id`` as a new recorded change.

    Parameters
    ----------
    project : geo.project.Project
        Opened for writing (a GeoPackage under its lock, or a server project).
    entry_id : int
        The entry to revert (``main.py history`` lists the ids).

    Returns
    -------
    int or None
        The id of the new history entry.

    Raises
    ------
    geo.messages.CodedError
        ``history.revert.*``: no such entry, an undo entry, already undone, or a
        feature it touched changed since; nothing was changed.
    """
    command = revert_command(project, entry_id)
    command.do(project)
    return project.last_entry_id


def revert_command(project, entry_id: int) -> ChangeList:
    """The checked revert of ``entry_id`` as a command (the GUI pushes it on its undo stack).

    Raises the same refusals as :func:`revert_entry`; nothing is written here.
    """
    store = project.store
    entries = store.history_entries()
    entry = next((e for e in entries if e.entry_id == entry_id), None)
    if entry is None:
        raise CodedError(NO_ENTRY, path=project.location, entry=entry_id)
    if entry.undo_of is not None:
        raise CodedError(IS_UNDO, entry=entry_id)
    if entry.undone:
        raise CodedError(ALREADY_UNDONE, entry=entry_id)
    inverse = store.history_inverse(entry_id)
    if inverse is None:  # an entry recorded without an inverse cannot be reverted either
        raise CodedError(IS_UNDO, entry=entry_id)
    touched = touched_features(inverse)
    _refuse_if_changed_since(project, entry, [e for e in entries if e.entry_id > entry_id], touched)
    return ChangeList(Message(REVERT_TEXT, entry=entry_id, text=entry.text()), inverse)


def touched_features(changes) -> set[tuple[str, str]]:
    """``{(layer, id)}`` a change list names; settings as ``("settings", key)``."""
    out = set()
    for change in changes:
        if change[0] == "setting":
            out.add(("settings", str(change[1])))
            continue
        layer, fid = _layer_and_id(change)
        if layer is not None:
            out.add((layer, str(fid)))
    return out


def _refuse_if_changed_since(project, entry, later, touched) -> None:
    store = project.store
    if getattr(store, "is_shared", False):  # the database's own log: any client, with its role
        from .postgis.revert_check import first_later_change

        found = first_later_change(store, entry.entry_id, touched)
        if found is not None:
            layer, feature, who, when = found
            raise CodedError(CHANGED_SINCE, entry=entry.entry_id, layer=layer, feature=feature,
                             who=who, when=when)
    inverses: dict[int, set] = {}
    for other in sorted(later, key=lambda e: e.entry_id):  # the earliest later change is named
        source = other.undo_of if other.undo_of is not None else other.entry_id
        if source not in inverses:
            inverses[source] = touched_features(store.history_inverse(source) or [])
        hit = sorted(inverses[source] & touched)
        if hit:
            layer, feature = hit[0]
            raise CodedError(CHANGED_SINCE, entry=entry.entry_id, layer=layer, feature=feature,
                             who=f"#{other.entry_id} {other.text()}", when=other.time)
