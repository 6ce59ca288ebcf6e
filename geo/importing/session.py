"""One import in progress: the file, its settings, the dry run and the command.

The import wizard only shows an :class:`ImportSession`; the ``import`` command
drives the same object, so both decide the same way. Nothing here writes to
the project: :meth:`ImportSession.dry_run` validates the whole file and plans
the change, and the caller runs (or pushes onto an undo stack) the command.

Examples
--------
>>> from geo.project import Project                            # doctest: +SKIP
>>> session = ImportSession(Project.open("demo.gpkg"), "楼栋.shp", "buildings")  # doctest: +SKIP
>>> session.set_target("名称", "name")                         # doctest: +SKIP
>>> outcome = session.dry_run()                                # doctest: +SKIP
>>> outcome.plan.command.do(session.project)                   # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..schema import LAYERS
from . import preflight
from .commit import ImportPlan, plan_roster, plan_vector
from .fields import IGNORE_TARGETS, guess_mapping, targets_for
from .report import ImportReport
from .roster import import_roster
from .safe_open import TABLE_SUFFIXES, list_layers, read_any_vector, unpack_zip
from .table import read_table
from .vector import import_vector, parse_crs_arg

#: Layers an import can fill (organizations and partners are edited in the app).
TARGET_LAYERS = ("buildings", "compounds", "stations", "grids", "communities", "members")


@dataclass
class DryRun:
    """The validation of the whole file and the change committing would make."""

    report: ImportReport
    plan: ImportPlan

    def summary(self) -> str:
        return self.report.summary() + "\n" + self.plan.summary()


class ImportSession:
    """Settings of one import and, after :meth:`dry_run`, its outcome.

    Parameters
    ----------
    project : geo.project.Project
    path : path-like
        The file to import.
    layer : str
        Target layer, one of :data:`TARGET_LAYERS`.
    """

    def __init__(self, project, path, layer: str = "buildings"):
        self.project = project
        self.path = Path(path)
        self.layer = layer
        self.source_layer: str | None = None  # GPKG/KML layer, xlsx sheet or zip member
        self.crs: str | None = None           # 'EPSG:xxxx', 'gcj02', 'bd09'; None = the file's
        self.encoding: str | None = None      # None = detected
        self.overrides: dict[str, str] = {}   # source field → target ('-' = not imported)
        self.on_existing = "update"
        self.assign_grids = True
        self.station_status = "built"         # new stations without a status (see station_values)
        self.accept_location = False          # --accept-location: import even if it lies oddly
        self.accept_garbled = False           # --accept-garbled: import text that looks garbled
        self.outcome: DryRun | None = None
        self._cache: dict = {}

    # ------------------------------------------------------------ the file
    @property
    def is_table(self) -> bool:
        return self.path.suffix.lower() in TABLE_SUFFIXES

    def source_options(self) -> list[str]:
        """Sheets (xlsx), layers (gpkg/kml) or datasets (zip) to choose from."""
        suffix = self.path.suffix.lower()
        if suffix == ".xlsx":
            return _sheet_names(self.path)
        if suffix in (".gpkg", ".kml"):
            return [name for name, _ in list_layers(self.path)]
        if suffix == ".zip":
            return _zip_datasets(self.path)
        return []

    def preview(self, rows: int = 20) -> pd.DataFrame:
        """The first ``rows`` of the file as text, decoded with the current encoding."""
        return self._raw().head(rows).astype(str).reset_index(drop=True)

    def headers(self) -> list[str]:
        return [str(c) for c in self._raw().columns]

    def detected(self) -> dict:
        """What the reader decided on its own: {'encoding': ..., 'crs': ...} (text)."""
        if self.is_table:
            table = read_table(self.path, sheet=self.source_layer, encoding=self.encoding)
            return {"encoding": table.encoding.codec if table.encoding else "",
                    "crs": ""}
        opened = self._opened()
        return {"encoding": opened.encoding.codec if opened.encoding else "",
                "crs": opened.frame.crs.to_string() if opened.frame.crs is not None else ""}

    def _opened(self):
        kwargs = {"layer": self.source_layer} if self.path.suffix.lower() != ".zip" else \
            {"member": self.source_layer}
        return read_any_vector(self.path, encoding=self.encoding, **kwargs)

    def _raw(self) -> pd.DataFrame:
        # The wizard asks for headers and previews often; read each variant once.
        key = (self.path, self.source_layer, self.encoding)
        if key not in self._cache:
            if self.is_table:
                frame = read_table(self.path, sheet=self.source_layer,
                                   encoding=self.encoding).frame
            else:
                vector = self._opened().frame
                frame = pd.DataFrame(vector.drop(columns=[vector.geometry.name]))
            self._cache = {key: frame}
        return self._cache[key]

    # ------------------------------------------------------------ the mapping
    def targets(self) -> list[str]:
        """Columns a source field may feed in the target layer."""
        return targets_for(self.layer)

    def mapping(self) -> dict[str, str]:
        """{source field: target} as the import will use it (guesses + the user's choices)."""
        headers = self.headers()
        taken = {t for t in self.overrides.values() if t not in IGNORE_TARGETS}
        raw = self._raw()
        empty = {h for h in headers if h in raw.columns and not raw[h].astype(str).str.strip().ne("").any()}
        guessed = {h: t for h, t in guess_mapping(headers, self.layer, empty).items()
                   if h not in self.overrides and t not in taken}
        chosen = {h: t for h, t in self.overrides.items() if t not in IGNORE_TARGETS}
        return {h: (chosen.get(h) or guessed[h]) for h in headers if h in chosen or h in guessed}

    def set_target(self, source: str, target: str | None) -> None:
        """Map ``source`` to ``target`` (None or '-' = do not import it)."""
        self.overrides[source] = target or "-"
        if target and target not in IGNORE_TARGETS:
            for other, t in list(self.overrides.items()):  # one field per target
                if other != source and t == target:
                    self.overrides[other] = "-"
        self.outcome = None

    # ------------------------------------------------------------ running
    def dry_run(self) -> DryRun:
        """Validate the whole file and plan the change; nothing is written.

        Raises
        ------
        geo.importing.errors.ImportFileError
            The file cannot be read (hostile, too large, wrong content, bad CRS).
        ValueError
            A mapping or CRS the file or layer does not allow.
        """
        if self.layer not in LAYERS:
            raise ValueError(f"unknown layer {self.layer!r}")
        if not self.accept_garbled:  # before any header is matched: garbled headers match nothing
            raw = self._raw()
            refusal = preflight.garbled_headers(raw, self.path, self.encoding)
            if refusal is not None:
                raise preflight.ImportRefused(refusal)
        if self.layer == "members":
            self.outcome = self._roster()
        else:
            self.outcome = self._vector()
        return self.outcome

    def _roster(self) -> DryRun:
        p = self.project
        result = import_roster(self.path, p["buildings"], p["compounds"], p["organizations"],
                               overrides=self._effective_overrides(), sheet=self.source_layer,
                               encoding=self.encoding, existing_ids=p["members"].index)
        if not self.accept_garbled:
            garbled = preflight.garbled_refusal(result.members, ("name", "work_unit"), self.path,
                                                result.report.facts.get("encoding"))
            if garbled is not None:
                raise preflight.ImportRefused(garbled)
        return DryRun(result.report, plan_roster(p, result.members, self.path.name))

    def _vector(self) -> DryRun:
        p = self.project
        source = {"member": self.source_layer} if self.path.suffix.lower() == ".zip" else \
            {"source_layer": self.source_layer}
        result = import_vector(self.path, self.layer, overrides=self._effective_overrides(),
                               crs=parse_crs_arg(self.crs), encoding=self.encoding,
                               project_crs=(p.crs or "EPSG:4490"), project_extent=p.bounds(),
                               compounds=p["compounds"], existing_ids=p[self.layer].index,
                               **source)
        self._preflight(result.frame, result.report, result.mapping)
        plan = plan_vector(p, self.layer, result.frame, result.mapping, result.report,
                           on_existing=self.on_existing, assign_grids=self.assign_grids,
                           station_status=self.station_status)
        return DryRun(result.report, plan)

    def _preflight(self, frame, report, mapping) -> None:
        """Refuse before anything is planned: nothing usable, wrong place, garbled text."""
        preflight.refuse_empty(self.path, report.total, len(frame))
        text_columns = [c.name for c in LAYERS[self.layer].columns if c.kind == "text"]
        preflight.check(self.project, self.layer, frame, self.path, list(mapping),
                        crs_given=bool(self.crs), encoding=report.facts.get("encoding"),
                        text_columns=text_columns, accept_location=self.accept_location,
                        accept_garbled=self.accept_garbled)

    def _effective_overrides(self) -> dict[str, str]:
        """Overrides for the readers: every mapped field pinned, ignored ones kept out."""
        if not self.overrides:
            return {}
        pinned = self.mapping()
        # Ignored fields stay out; a field the file lacks is passed on so the
        # reader names it in its error instead of it being dropped silently.
        pinned.update({h: t for h, t in self.overrides.items()
                       if t in IGNORE_TARGETS or h not in pinned})
        return pinned


def _sheet_names(path: Path) -> list[str]:
    from .table import _open_workbook  # the safe opener (defusedxml, zip checks)
    from .limits import DEFAULT_LIMITS

    wb = _open_workbook(path, DEFAULT_LIMITS)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _zip_datasets(path: Path) -> list[str]:
    import tempfile

    from .archive import remove_tree

    tmp = Path(tempfile.mkdtemp(prefix="gridatlas-list-"))
    try:
        return [f.relative_to(tmp).as_posix() for f in unpack_zip(path, tmp)
                if f.suffix.lower() not in TABLE_SUFFIXES]
    finally:
        remove_tree(tmp)
