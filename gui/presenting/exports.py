"""File → Export: the interactive HTML map, the Excel report and the page layout dialog.

Every export is masked unless the user picks the full export *and* confirms
it; the written file then says so (the exporters put the policy's notice in
it). While presenter mode is on nothing is asked: exports are masked.
The chosen file passes the output guard (:mod:`geo.output_guard`): never the
open project, a folder or a device; a file of another kind only after a
confirmation.
The file dialog and the two questions are methods of their own so that
tests can replace them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from geo.masking import MASKED, FullDataNotConfirmed, resolve_policy
from geo.output_guard import OutputRefused, check_output


class ExportActions(QObject):
    """The three export entries of File → Export (地图排版 opens :mod:`gui.layout.dialog`)."""

    def __init__(self, window, presenter=None):
        super().__init__(window)
        self.window, self.presenter = window, presenter
        self.html, self.excel, self.layout = (QAction(window) for _ in range(3))
        self.html.triggered.connect(self.export_html)
        self.excel.triggered.connect(self.export_excel)
        self.layout.triggered.connect(self.open_layout_dialog)
        window.export_menu.addActions([self.html, self.excel, self.layout])
        self.retranslate()

    def retranslate(self) -> None:
        self.html.setText(self.tr("交互式网页地图(&H)…"))
        self.excel.setText(self.tr("Excel 报表(&X)…"))
        self.layout.setText(self.tr("地图排版(&L)…"))

    def set_enabled(self, enabled: bool) -> None:
        for action in (self.html, self.excel, self.layout):
            action.setEnabled(enabled)

    # ------------------------------------------------------------ questions (patched in tests)
    def choose_save_path(self, title: str, name_filter: str, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.window, title, suggested, name_filter)
        return path

    def ask_full(self) -> bool | None:
        """True for a full export, False for masked, None when cancelled."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("导出个人信息"),
                          self.tr("姓名、电话、身份证号默认脱敏导出。\n需要导出完整个人信息吗？"),
                          QMessageBox.StandardButton.Cancel, self.window)
        masked = box.addButton(self.tr("脱敏导出（推荐）"), QMessageBox.ButtonRole.AcceptRole)
        full = box.addButton(self.tr("完整导出…"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(masked)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is full else False if clicked is masked else None

    def confirm_full(self) -> bool:
        answer = QMessageBox.warning(
            self.window, self.tr("确认导出完整个人信息"),
            self.tr("文件将包含完整的姓名、电话和身份证号，并在文件中注明。\n请确认有权导出且不会外传。继续吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def policy(self):
        """The masking policy for one export, or None when the user cancelled."""
        if self._presenting():
            return MASKED  # presenter mode masks everything, exports included
        full = self.ask_full()
        if full is None:
            return None
        try:
            return resolve_policy(full=full, confirm=self.confirm_full)
        except FullDataNotConfirmed:
            return None

    # ------------------------------------------------------------ exports
    def _presenting(self) -> bool:
        return bool(self.presenter and self.presenter.active)

    def confirm_replace(self, reason: str) -> bool:
        """Ask before replacing a file of another kind (the GUI's ``--force``)."""
        answer = QMessageBox.warning(
            self.window, self.tr("替换文件"), self.tr("{reason}\n\n仍要替换它吗？").format(reason=reason),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _target(self, title, name_filter, suffix) -> Path | None:
        project = self.window.project
        stem = project.street_name or (project.path.stem if project.path else "gridatlas")
        start = (project.path.parent if project.path else Path.home()) / f"{stem}{suffix}"
        path = self.choose_save_path(title, name_filter, str(start))
        if not path:
            return None
        path = Path(path if path.lower().endswith(suffix) else path + suffix)
        return self._guarded(path, suffix.lstrip("."))

    def _guarded(self, path: Path, kind: str) -> Path | None:
        """``path`` if the output guard lets it be written (asking before replacing a
        file of another kind), else None after saying why."""
        project = self.window.project
        try:
            return check_output(path, kind, protect=[project.path] if project.path else [])
        except OutputRefused as exc:
            if exc.forceable and self.confirm_replace(str(exc)):
                return path
            if not exc.forceable:
                QMessageBox.critical(self.window, self.tr("导出失败"), str(exc))
            return None

    def export_html(self) -> Path | None:
        path = self._target(self.tr("导出交互式网页地图"), self.tr("网页 (*.html)"), ".html")
        policy = self.policy() if path else None
        if policy is None:
            return None
        return self._run(path, policy, self._write_html)

    def export_excel(self) -> Path | None:
        path = self._target(self.tr("导出 Excel 报表"), self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx")
        policy = self.policy() if path else None
        if policy is None:
            return None
        return self._run(path, policy, self._write_excel)

    def _write_html(self, path, policy) -> None:
        from geo.export.html_map import export_html_map
        from geo.export.project_map import project_layers
        from geo.export.vocabulary import map_title
        from geo.figures import project_figures
        from geo.messages import language

        project, lang = self.window.project, language()  # the app's language, set by gui.app
        layers = project_layers(project, project_figures(project), lang=lang)
        export_html_map(path, layers, title=map_title(project.street_name, lang), policy=policy,
                        lang=lang)

    def _write_excel(self, path, policy) -> None:
        from geo.export.report_xlsx import write_report
        from geo.messages import language

        write_report(path, self.window.project, self.window.coverage(), policy, lang=language())

    def _run(self, path, policy, write) -> Path | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write(path, policy)
        except Exception as exc:  # any failure is reported with the file name, never raised
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.critical(self.window, self.tr("导出失败"),
                                 self.tr("无法写入：\n{path}\n\n原因：{problem}").format(path=str(path), problem=exc))
            return None
        QGuiApplication.restoreOverrideCursor()
        note = self.tr("已脱敏") if policy.masked else self.tr("含完整个人信息")
        self.window.statusBar().showMessage(self.tr("已导出 {path}（{note}）").format(path=str(path), note=note), 8000)
        return path

    def open_layout_dialog(self) -> None:
        from ..layout.dialog import LayoutDialog

        LayoutDialog(self.window).exec()
