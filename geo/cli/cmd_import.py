"""Import a Shapefile, GeoJSON, KML, GeoPackage, CSV/XLSX or member roster into a project.

Prints what was imported, rejected (counts per reason) and warned about;
``--report`` writes every rejected row with its reason to Excel. Exit 0 when
every row was imported, 1 when some were rejected (the good ones are still
imported unless ``--dry-run``), 2 when the file or the project cannot be read.
The write is one transaction: it lands whole or not at all.
"""
from __future__ import annotations

import argparse

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import open_or_fail
from ..importing.errors import ImportFileError
from ..importing.fields import parse_map_args
from ..importing.session import TARGET_LAYERS, ImportSession
from ..importing.vector import parse_crs_arg

EPILOG = """examples:
  python main.py import street.gpkg --as buildings 楼栋.shp --encoding gbk
  python main.py import street.gpkg --as stations 服务站.csv --crs gcj02
  python main.py import street.gpkg --as members 花名册.xlsx --sheet 党员 --report 问题.xlsx
  python main.py import street.gpkg --as buildings survey.zip --map 楼名=name --map 备注=-
"""


def add_arguments(p) -> None:
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("project", help="project GeoPackage to import into")
    p.add_argument("file", help=".shp, .zip, .geojson, .kml, .gpkg, .csv or .xlsx")
    p.add_argument("--as", dest="layer", required=True, choices=TARGET_LAYERS,
                   help="target layer")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="feed source FIELD into COLUMN (repeatable); FIELD=- skips a field")
    p.add_argument("--crs", help="source coordinates: EPSG:xxxx, gcj02 (Gaode/Tencent) or "
                                 "bd09 (Baidu); default: the file's own (.prj)")
    p.add_argument("--encoding", help="text encoding override (e.g. gbk, utf-8)")
    p.add_argument("--layer", dest="source_layer",
                   help="layer inside a .gpkg/.kml, or dataset inside a .zip")
    p.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
    p.add_argument("--report", metavar="OUT.xlsx",
                   help="write the full report (every rejected row and its reason)")
    p.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    p.add_argument("--existing", choices=("update", "reject"), default="update",
                   help="features whose id is already in the project: update them "
                        "(default) or reject the rows")
    p.add_argument("--leave-unassigned", action="store_true",
                   help="do not give new buildings the grid that contains them")


def run(args) -> int:
    session, error = _session(args)
    if error:
        return fail(error)
    try:
        outcome = session.dry_run()
    except ImportFileError as exc:
        return fail(str(exc))
    except ValueError as exc:
        return fail(f"{args.file}: {exc}")
    print(outcome.summary())
    if args.report:
        try:
            outcome.report.to_xlsx(args.report)
        except OSError as exc:
            return fail(f"{args.report}: cannot write the report ({exc.strerror or exc})")
        print(f"report written to {args.report}")
    if not args.dry_run:
        error = _write(session, outcome)
        if error:
            return fail(error)
    return EXIT_PROBLEMS if outcome.report.rejected else EXIT_OK


def _session(args):
    """(ImportSession, None) or (None, one-line error naming the file)."""
    try:
        overrides = parse_map_args(args.map)
        parse_crs_arg(args.crs)
    except ValueError as exc:
        return None, f"{args.file}: {exc}"
    project, error = open_or_fail(args.project)
    if error:
        return None, error
    session = ImportSession(project, args.file, args.layer)
    session.overrides = overrides
    session.crs, session.encoding = args.crs, args.encoding
    session.source_layer = args.sheet or args.source_layer
    session.on_existing = args.existing
    session.assign_grids = not args.leave_unassigned
    return session, None


def _write(session: ImportSession, outcome) -> str | None:
    project = session.project
    try:
        if not outcome.plan.empty:
            outcome.plan.command.do(project)
    except Exception as exc:  # the transaction rolled back: the file is as it was
        return f"{project.path}: nothing was imported, writing failed ({exc})"
    finally:
        project.close()
    print(f"written to {project.path}" if not outcome.plan.empty else "nothing to write")
    return None
