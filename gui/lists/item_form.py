"""ItemFormDialog: enter or edit a need, resource, case (or a project's progress).

The form is built from a small field table per layer; it returns plain
values (stored codes, ISO dates, ``None`` for blank) and never writes: the
lists feature turns them into ``AddItem`` / ``UpdateItem`` through
:class:`~.edits.ListEdits`, so the geo command validates them and a refusal
is shown with its reason. A place chosen on the map or in the tree comes in
as ``target_type`` / ``target_id`` (or a point geometry for a free place).
"""
from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QWidget)

from geo.schema import LIST_CATEGORIES, PROVIDER_LAYERS

from ..dialogs.form_dialog import finish_form
from .labels import STATUSES, VALUES, column_title, layer_title, value_text
from .table_model import blank

#: Field kinds: text, category and unit (editable choices), choice (fixed codes), date,
#: date_optional, real, target (type + id), org and provider (ids, shown with their names).
FIELDS = {
    "needs": (("title", "text"), ("category", "category"), ("target", "target"), ("created_at", "date"),
              ("status", "choice"), ("reporter_name", "text"), ("reporter_phone", "text"),
              ("org_id", "org"), ("note", "text")),
    "resources": (("title", "text"), ("category", "category"), ("provider_type", "choice"),
                  ("provider_id", "provider"), ("quantity", "real"), ("unit", "unit"), ("target", "target"),
                  ("note", "text")),
    "cases": (("title", "text"), ("category", "category"), ("target", "target"), ("source", "choice"),
              ("reporter_name", "text"), ("reporter_phone", "text"), ("handler_type", "choice"),
              ("handler_id", "text"), ("reported_at", "date"), ("due_at", "date_optional"), ("note", "text")),
    "projects": (("title", "text"), ("status", "choice"), ("done_at", "date_optional"), ("note", "text")),
}
UNITS = ("小时", "次", "元", "平方米", "人")
TARGET_LAYERS = {"building": "buildings", "compound": "compounds", "grid": "grids"}
#: Choices that may stay open (a case is routed to a handler at triage).
OPTIONAL_CHOICES = ("handler_type",)
MIN_WIDTH = 420
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ItemFormDialog(QDialog):
    def __init__(self, project, layer: str, item_id=None, place=None, parent=None):
        """``item_id``: edit that item; else a new one, at ``place`` ({target_type, target_id,
        geometry}) when given."""
        super().__init__(parent)
        self.project, self.layer, self.item_id = project, layer, item_id
        self.place = dict(place or {})
        self.widgets: dict[str, object] = {}
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #C8102E")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        for name, kind in FIELDS[layer]:
            if name == "status" and item_id is None:
                continue  # a new item starts open (needs) / claimed (projects)
            form.addRow(self._label(name, kind), self._field(name, kind))
        finish_form(self, form, self.tr("确定"), self.tr("取消"), self.problem)
        title = self.tr("编辑{what}") if item_id is not None else self.tr("登记{what}")
        self.setWindowTitle(title.format(what=layer_title(layer)))
        self.setMinimumWidth(MIN_WIDTH)
        self._load()

    # ------------------------------------------------------------ fields
    def _label(self, name: str, kind: str) -> str:
        if kind == "target":
            return self.tr("位置")
        if kind == "date_optional" and name == "due_at":
            return self.tr("办结时限（空 = 按规则）")
        return column_title(name)

    def _field(self, name: str, kind: str):
        if kind == "target":
            return self._target_field()
        if kind in ("org", "provider"):
            widget = QComboBox(self)
            widget.setEditable(True)
            if kind == "org":
                fill_ids(widget, self.project["organizations"])
        elif kind in ("category", "unit"):
            box = QComboBox(self)
            box.setEditable(True)
            box.addItems(list(self._categories() if kind == "category" else UNITS))
            box.setCurrentText("")
            widget = box
        elif kind == "choice":
            widget = QComboBox(self)
            codes = STATUSES.get(self.layer, ()) if name == "status" else tuple(VALUES[name])
            if name in OPTIONAL_CHOICES:
                widget.addItem(self.tr("（未定）"), None)
            for code in codes:
                widget.addItem(value_text(name, code), code)
        elif kind == "real":
            widget = QDoubleSpinBox(self)
            widget.setRange(0, 1e9)
            widget.setDecimals(1)
        else:
            widget = QLineEdit(self)
            if kind.startswith("date"):
                widget.setPlaceholderText("YYYY-MM-DD")
                widget.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[0-9-]{0,10}$"), widget))
                if kind == "date" and self.item_id is None:
                    widget.setText(date.today().isoformat())
        self.widgets[name] = widget
        return widget

    def _target_field(self):
        body = QWidget(self)
        self.target_type, self.target_id = QComboBox(body), QComboBox(body)
        self.target_id.setEditable(True)
        for code in ("building", "compound", "grid", "point"):
            self.target_type.addItem(value_text("target_type", code), code)
        self.target_type.currentIndexChanged.connect(self._fill_target_ids)
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.target_type)
        row.addWidget(self.target_id, 1)
        return body

    def _fill_target_ids(self, *_) -> None:
        layer = TARGET_LAYERS.get(self.target_type.currentData())
        self.target_id.setEnabled(layer is not None)
        fill_ids(self.target_id, self.project[layer] if layer is not None else None)

    def _fill_providers(self, *_) -> None:
        layer = PROVIDER_LAYERS.get(self.widgets["provider_type"].currentData())
        fill_ids(self.widgets["provider_id"], self.project[layer] if layer is not None else None)

    def _categories(self) -> list:
        seen = [str(c) for c in self.project[self.layer].get("category", []) if not blank(c)]
        return list(dict.fromkeys([*LIST_CATEGORIES, *sorted(set(seen))]))

    # ------------------------------------------------------------ values
    def _load(self) -> None:
        row = dict(self.place)
        if self.item_id is not None:
            row = self.project[self.layer].loc[self.item_id].to_dict()
        if "provider_type" in self.widgets:
            self.widgets["provider_type"].currentIndexChanged.connect(self._fill_providers)
            self._fill_providers()
        if hasattr(self, "target_type"):
            kind = row.get("target_type") or ("point" if row.get("geometry") is not None else "building")
            self.target_type.setCurrentIndex(max(0, self.target_type.findData(kind)))
            self._fill_target_ids()
            target = row.get("target_id")
            if not blank(target):
                i = self.target_id.findData(target)
                self.target_id.setCurrentIndex(i) if i >= 0 else self.target_id.setEditText(str(target))
        for name, widget in self.widgets.items():
            value = row.get(name)
            if blank(value):
                continue
            if isinstance(widget, QDoubleSpinBox):
                widget.setValue(float(value))
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QComboBox):
                found = widget.findData(value)
                widget.setCurrentIndex(found) if found >= 0 else widget.setCurrentText(str(value))
            else:
                widget.setText(str(value))

    def values(self) -> dict:
        """Column -> value as the form says (blank text → None)."""
        out = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QDoubleSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                out[name] = widget.currentData()
            elif name in ("org_id", "provider_id"):
                out[name] = chosen_id(widget)
            else:
                text = (widget.currentText() if isinstance(widget, QComboBox) else widget.text()).strip()
                out[name] = text or None
        if hasattr(self, "target_type"):
            out.update(self._target_values())
        return out

    def _target_values(self) -> dict:
        kind = self.target_type.currentData()
        if kind == "point":
            return {"target_type": "point", "target_id": None}
        return {"target_type": kind, "target_id": chosen_id(self.target_id)}

    def geometry(self):
        """The free place chosen on the map (only for a point target)."""
        return self.place.get("geometry") if self.values().get("target_type") == "point" else None

    def changes(self) -> dict:
        """Only what differs from the stored item (for UpdateItem); all values for a new one."""
        values = self.values()
        if self.item_id is None:
            return values
        row = self.project[self.layer].loc[self.item_id]
        return {k: v for k, v in values.items() if not _same(row.get(k), v)}

    def check(self) -> str | None:
        """What the form itself can tell is wrong (dates), worded for the user; None when fine."""
        for name, kind in FIELDS[self.layer]:
            value = self.values().get(name) if kind.startswith("date") else None
            if value and not _valid_date(value):
                return self.tr("{field}不是有效日期（应为 YYYY-MM-DD）：{value}").format(
                    field=column_title(name), value=value)
        if not self.values().get("title"):
            return self.tr("请填写标题")
        return None

    def accept(self) -> None:
        problem = self.check()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()


def fill_ids(box: QComboBox, frame) -> None:
    """Offer the ids of ``frame`` as "id  name" (None: nothing), keeping what was typed or chosen."""
    kept = box.currentText()
    box.clear()
    if frame is not None:
        names = frame["name"] if "name" in frame.columns else None
        for id_ in frame.index:
            name = names[id_] if names is not None else None
            box.addItem(f"{id_}  {name}" if not blank(name) else str(id_), id_)
    box.setCurrentIndex(-1)
    box.setEditText(kept if box.findText(kept) >= 0 else "")


def chosen_id(box: QComboBox):
    """The id chosen in an id combo: the item's id, or the first word of what was typed."""
    text = box.currentText().strip()
    data = box.currentData()
    if data is not None and text == box.itemText(box.currentIndex()):
        return data
    return text.split()[0] if text else None


def _valid_date(text: str) -> bool:
    if not ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _same(old, new) -> bool:
    if blank(old) and blank(new):
        return True
    if isinstance(new, float) and not blank(old):
        try:
            return float(old) == new
        except (TypeError, ValueError):
            return False
    return old == new
