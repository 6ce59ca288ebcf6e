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
BAD_TIME_LIMIT = register("rules.bad_time_limit",
                          "规则 {key} 中“{part}”无效：应为“类别:天数”，天数大于 0，以逗号分隔（* 表示其他类别）",
                          "The rule {key} has a part \"{part}\" that is not valid: write \"category:days\" "
                          "with days above 0, separated by commas (* for every other category)")

#: Days a case may take, by category ("*" for every other category): 限时办结.
DEFAULT_CASE_TIME_LIMITS = (("矛盾纠纷", 7), ("环境卫生", 3), ("设施维修", 15), ("养老助餐", 7),
                            ("停车管理", 10), ("*", 15))


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
    #: Case time limits (限时办结) as (category, days) pairs; text "矛盾纠纷:7,…,*:15" in the file.
    case_time_limit_days: tuple[tuple[str, int], ...] = DEFAULT_CASE_TIME_LIMITS
    #: A need still open (待认领) after this many days is a gap.
    need_unmatched_days: int = 30
    schema_version: int = SCHEMA_VERSION

    def to_rows(self) -> list[tuple[str, str]]:
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "case_time_limit_days":
                text = format_time_limits(value)
            else:
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
        for key in ("households_per_central", "station_radius_m", "need_unmatched_days"):
            if getattr(self, key) <= 0:
                raise CodedError(NOT_POSITIVE, key=key, value=getattr(self, key))

    def in_band(self, households: int) -> bool:
        return self.households_min <= households <= self.households_max

    def case_limit_days(self, category) -> int:
        """Days a case of ``category`` may take: its own limit, else "*", else 15."""
        limits = dict(self.case_time_limit_days)
        return limits.get(category, limits.get("*", 15))


def _parse(key: str, text, default):
    text = "" if text is None else str(text).strip()
    if key == "case_time_limit_days":
        return parse_time_limits(text, key)
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


def parse_time_limits(text: str, key: str = "case_time_limit_days") -> tuple[tuple[str, int], ...]:
    """``"矛盾纠纷:7,*:15"`` → ``(("矛盾纠纷", 7), ("*", 15))``; a bad part raises CodedError.

    Full-width colons and commas (typed with a Chinese input method) are accepted.

    Examples
    --------
    >>> parse_time_limits("矛盾纠纷:7, *：15")
    (('矛盾纠纷', 7), ('*', 15))
    """
    text = str(text or "").replace("，", ",").replace("：", ":")
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        category, _, days = part.rpartition(":")
        try:
            number = int(days.strip())
        except ValueError:
            number = 0
        if not category.strip() or number <= 0:
            raise CodedError(BAD_TIME_LIMIT, key=key, part=part)
        pairs.append((category.strip(), number))
    return tuple(pairs)


def format_time_limits(pairs) -> str:
    """The settings text of (category, days) pairs (inverse of :func:`parse_time_limits`)."""
    return ",".join(f"{category}:{days}" for category, days in pairs)
