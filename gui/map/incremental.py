"""Redrawing only what an edit changed: the dirty part of a frame, from the frame before it.

After an edit the canvas asks for the same view again. Most of the picture
is what it was; :func:`dirty_cells` compares what the new frame will draw
with what the last one drew (:class:`FrameRecord`) and returns the pixels
that can differ, as a mask of :data:`CELL`-pixel cells, or None when the two
frames differ in something global (the view, a style, the selection, the
line width the layer's median size decides, rows added or removed, any
station change): then the whole frame is drawn.

What can differ, per polygon layer:

* features whose geometry changed (old and new box);
* drawn as dots: features whose colour changed;
* drawn as paths, features whose outline changed: the joint box of the ring
  segments (as drawn, simplified to the frame's level) found in one frame
  and not the other. A pixel's fill depends on its winding number, which
  the changed segments alter only inside the loops they form (the common
  segments cancel out), inside that box; a stroke only along them;
* drawn as paths, features that changed chunk (one path per colour and
  Z-order block, see :class:`~.geometry.Chunking`). Features in one path
  share an antialiased edge where they touch, and chunks are drawn in order;
  so the old chunks are matched one to one with the new (most common
  members first, colours equal, order kept) and a feature whose chunk pair
  is not a match is redrawn. Two features that both kept a matched pair
  are in one path, or in the same order, in both frames;
* labels placed differently (the placement is computed in full for every frame,
  so a label pushed aside far from the edit is caught too).

Each box grows by the widest stroke's reach; the boxes mark cells of
:data:`CELL` pixels, whose connected groups become a few rectangles
(:meth:`DirtyCells.rects`). On a scratch image of the frame's size the renderer
draws the frame once per rectangle, clipped to it, leaving out what cannot reach
it; the rectangles are cut out as patches and laid over the last image
(:func:`lay_patches`, in place on the canvas's thread). A rectangular clip
keeps the pixels inside exact: Qt's raster engine
clips geometry against the device rectangle only, whatever the clip (so that
"line drawing produces the same results with different clips", as its
cosmetic stroker says), and applies the clip to the spans it produces.
A clip region of many rectangles would be exact too, but Qt tests every
antialiased line's one-pixel spans against it: 5x slower than the full frame.
``tests/test_paint_path_incremental.py`` compares incremental frames with fresh full renders pixel for pixel.
"""
from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter

from .geometry import ranges
from .polygon_painter import polygon_plan

#: Side of a dirty cell in pixels.
CELL = 16
#: At most this many clipped passes redraw a frame (more dirty areas are joined into bigger ones).
MAX_PASSES = 3
#: A change covering more of the frame than this share is drawn in full (the clip saves little).
FULL_SHARE = 0.6
#: Beyond this many reshaped features their whole boxes are redrawn, not their changed segments.
MAX_OUTLINES_COMPARED = 200


@dataclass
class LayerRecord:
    plan: tuple            # what the painter decided for the whole layer (see polygon_plan)
    layer: object          # the LayerSnapshot drawn
    cache: object          # its PolygonCache / PointCache
    classes: np.ndarray
    colours: tuple
    chunking: object = None   # drawn as paths: the Chunking and the chunks in view
    in_view: np.ndarray | None = None


@dataclass
class FrameRecord:
    """What one frame was drawn from; the next frame of the same view diffs against it."""

    view: object
    styles: tuple
    selection: dict
    scale: float
    background: str
    layers: dict
    labels: list
    image: object = None  # the QImage, once drawn
    display: object = None  # the image when it is opaque RGB32 (MapRenderer.new_image): a window blits it as it is
    dirty: object = field(default=None, repr=False)  # the DirtyCells it was drawn through (None: in full)
    keep_out: tuple = ()  # the boxes its labels kept clear of (MapRenderer.label_keep_out)
    #: drawn in part: [(QRect, QImage)] to lay over ``base``'s image (see lay_patches), until laid
    patches: list | None = field(default=None, repr=False)
    base: "FrameRecord | None" = field(default=None, repr=False)


def lay_patches(record: FrameRecord, image=None):
    """Make ``record`` (a frame drawn in part) whole: its patches laid over ``image``, by
    default its base frame's image, in place; returns that image, now the record's.

    In place on the thread that owns the image (the canvas's GUI thread): the render
    thread only draws the patches, and the frame is never copied whole."""
    image = record.base.image if image is None else image
    if record.patches:
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for rect, patch in record.patches:
            painter.drawImage(rect.topLeft(), patch)
        painter.end()
    record.patches = record.base = None  # the frame before it is let go
    return image


def record_layers(ctx, visible) -> dict:
    """name -> LayerRecord of the ``visible`` styles in ``ctx`` (a FrameContext)."""
    out = {}
    for style in visible:
        cache = ctx.scene.cache(style.name)
        classes, colours = ctx.scene.classes(style)
        if cache.kind == "point":
            out[style.name] = LayerRecord(("point", bool(style.service_fill)), ctx.scene.layers[style.name],
                                          cache, classes, tuple(colours))
            continue
        plan = polygon_plan(ctx, style)
        chunking = in_view = None
        if plan[0] == "paths":
            chunking = ctx.scene.chunking(style)
            in_view = chunking.visible(ctx.view.bbox)
        out[style.name] = LayerRecord(plan, ctx.scene.layers[style.name], cache, classes, tuple(colours),
                                      chunking, in_view)
    return out


def stroke_margin(layers: dict, scale: float) -> int:
    """Pixels beyond a feature's box its drawing may reach (widest outline, selection, antialiasing)."""
    widest = max([r.plan[2] for r in layers.values() if r.plan[0] == "paths"] + [1.0])
    return int(np.ceil((widest / 2 + 2.2) * scale)) + 3


def dirty_cells(previous: FrameRecord | None, new: FrameRecord):
    """The cells where ``new`` can differ from ``previous`` (a :class:`DirtyCells`), or None: draw in full."""
    if previous is None or previous.image is None:
        return None
    if (previous.view != new.view or previous.styles != new.styles or previous.scale != new.scale
            or previous.background != new.background or previous.selection != new.selection
            or previous.keep_out != new.keep_out
            or previous.layers.keys() != new.layers.keys()):
        return None
    if previous.image.width() != new.view.width or previous.image.height() != new.view.height:
        return None
    for r in new.layers.values():
        # scaled images (tinted service areas, dots several pixels wide): Qt steps their source
        # from where each clipped span starts, which may round a pixel differently
        if r.plan in (("point", True),) or (r.plan[0] == "dots" and r.plan[1] > 1):
            return None
    cells = DirtyCells(new.view, stroke_margin(new.layers, new.scale))
    for name, n in new.layers.items():
        o = previous.layers[name]
        if o.plan != n.plan:
            return None  # e.g. the median size moved the line width of every feature
        if n.plan[0] == "empty" or (n.layer is o.layer and n.classes is o.classes and n.colours == o.colours):
            continue
        if n.plan[0] == "point":
            return None  # service areas and symbols are composed for the whole frame: rare edits
        if len(n.layer) != len(o.layer) or (n.layer.ids is not o.layer.ids
                                           and not np.array_equal(n.layer.ids, o.layer.ids)):
            return None  # rows added or removed (a split, a merge): positions do not line up
        moved = _moved(o.layer, n.layer)
        if n.plan[0] == "dots":
            if n.colours == o.colours:
                recoloured = np.flatnonzero(n.classes != o.classes)
            else:
                recoloured = np.flatnonzero(np.asarray(n.colours, dtype=object)[n.classes]
                                            != np.asarray(o.colours, dtype=object)[o.classes])
            changed = np.union1d(moved, recoloured)
            cells.add_map_boxes(o.cache.bbox[changed])
            cells.add_map_boxes(n.cache.bbox[changed])
            continue
        movers = _chunk_movers(o, n)
        cells.add_map_boxes(o.cache.bbox[movers])
        cells.add_map_boxes(n.cache.bbox[movers])
        reshaped = np.setdiff1d(moved, movers)
        if len(reshaped) > MAX_OUTLINES_COMPARED:
            cells.add_map_boxes(o.cache.bbox[reshaped])
            cells.add_map_boxes(n.cache.bbox[reshaped])
        else:
            level = n.plan[1]
            for p in reshaped.tolist():
                cells.add_map_boxes(_changed_segments(o.cache.feature_rings(level, [p]),
                                                      n.cache.feature_rings(level, [p])))
    cells.add_label_boxes(_changed_labels(previous.labels, new.labels))
    cells.finish()
    if not cells.any():
        return cells
    if cells.share() > FULL_SHARE:
        return None
    return cells


def _moved(old, new) -> np.ndarray:
    """Positions whose geometry differs between two snapshots of a layer with the same rows."""
    if old.geoms is new.geoms:
        return np.empty(0, dtype=np.int64)
    since = new.changed_since(old.geoms)
    if since is not None:
        return np.asarray(since, dtype=np.int64)
    same = np.fromiter(map(operator.is_, old.geoms, new.geoms), dtype=bool, count=len(new.geoms))
    return np.flatnonzero(~same)


def _drawn_members(record):
    """(features, chunk of each) of the chunks in view, features ascending: what a frame drew of
    the layer, found from its chunks in view (never an array over the whole layer: a city's
    450,000 buildings, twice per edit)."""
    chunking, ks = record.chunking, record.in_view
    if not len(ks):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts, ends = chunking.start[ks], chunking.start[ks + 1]
    members = chunking.order[ranges(starts, ends)]
    chunk = np.repeat(ks, ends - starts)
    by = np.argsort(members, kind="stable")
    return members[by], chunk[by]


def _chunk_of(drawn, members, chunks) -> np.ndarray:
    """The chunk of each of ``drawn`` (ascending features) among ``members`` (-1: not drawn)."""
    of = np.full(len(drawn), -1, dtype=np.int64)
    of[np.searchsorted(drawn, members)] = chunks
    return of


def _chunk_movers(o: LayerRecord, n: LayerRecord) -> np.ndarray:
    """Positions of the features drawn in another chunk relation in ``n`` than in ``o`` (see the
    module doc): not drawn in both, or in a chunk pair that is not matched one to one."""
    if o.chunking is n.chunking and np.array_equal(o.in_view, n.in_view) and o.colours == n.colours:
        return np.empty(0, dtype=np.int64)
    old_members, old_chunks = _drawn_members(o)
    new_members, new_chunks = _drawn_members(n)
    drawn = np.union1d(old_members, new_members)  # positions drawn in either frame, ascending
    ko, kn = _chunk_of(drawn, old_members, old_chunks), _chunk_of(drawn, new_members, new_chunks)
    pairable = (ko >= 0) & (kn >= 0)
    old_colour = np.asarray(o.colours, dtype=object)[o.chunking.chunk_class[ko[pairable]]]
    new_colour = np.asarray(n.colours, dtype=object)[n.chunking.chunk_class[kn[pairable]]]
    pairable[pairable] = old_colour == new_colour
    width = len(n.chunking.chunk_class) + 1
    key = np.where(pairable, ko * width + kn, -1)
    pairs, counts = np.unique(key[pairable], return_counts=True)
    taken_old, taken_new, matched = set(), set(), []
    for pair in pairs[np.argsort(-counts, kind="stable")].tolist():
        a, b = divmod(pair, width)
        if a not in taken_old and b not in taken_new:
            taken_old.add(a)
            taken_new.add(b)
            matched.append((b, a))
    kept, last = [], -1
    for b, a in sorted(matched):  # drawing order kept: old chunk indexes rising with the new
        if a > last:
            kept.append(a * width + b)
            last = a
    return drawn[~np.isin(key, np.array(kept, dtype=np.int64))]


def _changed_segments(old_rings, new_rings) -> np.ndarray:
    """The box (map) of the ring segments drawn in one outline and not the other, as one.

    One box, not one per segment: a fill's winding number changes all over the area
    the changed segments enclose (they form closed loops: the unchanged ones are common),
    and that area lies inside their joint box."""
    old, new = _segments(*old_rings), _segments(*new_rings)
    old_count, new_count = Counter(map(tuple, old.tolist())), Counter(map(tuple, new.tolist()))
    diff = list(((old_count - new_count) + (new_count - old_count)).keys())
    if not diff:
        return np.empty((0, 4))
    d = np.array(diff, dtype=float)
    return np.array([[min(d[:, 0].min(), d[:, 2].min()), min(d[:, 1].min(), d[:, 3].min()),
                      max(d[:, 0].max(), d[:, 2].max()), max(d[:, 1].max(), d[:, 3].max())]])


def _segments(x, y, ring_start) -> np.ndarray:
    """(x0, y0, x1, y1, first, last) per segment of each ring: first and last segments are
    capped differently by Qt's cosmetic stroker, so they count as other segments."""
    if len(x) < 2:
        return np.empty((0, 6))
    ring_start = np.asarray(ring_start, dtype=bool)
    inside = ~ring_start[1:]  # segment i joins vertex i and i + 1 of one ring
    idx = np.flatnonzero(inside)
    first = ring_start[idx]
    ends = np.concatenate([ring_start[2:], [True]])  # the next segment starts a new ring (or none)
    last = ends[idx]
    return np.column_stack([x[idx], y[idx], x[idx + 1], y[idx + 1], first, last])


def _changed_labels(old: list, new: list) -> list:
    """Label sprites drawn in one frame and not the other, or drawn in another order."""
    old_set, new_set = set(old), set(new)
    changed = [e for e in old if e not in new_set] + [e for e in new if e not in old_set]
    # halos of neighbouring labels may overlap: the same labels in another order differ there
    kept_old = [e for e in old if e in new_set]
    kept_new = [e for e in new if e in old_set]
    changed += [e for a, b in zip(kept_old, kept_new) if a != b for e in (a, b)]
    return changed


class DirtyCells:
    """A mask of CELL-pixel cells over one view, grown from boxes (map metres or pixels)."""

    def __init__(self, view, margin_px: int):
        self.view, self.margin = view, margin_px
        self.rows, self.cols = -(-view.height // CELL), -(-view.width // CELL)
        self._boxes: list[np.ndarray] = []  # (n, 4) pixel boxes x0, y0, x1, y1 (exclusive ends)
        self.mask = None
        self._rects = None

    def _pixels(self, boxes: np.ndarray, margin: float) -> np.ndarray:
        v = self.view
        x0 = (boxes[:, 0] - v.cx) / v.mpp + v.width / 2 - margin
        x1 = (boxes[:, 2] - v.cx) / v.mpp + v.width / 2 + margin
        y0 = (v.cy - boxes[:, 3]) / v.mpp + v.height / 2 - margin
        y1 = (v.cy - boxes[:, 1]) / v.mpp + v.height / 2 + margin
        return np.column_stack([x0, y0, x1, y1])

    def add_map_boxes(self, boxes) -> None:
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        if len(boxes):
            self._boxes.append(self._pixels(boxes, self.margin))

    def add_label_boxes(self, labels) -> None:
        if labels:
            b = np.array([(x, y, x + w, y + h) for _t, _s, x, y, w, h in labels], dtype=float)
            self._boxes.append(b + np.array([-2.0, -2.0, 2.0, 2.0]))

    def _cell_ranges(self, boxes: np.ndarray):
        c0 = np.clip(np.floor(boxes[:, 0]) // CELL, 0, self.cols).astype(np.int64)
        c1 = np.clip(np.floor(boxes[:, 2]) // CELL + 1, 0, self.cols).astype(np.int64)
        r0 = np.clip(np.floor(boxes[:, 1]) // CELL, 0, self.rows).astype(np.int64)
        r1 = np.clip(np.floor(boxes[:, 3]) // CELL + 1, 0, self.rows).astype(np.int64)
        return r0, r1, c0, c1

    def finish(self) -> None:
        """Turn the boxes into the cell mask (a 2-D difference array, summed)."""
        diff = np.zeros((self.rows + 1, self.cols + 1), dtype=np.int32)
        if self._boxes:
            boxes = np.concatenate(self._boxes)
            boxes = boxes[np.isfinite(boxes).all(axis=1)]
            r0, r1, c0, c1 = self._cell_ranges(boxes)
            keep = (r1 > r0) & (c1 > c0)
            r0, r1, c0, c1 = r0[keep], r1[keep], c0[keep], c1[keep]
            np.add.at(diff, (r0, c0), 1)
            np.add.at(diff, (r0, c1), -1)
            np.add.at(diff, (r1, c0), -1)
            np.add.at(diff, (r1, c1), 1)
        self.mask = diff.cumsum(axis=0).cumsum(axis=1)[:self.rows, :self.cols] > 0

    def any(self) -> bool:
        return bool(self.mask.any())

    def rects(self) -> list[QRect]:
        """The dirty cells as a few rectangles (the boxes of their connected groups, merged
        where they overlap or when there are more than :data:`MAX_PASSES`); each is one
        clipped pass of the renderer."""
        if self._rects is not None:
            return self._rects
        boxes = cell_groups(self.mask)
        merged = True
        while merged and len(boxes) > 1:
            merged = False
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    a, b = boxes[i], boxes[j]
                    if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] or len(boxes) > MAX_PASSES:
                        boxes[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                        del boxes[j]
                        merged = True
                        break
                if merged:
                    break
        frame = QRect(0, 0, self.view.width, self.view.height)
        self._rects = [QRect(c0 * CELL, r0 * CELL, (c1 - c0) * CELL, (r1 - r0) * CELL).intersected(frame)
                       for c0, r0, c1, r1 in boxes]
        return self._rects

    def share(self) -> float:
        """The part of the frame the passes redraw."""
        area = sum(r.width() * r.height() for r in self.rects())
        return area / max(self.view.width * self.view.height, 1)


def cell_groups(mask) -> list[list[int]]:
    """The boxes ``[c0, r0, c1, r1]`` (ends exclusive) of the 4-connected groups of True cells,
    in the order of each group's first cell row by row (as ``scipy.ndimage.label`` numbers them).

    Not scipy: its first import (half a second) fell into the first edit's frame. Rows are cut
    into runs of True cells and runs that share a column with a run in the row above joined."""
    mask = np.asarray(mask, dtype=bool)
    rows, cols = mask.shape
    if not mask.any():
        return []
    padded = np.zeros((rows, cols + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    run_row, run_start = np.nonzero(step == 1)  # row-major: the i-th start and end are one run
    run_end = np.nonzero(step == -1)[1]
    first_run = np.searchsorted(run_row, np.arange(rows + 1)).tolist()
    starts, ends = run_start.tolist(), run_end.tolist()
    parent = list(range(len(starts)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(1, rows):
        i, i_end, j, j_end = first_run[r - 1], first_run[r], first_run[r], first_run[r + 1]
        while i < i_end and j < j_end:
            if starts[i] < ends[j] and starts[j] < ends[i]:
                a, b = root(i), root(j)
                if a != b:  # the earlier run roots the group: its first cell comes first
                    parent[max(a, b)] = min(a, b)
            if ends[i] <= ends[j]:
                i += 1
            else:
                j += 1
    boxes = {}
    for k, r in enumerate(run_row.tolist()):
        g = root(k)
        box = boxes.get(g)
        if box is None:
            boxes[g] = [starts[k], r, ends[k], r + 1]
        else:
            box[0], box[2], box[3] = min(box[0], starts[k]), max(box[2], ends[k]), r + 1
    return [boxes[g] for g in sorted(boxes)]


class RectCull:
    """What one clipped pass draws: features whose drawing may reach ``rect`` (pixels)."""

    def __init__(self, view, rect: QRect, margin_px: int):
        self.view, self.margin = view, margin_px
        self.box = (rect.left(), rect.top(), rect.left() + rect.width(), rect.top() + rect.height())

    def touches(self, map_boxes) -> np.ndarray:
        """Per map box (grown by the stroke margin): does it reach the rectangle?"""
        b, v, m = np.asarray(map_boxes, dtype=float).reshape(-1, 4), self.view, self.margin
        return self.touches_pixels((b[:, 0] - v.cx) / v.mpp + v.width / 2 - m,
                                   (v.cy - b[:, 3]) / v.mpp + v.height / 2 - m,
                                   (b[:, 2] - v.cx) / v.mpp + v.width / 2 + m,
                                   (v.cy - b[:, 1]) / v.mpp + v.height / 2 + m)

    def touches_pixels(self, x0, y0, x1, y1) -> np.ndarray:
        left, top, right, bottom = self.box
        return (np.asarray(x1) >= left - 1) & (np.asarray(x0) <= right + 1) \
            & (np.asarray(y1) >= top - 1) & (np.asarray(y0) <= bottom + 1)
