"""The main window."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from geo.stats import counts


class MainWindow(QMainWindow):
    def __init__(self, project):
        super().__init__()
        self.project = project
        street = counts(project)["street"]
        self.setWindowTitle(self.tr("GridAtlas 党建网格一张图") + f" — {project.street_name}")
        label = QLabel(self.tr("{street}：{communities} 个社区，{grids} 个网格，{buildings} 栋楼，{households} 户，{members} 名党员")
                       .format(street=project.street_name, **street))
        self.setCentralWidget(label)
        self.statusBar().showMessage(str(project.path or ""))
        self.resize(1280, 800)
