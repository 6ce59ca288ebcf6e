"""The pages of the import wizard. Each shows part of the wizard's ImportSession.

The decisions (mapping, validation, what committing changes) are made by
:class:`geo.importing.session.ImportSession`; a page only edits its settings
and shows its results. Pages reach the session as ``self.wizard().session``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton,
                               QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWizardPage)

from geo.export import vocabulary
from geo.importing.errors import ImportFileError
from geo.importing.session import TARGET_LAYERS, ImportSession
from geo.importing.reasons import kind_label
from geo.importing.vector import parse_crs_arg
from geo.messages import language
from geo.schema import LAYERS

FILE_FILTER = "GIS / 表格 (*.shp *.zip *.geojson *.json *.kml *.gpkg *.csv *.xlsx)"
#: Encodings offered besides "detected"; GB18030 is a superset of GBK/GB2312.
ENCODINGS = ["utf-8", "gb18030", "gbk", "big5", "latin-1"]


class FrameModel(QAbstractTableModel):
    """A read-only table over a DataFrame (previews, rejected rows)."""

    def __init__(self, frame: pd.DataFrame | None = None, parent=None):
        super().__init__(parent)
        self._frame = frame if frame is not None else pd.DataFrame()

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            value = self._frame.iat[index.row(), index.column()]
            return "" if value is None or (isinstance(value, float) and value != value) \
                else str(value)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return str(section + 1)


def table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    return view


#: Source fields the importer reads besides the layer's own columns.
_EXTRA_COLUMNS = {"x": QT_TRANSLATE_NOOP("ImportColumns", "经度/X"),
                  "y": QT_TRANSLATE_NOOP("ImportColumns", "纬度/Y"),
                  "address": QT_TRANSLATE_NOOP("ImportColumns", "地址"),
                  "org_name": QT_TRANSLATE_NOOP("ImportColumns", "党组织名称"),
                  "compound_name": QT_TRANSLATE_NOOP("ImportColumns", "小区名称")}


def column_label(layer: str, column: str) -> str:
    """A target column in the interface language, with its code (``姓名 (name)``)."""
    if column in _EXTRA_COLUMNS:
        text = QCoreApplication.translate("ImportColumns", _EXTRA_COLUMNS[column])
    else:
        text = vocabulary.column_label(column, language(), "members" if layer == "members" else None)
    return f"{text} ({column})"


def reason_label(kind: str) -> str:
    """A reason kind as the geo library counts it, worded in the interface language."""
    return kind_label(kind)


# ---------------------------------------------------------------- 1. file

class FilePage(QWizardPage):
    """Choose the file, the layer/sheet inside it and the target layer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("选择文件"))
        self.setSubTitle(self.tr("Shapefile（.shp/.zip）、GeoJSON、KML、GeoPackage、"
                                 "带坐标的 CSV/Excel，或党员花名册"))
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.source_combo = QComboBox()
        self.target_combo = QComboBox()
        for name in TARGET_LAYERS:
            self.target_combo.addItem(f"{LAYERS[name].title_zh}（{name}）", name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("文件："), row)
        form.addRow(self.tr("图层/工作表："), self.source_combo)
        form.addRow(self.tr("导入到："), self.target_combo)
        form.addRow(self.message)
        self.path_edit.editingFinished.connect(self.file_chosen)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的文件"), "",
                                              FILE_FILTER)
        if path:
            self.path_edit.setText(path)
            self.file_chosen()

    def file_chosen(self) -> None:
        """Offer the layers/sheets of the file and a likely target layer."""
        path = Path(self.path_edit.text().strip())
        self.source_combo.clear()
        self.message.clear()
        if not path.is_file():
            return
        try:
            options = ImportSession(self.wizard().project, path).source_options()
        except ImportFileError as exc:
            self.message.setText(str(exc))
            return
        for name in options:
            self.source_combo.addItem(name, name)
        self.source_combo.setEnabled(bool(options))
        if path.suffix.lower() in (".xlsx", ".csv"):
            self.target_combo.setCurrentIndex(TARGET_LAYERS.index("members"))

    def validatePage(self) -> bool:
        path = Path(self.path_edit.text().strip())
        session = ImportSession(self.wizard().project, path, self.target_combo.currentData())
        session.source_layer = self.source_combo.currentData()
        try:
            session.headers()
        except (ImportFileError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("无法读取文件"), str(exc))
            return False
        self.wizard().session = session
        return True


# ---------------------------------------------------------------- 2. preview

class PreviewPage(QWizardPage):
    """The first rows, decoded with the chosen encoding; the source CRS."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("预览、编码与坐标系"))
        self.setSubTitle(self.tr("中文显示为乱码时请换一种编码；高德/腾讯坐标选 GCJ-02，"
                                 "百度坐标选 BD-09"))
        self.encoding_combo = QComboBox()
        self.encoding_combo.addItem(self.tr("自动识别"), None)
        for codec in ENCODINGS:
            self.encoding_combo.addItem(codec.upper(), codec)
        self.crs_combo = QComboBox()
        self.crs_combo.setEditable(True)
        for label, value in [(self.tr("文件自带（.prj）"), None),
                             ("EPSG:4490 CGCS2000", "EPSG:4490"), ("EPSG:4326 WGS84", "EPSG:4326"),
                             (self.tr("GCJ-02（高德/腾讯）"), "gcj02"),
                             (self.tr("BD-09（百度）"), "bd09")]:
            self.crs_combo.addItem(label, value)
        self.detected = QLabel()
        self.model = FrameModel()
        form = QFormLayout()
        form.addRow(self.tr("编码："), self.encoding_combo)
        form.addRow(self.tr("坐标系："), self.crs_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.detected)
        layout.addWidget(table_view(self.model))
        self.encoding_combo.currentIndexChanged.connect(self.refresh)

    def initializePage(self) -> None:
        members = self.wizard().session.layer == "members"
        self.crs_combo.setEnabled(not members)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the first rows with the chosen encoding (the live mojibake check)."""
        session = self.wizard().session
        session.encoding = self.encoding_combo.currentData()
        try:
            self.model.set_frame(session.preview())
            found = session.detected()
        except (ImportFileError, ValueError) as exc:
            self.detected.setText(str(exc))
            return
        self.detected.setText(self.tr("识别结果：编码 {enc}；坐标系 {crs}").format(
            enc=found["encoding"] or "-", crs=found["crs"] or self.tr("无")))

    def crs_choice(self) -> str | None:
        text = self.crs_combo.currentText().strip()
        index = self.crs_combo.findText(text)
        return self.crs_combo.itemData(index) if index >= 0 else text

    def validatePage(self) -> bool:
        try:
            self.wizard().session.crs = parse_crs_arg(self.crs_choice())
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("坐标系无效"), str(exc))
            return False
        return True


# ---------------------------------------------------------------- 3. mapping

class MappingPage(QWizardPage):
    """Which source field feeds which project column (pre-filled with guesses)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("字段对应"))
        self.setSubTitle(self.tr("已按字段名自动匹配，可逐项修改；选“不导入”则忽略该字段"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("源字段"), self.tr("示例值"),
                                              self.tr("项目字段")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self).addWidget(self.table)
        self.combos: dict[str, QComboBox] = {}

    def initializePage(self) -> None:
        session = self.wizard().session
        headers, sample = session.headers(), session.preview(1)
        self.table.setRowCount(len(headers))
        self.combos = {}
        for row, header in enumerate(headers):
            value = sample[header].iloc[0] if len(sample) else ""
            self.table.setItem(row, 0, QTableWidgetItem(header))
            self.table.setItem(row, 1, QTableWidgetItem(str(value)))
            combo = QComboBox()
            combo.addItem(self.tr("（不导入）"), None)
            for target in session.targets():
                combo.addItem(column_label(session.layer, target), target)
            combo.currentIndexChanged.connect(lambda _i, h=header: self._changed(h))
            self.combos[header] = combo
            self.table.setCellWidget(row, 2, combo)
        self._show_mapping()

    def _changed(self, header: str) -> None:
        self.wizard().session.set_target(header, self.combos[header].currentData())
        self._show_mapping()

    def _show_mapping(self) -> None:
        mapping = self.wizard().session.mapping()
        for header, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(header)), 0))
            combo.blockSignals(False)

    def choose(self, header: str, target: str | None) -> None:
        """Pick ``target`` for ``header`` as the user would (tests use this)."""
        combo = self.combos[header]
        combo.setCurrentIndex(max(combo.findData(target), 0))
