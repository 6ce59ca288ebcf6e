"""One attribute-table cell edit: typed text → checked value → a ``geo`` command on the undo stack.

The table never writes to the DataFrame itself. :meth:`CellEditor.apply`
parses what the user typed for the column's :class:`~gui.models.cell_kinds.CellKind`,
builds the command the rest of the app uses for that change (a member move
from :mod:`geo.editing.members`, a station radius from
:mod:`geo.editing.stations`, else :class:`geo.commands.SetValues`) and hands
it to the runner (the window's undo stack), so Ctrl+Z undoes it and every
view (map, coverage, balance) follows through ``project.changed``. A refused
edit changes nothing and is announced by :attr:`CellEditor.refused` with a
sentence for the status bar: typing in a table must never pop up a dialog.
"""
from __future__ import annotations

import math
import re

import pandas as pd
from PySide6.QtCore import QObject, Signal

from geo.commands import SetValues
from geo.editing import members as mem
from geo.editing import stations as st
from geo.schema import MEMBER_ROLES, split_roles

from .cell_kinds import CellKind, cell_kind, is_personal
from .display import display_value
from .labels import coded_value, column_title, layer_title

# (layer, column) -> command builder(project, id, parsed value); every other cell is a SetValues.
# These go through geo.editing so the table obeys the same rules as the identify panel
# (a central household's role follows its linked households; a radius must be positive).
COMMANDS = {
    ("members", "org_id"): lambda p, i, v: mem.move_member(p, i, org_id=v),
    ("members", "building_id"): lambda p, i, v: mem.move_member(p, i, building_id=v),
    ("members", "roles"): lambda p, i, v: mem.move_member(p, i, roles=v),
    ("members", "linked_households"): mem.set_central_household,
    ("stations", "service_radius_m"): st.set_station_radius,
    ("stations", "status"): st.set_station_status,
}

_ROLE_SEPARATORS = re.compile(r"[,，、;；\s]+")
_PROBE = "13800001111"  # a value every masker changes (a phone, a name, an id alike)


class CellRefused(ValueError):
    """An edit refused before any command is built; the message is for the user."""


def shows_masked(layer: str, column: str) -> bool:
    """True while the display hook hides this personal column (presenter mode).

    display.py offers no getter for its hook; asking it how it would show a
    sample value is the public way to learn whether values are masked now.
    """
    return is_personal(layer, column) and display_value(layer, column, _PROBE) != _PROBE


def _blank(value) -> bool:
    """None, NaN, pd.NA or "" (how a missing value may look in an object column)."""
    if isinstance(value, str):
        return value == ""
    return not isinstance(value, list) and bool(pd.isna(value))


def _same(current, value) -> bool:
    if isinstance(value, list):  # roles
        return split_roles(current) == value
    if _blank(current) or _blank(value):
        return _blank(current) and _blank(value)
    return bool(current == value)


class CellEditor(QObject):
    refused = Signal(str)  # why an edit changed nothing, for the status bar

    def __init__(self, project, runner, parent=None):
        """``runner(command)`` runs and pushes a command; it raises ValueError to refuse."""
        super().__init__(parent)
        self.project, self._run = project, runner

    # ------------------------------------------------------------ asking first
    def refusal(self, layer: str, column: str) -> str | None:
        """Why the cell may not be edited now (None: it may)."""
        if cell_kind(layer, column) is None:
            return self.tr("“{column}”不能在表格中修改。").format(column=column_title(column))
        if shows_masked(layer, column):
            return self.tr("演示模式下个人信息已脱敏，不能修改“{column}”。").format(
                column=column_title(column))
        return None

    # ------------------------------------------------------------ the edit
    def apply(self, layer: str, id_, column: str, value) -> bool:
        """Edit one cell; True if the project now holds ``value`` (or already did)."""
        try:
            reason = self.refusal(layer, column)
            if reason:
                raise CellRefused(reason)
            parsed = self.parse(layer, column, value)
            if _same(self.project[layer].at[id_, column], parsed):
                return True  # no empty step in the undo history
            command = COMMANDS.get((layer, column), _set_values(layer, column))(self.project, id_, parsed)
            command.text = self.tr("修改{layer} {id} 的“{column}”").format(
                layer=layer_title(layer), id=id_, column=column_title(column))
            self._run(command)
        except CellRefused as exc:
            return self._refuse(str(exc))
        except ValueError as exc:  # geo.editing's EditRefused: the model's own rules said no
            return self._refuse(self.tr("无法完成此编辑：{reason}").format(reason=str(exc)))
        return True

    def _refuse(self, text: str) -> bool:
        self.refused.emit(text)
        return False

    # ------------------------------------------------------------ parsing by kind
    def parse(self, layer: str, column: str, value):
        """The stored value for what the user typed, or :class:`CellRefused`."""
        kind = cell_kind(layer, column)
        text = "" if _blank(value) else str(value).strip()
        title = column_title(column)
        if not text:
            if kind.required:
                raise CellRefused(self.tr("“{column}”不能为空。").format(column=title))
            return [] if kind.kind == "roles" else None
        return getattr(self, f"_parse_{kind.kind}")(kind, text, title)

    def _parse_text(self, _kind: CellKind, text: str, _title: str) -> str:
        return text

    def _parse_int(self, _kind: CellKind, text: str, title: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise CellRefused(self.tr("“{column}”须为整数，“{text}”不是整数。").format(
                column=title, text=text)) from None
        if number < 0:
            raise CellRefused(self.tr("“{column}”不能为负数。").format(column=title))
        return number

    def _parse_real(self, _kind: CellKind, text: str, title: str) -> float:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number <= 0:
            raise CellRefused(self.tr("“{column}”须为大于 0 的数，“{text}”不是。").format(
                column=title, text=text))
        return number

    def _parse_choice(self, kind: CellKind, text: str, title: str) -> str:
        code = _code_of(text, kind.choices)
        if code is None:
            raise CellRefused(self.tr("“{column}”只能是：{allowed}。").format(
                column=title, allowed="、".join(coded_value(c) for c in kind.choices)))
        return code

    def _parse_roles(self, _kind: CellKind, text: str, _title: str) -> list[str]:
        parts = [p for p in _ROLE_SEPARATORS.split(text) if p]
        codes = [_code_of(p, MEMBER_ROLES) for p in parts]
        unknown = [p for p, c in zip(parts, codes) if c is None]
        if unknown:
            raise CellRefused(self.tr("未知的职务：{roles}。可选：{allowed}。").format(
                roles="、".join(unknown), allowed="、".join(f"{coded_value(r)}({r})" for r in MEMBER_ROLES)))
        return list(dict.fromkeys(codes))

    def _parse_ref(self, kind: CellKind, text: str, _title: str) -> str:
        if text not in self.project[kind.target].index:
            raise CellRefused(self.tr("没有编号为“{id}”的{layer}。").format(
                id=text, layer=layer_title(kind.target)))
        return text


def _code_of(text: str, codes) -> str | None:
    """The code ``text`` names: the code itself or its label in the current language."""
    for code in codes:
        if text in (code, coded_value(code)):
            return code
    return None


def _set_values(layer: str, column: str):
    return lambda _project, id_, value: SetValues(layer, {id_: {column: value}})
