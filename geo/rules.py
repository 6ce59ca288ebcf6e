"""The project's rules: the figures that decide what counts as a gap.

They live in the project file's ``settings`` table as key/value text rows so
that QGIS users can read and edit them, and so that a later version can add a
key without a migration.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .schema import SCHEMA_VERSION


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
        """Build from (key, value) rows; unknown keys are ignored, bad values raise ValueError."""
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
        if not (0 < self.households_min <= self.households_max):
            raise ValueError(
                f"households band {self.households_min}-{self.households_max} is not a valid range")
        if self.households_per_central <= 0:
            raise ValueError("households_per_central must be positive")
        if self.station_radius_m <= 0:
            raise ValueError("station_radius_m must be positive")

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
        raise ValueError(f"setting {key!r} has a value that is not a number: {text!r}") from None
    return text
