"""List coverage gaps (what is missing where), most severe first; --json or --xlsx OUT."""
from __future__ import annotations

import json

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import add_force_argument, open_or_fail, output_refusal, terminal_field
from ..messages import Message, language, register

register("cli.gaps.no_community", "{path}：没有编号为 {id} 的社区", "{path}: no community with id {id}")
register("cli.gaps.written", "已写入 {path}：{n} 个缺口", "wrote {path}: {n} gaps")
register("cli.gaps.needed", "需 {needed} {unit}", "needs {needed} {unit}")
register("cli.gaps.count", "{n} 个缺口", "{n} gaps")


def add_arguments(p) -> None:
    from ..coverage.gaps import GAP_TYPES

    p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the gaps as a JSON list")
    out.add_argument("--xlsx", metavar="OUT", help="write the gaps and figures to an Excel workbook")
    p.add_argument("--type", action="append", choices=sorted(GAP_TYPES), dest="types",
                   help="only this gap type (repeatable)")
    p.add_argument("--community", help="only gaps in this community id")
    p.add_argument("--limit", type=int, default=0, help="text output: show at most N rows (0: all)")
    add_force_argument(p)
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="language of the text, the details and --xlsx (default zh, or GRIDATLAS_LANG)")


def run(args) -> int:
    from ..coverage.model import CoverageModel
    from ..coverage.report import GAP_FIELDS, records

    lang = args.lang or language()
    refusal = args.xlsx and output_refusal(args.xlsx, "xlsx", args)
    if refusal:
        return fail(refusal)
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        model = CoverageModel(project, live=False)
        if args.community is not None and args.community not in project["communities"].index:
            return fail(Message("cli.gaps.no_community", path=args.project, id=repr(args.community)).text(lang))
        gaps = model.gaps(types=args.types, community=args.community)
        if args.xlsx:
            from ..coverage.excel import write_gaps_xlsx
            try:
                write_gaps_xlsx(args.xlsx, gaps, model, lang=lang)
            except OSError as exc:  # the atomic writer left any existing file as it was
                return fail(Message("cli.cannot_write", path=args.xlsx, why=exc.strerror or exc).text(lang))
            print(Message("cli.gaps.written", path=args.xlsx, n=len(gaps)).text(lang))
        elif args.json:
            from ..coverage.gaps import detail_texts
            gaps = gaps.assign(detail=detail_texts(gaps["detail"], lang))
            print(json.dumps(records(gaps, GAP_FIELDS), ensure_ascii=False, indent=1))
        else:
            _print_text(gaps, args.limit, lang)
    finally:
        project.close()
    return EXIT_PROBLEMS if len(gaps) else EXIT_OK


def _print_text(gaps, limit: int, lang: str) -> None:
    from ..coverage.gaps import detail_texts
    from ..export.vocabulary import gap_title, value_label

    shown = gaps if limit <= 0 else gaps.head(limit)
    marks = {3: "!!!", 2: "!! ", 1: "!  "}
    for row, detail in zip(shown.itertuples(index=False), detail_texts(shown["detail"], lang)):
        needed = f"{row.needed:g}" if row.needed == row.needed else "-"
        unit = value_label("unit", row.needed_unit, lang)
        fields = (gap_title(row.type, lang), f"{row.layer}:{row.id}", row.name,
                  Message("cli.gaps.needed", needed=needed, unit=unit).text(lang).strip(), detail)
        print(f"{marks.get(row.severity, '   ')} " + "\t".join(terminal_field(f) for f in fields))
    counts = gaps["type"].value_counts()
    sep = "，" if lang == "zh" else ", "
    print(Message("cli.gaps.count", n=len(gaps)).text(lang)
          + (("：" if lang == "zh" else ": ") + sep.join(f"{gap_title(t, lang)} {n}" for t, n in counts.items())
             if len(gaps) else ""))
