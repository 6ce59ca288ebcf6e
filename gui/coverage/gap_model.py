"""GapTableModel: a Qt table model over the gap frame of :meth:`CoverageModel.gaps`.

The model keeps the full gap frame and shows a filtered, sorted view of it.
Filtering and sorting are pandas operations on the frame (not a
``QSortFilterProxyModel`` calling Python per row), so a city's tens of
thousands of gaps filter at once.
"""
from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor

from geo.coverage.gaps import detail_texts
from geo.messages import language

from .labels import SEVERITY_COLOURS, gap_title, severity_text, unit_text

#: (frame column shown / sorted, header); "needed" shows with its unit.
COLUMNS = [
    ("severity", QT_TRANSLATE_NOOP("GapTableModel", "严重程度")),
    ("type", QT_TRANSLATE_NOOP("GapTableModel", "缺口")),
    ("name", QT_TRANSLATE_NOOP("GapTableModel", "名称")),
    ("id", QT_TRANSLATE_NOOP("GapTableModel", "编号")),
    ("community", QT_TRANSLATE_NOOP("GapTableModel", "社区")),
    ("needed", QT_TRANSLATE_NOOP("GapTableModel", "尚需")),
    ("households", QT_TRANSLATE_NOOP("GapTableModel", "涉及户数")),
    ("detail", QT_TRANSLATE_NOOP("GapTableModel", "说明")),
]
SEVERITY_COLUMN = 0
TYPE_COLUMN = 1


class GapTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._all = None  # None: nothing shown yet
        self._rows = pd.DataFrame()
        self._types = None
        self._community = None
        self._community_names: dict = {}
        self._sort = ("severity", Qt.SortOrder.DescendingOrder)
        # (row, column) -> text: a repaint (any window change) words every shown cell again,
        # ~0.3 ms each from the frame; the rows change only with a reset
        self._texts: dict = {}
        self._texts_language = language()

    # ------------------------------------------------------------ data in
    def set_gaps(self, gaps: pd.DataFrame, community_names: dict | None = None) -> None:
        """Show ``gaps`` (the full list; filters and sort order are kept)."""
        self._all = gaps
        if community_names is not None:
            self._community_names = dict(community_names)
        self._refilter()

    def set_filter(self, types=None, community=None) -> None:
        """Only ``types`` (iterable of gap types; None = all) in ``community`` (id; None = all)."""
        self._types = None if types is None else set(types)
        self._community = community
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        f = self._all if self._all is not None else pd.DataFrame()
        if len(f) and self._types is not None:
            f = f[f["type"].isin(self._types)]
        if len(f) and self._community is not None:
            f = f[f["community_id"] == self._community]
        self._rows = self._sorted(f)
        self._texts = {}
        self.endResetModel()

    def _sorted(self, f: pd.DataFrame) -> pd.DataFrame:
        column, order = self._sort
        if not len(f):
            return f.reset_index(drop=True)
        if column == "severity":  # the geo order (severity, households, needed) is the right one
            if order == Qt.SortOrder.DescendingOrder and isinstance(f.index, pd.RangeIndex) and f.index.start == 0 \
                    and f.index.step == 1:
                return f  # read-only here: no copy of a city's hundreds of thousands of rows
            return (f if order == Qt.SortOrder.DescendingOrder else f.iloc[::-1]).reset_index(drop=True)
        key = f["community_id"].map(self._community_names) if column == "community" else f[column]
        ascending = order == Qt.SortOrder.AscendingOrder
        positions = key.reset_index(drop=True).sort_values(ascending=ascending, kind="stable",
                                                           na_position="last").index
        return f.iloc[positions].reset_index(drop=True)

    def retranslate(self) -> None:
        """Every text is worded when shown: a language change only needs a redraw."""
        self._texts = {}
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column][0], order)
        self._refilter()

    # ------------------------------------------------------------ reading
    def gap(self, row: int) -> dict:
        """The gap shown in ``row`` as a dict of its frame columns."""
        return self._rows.iloc[row].to_dict()

    def shown(self) -> pd.DataFrame:
        """The gaps as filtered and sorted (read-only)."""
        return self._rows

    def all(self) -> pd.DataFrame | None:
        """The full gap list last set (None before any)."""
        return self._all

    def key(self, row: int) -> tuple:
        """(type, id) of the gap in ``row``: what names a gap across recomputations."""
        return (self._rows["type"].iat[row], self._rows["id"].iat[row])

    def row_of(self, key: tuple) -> int:
        """The row showing the gap ``key`` ((type, id)), or -1."""
        if not len(self._rows):
            return -1
        hit = ((self._rows["type"] == key[0]) & (self._rows["id"] == key[1])).to_numpy().nonzero()[0]
        return int(hit[0]) if len(hit) else -1

    def total(self) -> int:
        """Gaps before filtering."""
        return 0 if self._all is None else len(self._all)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("GapTableModel", COLUMNS[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole and column == "severity":
            return QColor(SEVERITY_COLOURS.get(int(self._rows["severity"].iat[index.row()]), "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("needed", "households"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("detail", "type"):
            return self._text(index.row(), "detail")
        return None

    def _text(self, row: int, column: str) -> str:
        if self._texts_language != language():
            # a language switch words every cell again at once (the dock's retranslate comes later)
            self._texts, self._texts_language = {}, language()
        text = self._texts.get((row, column))
        if text is None:
            text = self._texts[(row, column)] = self._word(row, column)
        return text

    def _word(self, row: int, column: str) -> str:
        r = self._rows
        if column == "severity":
            return severity_text(r["severity"].iat[row])
        if column == "type":
            return gap_title(r["type"].iat[row])
        if column == "community":
            return str(self._community_names.get(r["community_id"].iat[row], r["community_id"].iat[row] or ""))
        if column == "needed":
            value = r["needed"].iat[row]
            number = "" if pd.isna(value) else f"{value:,.0f}"
            return f"{number} {unit_text(r['needed_unit'].iat[row])}".strip()
        if column == "households":
            return f"{int(r['households'].iat[row]):,}"
        if column == "detail":  # a geo Message, worded in the interface's language
            return detail_texts([r["detail"].iat[row]])[0]
        value = r[column].iat[row]
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
