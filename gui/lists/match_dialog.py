"""MatchDialog: resources suggested for one open need, and who claims the match (认领).

The suggestions are :func:`geo.lists.matching.suggest_resources` (category
first, then the provider's 四包 responsibility for the need's place, then
distance), shown best first. 认领 closes the dialog with the chosen resource
and claimant; the lists feature then runs ``ClaimMatch``, which creates the
project and marks the need claimed in one undoable step. The claimant is the
resource's provider unless the user picks another.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem, QVBoxLayout)

from geo.schema import PROVIDER_TYPES

from .labels import value_text
from .table_model import blank

SUGGESTION_LIMIT = 20


class MatchDialog(QDialog):
    def __init__(self, project, need_id, parent=None):
        super().__init__(parent)
        from geo.lists.matching import suggest_resources  # noqa: PLC0415 (only when asked)

        self.project, self.need_id = project, need_id
        self.suggestions = suggest_resources(project, need_id, limit=SUGGESTION_LIMIT).reset_index(drop=True)
        self.setWindowTitle(self.tr("为需求 {need} 匹配资源").format(need=need_id))
        self.resize(760, 420)
        self._build()

    def _build(self) -> None:
        need = self.project["needs"].loc[self.need_id]
        heading = QLabel(self.tr("需求：{title}（{category}）").format(title=need.get("title") or "",
                                                                 category=need.get("category") or ""), self)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)  # the need's title is user text
        self.table = QTableWidget(len(self.suggestions), 7, self)
        self.table.setHorizontalHeaderLabels([self.tr("资源编号"), self.tr("资源"), self.tr("类别"),
                                              self.tr("提供方"), self.tr("距离"), self.tr("四包责任"),
                                              self.tr("得分")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, row in self.suggestions.iterrows():
            self._fill_row(r, row)
        self.table.currentCellChanged.connect(lambda *_: self._on_chosen())
        self.table.doubleClicked.connect(lambda *_: self.accept())
        self.claimant_type, self.claimant = QComboBox(self), QLineEdit(self)
        for code in PROVIDER_TYPES:
            self.claimant_type.addItem(value_text("provider_type", code), code)
        form = QFormLayout()
        form.addRow(self.tr("认领方类型"), self.claimant_type)
        form.addRow(self.tr("认领方编号"), self.claimant)
        self.empty = QLabel(self.tr("没有可推荐的资源：资源清单中还没有可用的资源。"), self)
        self.empty.setVisible(self.suggestions.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.claim_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.claim_button.setText(self.tr("认领"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.empty, self.table):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if len(self.suggestions):
            self.table.selectRow(0)
        self._on_chosen()

    def _fill_row(self, r: int, row) -> None:
        distance = row.get("distance_m")
        cells = (row["resource_id"], row.get("title"), row.get("category"),
                 f"{value_text('provider_type', row.get('provider_type'))} {row.get('provider_id') or ''}".strip(),
                 "" if blank(distance) else self.tr("{m} 米").format(m=f"{float(distance):,.0f}"),
                 self.tr("是") if bool(row.get("responsible")) else "",
                 "" if blank(row.get("score")) else f"{float(row['score']):.2f}")
        for c, text in enumerate(cells):
            self.table.setItem(r, c, QTableWidgetItem("" if blank(text) else str(text)))

    def _on_chosen(self) -> None:
        r = self.table.currentRow()
        self.claim_button.setEnabled(0 <= r < len(self.suggestions))
        if 0 <= r < len(self.suggestions):
            row = self.suggestions.iloc[r]
            self.claimant_type.setCurrentIndex(max(0, self.claimant_type.findData(row.get("provider_type"))))
            self.claimant.setText("" if blank(row.get("provider_id")) else str(row["provider_id"]))

    def choose(self, resource_id) -> bool:
        """Make ``resource_id`` the chosen suggestion (tests; False when it is not suggested)."""
        hits = self.suggestions.index[self.suggestions["resource_id"] == resource_id]
        if not len(hits):
            return False
        self.table.setCurrentCell(int(hits[0]), 0)
        return True

    def choice(self) -> tuple | None:
        """(resource id, claimant type, claimant id) chosen, or None."""
        r = self.table.currentRow()
        if not 0 <= r < len(self.suggestions):
            return None
        return (self.suggestions.at[r, "resource_id"], self.claimant_type.currentData(),
                self.claimant.text().strip() or None)
