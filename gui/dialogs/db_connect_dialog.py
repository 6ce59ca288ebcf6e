"""File → 连接数据库…: the fields of a server project, never a stored password.

Host (a name, an address, or the folder of a local server's socket), port,
database, user and schema make the project URL (:func:`geo.postgis.url.build_url`);
they are remembered in QSettings for next time. The password field is
optional: left empty, libpq takes the password from ``~/.pgpass`` (or
``PGPASSWORD``); typed, it is kept in memory for this session only
(:mod:`geo.postgis.session_passwords`) and never written anywhere.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QSpinBox

from .form_dialog import finish_form

_SETTINGS = "database/"
_FIELDS = ("host", "database", "user", "schema")


class DbConnectDialog(QDialog):
    """Asks where the project is; :meth:`project_url` gives the URL once accepted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("DbConnectDialog")
        self.setWindowTitle(self.tr("连接数据库"))
        settings = QSettings()
        self.host = QLineEdit(settings.value(_SETTINGS + "host", "localhost"), self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(int(settings.value(_SETTINGS + "port", 5432)))
        self.database = QLineEdit(settings.value(_SETTINGS + "database", "gridatlas"), self)
        self.user = QLineEdit(settings.value(_SETTINGS + "user", ""), self)
        self.schema = QLineEdit(settings.value(_SETTINGS + "schema", "gridatlas"), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("留空则使用 ~/.pgpass"))
        form = QFormLayout()
        form.addRow(self.tr("主机"), self.host)
        form.addRow(self.tr("端口"), self.port)
        form.addRow(self.tr("数据库"), self.database)
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("模式"), self.schema)
        form.addRow(self.tr("密码"), self.password)
        note = QLabel(self.tr("密码只在本次运行中使用，不会保存。"), self)
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("DbConnectError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = finish_form(self, form, self.tr("连接"), self.tr("取消"), note, self.error)

    def project_url(self) -> str:
        """The URL of the fields (raises :class:`geo.messages.CodedError` for a bad schema name)."""
        from geo.postgis.url import build_url

        return build_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                         self.user.text().strip(), self.schema.text().strip())

    def accept(self) -> None:
        from geo.messages import CodedError
        from geo.postgis.session_passwords import remember
        from geo.postgis.url import parse_url

        try:
            url = self.project_url()
        except CodedError as exc:
            self.show_error(str(exc))
            return
        remember(parse_url(url).conninfo, self.password.text())
        self.password.clear()  # the widget does not keep it either
        settings = QSettings()
        for name in _FIELDS:
            settings.setValue(_SETTINGS + name, getattr(self, name).text().strip())
        settings.setValue(_SETTINGS + "port", self.port.value())
        self.url = url
        super().accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def ask_project_url(parent) -> str | None:
    """Show the dialog; the project URL when the user connects, else None."""
    dialog = DbConnectDialog(parent)
    return dialog.url if dialog.exec() == QDialog.DialogCode.Accepted else None
