"""File → 新建项目: the street's name, the coordinate system, and where to keep the file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QFileDialog, QFormLayout, QLabel, QLineEdit, QMessageBox

from geo.messages import CodedError
from geo.new_project import create_project
from geo.store import ProjectError

from .form_dialog import finish_form

#: Coordinate systems a street's files usually come in (the data's own, kept as it is).
CRS_CHOICES = [("EPSG:4490", "CGCS2000 经纬度（国家标准）"), ("EPSG:4326", "WGS84 经纬度")]


class NewProjectDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("NewProjectDialog")
        self.setWindowTitle(self.tr("新建项目"))
        self.street = QLineEdit(self)
        self.street.setPlaceholderText(self.tr("例如：青年路街道"))
        self.crs = QComboBox(self)
        self.crs.setEditable(True)
        for code, label in CRS_CHOICES:
            self.crs.addItem(f"{code}  {label}", code)
        form = QFormLayout()
        form.addRow(self.tr("街道名称"), self.street)
        form.addRow(self.tr("坐标系"), self.crs)
        note = QLabel(self.tr("新项目是空的，不含示例数据。建好后先导入社区边界，再导入楼栋、网格、小区、服务站和党员花名册。"),
                      self)
        note.setWordWrap(True)
        finish_form(self, form, self.tr("选择保存位置…"), self.tr("取消"), note)

    def values(self) -> tuple[str, str]:
        data = self.crs.currentData()
        text = self.crs.currentText().split()[0] if self.crs.currentText().strip() else "EPSG:4490"
        return self.street.text().strip(), data if data and self.crs.currentText().startswith(data) else text


def ask_new_project(window) -> Path | None:
    """Ask, write the empty project and return its path (None when cancelled or refused)."""
    dialog = NewProjectDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    street, crs = dialog.values()
    path, _ = QFileDialog.getSaveFileName(window, QApplication.translate("NewProjectDialog", "新建项目"), f"{street or 'project'}.gpkg",
                                          QApplication.translate("NewProjectDialog", "GridAtlas 项目 (*.gpkg)"))
    if not path:
        return None
    path = Path(path if path.endswith(".gpkg") else path + ".gpkg")
    try:
        return create_project(path, street, crs)
    except (CodedError, ProjectError) as exc:
        QMessageBox.warning(window, QApplication.translate("NewProjectDialog", "新建项目"), str(exc))
        return None
