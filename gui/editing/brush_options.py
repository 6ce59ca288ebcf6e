"""The brush's settings on the editing toolbar: target grid, radius, whole compounds.

The widgets mirror the session both ways: choosing here sets the session;
a target chosen elsewhere (balance panel, a new or split grid) shows here.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QListView, QSizePolicy, QSpinBox

from .grid_choices import GridChoices


class BrushOptionsBar(QObject):
    def __init__(self, toolbar):
        super().__init__(toolbar)
        self.session = None
        self.target_label = QLabel(toolbar)
        self.target_box = QComboBox(toolbar)
        self.target_box.setObjectName("edit_target_grid")
        self.target_box.setMinimumContentsLength(16)
        self.target_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.target_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # the grids as a model read row by row when shown: one item per grid took ~1 s at city scale
        self.choices = GridChoices(self)
        self.target_box.setModel(self.choices)
        view = self.target_box.view()
        view.setUniformItemSizes(True)  # the popup lays out 50,000 rows without asking each
        view.setLayoutMode(QListView.LayoutMode.Batched)  # ... and in steps, so it opens at once
        # a popup-style list (Fusion) measures every row before it opens (~4 s for 50,000 grids);
        # a scrolling list of maxVisibleItems rows measures only those
        self.target_box.setStyleSheet("QComboBox { combobox-popup: 0; }")
        self.radius_label = QLabel(toolbar)
        self.radius = QSpinBox(toolbar)
        self.radius.setObjectName("edit_brush_radius")
        self.radius.setRange(1, 2000)
        self.whole = QCheckBox(toolbar)
        for widget in (self.target_label, self.target_box, self.radius_label, self.radius, self.whole):
            toolbar.addWidget(widget)
        self.target_box.currentIndexChanged.connect(self._on_target_chosen)
        self.radius.valueChanged.connect(lambda v: self.session and self.session.set_radius(v))
        self.whole.toggled.connect(lambda on: self.session and self.session.set_whole_compounds(on))
        self.retranslate()

    def retranslate(self) -> None:
        self.target_label.setText(self.tr(" 目标网格 "))
        self.radius_label.setText(self.tr(" 画笔半径 "))
        self.radius.setSuffix(self.tr(" 米"))
        self.whole.setText(self.tr("整小区"))
        self.whole.setToolTip(self.tr("一次分配整个小区（“一小区一党支部”）"))
        self.target_box.setToolTip(self.tr("画笔、点选、框选和套索把楼栋分配到这个网格；只在该网格所在社区内生效"))
        self.choices.set_none_text(self.tr("（未选择）"))

    def set_session(self, session) -> None:
        self.session = session
        if session is None:
            self.target_box.blockSignals(True)
            self.choices.clear()
            self.target_box.blockSignals(False)
            return
        self.radius.setValue(int(session.radius_m))
        self.whole.setChecked(session.whole_compounds)
        session.targetChanged.connect(self.show_target)
        session.optionsChanged.connect(self._show_options)
        self.fill()

    def _show_options(self) -> None:
        for widget, value in ((self.radius, int(round(self.session.radius_m))),
                              (self.whole, self.session.whole_compounds)):
            widget.blockSignals(True)
            widget.setValue(value) if widget is self.radius else widget.setChecked(value)
            widget.blockSignals(False)

    def fill(self) -> None:
        """List the grids as 社区 / 网格 (id); keep the current target."""
        project = self.session.project
        self.target_box.blockSignals(True)
        self.choices.fill(project["grids"], project["communities"])
        self.target_box.blockSignals(False)
        self.show_target(self.session.target)

    def show_target(self, grid_id) -> None:
        self.target_box.blockSignals(True)
        self.target_box.setCurrentIndex(max(self.choices.row_of(grid_id), 0))
        self.target_box.blockSignals(False)

    def _on_target_chosen(self, _index) -> None:
        if self.session is not None:
            self.session.set_target(self.target_box.currentData())
