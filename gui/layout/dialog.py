"""File → Export → 地图排版…: choose texts, paper, extent and format; write the layout.

The map is drawn with the window's current cartography (the layers panel's
styles), over the current view or the whole street, or as an atlas of one
page per community or grid. Writing runs on the GUI thread behind a wait
cursor: a street's atlas takes seconds.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QSpinBox, QWidget)

from .spec import LayoutSpec, default_texts


class LayoutDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.files: list[Path] = []
        self.setWindowTitle(self.tr("地图排版"))
        defaults = default_texts(window.project, LayoutSpec())
        self.title_edit, self.subtitle_edit = QLineEdit(defaults.title), QLineEdit(defaults.subtitle)
        self.paper = self._combo([("A4", "A4"), ("A3", "A3")])
        self.orientation = self._combo([(self.tr("横向"), "landscape"), (self.tr("纵向"), "portrait")])
        self.dpi = QSpinBox(minimum=72, maximum=600, value=300, singleStep=50, suffix=" dpi")
        self.format = self._combo([("PDF", "pdf"), ("PNG", "png"), ("SVG", "svg")])
        self.extent = self._combo([(self.tr("当前视图"), "view"), (self.tr("全街道"), "all")])
        self.atlas = self._combo([(self.tr("单页"), None), (self.tr("每个社区一页（图集）"), "community"),
                                  (self.tr("每个网格一页（图集）"), "grid")])
        self.path_edit = QLineEdit(self._suggested_path())
        self._build()

    def _combo(self, items) -> QComboBox:
        box = QComboBox(self)
        for text, data in items:
            box.addItem(text, data)
        return box

    def _build(self) -> None:
        form = QFormLayout(self)
        browse = QPushButton(self.tr("浏览…"), self)
        browse.clicked.connect(self._browse)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.path_edit, 1)
        line.addWidget(browse)
        for label, widget in ((self.tr("标题"), self.title_edit), (self.tr("副标题"), self.subtitle_edit),
                              (self.tr("纸张"), self.paper), (self.tr("方向"), self.orientation),
                              (self.tr("分辨率"), self.dpi), (self.tr("范围"), self.extent),
                              (self.tr("分页"), self.atlas), (self.tr("格式"), self.format),
                              (self.tr("保存到"), row)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._fix_suffix)
        self.atlas.currentIndexChanged.connect(self._fix_suffix)

    def _suggested_path(self) -> str:
        project = self.window.project
        folder = project.path.parent if project.path else Path.home()
        return str(folder / f"{project.street_name or 'map'}_排版.pdf")

    def _fix_suffix(self) -> None:
        """A PNG/SVG atlas goes into a folder; everything else into a file of the format."""
        path = Path(self.path_edit.text())
        stem = path.with_suffix("") if path.suffix else path
        folder = self.atlas.currentData() and self.format.currentData() != "pdf"
        self.path_edit.setText(str(stem) if folder else f"{stem}.{self.format.currentData()}")

    def _browse(self) -> None:
        if self.atlas.currentData() and self.format.currentData() != "pdf":
            path = QFileDialog.getExistingDirectory(self, self.tr("选择图集文件夹"), self.path_edit.text())
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存排版"), self.path_edit.text())
        if path:
            self.path_edit.setText(path)
            self._fix_suffix()

    def spec(self) -> LayoutSpec:
        return LayoutSpec(title=self.title_edit.text().strip(), subtitle=self.subtitle_edit.text().strip(),
                          paper=self.paper.currentData(), orientation=self.orientation.currentData(),
                          dpi=self.dpi.value())

    def accept(self) -> None:
        if self.export():
            super().accept()

    def export(self) -> bool:
        """Write the layout as set up; False (after saying why) when it failed."""
        from ..app import cjk_family
        from .atlas import export_layout

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.files = export_layout(self.window.project, self.path_edit.text(), self.format.currentData(),
                                       self.spec(), atlas=self.atlas.currentData(), bounds=self._bounds(),
                                       styles=self.window.styles.snapshot(), family=cjk_family())
        except Exception as exc:  # shown with the file name, never raised into the event loop
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.critical(self, self.tr("排版导出失败"), self.tr("无法写入：\n{path}\n\n原因：{problem}")
                                 .format(path=self.path_edit.text(), problem=exc))
            return False
        QGuiApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage(self.tr("已导出 {n} 个文件").format(n=len(self.files)), 8000)
        return True

    def _bounds(self):
        """The current view in the project CRS, or None for the whole street."""
        if self.extent.currentData() != "view" or self.atlas.currentData():
            return None
        canvas = self.window.canvas
        x0, y0, x1, y1 = canvas.view.bbox
        xs, ys = canvas.scene.to_project.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
        return (min(xs), min(ys), max(xs), max(ys))
