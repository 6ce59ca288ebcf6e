"""What each map layer looks like: plain data the layers panel edits and the canvas draws.

API (for the layers panel)
--------------------------
``stack = LayerStack.default()``
    The five map layers with the default cartography, top first.
``stack.names()`` → list of layer names, top first (drawing order is the reverse).
``stack[name]`` → the :class:`LayerStyle` (read it; change it through the stack).
``stack.set_visible(name, bool)``, ``stack.set_opacity(name, 0..1)``,
``stack.set_labels(name, bool)``, ``stack.move(name, new_index)``,
``stack.set_order(names)``
``stack.set_fill_alpha(name, 0..1)`` (the fill only; a choropleth needs a visible fill)
``stack.set_service_fill(name, bool)`` (stations: tint service areas, else outlines only)
``stack.set_single(name, colour)``, ``stack.set_by_grid(name)``,
``stack.set_graduated(name, field, values, classes=5, title="", unit="")``
    Style modes; ``set_graduated`` computes class breaks of ``values`` (the
    numeric column) that print distinctly (:mod:`.class_breaks`: fewer classes
    when the data has few distinct values) and a colour-blind-safe sequential
    ramp; ``title`` and ``unit`` head the legend ("每百户党员数（人/百户）").
``stack.changed`` (:class:`geo.events.Event`) fires ``(name, what)`` after every
change; ``what`` is one of ``"visible" "opacity" "labels" "order" "style"``.
The canvas redraws on it; the panel can listen too.
``style.legend()`` → ``[(label, "#rrggbb"), ...]`` for the panel's legend.

Everything here is plain Python (no Qt), so a render thread can take a
frozen copy (:meth:`LayerStack.snapshot`) while the panel keeps editing.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QCoreApplication

from geo.events import Event

from .class_breaks import class_breaks, decimals_of

SINGLE, BY_GRID, GRADUATED = "single", "by_grid", "graduated"
MODES = (SINGLE, BY_GRID, GRADUATED)
#: Which layers can be coloured by the grid they belong to.
BY_GRID_LAYERS = ("grids", "buildings", "compounds")
#: Paul Tol's YlOrBr sequential ramp (colour-blind safe, prints in grey).
SEQUENTIAL = ("#FFFFE5", "#FFF7BC", "#FEE391", "#FEC44F", "#FB9A29",
              "#EC7014", "#CC4C02", "#993404", "#662506")


@dataclass(frozen=True)
class Graduated:
    """A numeric field cut into classes: ``breaks`` are the k-1 inner class limits.

    ``title`` and ``unit`` head the legend (translated by whoever sets the
    style); ``low``/``high`` are the data's range, for a single class's label.
    """

    field: str
    breaks: tuple[float, ...]
    colours: tuple[str, ...]
    title: str = ""
    unit: str = ""
    low: float = float("nan")
    high: float = float("nan")

    def heading(self) -> str:
        """The legend title with its unit: "每百户党员数（人/百户）"."""
        title = self.title or self.field
        if not self.unit:
            return title
        return f"{title} ({self.unit})" if title.isascii() else f"{title}（{self.unit}）"

    def classify(self, values) -> np.ndarray:
        """Class index per value; missing values get -1."""
        values = np.asarray(values, dtype=float)
        out = np.searchsorted(np.asarray(self.breaks, dtype=float), values, side="right")
        return np.where(np.isnan(values), -1, out)

    def labels(self) -> list[str]:
        if not self.breaks:  # one class: the value (or range) it holds
            if self.low != self.low:
                return ["—"]
            d = decimals_of([self.low, self.high])
            low, high = _fmt(self.low, d), _fmt(self.high, d)
            return [low if self.low == self.high else f"{low} – {high}"]
        d = decimals_of(self.breaks)  # as many decimals as the breaks need, so no two labels match
        edges = [None, *self.breaks, None]
        out = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            if lo is None:
                out.append(f"< {_fmt(hi, d)}")
            elif hi is None:
                out.append(f"≥ {_fmt(lo, d)}")
            else:
                out.append(f"{_fmt(lo, d)} – {_fmt(hi, d)}")
        return out


def _fmt(v, decimals: int = 0) -> str:
    return f"{v:,.{decimals}f}"


def quantile_breaks(values, classes: int = 5) -> tuple[float, ...]:
    """Inner class limits at quantiles (duplicates merged for skewed data)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return ()
    qs = np.quantile(values, np.linspace(0, 1, classes + 1)[1:-1])
    return tuple(float(q) for q in np.unique(qs))


def ramp(n: int) -> tuple[str, ...]:
    """``n`` colours spread over the sequential ramp (light to dark)."""
    if n <= 0:
        return ()
    index = np.round(np.linspace(1, len(SEQUENTIAL) - 1, n)).astype(int) if n > 1 else [4]
    return tuple(SEQUENTIAL[i] for i in index)


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn. ``colour`` is the fill (single mode); ``outline`` the line."""

    name: str
    title: str
    visible: bool = True
    opacity: float = 1.0
    mode: str = SINGLE
    colour: str = "#BBBBBB"
    outline: str = "#555555"
    outline_width: float = 1.0
    fill_alpha: float = 1.0  # multiplies opacity for the fill only (outlines stay crisp)
    labels: bool = True
    graduated: Graduated | None = None
    #: Stations only: tint the service areas; off, they are thin outlines (a city of
    #: 500 m circles filled reads as one pink sheet over the grids).
    service_fill: bool = False

    def legend(self) -> list[tuple[str, str]]:
        if self.mode == GRADUATED and self.graduated is not None:
            return list(zip(self.graduated.labels(), self.graduated.colours))
        if self.mode == BY_GRID:
            return [(QCoreApplication.translate("Legend", "按网格着色"), "#77AADD")]
        return [(self.title, self.colour)]


def default_styles() -> list[LayerStyle]:
    """The default cartography, top first."""
    return [
        LayerStyle("stations", "党群服务站", colour="#C8102E", outline="#FFFFFF", outline_width=1.5),
        LayerStyle("communities", "社区", colour="#FFFFFF", outline="#6A3D9A", outline_width=3.5,
                   fill_alpha=0.0),
        LayerStyle("buildings", "楼栋", mode=BY_GRID, outline="#5A5A5A", outline_width=0.6,
                   labels=False),
        LayerStyle("compounds", "小区", colour="#FFFFFF", outline="#9C917A", outline_width=0.8,
                   fill_alpha=0.35),
        LayerStyle("grids", "网格", mode=BY_GRID, outline="#2E3B4E", outline_width=1.8,
                   fill_alpha=0.30),
    ]


class LayerStack:
    """The ordered layer styles (top first) plus a change event."""

    def __init__(self, styles: list[LayerStyle]):
        self._styles = {s.name: s for s in styles}
        self._order = [s.name for s in styles]
        self.changed = Event()  # (name, what)

    @classmethod
    def default(cls) -> "LayerStack":
        return cls(default_styles())

    def names(self) -> list[str]:
        return list(self._order)

    def __getitem__(self, name: str) -> LayerStyle:
        return self._styles[name]

    def __contains__(self, name: str) -> bool:
        return name in self._styles

    def __iter__(self):
        return (self._styles[n] for n in self._order)

    def snapshot(self) -> list[LayerStyle]:
        """Frozen styles, top first (the dataclasses are immutable, the list is a copy)."""
        return [self._styles[n] for n in self._order]

    def _set(self, name: str, what: str, **changes) -> None:
        new = replace(self._styles[name], **changes)
        if new != self._styles[name]:
            self._styles[name] = new
            self.changed.emit(name, what)

    def set_visible(self, name: str, visible: bool) -> None:
        self._set(name, "visible", visible=bool(visible))

    def set_opacity(self, name: str, opacity: float) -> None:
        self._set(name, "opacity", opacity=float(min(max(opacity, 0.0), 1.0)))

    def set_labels(self, name: str, labels: bool) -> None:
        self._set(name, "labels", labels=bool(labels))

    def set_service_fill(self, name: str, fill: bool) -> None:
        self._set(name, "style", service_fill=bool(fill))

    def set_fill_alpha(self, name: str, alpha: float) -> None:
        self._set(name, "style", fill_alpha=float(min(max(alpha, 0.0), 1.0)))

    def set_single(self, name: str, colour: str | None = None) -> None:
        self._set(name, "style", mode=SINGLE, colour=colour or self._styles[name].colour)

    def set_by_grid(self, name: str) -> None:
        if name not in BY_GRID_LAYERS:
            raise ValueError(f"layer {name!r} cannot be coloured by grid")
        self._set(name, "style", mode=BY_GRID)

    def set_graduated(self, name: str, field: str, values, classes: int = 5,
                      title: str = "", unit: str = "") -> None:
        values = np.asarray(values, dtype=float)
        breaks = class_breaks(values, classes)
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (np.nan, np.nan)
        graduated = Graduated(field, breaks, ramp(len(breaks) + 1), title, unit, low, high)
        self._set(name, "style", mode=GRADUATED, graduated=graduated)

    def move(self, name: str, index: int) -> None:
        order = [n for n in self._order if n != name]
        order.insert(max(0, min(index, len(order))), name)
        self.set_order(order)

    def set_order(self, names) -> None:
        names = list(names)
        if sorted(names) != sorted(self._order):
            raise ValueError("set_order needs every layer exactly once")
        if names != self._order:
            self._order = names
            self.changed.emit(None, "order")

    def copy(self) -> "LayerStack":
        return LayerStack(copy.copy(self.snapshot()))


__all__ = ["LayerStyle", "LayerStack", "Graduated", "SINGLE", "BY_GRID", "GRADUATED", "MODES",
           "class_breaks", "quantile_breaks", "ramp", "default_styles"]
