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
from .common import (add_force_argument, add_personal_data_arguments, open_or_fail,
                     output_refusal, resolve_cli_policy, take_write_lock)
from ..importing.errors import ImportFileError
from ..importing.preflight import ImportRefused
from ..messages import CodedError, Message, register
from ..schema import STATION_STATUSES
from ..importing.station_values import DEFAULT_STATUS
from ..importing.fields import parse_map_args
from ..importing.session import TARGET_LAYERS, ImportSession
from ..importing.vector import parse_crs_arg

register("cli.import.report_failed", "{path}：无法写入报告（{why}）", "{path}: cannot write the report ({why})")
register("cli.import.report_written", "报告已写入 {path}（{policy}）", "report written to {path} ({policy})")
register("cli.import.written", "已写入 {path}", "written to {path}")
register("cli.import.nothing", "没有需要写入的内容", "nothing to write")

STATION_STATUS_ONLY = register("import.station_status_only",
                               "--station-status 只用于 --as stations",
                               "--station-status applies only to --as stations")

EPILOG = """examples:
  python main.py import street.gpkg --as buildings 楼栋.shp --encoding gbk
  python main.py import street.gpkg --as stations 服务站.csv --crs gcj02
  python main.py import street.gpkg --as stations 拟建站点.kml --station-status planned
  python main.py import street.gpkg --as members 花名册.xlsx --sheet 党员 --report 问题.xlsx
  python main.py import street.gpkg --as buildings survey.zip --map 楼名=name --map 备注=-
"""


def add_arguments(p) -> None:
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…) to import into")
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
                   help="write the report (every rejected row and its reason; personal data"
                        " masked unless --full is confirmed)")
    add_personal_data_arguments(p)
    add_force_argument(p)
    p.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    p.add_argument("--existing", choices=("update", "reject"), default="update",
                   help="features whose id is already in the project: update them "
                        "(default) or reject the rows")
    p.add_argument("--station-status", choices=STATION_STATUSES,
                   help="status of new stations whose file gives none (default: built; a "
                        "file of stations is usually the register of existing ones)")
    p.add_argument("--leave-unassigned", action="store_true",
                   help="do not give new buildings the grid that contains them")
    p.add_argument("--accept-location", action="store_true",
                   help="import even where the data lies outside China, far from the project, or offset"
                        " like GCJ-02/BD-09 data")
    p.add_argument("--accept-garbled", action="store_true",
                   help="import text that looks garbled (乱码) instead of refusing it")


def run(args) -> int:
    policy = None
    if args.report:  # checked before anything is read or imported
        refusal = output_refusal(args.report, "xlsx", args, also_read=[args.file])
        if refusal:
            return fail(refusal)
        policy, refusal = resolve_cli_policy(args)
        if refusal:
            return fail(refusal)
    lock, error = (None, None) if args.dry_run else take_write_lock(args.project)
    if error:
        return fail(error)
    try:  # held from the first read to the write, so no other writer's edit is lost
        return _import(args, policy)
    finally:
        if lock is not None:
            lock.release()


def _import(args, policy) -> int:
    session, error = _session(args)
    if error:
        return fail(error)
    try:
        outcome = session.dry_run()
    except ImportFileError as exc:
        return fail(str(exc))
    except ImportRefused as exc:  # every reason on the one line, the first one first
        return fail("; ".join(str(m) for m in getattr(exc, "findings", None) or [exc]))
    except ValueError as exc:
        return fail(f"{args.file}: {exc}")
    print(outcome.summary())
    if args.report:
        try:
            outcome.report.to_xlsx(args.report, policy)
        except OSError as exc:
            return fail(Message("cli.import.report_failed", path=args.report, why=exc.strerror or exc).text())
        except CodedError as exc:
            return fail(str(exc))
        print(Message("cli.import.report_written", path=args.report, policy=policy.label))
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
    if args.station_status and args.layer != "stations":
        return None, str(Message(STATION_STATUS_ONLY))
    project, error = open_or_fail(args.project)
    if error:
        return None, error
    session = ImportSession(project, args.file, args.layer)
    session.station_status = args.station_status or DEFAULT_STATUS
    session.overrides = overrides
    session.crs, session.encoding = args.crs, args.encoding
    session.source_layer = args.sheet or args.source_layer
    session.on_existing = args.existing
    session.assign_grids = not args.leave_unassigned
    session.accept_location, session.accept_garbled = args.accept_location, args.accept_garbled
    return session, None


def _write(session: ImportSession, outcome) -> str | None:
    project = session.project
    where = project.location  # the file path or the server URL (no password); gone once closed
    try:
        if not outcome.plan.empty:
            outcome.plan.command.do(project)
    except Exception as exc:  # the transaction rolled back: the file is as it was
        return f"{where}: nothing was imported, writing failed ({exc})"
    finally:
        project.close()
    print(Message("cli.import.written", path=where) if not outcome.plan.empty
          else Message("cli.import.nothing"))
    return None
