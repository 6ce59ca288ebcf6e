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
