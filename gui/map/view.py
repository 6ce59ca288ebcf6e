"""Where the map looks: a centre in metres, a scale, a size in pixels (no Qt).

Pixel y grows downwards and map y upwards; every conversion goes through
:class:`MapView` so the canvas, the renderer and the tools agree.

Examples
--------
>>> v = MapView(1000.0, 2000.0, 2.0, 100, 50)
>>> v.bbox
(900.0, 1950.0, 1100.0, 2050.0)
>>> v.to_map(0, 0)
(900.0, 2050.0)
>>> v.zoom_at(25, 25, 2.0).to_map(25, 25)
(950.0, 2000.0)
"""
from __future__ import annotations

from dataclasses import dataclass, replace

#: Zooming stops here: 1 cm per pixel in, 20 km per pixel out.
MIN_MPP, MAX_MPP = 0.01, 20000.0


@dataclass(frozen=True)
class MapView:
    cx: float
    cy: float
    mpp: float  # metres per pixel
    width: int
    height: int

    @classmethod
    def fit(cls, bounds, width: int, height: int, margin: float = 0.03) -> "MapView":
        """The view showing ``bounds`` (minx, miny, maxx, maxy) whole, with a margin."""
        minx, miny, maxx, maxy = bounds
        w, h = max(maxx - minx, 1e-6), max(maxy - miny, 1e-6)
        mpp = max(w / max(width, 1), h / max(height, 1)) * (1 + 2 * margin)
        return cls((minx + maxx) / 2, (miny + maxy) / 2, _clamp(mpp), int(width), int(height))

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        hw, hh = self.width * self.mpp / 2, self.height * self.mpp / 2
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        return (self.cx + (px - self.width / 2) * self.mpp,
                self.cy - (py - self.height / 2) * self.mpp)

    def to_pixel(self, x, y):
        """Works on scalars and numpy arrays alike."""
        return ((x - self.cx) / self.mpp + self.width / 2,
                (self.cy - y) / self.mpp + self.height / 2)

    def pan_pixels(self, dx: float, dy: float) -> "MapView":
        """Move the picture by (dx, dy) pixels (the map follows the mouse)."""
        return replace(self, cx=self.cx - dx * self.mpp, cy=self.cy + dy * self.mpp)

    def zoom_at(self, px: float, py: float, factor: float) -> "MapView":
        """Zoom in by ``factor`` (> 1 in) keeping the map point under (px, py) fixed."""
        x, y = self.to_map(px, py)
        mpp = _clamp(self.mpp / factor)
        return replace(self, mpp=mpp,
                       cx=x - (px - self.width / 2) * mpp, cy=y + (py - self.height / 2) * mpp)

    def resized(self, width: int, height: int) -> "MapView":
        return replace(self, width=int(width), height=int(height))


def _clamp(mpp: float) -> float:
    return min(max(mpp, MIN_MPP), MAX_MPP)
