"""The layers panel: visibility, order, opacity and style of each map layer.

Everything here edits the canvas's :class:`gui.map.layer_style.LayerStack`
through its API; the canvas redraws on the stack's ``changed`` event. The
controls below the list apply to the selected layer and are refreshed from
the stack (never the other way round), so the panel cannot drift from what
is drawn.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel,
                               QListView, QListWidget, QListWidgetItem, QSlider, QStyle, QToolButton,
                               QVBoxLayout, QWidget)

from ..coverage.labels import figure_unit
from ..coverage.marks_legend import marks_legend
from ..map.layer_style import BY_GRID, BY_GRID_LAYERS, GRADUATED, SINGLE
from ..models.labels import column_title, layer_title
from ..models.layer_list_model import LayerListModel
from .base import RetranslatingDock


class LayersDock(RetranslatingDock):
    currentLayerChanged = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("LayersDock")
        self._project = self.stack = self.model = None
        self._refreshing = False
        self._remember = None  # the current layer, to restore after a reorder
        self._build()
        self.retranslate()

    def _build(self) -> None:
        body = QWidget(self)
        self.list = QListView(body)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setFixedHeight(5 * 21 + 8)  # the five map layers without a scroll bar
        self.up_button, self.down_button = QToolButton(body), QToolButton(body)
        self.up_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.down_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.opacity = QSlider(Qt.Orientation.Horizontal, body)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.mode_box, self.field_box = QComboBox(body), QComboBox(body)
        self.mode_box.currentIndexChanged.connect(self._on_style_chosen)
        self.field_box.currentIndexChanged.connect(self._on_style_chosen)
        self.service_fill = QCheckBox(body)  # stations: tint the service areas
        self.service_fill.toggled.connect(self._on_service_fill)
        self.legend_title = QLabel(body)  # the graduated field and its unit
        self.legend_title.setWordWrap(True)
        self.legend = QListWidget(body)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setMaximumHeight(110)
        self.marks_title = QLabel(body)
        self.marks = QListWidget(body)  # the key to the overlays (bands, gap markers, service areas)
        self.marks.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.marks.setMaximumHeight(112)
        self._lay_out(body)

    def _lay_out(self, body) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        self.form = QFormLayout()
        self.form_labels = [QLabel(body) for _ in range(3)]
        for label, widget in zip(self.form_labels, (self.opacity, self.mode_box, self.field_box)):
            self.form.addRow(label, widget)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        layout.addWidget(self.service_fill)
        layout.addWidget(self.legend_title)
        layout.addWidget(self.legend)
        layout.addWidget(self.marks_title)
        layout.addWidget(self.marks)
        self.overlay_toggles = QVBoxLayout()  # features' map overlays (add_overlay_toggle)
        layout.addLayout(self.overlay_toggles)
        layout.addStretch(1)
        self.setWidget(body)

    def add_overlay_toggle(self, action) -> QCheckBox:
        """A check box for a map overlay, kept in step with the checkable ``action`` (text, icon, state)."""
        box = QCheckBox(self.widget())
        box.setObjectName(f"overlay_toggle_{action.objectName()}")
        sync = lambda: (box.setText(action.text()), box.setIcon(action.icon()),  # noqa: E731
                        box.setChecked(action.isChecked()), box.setToolTip(action.toolTip()))
        sync()
        action.changed.connect(sync)
        action.toggled.connect(box.setChecked)
        box.toggled.connect(lambda on: action.isChecked() != on and action.trigger())
        self.overlay_toggles.addWidget(box)
        return box

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("图层"))
        self.up_button.setToolTip(self.tr("上移图层"))
        self.down_button.setToolTip(self.tr("下移图层"))
        for label, text in zip(self.form_labels, (self.tr("不透明度"), self.tr("样式"), self.tr("分级字段"))):
            label.setText(text)
        self.service_fill.setText(self.tr("填充服务站服务范围"))
        self.service_fill.setToolTip(self.tr("不勾选时服务范围只画细轮廓线，规划中的为虚线"))
        self.marks_title.setText(self.tr("地图标记"))
        self.marks.clear()
        for text, pixmap in marks_legend():
            self.marks.addItem(QListWidgetItem(QIcon(pixmap), text))
        self._refresh_controls()


    # ------------------------------------------------------------ stack
    def set_stack(self, stack, project) -> None:
        if self.model is not None:
            self.model.detach()
            self.stack.changed.disconnect(self._on_stack_changed)
        self._project, self.stack = project, stack
        self.model = LayerListModel(stack, self)
        self.list.setModel(self.model)
        stack.changed.connect(self._on_stack_changed)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.select_layer(stack.names()[0])

    def _on_current_changed(self, *_) -> None:
        self._refresh_controls()
        if self.current_layer():
            self.currentLayerChanged.emit(self.current_layer())

    def select_layer(self, name: str) -> None:
        self.list.setCurrentIndex(self.model.index(self.stack.names().index(name)))

    def current_layer(self) -> str | None:
        index = self.list.currentIndex()
        return self.model.name_at(index.row()) if index.isValid() and self.model else None

    def move_current(self, step: int) -> None:
        name = self.current_layer()
        if name is None:
            return
        self.stack.move(name, self.stack.names().index(name) + step)
        self.select_layer(name)

    def _on_stack_changed(self, name, what) -> None:
        if what == "order" and self._remember:
            self.select_layer(self._remember)  # the list was reset; keep the same layer current
        if name is None or name == self.current_layer():
            self._refresh_controls()

    # ------------------------------------------------------------ controls ← stack
    def _refresh_controls(self) -> None:
        name = self.current_layer()
        if name is None or self.stack is None:
            return
        self._remember = name
        style = self.stack[name]
        self._refreshing = True
        try:
            self.opacity.setValue(round(style.opacity * 100))
            self._fill_modes(name, style.mode)
            self._fill_fields(name, style)
            self.service_fill.setChecked(style.service_fill)
            self.service_fill.setVisible(name == "stations")
        finally:
            self._refreshing = False
        self._fill_legend(style)

    def _fill_modes(self, name: str, mode: str) -> None:
        self.mode_box.clear()
        self.mode_box.addItem(self.tr("单一颜色"), SINGLE)
        if name in BY_GRID_LAYERS:
            self.mode_box.addItem(self.tr("按网格着色"), BY_GRID)
        if self._numeric_fields(name) or mode == GRADUATED:
            self.mode_box.addItem(self.tr("按数值分级"), GRADUATED)
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(mode)))

    def _fill_fields(self, name: str, style) -> None:
        self.field_box.clear()
        for field in self._numeric_fields(name):
            self.field_box.addItem(column_title(field), field)
        drawn = style.graduated
        if drawn is not None and self.field_box.findData(drawn.field) < 0:
            # a coverage figure is drawn, not a column: show it as the style actually drawn
            self.field_box.addItem(drawn.title or drawn.field, drawn.field)
        if drawn is not None:
            self.field_box.setCurrentIndex(max(0, self.field_box.findData(drawn.field)))
        self.field_box.setEnabled(style.mode == GRADUATED)

    def _numeric_fields(self, name: str) -> list[str]:
        frame = self._project[name]
        return [c for c in frame.columns if c != "geometry" and frame[c].dtype.kind in "iuf"]

    def _fill_legend(self, style) -> None:
        self.legend.clear()
        graduated = style.graduated if style.mode == GRADUATED else None
        self.legend_title.setText(graduated.heading() if graduated is not None else "")
        self.legend_title.setVisible(graduated is not None)
        if style.mode == BY_GRID:
            entries = [(self.tr("每个网格一种颜色（相邻网格不同色）"), "#77AADD")]
        elif style.mode == GRADUATED and style.graduated is not None:
            entries = style.legend()
        else:
            entries = [(layer_title(style.name), style.colour if style.fill_alpha > 0 else style.outline)]
        for text, colour in entries:
            pixmap = QPixmap(16, 12)
            pixmap.fill(QColor(colour))
            self.legend.addItem(QListWidgetItem(QIcon(pixmap), text))

    # ------------------------------------------------------------ controls → stack
    def _on_opacity(self, value: int) -> None:
        if not self._refreshing and self.current_layer():
            self.stack.set_opacity(self.current_layer(), value / 100)

    def _on_service_fill(self, on: bool) -> None:
        if not self._refreshing and self.current_layer():
            self.stack.set_service_fill(self.current_layer(), on)

    def _on_style_chosen(self, *_) -> None:
        name = self.current_layer()
        if self._refreshing or name is None:
            return
        mode = self.mode_box.currentData()
        if mode == SINGLE:
            self.stack.set_single(name)
        elif mode == BY_GRID:
            self.stack.set_by_grid(name)
        elif mode == GRADUATED:
            fields = self._numeric_fields(name)
            field = self.field_box.currentData() or (fields[0] if fields else None)
            if field in fields:  # a coverage figure stays as the coverage view drew it
                self.stack.set_graduated(name, field, self._project[name][field].to_numpy(),
                                         title=column_title(field), unit=figure_unit(field))
        self._refresh_controls()

    def legend_texts(self) -> list[str]:
        return [self.legend.item(i).text() for i in range(self.legend.count())]
