"""Import needs, resources, projects or cases from Excel or CSV: good rows in, bad rows reported.

The file is read like a member roster (:func:`geo.importing.table.read_table`:
every cell as text, CSV in UTF-8, UTF-8 with BOM or GBK/GB18030, formulas never
evaluated, control characters removed), its headers matched in Chinese or
English (:mod:`.list_columns`), and every row checked (:mod:`.import_rows`,
then the list model's own rules, :func:`geo.lists.items.validate_row`). A bad
row goes into the :class:`geo.importing.report.ImportReport` with the file's row
number and every reason; the good rows go in together as one
:class:`ImportItems` command: one transaction, one history entry, one undo.

What an import fills in: ids left blank get the next free ones (N0001 …); a
blank title takes the category (a project's, its need's title); a case without
a due date gets its category's time limit (rules ``case_time_limit_days``); a
case imported in a later state gets the trail of events that leads there
(发现 → 研判分流 → 办理中 → 办结 → 回访), dated by its reported and closed dates; a
need that an imported project claims becomes 已认领.

Examples
--------
>>> result = read_list_file(project, "cases", "事件.xlsx")  # doctest: +SKIP
>>> print(result.report.summary("en"))                       # doctest: +SKIP
>>> result.command("事件.xlsx").do(project)                  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..commands import ChangeSet
from ..export.vocabulary import column_message
from ..importing.cell_clean import too_long_reason
from ..importing.limits import DEFAULT_LIMITS, Limits
from ..importing.preflight import ImportRefused, garbled_headers
from ..importing.reasons import reason
from ..importing.report import ImportReport
from ..importing.table import TextTable, read_table
from ..masking import MASKED
from ..messages import CodedError, Message, register
from ..schema import LAYERS
from .import_rows import RowContext, remember, validate_row
from .list_columns import ID_COLUMNS, LISTS, PERSONAL, header_targets

register("lists.import.no_column", "{path}：找不到{layer}的“{column}”列（表头：{headers}）",
         "{path}: no \"{column}\" column for {layer} (headers: {headers})")
#: The column without which no row of a list can be imported (the file is refused at once).
KEY_COLUMNS = {"needs": "category", "resources": "category", "projects": "need_id", "cases": "category"}
register("lists.import.command", "导入{layer}：{file}", "import {layer}: {file}")
register("lists.import.masked_source", "{file} 是脱敏导出的文件：反映人姓名和电话已部分隐藏，导入后仍是隐藏的",
         "{file} is a masked export: reporters' names and phones are partly hidden and stay so once imported")
register("lists.import.event_note", "导入自 {file} 第 {row} 行", "imported from {file} row {row}")
reason("lists.reject.formula", "formula cell", "单元格含公式：{column} 中是公式，导入时不会计算",
       "formula cell: {column} holds a formula, which is never evaluated")
reason("lists.reject.model", "unknown value", "{why}", "{why}")

#: The events a case passes through to reach each state (after its first event, "found").
STATE_TRAILS = {
    "found": (), "triage": ("triage",), "in_progress": ("triage", "in_progress"),
    "escalated": ("triage", "escalated"), "returned": ("returned",),
    "closed": ("triage", "in_progress", "closed"), "visited": ("triage", "in_progress", "closed", "visited"),
}
IMPORT_ACTOR = "import"


@dataclass
class ListImport:
    """What reading a list file found: accepted rows (stored columns), the report, the header map."""

    layer: str
    rows: list = field(default_factory=list)         # (file row number, values)
    report: ImportReport | None = None
    mapping: dict = field(default_factory=dict)      # file header -> column

    def command(self, source: str = "") -> "ImportItems":
        """The undoable command that adds the accepted rows (one history entry)."""
        return ImportItems(self.layer, self.rows, source or (self.report.source if self.report else ""))


def read_list_file(project, layer: str, path, sheet: str | None = None, encoding: str | None = None,
                   limits: Limits = DEFAULT_LIMITS, accept_garbled: bool = False) -> ListImport:
    """Read and check a needs/resources/projects/cases file against ``project``; writes nothing.

    Parameters
    ----------
    project : geo.project.Project
    layer : {"needs", "resources", "projects", "cases"}
    path : path-like
        .xlsx (first sheet unless ``sheet``) or .csv (UTF-8, UTF-8 with BOM, GBK).
    encoding : str, optional
        Overrides the CSV encoding guess.
    accept_garbled : bool
        Import text that looks garbled (a wrong encoding) instead of refusing the file.

    Raises
    ------
    geo.importing.errors.ImportFileError
        The file cannot be read (names the file and the problem).
    geo.importing.preflight.ImportRefused
        No column is recognised, the text looks garbled, or no row is usable.
    """
    if layer not in LISTS:
        raise ValueError(f"not a list layer: {layer}")
    table = read_table(path, sheet=sheet, encoding=encoding, limits=limits)
    if not accept_garbled:
        garbled = garbled_headers(table.frame, Path(path), table.encoding.codec if table.encoding else None)
        if garbled is not None:
            raise ImportRefused(garbled)
    return validate_list_table(project, layer, table)


def validate_list_table(project, layer: str, table: TextTable) -> ListImport:
    """Check an already read :class:`TextTable` (see :func:`read_list_file`)."""
    path = Path(table.path)
    first_header = str(table.frame.columns[0]) if len(table.frame.columns) else ""
    table = skip_notice_row(layer, table)
    mapping = header_targets(layer, table.frame.columns)
    if KEY_COLUMNS[layer] not in mapping.values():
        raise ImportRefused("lists.import.no_column", path=path.name, layer=Message(f"value.layer.{layer}"),
                            column=column_message(KEY_COLUMNS[layer], layer),
                            headers=", ".join(map(str, table.frame.columns[:8])))
    report = ImportReport(source=path.name, layer=layer, total=len(table.frame), warnings=list(table.warnings))
    report.field_map = dict(mapping)
    report.personal_kinds = {h: PERSONAL[c] for h, c in mapping.items() if c in PERSONAL}
    report.facts["mapping"] = ", ".join(f"{s}→{t}" for s, t in mapping.items())
    if table.encoding is not None:
        report.facts["encoding"] = Message("import.fact.encoding_value", codec=table.encoding.codec,
                                           why=table.encoding.reason)
    if first_header == MASKED.notice and report.personal_kinds:
        report.warn(Message("lists.import.masked_source", file=path.name))
    result = ListImport(layer, report=report, mapping=mapping)
    ctx = RowContext(project, layer)
    id_header = next((h for h, c in mapping.items() if c == ID_COLUMNS[layer]), None)
    given = [str(v).strip() for v in table.frame[id_header]] if id_header else []
    new_ids = id_sequence(project, layer, [i for i in given if i])  # blank ids: above every id in use
    for pos, original in enumerate(table.frame.to_dict("records")):
        number = table.row_numbers[pos]
        values, reasons = _check_row(ctx, table, pos, original, mapping)
        if not reasons:
            values = complete_row(project, layer, values, new_ids)
            reasons = _model_refusal(project, layer, values)
        if reasons:
            report.reject(number, original, reasons)
            continue
        remember(ctx, values, number)
        result.rows.append((number, values))
    report.imported = len(result.rows)
    return result


def skip_notice_row(layer: str, table: TextTable) -> TextTable:
    """Our own exports start with a masking notice above the headers: read the headers below it."""
    if header_targets(layer, table.frame.columns) or table.frame.empty:
        return table
    first = [str(v).strip() for v in table.frame.iloc[0]]
    if not header_targets(layer, first):
        return table
    columns = []
    for k, name in enumerate(first, start=1):  # blank or repeated headers must not collide
        name = name or f"列{k}"
        columns.append(name if name not in columns else f"{name}_{k}")
    rename = dict(zip(table.frame.columns, columns))
    frame = table.frame.iloc[1:].reset_index(drop=True)
    frame.columns = columns

    def shift(cells):
        return {(pos - 1, rename[col]) for pos, col in cells if pos >= 1}

    return TextTable(frame, table.row_numbers[1:], table.path, shift(table.formulas), shift(table.numbers),
                     shift(table.too_long), table.encoding, table.sheet, list(table.warnings))


def _check_row(ctx, table: TextTable, pos: int, original: dict, mapping: dict):
    formulas = [Message("lists.reject.formula", column=h) for h in mapping if (pos, h) in table.formulas]
    too_long = [too_long_reason(h, original[h]) for h in mapping if (pos, h) in table.too_long]
    if too_long:
        return {}, formulas + too_long
    cells = {column: original.get(header, "") for header, column in mapping.items()}
    numbers = {column for header, column in mapping.items() if (pos, header) in table.numbers}
    values, reasons = validate_row(ctx, cells, table.row_numbers[pos], numbers)
    return values, formulas + reasons


def id_sequence(project, layer: str, taken=()):
    """New ids for ``layer`` (N0001 …), one after another, above every id of the project and ``taken``.

    One scan of the ids in use, however many are drawn (:func:`geo.lists.items.next_id`
    scans them for each id).
    """
    from .items import ID_PREFIXES, ID_WIDTHS, next_id

    prefix, width = ID_PREFIXES[layer], ID_WIDTHS.get(layer, 4)
    number = int(next_id(project, layer, taken)[len(prefix):])
    while True:
        yield f"{prefix}{number:0{width}d}"
        number += 1


def complete_row(project, layer: str, values: dict, new_ids) -> dict:
    """The row as the layer stores it: every column, an id (the next of ``new_ids`` when blank),
    a title (see the module notes)."""
    row = {c: None for c in LAYERS[layer].column_names}
    row.update({k: (None if v == "" else v) for k, v in values.items() if k in row})
    row["_lonlat"] = values.get("_lonlat")
    id_col = ID_COLUMNS[layer]
    if not row[id_col]:
        row[id_col] = next(new_ids)
    if not row.get("title"):
        if layer == "projects" and row["need_id"] in project["needs"].index:
            row["title"] = project["needs"].at[row["need_id"], "title"]
        else:
            row["title"] = row.get("category")
    return row


def _model_refusal(project, layer: str, row: dict) -> list:
    """The list model's own refusal of a complete row, as a report reason (else [])."""
    from .items import validate_row as model_check

    try:
        model_check(project, layer, {k: v for k, v in row.items() if not k.startswith("_")})
    except CodedError as exc:
        return [Message("lists.reject.model", why=exc.message or str(exc))]
    return []


class ImportItems(ChangeSet):
    """Insert the accepted rows of one list file (and a case's event trail) as one undo step."""

    def __init__(self, layer: str, rows, source: str = ""):
        super().__init__(Message("lists.import.command", layer=Message(f"value.layer.{layer}"), file=source))
        self.layer, self.rows, self.source = layer, list(rows), source

    def changes(self, project):
        from .items import ensure_list_tables

        ensure_list_tables(project)
        id_col = ID_COLUMNS[self.layer]
        taken = set(project[self.layer].index)
        changes, events = [], []
        for number, values in self.rows:
            if values[id_col] in taken:
                raise CodedError("lists.id_taken", layer=Message(f"value.layer.{self.layer}"), item=values[id_col])
            row = {k: v for k, v in values.items() if not k.startswith("_")}
            row["geometry"] = _point(project, self.layer, row, values.get("_lonlat"))
            changes.append(("insert", self.layer, row))
            if self.layer == "cases":
                events += case_trail(row, self.source, number)
        changes += _number_events(project, events) + _claimed_needs(project, self.layer, self.rows)
        return changes


def _point(project, layer: str, row: dict, lonlat):
    from .items import item_point

    return item_point(project, layer, row, lonlat_point(project, lonlat))


def lonlat_point(project, lonlat):
    """A (longitude, latitude) pair in CGCS2000 as a point in the project's CRS (None stays None)."""
    if lonlat is None:
        return None
    import geopandas as gpd
    from shapely.geometry import Point

    return gpd.GeoSeries([Point(*lonlat)], crs="EPSG:4490").to_crs(project.crs or "EPSG:4490").iloc[0]


def case_trail(case: dict, source: str = "", row_number=None) -> list[dict]:
    """The events leading an imported case to its state: reported → … → closed → visited.

    Steps up to the handling are dated ``reported_at``; closing and the visit
    ``closed_at``. ``event_id`` is left for :func:`_number_events`.
    """
    note = Message("lists.import.event_note", file=source, row=row_number).text() if source else None
    steps = [(None, "found", case["reported_at"])]
    for to_state in STATE_TRAILS[case["state"]]:
        when = case["closed_at"] if to_state in ("closed", "visited") else case["reported_at"]
        steps.append((steps[-1][1], to_state, when))
    return [{"case_id": case["case_id"], "time": when, "from_state": before, "to_state": after,
             "actor": IMPORT_ACTOR, "note": note} for before, after, when in steps]


def _number_events(project, events: list[dict]) -> list[tuple]:
    new_ids = id_sequence(project, "case_events")
    out = []
    for event in events:
        event["event_id"] = next(new_ids)
        out.append(("insert", "case_events", event))
    return out


def _claimed_needs(project, layer: str, rows) -> list[tuple]:
    """An imported project claims its need: 待认领 → 已认领 (done projects leave the need's status to the user)."""
    if layer != "projects":
        return []
    needs = project["needs"]
    wanted = dict.fromkeys(v["need_id"] for _, v in rows)
    return [("update", "needs", n, {"status": "claimed"}) for n in wanted
            if n in needs.index and needs.at[n, "status"] == "open"]

