"""The project's rules: the figures that decide what counts as a gap.

They live in the project file's ``settings`` table as key/value text rows so
that QGIS users can read and edit them, and so that a later version can add a
key without a migration.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .messages import CodedError, register
from .schema import SCHEMA_VERSION

BAD_BAND = register("rules.bad_band", "网格户数范围 {low}-{high} 无效：下限须大于 0 且不大于上限",
                    "The household band {low}-{high} is not valid: the minimum must be above 0 "
                    "and not above the maximum")
NOT_POSITIVE = register("rules.not_positive", "规则 {key} 须大于 0（现为 {value}）",
                        "The rule {key} must be above 0 (it is {value})")
NOT_A_NUMBER = register("rules.not_a_number", "规则 {key} 的值不是数字：{text!r}",
                        "The rule {key} has a value that is not a number: {text!r}")


@dataclass(frozen=True)
class Rules:
    households_min: int = 300
    households_max: int = 500
    #: One central-household member links this many households (1:N).
    households_per_central: int = 10
    station_radius_m: float = 500.0
    #: Roles that count as grid staff ("一长N员"; cities differ).
    grid_head_roles: tuple[str, ...] = ("grid_head",)
    grid_staff_roles: tuple[str, ...] = ("grid_staff",)
    #: Member kinds counted in per-100-household figures.
    counted_member_kinds: tuple[str, ...] = ("registered", "in_service", "floating")
    schema_version: int = SCHEMA_VERSION

    def to_rows(self) -> list[tuple[str, str]]:
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            text = ",".join(value) if isinstance(value, tuple) else str(value)
            rows.append((f.name, text))
        return rows

    @classmethod
    def from_rows(cls, rows) -> "Rules":
        """Build from (key, value) rows; unknown keys are ignored, bad values raise CodedError."""
        values = {}
        known = {f.name: f for f in fields(cls)}
        defaults = cls()
        for key, text in rows:
            if key not in known:
                continue
            default = getattr(defaults, key)
            values[key] = _parse(key, text, default)
        rules = replace(defaults, **values)
        rules.validate()
        return rules

    def validate(self) -> None:
        """Raise :class:`geo.messages.CodedError` (a ValueError) naming the first bad rule."""
        if not (0 < self.households_min <= self.households_max):
            raise CodedError(BAD_BAND, low=self.households_min, high=self.households_max)
        for key in ("households_per_central", "station_radius_m"):
            if getattr(self, key) <= 0:
                raise CodedError(NOT_POSITIVE, key=key, value=getattr(self, key))

    def in_band(self, households: int) -> bool:
        return self.households_min <= households <= self.households_max


def _parse(key: str, text, default):
    text = "" if text is None else str(text).strip()
    try:
        if isinstance(default, tuple):
            return tuple(p.strip() for p in text.split(",") if p.strip())
        if isinstance(default, bool):
            return text.lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(float(text))
        if isinstance(default, float):
            return float(text)
    except ValueError:
        raise CodedError(NOT_A_NUMBER, key=key, text=text) from None
    return text
