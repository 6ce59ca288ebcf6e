"""List coverage gaps (what is missing where), most severe first; --json or --xlsx OUT."""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import add_force_argument, open_or_fail, output_refusal, terminal_field


def add_arguments(p) -> None:
    from ..coverage.gaps import GAP_TYPES

    p.add_argument("project", help="project GeoPackage")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the gaps as a JSON list")
    out.add_argument("--xlsx", metavar="OUT", help="write the gaps and figures to an Excel workbook")
    p.add_argument("--type", action="append", choices=sorted(GAP_TYPES), dest="types",
                   help="only this gap type (repeatable)")
    p.add_argument("--community", help="only gaps in this community id")
    p.add_argument("--limit", type=int, default=0, help="text output: show at most N rows (0: all)")
    add_force_argument(p)
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="--xlsx: language of headers, labels and values (default zh)")


def run(args) -> int:
    from ..coverage.model import CoverageModel
    from ..coverage.report import GAP_FIELDS, records

    refusal = args.xlsx and output_refusal(args.xlsx, "xlsx", args)
    if refusal:
        return fail(refusal)
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        model = CoverageModel(project, live=False)
        if args.community is not None and args.community not in project["communities"].index:
            return fail(f"{args.project}: no community with id {args.community!r}")
        gaps = model.gaps(types=args.types, community=args.community)
        if args.xlsx:
            from ..coverage.excel import write_gaps_xlsx
            try:
                write_gaps_xlsx(args.xlsx, gaps, model, lang=args.lang)
            except OSError as exc:  # the atomic writer left any existing file as it was
                return fail(f"{args.xlsx}: cannot write ({exc.strerror or exc})")
            print(f"wrote {args.xlsx}: {len(gaps)} gaps")
        elif args.json:
            print(json.dumps(records(gaps, GAP_FIELDS), ensure_ascii=False, indent=1))
        else:
            _print_text(gaps, args.limit)
    finally:
        project.close()
    return EXIT_PROBLEMS if len(gaps) else EXIT_OK


def _print_text(gaps, limit: int) -> None:
    shown = gaps if limit <= 0 else gaps.head(limit)
    marks = {3: "!!!", 2: "!! ", 1: "!  "}
    for row in shown.itertuples(index=False):
        needed = f"{row.needed:g}" if row.needed == row.needed else "-"
        fields = (row.title, f"{row.layer}:{row.id}", row.name, f"需 {needed} {row.needed_unit}",
                  row.detail)
        print(f"{marks.get(row.severity, '   ')} " + "\t".join(terminal_field(f) for f in fields))
    counts = gaps["type"].value_counts()
    print(f"{len(gaps)} gaps" + (": " + ", ".join(f"{t} {n}" for t, n in counts.items()) if len(gaps) else ""))
