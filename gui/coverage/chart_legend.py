"""ChartLegend: a chart's legend below the plot, never over the bars.

pyqtgraph anchors its legend over the view box; in the charts dock (a data
area of about 200 x 80 px) that covered most of the bars. This legend takes a
row of the plot item's own grid layout instead, so the data area shrinks to
make room (Excel and most dashboards put the legend there too):

* below the plot, its entries in as many columns as the width holds, when that
  leaves the plot most of the chart's height;
* else nowhere: the chart is too small for a legend, and
  :meth:`ChartLegend.colour_key` gives the colours for the chart's tooltip.
  (Beside the plot was tried: whenever a column of entries fitted there, a row
  fitted below.)

:meth:`ChartLegend.fit` chooses; the chart calls it when its size or its
entries change.
"""
from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QSizePolicy

#: The most of the chart's height the legend may take.
BELOW_SHARE = 0.25
#: A row of PlotItem's layout free of pyqtgraph's items (title, axes and view box fill rows 0-3):
#: spanning the axis column too, the legend is centred under the whole chart.
BELOW_CELL = (4, 0, 1, 3)


class SwatchSample(pg.GraphicsWidget):
    """A square of the bars' colour after a gap: the legend's grid has one column spacing, small to
    keep a swatch by its name, so the gap is what parts an entry from the one before it."""

    def __init__(self, item):
        super().__init__()
        self.item = item
        self.set_px(12)

    def set_px(self, px: int) -> None:
        self._px, self._gap = px, px * 2 // 3
        self.setMinimumSize(self._gap + px, px)
        self.setMaximumSize(self._gap + px, px)
        self.update()

    def boundingRect(self):
        return QRectF(0, 0, self._gap + self._px, self._px)

    def paint(self, painter, *args) -> None:
        painter.setPen(pg.mkPen("#FFFFFF", width=0.5))
        painter.setBrush(pg.mkBrush(self.item.opts.get("brush")))
        painter.drawRect(QRectF(self._gap, 0, self._px, self._px))


class ChartLegend(pg.LegendItem):
    """A legend in ``plot_item``'s layout, labels in ``font``; see the module for where it goes."""

    def __init__(self, plot_item: pg.PlotItem, font: QFont, **options):
        px = font.pixelSize()
        super().__init__(offset=None, frame=False, horSpacing=max(3, px // 3),
                         sampleType=SwatchSample, **options)
        self._plot, self._font = plot_item, font
        self.placement = "hidden"
        self.layout.setContentsMargins(0, px // 4, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setParentItem(plot_item)
        self.hide()

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        sample, label = self.items[-1]
        sample.set_px(self._font.pixelSize())
        label.item.setFont(self._font)  # the family first: setText sizes the label from it
        label.item.document().setDocumentMargin(1)  # Qt's 4 px each side: a row a third taller
        label.setText(label.text)

    def _addItemToLayout(self, sample, label) -> None:
        super()._addItemToLayout(sample, label)
        # here, as setColumnCount lays the entries out again and the grid forgets alignments
        self.layout.setAlignment(sample, Qt.AlignmentFlag.AlignVCenter)

    def updateSize(self) -> None:
        # pyqtgraph sets the geometry itself (a free-floating legend); here the plot's layout does
        self.updateGeometry()

    def hoverEvent(self, event) -> None:
        pass  # pyqtgraph's legend can be dragged about, which would tear it out of its cell

    def mouseDragEvent(self, event) -> None:
        event.ignore()

    # ------------------------------------------------------------ placement
    def fit(self, width: float, height: float) -> str:
        """Go below or nowhere for a plot item of ``width`` x ``height``; the placement."""
        left, _top, right, _bottom = self._plot.layout.getContentsMargins()
        placement, columns = self._choose(width - left - right, height) if self.items else ("hidden", 1)
        self.setColumnCount(columns)
        if placement != self.placement:
            if placement == "below":
                self._plot.layout.addItem(self, *BELOW_CELL)
                self._plot.layout.setAlignment(self, Qt.AlignmentFlag.AlignCenter)
            else:
                self._leave_layout()
            self.placement = placement
        self.setVisible(placement != "hidden")
        self.updateGeometry()
        return placement

    def _choose(self, width: float, height: float) -> tuple[str, int]:
        """Below in the most columns that fit ``width``, if those rows fit a share of ``height``."""
        for columns in range(len(self.items), 0, -1):
            size = self._size(columns)
            if size.width() <= width:
                return ("below" if size.height() <= BELOW_SHARE * height else "hidden"), columns
        return "hidden", 1

    def _size(self, columns: int):
        self.setColumnCount(columns)
        return self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)

    def _leave_layout(self) -> None:
        layout = self._plot.layout
        for i in range(layout.count()):
            if layout.itemAt(i) is self:
                layout.removeAt(i)
                break

    # ------------------------------------------------------------ without a legend
    def colour_key(self) -> str:
        """The entries as rich text, a swatch of each colour before its name (for a tooltip)."""
        rows = []
        for sample, label in self.items:
            colour = pg.mkBrush(sample.item.opts.get("brush")).color().name()
            rows.append(f"<span style='background-color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
                        f"&nbsp;{html.escape(label.text)}")
        return "<br>".join(rows)
