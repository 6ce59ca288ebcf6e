"""BarChart: a pyqtgraph PlotWidget of bars that knows which bar is where.

pyqtgraph's ``BarGraphItem`` has no click signal, so each chart records its
bars as rectangles in data coordinates with the (layer, id) they stand for;
a click on the plot is mapped to data coordinates and looked up
(:meth:`BarChart.bar_at`). :attr:`BarChart.barClicked` then carries the
layer and id, and the coverage feature selects that feature on the map.

A chart is drawn from plain data (:meth:`show_data`), so the same data can be
drawn again at slide size for export (:meth:`export_png`): a fresh chart with
a white background and large CJK fonts, rendered offscreen.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QTextOption

from .chart_legend import ChartLegend

#: Paul Tol's "bright" qualitative scheme (colour-blind safe).
BRIGHT = ("#4477AA", "#66CCEE", "#228833", "#CCBB44", "#EE6677", "#AA3377", "#BBBBBB")
SLIDE_SIZE = (1600, 900)


@dataclass(frozen=True)
class ChartLook:
    """Fonts and sizes of a chart: the dock's, or a slide's."""

    font_px: int = 12
    title_px: int = 14
    label_row_px: int = 16  # room a category label needs along the category axis
    min_font_px: int = 9  # category labels shrink down to this size before some are left out
    bar_label_px: int = 11
    legend_px: int = 11  # a size below the axes' lets a dock's legend of three fit one row


DOCK_LOOK = ChartLook()
SLIDE_LOOK = ChartLook(font_px=24, title_px=32, label_row_px=30, bar_label_px=20, legend_px=24,
                       min_font_px=18)


def cjk_font(px: int) -> QFont:
    from ..app import cjk_family

    font = QFont(cjk_family() or QFont().family())
    font.setPixelSize(px)
    return font


class BarChart(pg.PlotWidget):
    barClicked = Signal(str, object)  # layer, id

    def __init__(self, parent=None, look: ChartLook = DOCK_LOOK):
        self._category_axis = None
        super().__init__(parent, background="w")
        self.look = look
        self._category_px = look.font_px  # the category labels' size (see _thin_categories)
        self.data = None
        self._bars: list[tuple] = []  # (x0, y0, x1, y1, layer, id)
        self._categories: list[str] = []
        self.plotItem.layout.setContentsMargins(8, look.title_px // 2, look.font_px, 4)
        self.plotItem.setMenuEnabled(False)
        self.plotItem.hideButtons()
        for name in ("left", "bottom"):
            axis = self.plotItem.getAxis(name)
            axis.setTickFont(cjk_font(look.font_px))
            axis.setTextPen("#222222")
            axis.setPen("#666666")
        # room for the tick text at slide size (the axes are sized for the default font)
        self.plotItem.getAxis("bottom").setHeight(int(look.font_px * 3.2))
        # over the whole chart, not only the data area: a dock's long (English) title, limited
        # to the data area's width, widened the chart past its right edge instead of wrapping
        layout = self.plotItem.layout
        layout.removeItem(self.plotItem.titleLabel)
        layout.addItem(self.plotItem.titleLabel, 0, 0, 1, 3)
        self.scene().sigMouseClicked.connect(self._on_scene_click)
        # the data area also changes size when the legend moves in or out of the layout
        self.plotItem.vb.sigResized.connect(lambda _vb: self._fit_data_area())

    # ------------------------------------------------------------ drawing
    def show_data(self, data) -> None:
        """Draw ``data`` (what :meth:`data_from` returned); subclasses draw in :meth:`draw`."""
        self.data = data
        self.plotItem.clear()
        self._bars = []
        if data is not None:
            self.draw(data)
        self._fit_legend()

    def draw(self, data) -> None:
        raise NotImplementedError

    def set_title(self, text: str, note: str | None = None) -> None:
        """The chart's title; ``note`` (what the figures rest on) as a smaller second line."""
        # the family first: setTitle sizes the label from the item's font
        self.plotItem.titleLabel.item.setFont(cjk_font(self.look.title_px))
        if note:
            text = (f"{html.escape(text)}<br><span style='font-size:{self.look.font_px}px;"
                    f"color:#8a4b00'>{html.escape(note)}</span>")
        self.plotItem.setTitle(text, color="#222222", size=f"{self.look.title_px}px")
        centred = QTextOption(Qt.AlignmentFlag.AlignHCenter)  # the lines of a wrapped title
        self.plotItem.titleLabel.item.document().setDefaultTextOption(centred)
        self._fit_title()

    def _fit_title(self) -> None:
        """Wrap the title to the chart's width; its row as tall as its lines."""
        label = self.plotItem.titleLabel if self.plotItem is not None else None
        if label is None or not label.isVisible():
            return
        left, _top, right, _bottom = self.plotItem.layout.getContentsMargins()
        room = self.width() - left - right
        label.item.setTextWidth(-1)
        if label.item.boundingRect().width() > room > 0:
            label.item.setTextWidth(room)
        label.updateMin()
        # setTitle fixes the row at 30 px: a slide's title (or a note's second line) ran into the plot
        height = int(np.ceil(label.itemRect().height()))
        label.setMaximumHeight(height)
        self.plotItem.layout.setRowFixedHeight(0, height)

    def households_note(self, data) -> str | None:
        """The note "N 栋楼户数为估算，M 栋缺户数" for the shown rows, or None when neither."""
        estimated, blank = data.get("households_estimated", 0), data.get("households_blank", 0)
        if estimated <= 0 and blank <= 0:
            return None
        return self.tr("{estimated} 栋楼户数为估算，{blank} 栋缺户数").format(
            estimated=int(estimated), blank=int(blank))

    def shown_of_note(self, data, text: str) -> str | None:
        """``text`` with {n} shown and {total} rows when the chart shows only some of them."""
        total, shown = data.get("total", 0), len(data.get("ids", ()))
        return text.format(n=shown, total=f"{total:,}") if total > shown else None

    def add_legend(self, **options) -> ChartLegend:
        """The legend named bars join: outside the data area, or none when the chart is too small
        (:class:`gui.coverage.chart_legend.ChartLegend`); kept across redraws, as pyqtgraph's."""
        if self.plotItem.legend is None:
            options.pop("colCount", None)  # the legend picks its columns from the width it has
            self.plotItem.legend = ChartLegend(self.plotItem, cjk_font(self.look.legend_px),
                                               labelTextSize=f"{self.look.legend_px}px",
                                               labelTextColor="#222222", **options)
        return self.plotItem.legend

    def _fit_legend(self) -> None:
        legend = self.plotItem.legend if self.plotItem is not None else None
        if legend is None:
            return
        # the widget's size, not the plot item's: a legend in the layout is a minimum width of the
        # plot item, which then kept a narrowed chart as wide as its legend (cut off, never hidden)
        legend.fit(self.width(), self.height())
        # the view set the plot's geometry before the legend gave way: at least as wide as it was
        self.plotItem.setGeometry(self.range)
        # too small for a legend: hovering the chart names the colours
        self.setToolTip(legend.colour_key() if legend.placement == "hidden" and legend.items else "")

    def set_axis_label(self, name: str, text: str) -> None:
        axis = self.plotItem.getAxis(name)
        axis.setLabel(text, color="#222222")
        axis.label.setFont(cjk_font(self.look.font_px))

    def add_bars(self, rects, brushes, layer: str | None, ids, name: str | None = None):
        """Bars from (x0, y0, x1, y1) rectangles; remember them for clicks when ``layer``."""
        rects, brushes = np.asarray(rects, dtype=float).reshape(-1, 4), list(brushes)
        # one brush when all bars share it: the legend draws its sample from ``brush``
        paint = {"brush": brushes[0]} if len(set(brushes)) == 1 else {"brushes": brushes}
        item = pg.BarGraphItem(x0=rects[:, 0], y0=rects[:, 1], width=rects[:, 2] - rects[:, 0],
                               height=rects[:, 3] - rects[:, 1], pen=pg.mkPen("#FFFFFF", width=0.5),
                               name=name, **paint)
        self.plotItem.addItem(item)
        if layer is not None:
            self._bars.extend((*r, layer, id_) for r, id_ in zip(rects.tolist(), ids))
        return item

    def add_text(self, text: str, x: float, y: float, anchor=(0, 0.5), colour="#222222"):
        item = pg.TextItem(text, color=colour, anchor=anchor)
        item.setFont(cjk_font(self.look.bar_label_px))
        self.plotItem.addItem(item)
        item.setPos(x, y)
        return item

    def set_categories(self, axis_name: str, labels: list[str]) -> None:
        """Category labels at 0..n-1 along ``axis_name``; thinned when they would overlap."""
        self._category_axis, self._categories = axis_name, list(labels)
        self._thin_categories()

    def _thin_categories(self) -> None:
        """Every label when there is room; else every label smaller (down to the look's smallest
        size) when that makes them all fit (the planned chart's seven rows in a dock: a bar with no
        label says nothing); else every second, third ... label at full size (grids' names)."""
        if getattr(self, "_category_axis", None) is None or self.plotItem is None:
            return  # pyqtgraph resizes inside __init__ and close()
        axis = self.plotItem.getAxis(self._category_axis)
        span = max(1.0, self.plotItem.vb.height() if self._category_axis == "left" else self.plotItem.vb.width())
        n, look = len(self._categories), self.look
        need = look.label_row_px if self._category_axis == "left" else self._widest_label()
        px = look.font_px
        if n * need > span:
            smaller = max(look.min_font_px, int(look.font_px * span / (n * need)))
            px = smaller if n * need * smaller / look.font_px <= span else look.font_px
        step = max(1, int(np.ceil(n * need * px / look.font_px / span)))
        if px != self._category_px:
            self._category_px = px
            axis.setTickFont(cjk_font(px))
        axis.setTicks([[(i, t) for i, t in enumerate(self._categories) if i % step == 0], []])

    def _widest_label(self) -> float:
        longest = max((len(t) for t in self._categories), default=1)
        return longest * self.look.font_px * 1.05 + 8

    def _fit_data_area(self) -> None:
        """What depends on the data area's size in pixels (subclasses add to it)."""
        self._thin_categories()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_title()
        self._fit_legend()
        self._fit_data_area()

    # ------------------------------------------------------------ clicks
    def bar_at(self, x: float, y: float):
        """(layer, id) of the bar at data coordinates (x, y), or None."""
        for x0, y0, x1, y1, layer, id_ in self._bars:
            if min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1):
                return layer, id_
        return None

    def bar_centre(self, layer: str, id_):
        """Data coordinates of the middle of the first bar of (layer, id) (for tests, tours)."""
        for x0, y0, x1, y1, lay, i in self._bars:
            if lay == layer and i == id_:
                return (x0 + x1) / 2, (y0 + y1) / 2
        return None

    def click_data(self, x: float, y: float) -> None:
        """Act as a click at data coordinates (x, y)."""
        hit = self.bar_at(x, y)
        if hit is not None:
            self.barClicked.emit(*hit)

    def _on_scene_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        if not self.plotItem.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.plotItem.vb.mapSceneToView(event.scenePos())
        self.click_data(point.x(), point.y())

    # ------------------------------------------------------------ export
    def export_png(self, path, size=SLIDE_SIZE) -> bool:
        """Draw the current data again at slide size (white, large fonts) into ``path``.

        Written through the one atomic writer; False (nothing replaced) when
        the output guard refuses ``path`` (a folder, a device, a file that is
        not a PNG) or the image cannot be written.
        """
        from geo.output_guard import OutputRefused, check_output

        try:
            check_output(path, "png")
        except OutputRefused:
            return False
        chart = type(self)(look=SLIDE_LOOK)
        chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        chart.resize(*size)
        chart.show()
        chart.show_data(self.data)
        QCoreApplication.processEvents()
        chart._fit_data_area()
        image = chart.grab().toImage()
        chart.close()
        chart.deleteLater()
        from ..layout.writers import save_png

        return save_png(image, path)
