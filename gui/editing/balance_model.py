"""Per-grid balance as a table model: households against the band, compactness, lock.

Rows are the grids of the project. Households come from the session (the
committed :class:`~geo.editing.balance.GridBalance` plus the stroke being
drawn), so a brush move updates only the rows of the grids it touches.
Compactness (Polsby-Popper, Reock) is recomputed only for grids whose polygon
changed. At city scale computing it for every grid takes seconds, so a large
project computes it in a background thread (shapely and pyproj release Python's
lock); until it arrives a row asked for computes its block of rows at once
(what a view shows), so every value read is the final one.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal

from geo.editing.compactness import grid_compactness

GRID, COMMUNITY, HOUSEHOLDS, BAR, BUILDINGS, PP, REOCK, LOCK = range(8)
GRID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
COMMUNITY_ROLE = Qt.ItemDataRole.UserRole + 3
# built once: flags() runs for every painted cell, and or-ing the flags is slow in Python
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECKABLE = _FLAGS | Qt.ItemFlag.ItemIsUserCheckable
#: Projects with more grids compute compactness in a background thread.
BACKGROUND_GRIDS = 4000
#: Rows computed together when a row is shown before the background result is in (a sorted
#: view shows rows from all over the model: a larger block computes mostly rows not shown).
BLOCK = 64
#: Grids per vectorised call in the background thread.
THREAD_CHUNK = 250


class BalanceModel(QAbstractTableModel):
    _compactnessReady = Signal(int, object)  # generation, {grid: (pp, reock)}; from the worker thread

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._compact: dict = {}
        self._generation = 0
        self._compactnessReady.connect(self._take_compactness)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._index = self.session.project["grids"].index  # immutable: the rows' ids as an Index
        self.grids = list(self._index)
        self._row = {g: r for r, g in enumerate(self.grids)}
        self._generation += 1
        if len(self.grids) > BACKGROUND_GRIDS:
            self._compact = {}
            # once the panel is built: the thread holding Python's lock now and then would slow that
            QTimer.singleShot(0, self, lambda generation=self._generation: self._start_compactness(generation))
        else:
            self._compact = self._compactness(self.grids)
        self.endResetModel()

    def _start_compactness(self, generation: int) -> None:
        if generation != self._generation:
            return  # reloaded since: that reload started its own
        project = self.session.project
        index = project["grids"].index  # the rows the shapes below are in
        ids = index.tolist()
        metric = project.cached_metric("grids")  # read-only: edits replace it, never write it
        # immutable shapes: a frozen snapshot (not needed when the metric ones are at hand)
        geoms = None if metric is not None else project["grids"].geometry.values.to_numpy().copy()

        def work():
            result = {}
            # in chunks: one vectorised call over 50,000 grids holds Python's lock for a large part
            # of a second at a time (coordinates in and out), which froze the window meanwhile
            for start in range(0, len(ids), THREAD_CHUNK):
                result.update(_pairs(grid_compactness(project, ids[start:start + THREAD_CHUNK],
                                                      index=index, geoms=geoms, metric=metric)))
            try:
                self._compactnessReady.emit(generation, result)
            except RuntimeError:  # the model was deleted meanwhile
                pass

        threading.Thread(target=work, name="balance-compactness", daemon=True).start()

    def _take_compactness(self, generation: int, result: dict) -> None:
        if generation != self._generation:
            return  # a reload since: its own computation follows
        result.update(self._compact)  # rows computed (or re-shaped) meanwhile are newer
        self._compact = result
        if self.grids:
            self.dataChanged.emit(self.index(0, PP), self.index(len(self.grids) - 1, REOCK))

    def compactness_ready(self) -> bool:
        return len(self._compact) >= len(self.grids)

    def _compact_of(self, g) -> tuple:
        value = self._compact.get(g)
        if value is None and g in self._row:
            start = self._row[g] // BLOCK * BLOCK
            block = [x for x in self.grids[start:start + BLOCK] if x not in self._compact]
            self._compact.update(self._compactness(block))
            value = self._compact.get(g)
        return value if value is not None else (float("nan"),) * 2

    def _compactness(self, grid_ids) -> dict:
        index = self.session.project["grids"].index
        known = [g for g in grid_ids if g in index]
        return _pairs(grid_compactness(self.session.project, known)) if known else {}

    # ------------------------------------------------------------ keeping current
    def _same_grids(self, grid_ids) -> bool:
        """No grid came or went: a grid added or removed is always among those an edit names,
        so only they are looked up (comparing every grid cost ~40 ms per edit at city scale)."""
        index = self.session.project["grids"].index
        return len(index) == len(self.grids) and all((g in index) == (g in self._row) for g in grid_ids)

    def grids_changed(self, grid_ids) -> None:
        """Households (or a stroke's preview) of ``grid_ids`` changed."""
        if not self._same_grids(grid_ids):
            self.reload()  # grids were added or removed
            return
        for g in grid_ids:
            row = self._row.get(g)
            if row is not None:
                self.dataChanged.emit(self.index(row, HOUSEHOLDS), self.index(row, BUILDINGS))

    def geometry_changed(self, grid_ids) -> None:
        grid_ids = list(grid_ids)
        known = [g for g in grid_ids if g in self._row]
        if len(known) != len(grid_ids) or not self._same_grids(grid_ids):
            self.reload()
            return
        self._compact.update(self._compactness(known))
        for g in known:
            self.dataChanged.emit(self.index(self._row[g], PP), self.index(self._row[g], REOCK))

    def row_of(self, grid_id) -> int:
        return self._row.get(grid_id, -1) if grid_id is not None else -1

    # ------------------------------------------------------------ whole columns (for BalanceView)
    def grid_ids(self, rows) -> list:
        return [self.grids[r] for r in rows]

    def _column(self, name: str, rows) -> list:
        """Column ``name`` of the grids layer for ``rows``; all rows without building an index
        from 50,000 ids (``reindex`` of a list took ~0.4 s at city scale)."""
        every = isinstance(rows, range) and rows == range(len(self.grids))
        keys = self._index if every else self._index[list(rows)]
        return self.session.project["grids"][name].reindex(keys).tolist()

    def communities(self, rows) -> list:
        return self._column("community_id", rows)

    def statuses(self, rows) -> list:
        return self.session.statuses(self.grid_ids(rows)).tolist()

    def sort_keys(self, column: int, rows) -> list:
        """The sort values (``EditRole``) of ``column`` for ``rows``, read in one pass."""
        session, ids = self.session, self.grid_ids(rows)
        if column == GRID:
            names = self._column("name", rows)
            return [str(n or g) for n, g in zip(names, ids)]
        if column == COMMUNITY:
            comms = session.project["communities"]["name"]
            names = dict(zip(comms.index, comms.astype(str)))
            return [names.get(c, str(c)) for c in self.communities(rows)]
        if column in (HOUSEHOLDS, BAR):
            return [session.households(g) for g in ids]
        if column == BUILDINGS:
            return [session.balance.buildings(g) for g in ids]
        if column in (PP, REOCK):
            nan = (float("nan"),) * 2  # not computed yet: sorted last until the values arrive
            return [self._compact.get(g, nan)[column - PP] for g in ids]
        if column == LOCK:
            return [g in session.locked for g in ids]
        return [0] * len(ids)

    # ------------------------------------------------------------ Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 8

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("网格"), self.tr("社区"), self.tr("户数"), self.tr("户数区间"), self.tr("楼栋"),
                    "PP", "Reock", self.tr("锁定"))[section]
        if role == Qt.ItemDataRole.ToolTipRole and section in (PP, REOCK):
            return (self.tr("Polsby-Popper 紧凑度：1 为圆形，越接近 0 越狭长") if section == PP
                    else self.tr("Reock 紧凑度：面积与最小外接圆面积之比"))
        return None

    def flags(self, index):
        return _CHECKABLE if index.column() == LOCK else _FLAGS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, col: int, role):
        """:meth:`data` of (row, col) without an index (what :class:`BalanceView` reads)."""
        g = self.grids[row]
        if role == GRID_ROLE:
            return g
        if role == STATUS_ROLE:
            return self.session.status(g)
        if role == COMMUNITY_ROLE:
            return self.session.project["grids"].at[g, "community_id"]
        if role == Qt.ItemDataRole.CheckStateRole and col == LOCK:
            return Qt.CheckState.Checked if g in self.session.locked else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(g, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (HOUSEHOLDS, BUILDINGS, PP, REOCK):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == GRID:
            return self.session.project["grids"].at[g, "name"]
        return None

    def _display(self, g, col, sortable: bool):
        session = self.session
        if col == GRID:
            return str(session.project["grids"].at[g, "name"] or g)
        if col == COMMUNITY:
            community = session.project["grids"].at[g, "community_id"]
            comms = session.project["communities"]
            return str(comms.at[community, "name"]) if community in comms.index else str(community)
        if col == HOUSEHOLDS:
            return self._households_text(g, sortable)
        if col == BAR:
            return session.households(g) if sortable else ""
        if col == BUILDINGS:
            return session.balance.buildings(g)
        if col in (PP, REOCK):
            value = self._compact_of(g)[col - PP]
            return value if sortable else ("—" if value != value else f"{value:.2f}")
        return None

    def _households_text(self, g, sortable: bool):
        now = self.session.households(g)
        if sortable:
            return now
        before = self.session.balance.households.get(g, 0)
        return f"{now} ({now - before:+d})" if now != before else str(now)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == LOCK:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.session.set_locked(self.grids[index.row()], checked)
            self.dataChanged.emit(index, index)
            return True
        return False


def _pairs(frame) -> dict:
    """grid -> (Polsby-Popper, Reock) of a :func:`~geo.editing.compactness.grid_compactness` frame."""
    return dict(zip(frame.index, zip(frame["polsby_popper"].tolist(), frame["reock"].tolist())))
