"""A plan's assignment as a ``building_id,grid_id`` table, out to CSV and back in.

Export writes UTF-8 with a BOM so that Excel opens Chinese text correctly,
through the atomic writer (:mod:`geo.fileutil`), and every field through the
one formula rule (:func:`geo.export.cell_text.csv_field`): an id such as
``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)`` and read back without
the apostrophe.
Import takes CSV (UTF-8, with or without BOM, or GB18030 as Excel saves on
Chinese Windows) or XLSX, and never drops a row silently: unknown building
ids, unknown grid ids, repeated rows and conflicting rows are all listed in
the :class:`ImportReport`. The moves become one undoable command.

Examples
--------
>>> export_assignment(project, "plan.csv")               # doctest: +SKIP
>>> command, report = import_assignment(project, "plan.csv")  # doctest: +SKIP
>>> report.summary()                                       # doctest: +SKIP
'3 buildings move; 0 unknown buildings, 0 unknown grids, 0 duplicate rows'
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .assign import ReassignBuildings
from ..messages import CodedError, Message, register

register("assignment.summary", "{moves} 栋楼改划；未知楼栋 {buildings} 行，未知网格 {grids} 行，"
         "重复 {duplicates} 行，相互矛盾 {conflicts} 行，空行 {blank} 行",
         "{moves} buildings move; {buildings} unknown buildings, {grids} unknown grids,"
         " {duplicates} duplicate rows, {conflicts} conflicting rows, {blank} blank rows")
register("assignment.row.unknown_building", "第 {line} 行：没有楼栋 {building}", "line {line}: unknown building {building}")
register("assignment.row.unknown_grid", "第 {line} 行：楼栋 {building}：没有网格 {grid}",
         "line {line}: building {building}: unknown grid {grid}")
register("assignment.row.duplicate", "第 {line} 行：楼栋 {building} 的重复行（网格 {grid}）",
         "line {line}: duplicate row for building {building} (grid {grid})")
register("assignment.row.conflicting", "第 {line} 行：楼栋 {building} 的矛盾行（网格 {grid}）",
         "line {line}: conflicting row for building {building} (grid {grid})")
register("assignment.row.blank", "第 {line} 行：没有楼栋编号", "line {line}: no building id")
register("assignment.columns", "{path}：需要 building_id、grid_id 两列（楼栋编号、网格编号）",
         "{path}: expected columns building_id,grid_id")

COLUMNS = ("building_id", "grid_id")
#: Header names accepted on import besides the English ones.
ALIASES = {"楼栋编号": "building_id", "楼栋ID": "building_id", "网格编号": "grid_id", "网格ID": "grid_id"}


def export_assignment(project, path, plan_id=None) -> Path:
    """Write ``building_id,grid_id`` rows (live layout, or a stored plan's) as UTF-8 with BOM."""
    if plan_id is None:
        b = project["buildings"]
        rows = zip(b.index, b["grid_id"])
    else:
        from .plans import plan_assignment  # noqa: PLC0415 (plans imports this module's users)
        rows = plan_assignment(project, plan_id).items()
    from ..export.cell_text import csv_field
    from ..fileutil import atomic_output

    path = Path(path)
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for building, grid in sorted(rows, key=lambda r: str(r[0])):
            writer.writerow([csv_field(building),
                             "" if grid is None or grid != grid else csv_field(grid)])
    return path


@dataclass
class ImportReport:
    """What an import found. Line numbers count the header as line 1."""

    moves: dict = field(default_factory=dict)
    unchanged: int = 0
    unknown_buildings: list = field(default_factory=list)  # (line, building_id)
    unknown_grids: list = field(default_factory=list)      # (line, building_id, grid_id)
    duplicates: list = field(default_factory=list)         # (line, building_id, grid_id): same again
    conflicts: list = field(default_factory=list)          # (line, building_id, grid_id): differs
    blank: list = field(default_factory=list)              # lines with no building id

    @property
    def ok(self) -> bool:
        return not (self.unknown_buildings or self.unknown_grids or self.conflicts or self.blank)

    def row_messages(self) -> list[Message]:
        """One message per refused or repeated row, in file order by kind."""
        out = [Message("assignment.row.unknown_building", line=line, building=b)
               for line, b in self.unknown_buildings]
        out += [Message("assignment.row.unknown_grid", line=line, building=b, grid=g)
                for line, b, g in self.unknown_grids]
        out += [Message("assignment.row.duplicate", line=line, building=b, grid=g) for line, b, g in self.duplicates]
        out += [Message("assignment.row.conflicting", line=line, building=b, grid=g) for line, b, g in self.conflicts]
        return out + [Message("assignment.row.blank", line=line) for line in self.blank]

    def summary(self) -> Message:
        """The counts as a :class:`Message` (``str()`` words it in the current language)."""
        return Message("assignment.summary", moves=len(self.moves), buildings=len(self.unknown_buildings),
                       grids=len(self.unknown_grids), duplicates=len(self.duplicates),
                       conflicts=len(self.conflicts), blank=len(self.blank))


def read_table(path) -> pd.DataFrame:
    """The two columns as text (ids typed as numbers in Excel come back without ".0")."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str)
    else:
        try:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        except UnicodeDecodeError:
            frame = pd.read_csv(path, dtype=str, encoding="gb18030", keep_default_na=False)
    frame = frame.rename(columns=lambda c: ALIASES.get(str(c).strip(), str(c).strip()))
    if not set(COLUMNS) <= set(frame.columns):
        if frame.shape[1] < 2:
            raise CodedError("assignment.columns", path=str(path))
        frame = frame.rename(columns=dict(zip(frame.columns[:2], COLUMNS)))
    return frame[list(COLUMNS)].map(_clean)


def _clean(value) -> str:
    from ..export.cell_text import csv_unquote

    text = "" if value is None or value != value else csv_unquote(str(value).strip())
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def assignment_report(project, frame: pd.DataFrame) -> ImportReport:
    """Check rows against the project; a blank grid id means "unassign"."""
    b, grids = project["buildings"], project["grids"]
    report, seen = ImportReport(), {}
    for line, (building, grid) in enumerate(frame.itertuples(index=False), start=2):
        if not building:
            report.blank.append(line)
        elif building not in b.index:
            report.unknown_buildings.append((line, building))
        elif grid and grid not in grids.index:
            report.unknown_grids.append((line, building, grid))
        elif building in seen:
            bucket = report.duplicates if seen[building] == grid else report.conflicts
            bucket.append((line, building, grid))
        else:
            seen[building] = grid
    conflicted = {c[1] for c in report.conflicts}
    current = b["grid_id"]
    for building, grid in seen.items():
        if building in conflicted:
            continue  # which row wins is the user's call: nothing moves, the report says why
        if (current[building] or "") == grid:
            report.unchanged += 1
        else:
            report.moves[building] = grid or None
    return report


def import_assignment(project, path, balance=None) -> tuple[ReassignBuildings | None, ImportReport]:
    """(command, report) for a CSV/XLSX assignment; the command is None when nothing moves."""
    report = assignment_report(project, read_table(path))
    if not report.moves:
        return None, report
    command = ReassignBuildings(report.moves, balance=balance,
                                text=Message("command.import_assignment", file=Path(path).name))
    return command, report
