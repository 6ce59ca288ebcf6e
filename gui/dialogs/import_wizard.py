"""The import wizard (文件 → 导入): file, preview, mapping, problems, commit, summary.

All decisions are made by :class:`geo.importing.session.ImportSession`; the
wizard shows it. Committing runs the session's one-transaction command and
pushes it on the undo stack the caller passes in, so 撤销 (Ctrl+Z) takes the
whole import back.

Hook it into the main window with::

    from gui.dialogs import open_import_wizard
    open_import_wizard(self, self.project, self.undo_stack)
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QMessageBox, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage)

from geo.importing.errors import ImportFileError
from geo.importing.preflight import ImportRefused
from geo.importing.report import fact_label
from geo.output_guard import check_output
from geo.schema import LAYERS
from gui.undo import run_and_push

from .import_pages import (FilePage, FrameModel, MappingPage, PreviewPage, reason_label,
                           table_view)


class ProblemsPage(QWizardPage):
    """The whole file validated: counts per reason, rejected rows, warnings, plan."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("检查结果"))
        self.setSubTitle(self.tr("全部数据已校验，尚未写入项目。被拒绝的行不会导入，"
                                 "可在最后一页导出到 Excel 修改后重新导入。"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("导入"))
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.reasons = QTableWidget(0, 2)
        self.reasons.setHorizontalHeaderLabels([self.tr("拒绝原因"), self.tr("行数")])
        self.reasons.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.reasons.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.rejected = FrameModel()
        top = QHBoxLayout()
        top.addWidget(self.reasons)
        top.addWidget(self.warnings)
        splitter = QSplitter(Qt.Orientation.Vertical)
        holder = QWidget()  # QSplitter takes widgets: the two lists share one
        holder.setLayout(top)
        splitter.addWidget(holder)
        splitter.addWidget(table_view(self.rejected))
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(splitter)
        self._ok = False

    def initializePage(self) -> None:
        session = self.wizard().session
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = session.dry_run()
        except ImportRefused as exc:
            QApplication.restoreOverrideCursor()
            outcome = self._ask_to_accept(session, exc)
            if outcome is None:
                return
        except (ImportFileError, ValueError) as exc:
            self._ok = False
            self.counts.setText(self.tr("无法导入：{error}").format(error=exc))
            return
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        self._ok = True
        self._show(outcome)
        self.completeChanged.emit()

    def _ask_to_accept(self, session, refusal):
        """The file looks wrong (location, offset, garbled text): say why and ask, as the
        command line's --accept-location / --accept-garbled would; None when declined."""
        reasons = "\n".join(f"• {m}" for m in (getattr(refusal, "findings", None) or [refusal]))
        answer = QMessageBox.question(self, self.tr("导入前检查"), self.tr(
            "这个文件看起来有问题：\n{reasons}\n\n建议返回上一步改正坐标系或编码。确认数据无误、仍要导入吗？")
            .format(reasons=reasons))
        if answer != QMessageBox.StandardButton.Yes:
            self._ok = False
            self.counts.setText(self.tr("无法导入：{error}").format(error=reasons))
            return None
        session.accept_location = session.accept_garbled = True
        try:
            return session.dry_run()
        except (ImportFileError, ValueError) as exc:
            self._ok = False
            self.counts.setText(self.tr("无法导入：{error}").format(error=exc))
            return None

    def _show(self, outcome) -> None:
        report, plan = outcome.report, outcome.plan
        self.counts.setText(self.tr(
            "共 {total} 行：可导入 {ok} 行（新增 {new}，更新 {upd}，无变化 {same}），"
            "拒绝 {bad} 行。").format(total=report.total, ok=report.imported,
                                     new=len(plan.inserted), upd=len(plan.updated),
                                     same=len(plan.unchanged), bad=report.rejected)
            + self._grid_note(plan))
        counts = report.reason_counts().most_common()
        self.reasons.setRowCount(len(counts))
        for row, (reason, count) in enumerate(counts):
            self.reasons.setItem(row, 0, QTableWidgetItem(reason_label(reason)))
            self.reasons.setItem(row, 1, QTableWidgetItem(str(count)))
        self.warnings.clear()
        notes = [self.tr("提示：{text}").format(text=w) for w in report.warnings]
        notes += [f"{fact_label(k)}: {v}" for k, v in report.facts.items() if k != "mapping"]
        self.warnings.addItems(notes or [self.tr("（没有提示）")])
        self.rejected.set_frame(report.rejected_frame())

    def _grid_note(self, plan) -> str:
        note = ""
        if plan.assigned:
            note += self.tr("\n{n} 栋新楼按所在网格自动归属。").format(n=len(plan.assigned))
        if plan.unassigned:
            note += self.tr("\n{n} 栋新楼不在任何网格内，暂不归属网格（可在地图上分配）。"
                            ).format(n=len(plan.unassigned))
        return note

    def isComplete(self) -> bool:
        return self._ok

    def validatePage(self) -> bool:
        """Commit: run the import as one undoable command."""
        wizard = self.wizard()
        plan = wizard.session.outcome.plan
        if plan.empty:
            return True
        try:
            run_and_push(wizard.undo_stack, wizard.project, plan.command)
        except Exception as exc:  # the transaction rolled back; the project is unchanged
            QMessageBox.critical(self, self.tr("导入失败"),
                                 self.tr("没有写入任何数据：{error}").format(error=exc))
            return False
        wizard.committed = True
        return True


class DonePage(QWizardPage):
    """What was imported, and the report export."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("导入完成"))
        self.setSubTitle(self.tr("导入已写入项目文件"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        export = QPushButton(self.tr("导出报告到 Excel…"))
        export.clicked.connect(self.export_report)
        self.exported = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(export, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.exported)
        layout.addStretch()

    def initializePage(self) -> None:
        outcome = self.wizard().session.outcome
        report, plan = outcome.report, outcome.plan
        self.summary.setText(self.tr(
            "{source} → {layer}\n新增 {new} 条，更新 {upd} 条，拒绝 {bad} 行。\n"
            "可用“编辑 → 撤销”撤回整个导入。").format(
                source=report.source, layer=LAYERS[report.layer].title_zh, new=len(plan.inserted),
                upd=len(plan.updated), bad=report.rejected))

    def export_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出导入报告"),
                                              "导入报告.xlsx", "Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        session = self.wizard().session
        try:  # masked (the default policy); never the project or the file being imported
            check_output(path, "xlsx", protect=[session.project.path, session.path])
            session.outcome.report.to_xlsx(path)
        except (OSError, ValueError) as exc:
            self.exported.setText(str(exc))
            return
        self.exported.setText(self.tr("报告已导出：{path}").format(path=path))


class ImportWizard(QWizard):
    """The wizard over an ImportSession; ``committed`` tells whether it wrote anything."""

    def __init__(self, project, undo_stack, parent=None):
        super().__init__(parent)
        self.project, self.undo_stack = project, undo_stack
        self.session = None  # set by the file page
        self.committed = False
        self.setWindowTitle(self.tr("导入数据"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.file_page, self.preview_page = FilePage(), PreviewPage()
        self.mapping_page, self.problems_page = MappingPage(), ProblemsPage()
        self.done_page = DonePage()
        for page in (self.file_page, self.preview_page, self.mapping_page,
                     self.problems_page, self.done_page):
            self.addPage(page)
        self.resize(900, 620)


def open_import_wizard(parent, project, undo_stack) -> bool:
    """Show the import wizard modally; True when something was imported.

    Parameters
    ----------
    parent : QWidget or None
    project : geo.project.Project
        The open project; the import is applied to it (and its file).
    undo_stack : QUndoStack
        The import is pushed here as one command.
    """
    wizard = ImportWizard(project, undo_stack, parent)
    wizard.exec()
    return wizard.committed
