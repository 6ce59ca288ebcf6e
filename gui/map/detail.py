"""How much the overlays show at the current scale, judged by the size of a grid on screen.

One rule for every overlay, so they thin out together as the user zooms out:
at grid scale everything is shown one by one, at street scale gap markers
are one per grid, at district scale the out-of-band outlines are left out
(hundreds of hatched outlines made the overview noise).
"""
from __future__ import annotations

#: Below this median grid size on screen (pixels) gap markers are one per grid, with a count.
AGGREGATE_BELOW_GRID_PX = 160.0
#: Below this median grid size on screen (pixels) out-of-band grids are not outlined.
BAND_OUTLINES_BELOW_GRID_PX = 30.0


def grid_pixels(canvas) -> float:
    """The median grid's size on screen in pixels (infinite when there are no grids)."""
    cache = canvas.scene.cache("grids")
    return cache.median_size / canvas.view.mpp if len(cache) else float("inf")


def aggregate_gap_markers(canvas) -> bool:
    return grid_pixels(canvas) < AGGREGATE_BELOW_GRID_PX


def show_band_outlines(canvas) -> bool:
    return grid_pixels(canvas) >= BAND_OUTLINES_BELOW_GRID_PX


#: Layers whose features are not drawn one by one once the median one is smaller than
#: :data:`HIDDEN_BELOW_PIXELS` image pixels: at a city's full extent its 450,000
#: buildings are under a pixel each, and dotting them cost reading and projecting them all
#: before the first frame (seconds, and a gigabyte) for a speckle under the grid fills.
SUBPIXEL_HIDDEN = ("buildings",)
HIDDEN_BELOW_PIXELS = 1.5


def hidden_at(name: str, median_size: float, mpp: float) -> bool:
    """Whether layer ``name``, its median feature ``median_size`` metres across, is left out
    of a frame of ``mpp`` metres per image pixel. Image pixels, not display ones: in
    presenter mode or print a feature of a screen pixel still covers several, and shows."""
    return name in SUBPIXEL_HIDDEN and median_size / mpp < HIDDEN_BELOW_PIXELS
