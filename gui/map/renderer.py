"""The map renderer: one view of a project into a QImage, for the canvas and for ``render``.

Usage::

    scene = MapScene(project)                # caches, built on first use
    renderer = MapRenderer(scene, family=cjk_family())
    image = renderer.render(MapView.fit(scene.bounds(), 1920, 1080), stack.snapshot(),
                            selection={"buildings": ("B1",)})

Layers are drawn bottom first by a painter chosen from :data:`PAINTERS` by the
cache kind (a registry, not an if-chain); then the selection; then labels of
all layers in priority order through one :class:`labels.LabelPlacer`, so no
two labels overlap and none sits on a station symbol. ``render`` only reads
a :class:`~.scene_snapshot.SceneSnapshot` (frozen on the GUI thread by
``scene.snapshot(styles)``), the frozen styles and the selection tuple it is
given, so it runs in a worker thread while the GUI thread goes on editing.
``render_frame`` (the canvas's) also returns a :class:`~.incremental.FrameRecord`
of what it drew; given the last one, it redraws only what changed. Labels are
placed for the whole frame first, then drawn, so both ways place them alike.

Style scale
-----------
``scale`` (the renderer's attribute, or ``render(..., scale=)`` for one frame)
multiplies every line width, symbol size, label font and halo, and the
pixel thresholds that decide what is drawn (dots, outlines, labels), which
are in *display* pixels. 1.0 is the screen; presenter mode uses ~1.8 so the
map reads from the back of a room; a print layout uses ``dpi / 96`` so a
300-dpi page looks like the screen map, only sharper.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QTransform

from .detail import SUBPIXEL_HIDDEN, hidden_at
from .incremental import FrameRecord, RectCull, dirty_cells, lay_patches, record_layers
from .labels import MAX_CANDIDATES, LabelPlacer, LabelStyle, SpriteCache, draw_placements, scaled
from .layer_style import BY_GRID, SINGLE
from .paths import polygons_path
from .point_painter import paint_selected_points, paint_stations, station_symbols, symbol_radius
from .polygon_painter import paint_polygons, paint_selected_polygons

BACKGROUND = "#F6F4EE"
PAINTERS = {"polygon": paint_polygons, "point": paint_stations}
SELECTED_PAINTERS = {"polygon": paint_selected_polygons, "point": paint_selected_points}

#: name → (label style, minimum feature size on screen in pixels), in priority order.
LABELS = {
    "communities": (LabelStyle(13, bold=True, colour="#4B2A7B", halo_width=4), 90),
    "grids": (LabelStyle(9.5, bold=True, colour="#1B2433", halo_width=3.5), 45),
    "stations": (LabelStyle(8.5, colour="#8B0A1A", anchor="right"), 0),
    "compounds": (LabelStyle(8, italic=True, colour="#6B5E45"), 70),
    "buildings": (LabelStyle(7, colour="#333333", halo_width=2.5), 45),
}
#: Stations are labelled only when their symbol is at least this big (pixels).
STATION_LABEL_SYMBOL = 5.0
#: Below this median grid size (display pixels) the layers coloured by grid are drawn in
#: one colour (the legend's): neighbours a few pixels wide cannot be told apart anyway,
#: and colouring a city's 50,000 grids (their adjacency) held its full view back ~10 s.
PLAIN_BY_GRID_BELOW_PIXELS = 6.0
PLAIN_BY_GRID_COLOUR = "#77AADD"


class PathCache:
    """Chunk paths in map coordinates, reused across frames until the scene changes
    (and, for a chunk whose features keep their geometries, across edits too)."""

    MAX_ELEMENTS = 8_000_000  # ~200 MB of path elements, then start again
    MAX_CHUNKS = 50_000  # chunk paths kept across edits (shared with _paths), then start again

    def __init__(self):
        self._paths: dict[tuple, QPainterPath] = {}
        self._by_content: dict[tuple, tuple] = {}  # (layer, level, features) -> (geometries, path)
        self._elements = 0
        self._version = None
        self._lock = threading.Lock()

    def get(self, style, cache, chunking, level: float, k: int) -> QPainterPath:
        key = (style.name, id(chunking), level, int(k))
        return self.built(key, lambda: self._chunk_path(style.name, cache, chunking.features(k), level))

    def group(self, style, cache, chunking, level: float, which: tuple, chunks) -> QPainterPath:
        """One path of several ``chunks`` (``which`` names the group within the chunking)."""
        key = (style.name, id(chunking), level, "group") + tuple(which)
        return self.built(key, lambda: self._chunk_path(
            style.name, cache, np.concatenate([chunking.features(int(k)) for k in chunks]), level))

    def _chunk_path(self, name, cache, features, level) -> QPainterPath:
        """The path of ``features``, kept across edits while they are the same geometries:
        after an edit a new chunking mostly cuts the same chunks, and redrawing a view
        should rebuild only the paths of the features that changed (or moved chunk)."""
        key = (name, level, features.tobytes())
        geoms = cache.geoms[features]
        with self._lock:
            found = self._by_content.get(key)
        if found is not None and len(found[0]) == len(geoms) and all(a is b for a, b in zip(found[0], geoms)):
            return found[1]
        path = polygons_path(*cache.feature_rings(level, features))
        with self._lock:
            if len(self._by_content) > self.MAX_CHUNKS:
                self._by_content.clear()
            self._by_content[key] = (tuple(geoms), path)
        return path

    def built(self, key, build):
        """The object cached under ``key``, else ``build()`` cached (paths, or lists of them)."""
        with self._lock:
            found = self._paths.get(key)
        if found is None:
            found = build()
            count = found.elementCount() if isinstance(found, QPainterPath) else sum(
                p.elementCount() for p in _paths_in(found))
            with self._lock:
                if self._elements > self.MAX_ELEMENTS:
                    self._paths.clear()
                    self._elements = 0
                self._paths[key] = found
                self._elements += count
        return found

    def __len__(self) -> int:
        return len(self._paths)

    def check_version(self, version) -> None:
        with self._lock:
            if version != self._version:
                self._paths.clear()
                self._elements = 0
                self._version = version


def _paths_in(obj):
    if isinstance(obj, QPainterPath):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from _paths_in(item)


@dataclass
class FrameContext:
    """What the painters of one frame share (``scene`` is the frame's SceneSnapshot)."""

    scene: object
    view: object
    painter: QPainter
    transform: QTransform
    paths: PathCache
    cancelled: Callable[[], bool]
    symbols: list = field(default_factory=list)
    scale: float = 1.0  # style scale: line widths, symbols and fonts (see the module doc)
    dirty: object = None  # in a frame redrawn in part, the RectCull of the pass (see .incremental)
    hidden: frozenset = frozenset()  # layers too small on screen to draw (see drawn_styles)
    keep_out: tuple = ()  # (x, y, w, h) image boxes no label may cover (see MapRenderer.label_keep_out)

    def reserve_symbols(self, px, py, r) -> None:
        self.symbols.append((np.asarray(px), np.asarray(py), float(r)))


def drawn_styles(snapshot, view, styles, scale: float) -> tuple:
    """``(visible, hidden)``: the visible ``styles``, bottom first, as this frame draws them
    (see :data:`PLAIN_BY_GRID_BELOW_PIXELS`), and the names of those left undrawn
    (:func:`.detail.hidden_at`, only over drawn grids: their fill says where the buildings
    are; alone, buildings stay as dots). The preview of an opening and the full canvas
    decide alike, so their frames stay equal."""
    visible = [s for s in reversed(styles) if s.visible and s.opacity > 0]
    if "grids" not in snapshot.layers or not any(s.name == "grids" for s in visible):
        return visible, frozenset()
    grids = snapshot.cache("grids")
    if not len(grids):
        return visible, frozenset()
    hidden = frozenset(s.name for s in visible if s.name in SUBPIXEL_HIDDEN and s.name in snapshot.layers
                       and hidden_at(s.name, snapshot.cache(s.name).median_size, view.mpp))
    if grids.median_size / view.mpp / scale < PLAIN_BY_GRID_BELOW_PIXELS:
        visible = [replace(s, mode=SINGLE, colour=PLAIN_BY_GRID_COLOUR) if s.mode == BY_GRID else s
                   for s in visible]
    return visible, hidden


def legend_styles(snapshot, view, styles, scale: float = 1.0) -> tuple:
    """The visible ``styles``, top first, as a frame of ``view`` draws them: what its legend
    lists. A layer coloured by grid that the frame fills in one colour shows that colour, and
    a layer left undrawn is left out (a city's full extent drew one blue under a legend of
    four grid colours and a buildings row)."""
    visible, hidden = drawn_styles(snapshot, view, styles, scale)
    return tuple(s for s in reversed(visible) if s.name not in hidden)


def view_transform(view) -> QTransform:
    """Map metres → image pixels (y flipped)."""
    s = 1.0 / view.mpp
    return QTransform(s, 0, 0, -s, view.width / 2 - view.cx * s, view.height / 2 + view.cy * s)


class MapRenderer:
    def __init__(self, scene, family: str | None = None, background: str = BACKGROUND,
                 scale: float = 1.0):
        self.scene = scene
        self.family = family
        self.background = background
        self.scale = scale  # read once per frame, so the GUI thread may change it between frames
        #: (x, y, w, h) boxes of the image that labels keep clear of: what is drawn over the map
        #: there (presenter mode's title and legend) would hide them. Read once per frame, as scale.
        self.label_keep_out: tuple = ()
        self.paths = PathCache()
        self.sprites = SpriteCache(family)
        self._label_picks: dict[str, tuple] = {}  # name -> (view key, arrays read, candidates)
        self._scratch: QImage | None = None  # incremental frames are drawn here (render_frame)

    def render(self, view, styles, selection=None, cancelled=lambda: False,
               scale: float | None = None, snapshot=None) -> QImage:
        """Draw ``view`` with ``styles`` (top first); returns an image (:meth:`new_image`).

        ``scale`` overrides :attr:`scale` for this frame (see the module doc).
        ``snapshot`` is the frozen scene to draw; without one it is taken here,
        which is right only on the thread that edits the project.
        """
        styles = tuple(styles)
        snapshot = snapshot if snapshot is not None else self.scene.snapshot(styles)
        image = self.new_image(view)
        painter = QPainter(image)
        try:
            self.paint(painter, view, styles, selection or {}, cancelled, scale, snapshot)
        finally:
            painter.end()
        return image

    def render_frame(self, view, styles, selection=None, cancelled=lambda: False, snapshot=None,
                     previous: FrameRecord | None = None, patches: bool = False):
        """``(image, FrameRecord)``: like :meth:`render`, but when ``previous`` (the record of
        the frame on screen) shows the same view, only the part that changed is drawn again
        (see :mod:`.incremental`); the pixels equal a full render.

        The changed part is drawn on a scratch image of this renderer and cut out as
        ``record.patches``. Without ``patches`` they are laid over a copy of the previous
        image here; with it the frame comes back as ``(None, record)`` and whoever owns the
        previous image lays them over it in place (:func:`~.incremental.lay_patches`, the
        canvas on its own thread): the whole frame is not copied per edit (~2 ms at
        1600 x 1000). A frame drawn in full comes back as an image either way."""
        styles = tuple(styles)
        snapshot = snapshot if snapshot is not None else self.scene.snapshot(styles)
        selection = {name: tuple(ids) for name, ids in (selection or {}).items() if len(ids)}
        self.paths.check_version(snapshot.version)
        ctx = FrameContext(snapshot, view, None, view_transform(view), self.paths, cancelled,
                           scale=float(self.scale), keep_out=tuple(self.label_keep_out))
        visible, ctx.hidden = drawn_styles(snapshot, view, styles, ctx.scale)
        for style in visible:  # the symbols the labels keep off, before anything is drawn
            if snapshot.cache(style.name).kind == "point":
                found = station_symbols(ctx, style)
                if found is not None:
                    ctx.reserve_symbols(*found)
        record = FrameRecord(view, styles, selection, ctx.scale, self.background,
                             record_layers(ctx, visible), self._place_labels(ctx, visible),
                             keep_out=ctx.keep_out)
        ctx.symbols = []
        record.dirty = dirty = dirty_cells(previous, record)
        if dirty is None:
            image = self.new_image(view)
            painter = QPainter(image)
            try:
                ctx.painter = painter
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                self._paint_frame(ctx, visible, selection, record.labels)
            finally:
                painter.end()
            return self._finished(image, record)
        record.patches = self._draw_patches(ctx, visible, selection, record, dirty, previous.image)
        record.base = previous
        if patches:
            return None, record
        image = previous.image.copy()
        lay_patches(record, image)
        return self._finished(image, record)

    def _draw_patches(self, ctx, visible, selection, record, dirty, like: QImage) -> list:
        """``[(QRect, QImage)]``: the frame drawn once per dirty rectangle, clipped to it, on the
        scratch image (of ``like``'s size and format; each rectangle filled with the background
        first), and cut out."""
        rects = dirty.rects() if dirty.any() else []
        if not rects:
            return []
        scratch = self._scratch_like(like)
        painter = QPainter(scratch)
        try:
            ctx.painter = painter
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for rect in rects:
                painter.save()
                painter.setClipRect(rect)
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
                painter.fillRect(rect, QColor(self.background))
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
                ctx.dirty, ctx.symbols = RectCull(ctx.view, rect, dirty.margin), []
                self._paint_frame(ctx, visible, selection, record.labels)
                painter.restore()
        finally:
            painter.end()
        return [(QRect(r), scratch.copy(r)) for r in rects]

    def _scratch_like(self, image: QImage) -> QImage:
        """This renderer's scratch image, of ``image``'s size and format (kept between frames:
        only the render thread draws on it, and only the dirty rectangles are read back)."""
        scratch = self._scratch
        if scratch is None or scratch.size() != image.size() or scratch.format() != image.format():
            scratch = self._scratch = QImage(image.size(), image.format())
        return scratch

    def new_image(self, view) -> QImage:
        """A blank frame of ``view``: opaque RGB32 over an opaque background, else premultiplied ARGB.

        A window's backing store is opaque: blitting premultiplied ARGB converts every
        pixel on every paint (2.7 ms a frame, measured), RGB32 is copied; and a frame
        drawn in RGB32 needs no conversion of its own after drawing (2 ms a frame)."""
        opaque = QColor(self.background).alpha() == 255
        image = QImage(view.width, view.height,
                       QImage.Format.Format_RGB32 if opaque else QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(self.background))
        return image

    def _finished(self, image, record):
        record.image = image
        if image.format() == QImage.Format.Format_RGB32:
            record.display = image  # see new_image
        return image, record

    def render_unlabelled(self, view, styles, scale: float | None = None, snapshot=None):
        """``(image, placements)``: the map as :meth:`render` draws it but without its labels,
        and where they go (``LabelPlacer.placements``, for :meth:`draw_labels`).

        For a page that draws over the map before its labels: an atlas page veils what lies
        outside its feature, and a label it veiled in part read as cut there.
        """
        styles = tuple(styles)
        snapshot = snapshot if snapshot is not None else self.scene.snapshot(styles)
        image = self.new_image(view)
        painter = QPainter(image)
        try:
            ctx, visible = self._context(painter, view, styles, lambda: False, scale, snapshot)
            self._paint_frame(ctx, visible, {}, [])
            # placed after the layers, as render places them: the stations reserve their symbols
            placements = self._place_labels(ctx, visible)
        finally:
            painter.end()
        return image, placements

    def draw_labels(self, painter: QPainter, placements) -> None:
        """Draw ``placements`` (see :meth:`render_unlabelled`) with this renderer's sprites."""
        draw_placements(painter, self.sprites, placements)

    def paint(self, painter: QPainter, view, styles, selection, cancelled, scale=None,
              snapshot=None) -> None:
        styles = tuple(styles)
        snapshot = snapshot if snapshot is not None else self.scene.snapshot(styles)
        ctx, visible = self._context(painter, view, styles, cancelled, scale, snapshot)
        self._paint_frame(ctx, visible, selection, None)

    def _context(self, painter, view, styles, cancelled, scale, snapshot):
        """``(FrameContext, visible styles)`` of one frame drawn in full on ``painter``."""
        self.paths.check_version(snapshot.version)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        ctx = FrameContext(snapshot, view, painter, view_transform(view), self.paths, cancelled,
                           scale=float(self.scale if scale is None else scale),
                           keep_out=tuple(self.label_keep_out))
        visible, ctx.hidden = drawn_styles(snapshot, view, styles, ctx.scale)
        return ctx, visible

    def _paint_frame(self, ctx, visible, selection, placements) -> None:
        """Layers bottom first, the selection, then the labels (``placements``: placed already)."""
        for style in visible:
            if ctx.cancelled():
                return
            PAINTERS[ctx.scene.cache(style.name).kind](ctx, style)
        self._paint_selection(ctx, visible, selection)
        if not ctx.cancelled():
            if placements is None:
                placements = self._place_labels(ctx, visible)
            elif ctx.dirty is not None and placements:  # one clipped pass: the labels that reach it
                x, y, w, h = np.array([p[2:] for p in placements], dtype=float).T
                hits = ctx.dirty.touches_pixels(x, y, x + w, y + h)
                placements = [p for p, hit in zip(placements, hits) if hit]
            draw_placements(ctx.painter, self.sprites, placements)

    def _paint_selection(self, ctx, visible, selection) -> None:
        for style in visible:
            ids = selection.get(style.name)
            if not ids:
                continue
            cache = ctx.scene.cache(style.name)
            positions = np.array([cache.position[i] for i in ids if i in cache.position], dtype=np.int64)
            if len(positions):
                SELECTED_PAINTERS[cache.kind](ctx, style.name, positions)

    def _place_labels(self, ctx, visible) -> list:
        """Where every label of the frame goes (nothing drawn yet): LabelPlacer.placements."""
        placer = LabelPlacer(None, ctx.view.width, ctx.view.height, self.sprites)
        if ctx.keep_out:
            # a label's sprite reaches beyond the text box the placer keeps clear by its halo
            pad = max(int(np.ceil(scaled(style, ctx.scale).halo_width / 2)) + 1 for style, _px in LABELS.values())
            for x, y, w, h in ctx.keep_out:
                placer.reserve(QRectF(x - pad, y - pad, w + 2 * pad, h + 2 * pad))
        for px, py, r in ctx.symbols:
            for x, y in zip(px.tolist()[:MAX_CANDIDATES], py.tolist()[:MAX_CANDIDATES]):
                placer.reserve(QRectF(x - r, y - r, 2 * r, 2 * r))
        shown = {s.name for s in visible if s.labels}
        for name, (style, min_px) in LABELS.items():
            if name in shown:
                self._label_layer(ctx, placer, name, scaled(style, ctx.scale), min_px * ctx.scale)
        return placer.placements

    def _label_candidates(self, name, cache, view, min_px) -> np.ndarray:
        """Features whose label may show in ``view``, biggest first (at most MAX_CANDIDATES).

        Kept while the view and the arrays it is read from are: an edit that moved
        buildings to another grid redraws the same view of the same outlines, and
        need not filter 450,000 label points again. A polygon's label point lies in
        its box, so only the big ones whose box meets the view have theirs looked up."""
        arrays = ((cache.radius,) if cache.kind == "point" else (cache.size, cache.area, cache.bbox)) + (
            cache.label_store,)
        key = (view.bbox, view.mpp, min_px)
        found = self._label_picks.get(name)
        if found is not None and found[0] == key and all(a is b for a, b in zip(found[1], arrays)):
            return found[2]
        b = view.bbox
        if cache.kind == "point":
            pick, order_key = np.arange(len(cache)), -cache.radius
        else:
            box = cache.bbox
            pick = np.flatnonzero((cache.size / view.mpp >= min_px) & (box[:, 2] >= b[0]) & (box[:, 0] <= b[2])
                                  & (box[:, 3] >= b[1]) & (box[:, 1] <= b[3]))
            order_key = -cache.area
        xy = cache.label_points(pick)
        x, y = xy[:, 0], xy[:, 1]
        pick = pick[(x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3])]
        pick = pick[np.argsort(order_key[pick], kind="stable")][:MAX_CANDIDATES]
        self._label_picks[name] = (key, arrays, pick)  # one entry per layer: replaced, not grown
        return pick

    def _label_layer(self, ctx, placer, name, style, min_px) -> None:
        cache, view = ctx.scene.cache(name), ctx.view
        offset = 0.0
        if cache.kind == "point":
            r = symbol_radius(view.mpp, ctx.scale)
            if r < STATION_LABEL_SYMBOL * ctx.scale:
                return
            offset = r + 3 * ctx.scale
        pick = self._label_candidates(name, cache, view, min_px)
        xy = cache.label_points(pick)
        px, py = view.to_pixel(xy[:, 0], xy[:, 1])
        placer.place(cache.label_text[pick].tolist(), px.tolist(), py.tolist(), style, offset)

