"""What a layout page holds: paper, resolution, texts, and where the map looks (no Qt).

Sizes are millimetres on paper; :meth:`LayoutSpec.px` turns them into device
pixels at the layout's dpi, the unit every drawing function of the composer
works in (a PNG pixel, a PDF device unit at ``dpi``, an SVG user unit).

Examples
--------
>>> LayoutSpec(paper="A4", orientation="portrait", dpi=300).page_pixels()
(2480, 3508)
>>> LayoutSpec(paper="A3", orientation="landscape", dpi=100).page_pixels()
(1654, 1169)
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace

from geo.messages import Message, language, register

# the page's default texts and footer, in the interface's (or --lang) language
register("layout.title", "{street}党建网格图", "{street} party-building grid map")
register("layout.date", "{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}")
register("layout.source", "数据来源：{file}　制图：GridAtlas", "Source: {file} · Map: GridAtlas")
register("layout.scale", "比例尺 1:{denominator}（{paper} 打印）", "Scale 1:{denominator} (printed on {paper})")

#: Paper name → (width, height) in millimetres, portrait (ISO 216).
PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ORIENTATIONS = ("portrait", "landscape")
FORMATS = ("png", "pdf", "svg")
#: Screen pixels per inch the map's style sizes are designed for (the renderer's scale 1).
SCREEN_DPI = 96.0
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LayoutSpec:
    """One page (or every page of an atlas): texts, paper and resolution."""

    title: str = ""
    subtitle: str = ""
    source: str = ""
    paper: str = "A4"
    orientation: str = "landscape"
    dpi: int = 300
    margin_mm: float = 12.0

    def __post_init__(self):
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"orientation must be portrait or landscape, not {self.orientation!r}")
        if not 30 <= self.dpi <= 1200:
            raise ValueError(f"dpi must be between 30 and 1200, not {self.dpi}")

    def page_mm(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)

    def px(self, mm: float) -> float:
        """Millimetres on paper → device pixels at :attr:`dpi`."""
        return mm * self.dpi / MM_PER_INCH

    def pt(self, points: float) -> int:
        """A font size in points → pixels at :attr:`dpi` (fonts are set in pixels everywhere)."""
        return max(1, round(points * self.dpi / 72.0))

    def page_pixels(self) -> tuple[int, int]:
        w, h = self.page_mm()
        return round(self.px(w)), round(self.px(h))

    @property
    def style_scale(self) -> float:
        """The renderer's style scale that makes the printed map look like the screen map."""
        return self.dpi / SCREEN_DPI

    def scale_denominator(self, mpp: float) -> float:
        """The map scale 1:N of a map drawn at ``mpp`` metres per device pixel."""
        return mpp / (MM_PER_INCH / 1000.0 / self.dpi)


@dataclass(frozen=True)
class LayoutPage:
    """One page: its texts and the metric extent its map shows.

    ``focus`` (layer, id) makes an atlas page: the feature is outlined and the
    map outside it veiled, so each community or grid stands out on its page.
    """

    title: str
    subtitle: str
    bounds: tuple[float, float, float, float]  # metric CRS of the scene
    focus: tuple[str, object] | None = None
    name: str = ""  # file name stem for one-file-per-page formats
    extra: dict = field(default_factory=dict)


def default_texts(project, spec: LayoutSpec, today: _dt.date | None = None) -> LayoutSpec:
    """Fill in an empty title, subtitle and source note from the project."""
    today = today or _dt.date.today()
    street = project.street_name or (project.path.stem if project.path else "")
    file_name = project.path.name if project.path else street
    lang = language()
    date = Message("layout.date", year=today.year, month=today.month, day=today.day)
    return replace(
        spec,
        title=spec.title or Message("layout.title", street=street).text(lang).strip(),
        subtitle=spec.subtitle or date.text(lang),
        source=spec.source or Message("layout.source", file=file_name).text(lang),
    )
