"""Exporting a plan's assignment (building_id,grid_id) and importing one back, with a report.

The import never moves anything silently: unknown building and grid ids,
repeated and conflicting rows are listed (line numbers included) before the
user applies the moves, which then are one undo step.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from geo.editing.assignment_csv import export_assignment, import_assignment
from geo.output_guard import OutputRefused, check_output

MAX_LISTED = 50


class AssignmentCsv(QObject):
    def __init__(self, window, session_getter):
        super().__init__(window)
        self.window, self._session = window, session_getter
        self.last_box = None  # the report box shown last (for tests and screenshots)

    def export(self, plan_id=None) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("导出楼栋分配"), "assignment.csv",
                                              self.tr("CSV 文件 (*.csv)"))
        if not path:
            return False
        path = path if path.lower().endswith(".csv") else path + ".csv"
        project = self._session().project
        try:
            check_output(path, "csv", protect=[project.path] if project.path else [])
            export_assignment(project, path, plan_id)
        except (OSError, OutputRefused) as exc:  # refused by the output guard, or unwritable
            QMessageBox.critical(self.window, self.tr("导出失败"), self.tr("无法写入：\n{path}\n\n原因：{problem}")
                                 .format(path=path, problem=exc))
            return False
        self.window.statusBar().showMessage(self.tr("已导出楼栋分配：{path}").format(path=path), 8000)
        return True

    def import_(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("导入楼栋分配"), "",
                                              self.tr("楼栋分配表 (*.csv *.xlsx)"))
        if not path:
            return False
        session = self._session()
        try:
            command, report = import_assignment(session.project, path, balance=session.balance)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self.window, self.tr("导入失败"), self.tr("无法读取：\n{path}\n\n原因：{problem}")
                                 .format(path=path, problem=exc))
            return False
        if not self.confirm(report):
            return False
        return session.run(command, self.tr("导入楼栋分配（{n} 栋）").format(n=len(report.moves)))

    def confirm(self, report) -> bool:
        """Show what the file holds; True when there are moves and the user applies them."""
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("导入楼栋分配"))
        box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning)
        box.setText(self.summary(report))
        details = self.details(report)
        if details:
            box.setDetailedText(details)
        if report.moves:
            box.setStandardButtons(QMessageBox.StandardButton.Apply | QMessageBox.StandardButton.Cancel)
            box.setInformativeText(self.tr("应用这些调整吗？（可撤销）"))
        else:
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.last_box = box
        answer = box.exec()  # shown even when nothing moves: the user learns why
        return bool(report.moves) and answer == QMessageBox.StandardButton.Apply

    def summary(self, report) -> str:
        return self.tr("{moves} 栋楼将调整网格，{same} 栋不变；未知楼栋 {ub} 个，未知网格 {ug} 个，"
                       "重复行 {dup} 行，冲突行 {conf} 行，空行 {blank} 行。").format(
            moves=len(report.moves), same=report.unchanged, ub=len(report.unknown_buildings),
            ug=len(report.unknown_grids), dup=len(report.duplicates), conf=len(report.conflicts),
            blank=len(report.blank))

    def details(self, report) -> str:
        lines = [self.tr("第 {line} 行：未知楼栋 {b}").format(line=ln, b=b) for ln, b in report.unknown_buildings]
        lines += [self.tr("第 {line} 行：楼栋 {b} 的网格 {g} 不存在").format(line=ln, b=b, g=g)
                  for ln, b, g in report.unknown_grids]
        lines += [self.tr("第 {line} 行：楼栋 {b} 与前面的行冲突（{g}），未调整").format(line=ln, b=b, g=g)
                  for ln, b, g in report.conflicts]
        lines += [self.tr("第 {line} 行：没有楼栋编号").format(line=ln) for ln in report.blank]
        if len(lines) > MAX_LISTED:
            lines = lines[:MAX_LISTED] + [self.tr("……另有 {n} 条").format(n=len(lines) - MAX_LISTED)]
        return "\n".join(lines)
