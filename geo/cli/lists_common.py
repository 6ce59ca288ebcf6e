"""The verbs the four list commands share: list, add, import, export, update, delete.

``main.py needs|resources|projects|cases PROJECT VERB …``. Each ``cmd_<list>.py``
makes one :class:`ListCommand` with its extra verbs (``cases … advance``,
``needs … suggest``). Writing verbs open the project with
:func:`geo.cli.common.project_session` (write lock, one history entry per
command, ``main.py undo`` reverts it). Exit codes: 0 done, 1 an import left
rows out (listed with ``--report``), 2 refused or bad input (one line).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import EXIT_OK, EXIT_PROBLEMS, fail
from .common import (CliError, add_force_argument, output_refusal, project_session, resolve_cli_policy,
                     run_export, terminal_field)
from .lists_edit import add_edit_arguments, add_item, update_item
from ..importing.errors import ImportFileError
from ..importing.table import cell_text
from ..importing.preflight import ImportRefused
from ..messages import CodedError, Message, register

register("cli.lists.none", "（没有符合条件的条目）", "(no matching items)")
register("cli.lists.count", "共 {n} 条", "{n} items")
register("cli.lists.deleted", "已删除 {item}", "deleted {item}")
register("cli.lists.import_written", "已导入 {n} 条到 {path}", "imported {n} items into {path}")
register("cli.lists.dry_run", "（试运行：未写入）", "(dry run: nothing written)")
register("cli.lists.report_written", "报告已写入 {path}（{policy}）", "report written to {path} ({policy})")

#: Columns of the text table of each list (``--json`` gives every column).
TABLE_COLUMNS = {
    "needs": ("need_id", "title", "category", "status", "in_grid", "created_at"),
    "resources": ("resource_id", "title", "category", "provider_type", "provider_id", "quantity", "unit",
                  "in_grid"),
    "projects": ("project_id", "title", "need_id", "resource_id", "claimed_by", "status", "claimed_at",
                 "done_at"),
    "cases": ("case_id", "title", "category", "state", "in_grid", "reported_at", "due_at", "closed_at"),
}
STATE_COLUMNS = {"needs": "status", "projects": "status", "cases": "state"}


@dataclass
class ListCommand:
    """The parser and the verbs of one list command; ``extra`` adds verbs:
    ``{name: (help, add_arguments(parser), run(args) -> int)}``."""

    layer: str
    extra: dict = field(default_factory=dict)

    def add_arguments(self, p) -> None:
        p.add_argument("project", help="project file (.gpkg) or database URL (postgresql://…)")
        sub = p.add_subparsers(dest="verb", metavar="VERB")
        sub.required = True
        verbs = {"list": ("list the items (a table, or --json)", self._list_arguments, self.run_list),
                 "add": ("add one item", self._add_arguments, self.run_add),
                 "import": ("import items from .xlsx/.csv; bad rows are reported", self._import_arguments,
                            self.run_import),
                 "export": ("write the items to .xlsx (personal data masked unless --unmasked)",
                            self._export_arguments, self.run_export),
                 "update": ("change columns of one item", self._update_arguments, self.run_update),
                 "delete": ("delete one item", self._delete_arguments, self.run_delete),
                 **self.extra}
        for name, (help_text, add, run) in verbs.items():
            verb = sub.add_parser(name, help=help_text)
            add(verb)
            verb.set_defaults(_verb=run)

    def run(self, args) -> int:
        try:
            return args._verb(args)
        except CliError as exc:
            return fail(str(exc))
        except (ImportFileError, ImportRefused) as exc:  # the message names the file
            return fail("; ".join(str(m) for m in getattr(exc, "findings", None) or [exc]))
        except CodedError as exc:  # a refused edit or import names the item and the problem
            return fail(f"{args.project}: {exc}")

    # ------------------------------------------------------------ list
    def _list_arguments(self, p) -> None:
        p.add_argument("--json", action="store_true", help="every column as JSON (stored codes)")
        p.add_argument("--grid", help="only items counted in this grid")
        p.add_argument("--category", help="only this category")
        if self.layer in STATE_COLUMNS:
            p.add_argument("--state", "--status", dest="state",
                           help="only this state/status (Chinese or English word)")
        if self.layer == "cases":
            p.add_argument("--overdue", action="store_true", help="only open cases past their due date")
        p.add_argument("--unmasked", "--full", dest="full", action="store_true",
                       help="--json with reporters' names and phones in clear (asks for confirmation)")
        p.add_argument("--yes", action="store_true", help="confirm --unmasked without asking")

    def run_list(self, args) -> int:
        from ..export.vocabulary import column_label
        from ..lists.export_table import list_frame
        from ..messages import language

        policy, error = resolve_cli_policy(args)
        if error:
            return fail(error)
        with project_session(args.project, write=False) as project:
            codes = list_frame(project, self.layer, None)
            keep = self._filter(project, codes, args)
            shown = list_frame(project, self.layer, language())[keep.to_numpy()]
            codes = codes[keep.to_numpy()]
        if args.json:
            from ..lists.list_columns import PERSONAL

            masked = policy.apply(codes, {c: k for c, k in PERSONAL.items() if c in codes.columns})
            print(json.dumps(masked.astype(object).where(masked.notna(), None).to_dict("records"),
                             ensure_ascii=False, indent=1, default=str))
            return EXIT_OK
        columns = TABLE_COLUMNS[self.layer]
        print("\t".join(column_label(c, language(), self.layer) for c in columns))
        for row in shown[list(columns)].itertuples(index=False):
            print("\t".join(terminal_field(cell_text(v)) for v in row))
        print(Message("cli.lists.count", n=len(shown)).text() if len(shown) else Message("cli.lists.none").text())
        return EXIT_OK

    def _filter(self, project, codes, args):
        from ..lists.import_values import category_value, parse_code, COLUMN_DOMAINS

        keep = codes.index == codes.index
        if args.grid:
            keep &= (codes["in_grid"] == args.grid).to_numpy()
        if args.category:
            keep &= (codes["category"] == category_value(args.category)).to_numpy()
        if getattr(args, "state", None):
            column = STATE_COLUMNS[self.layer]
            code, why = parse_code(COLUMN_DOMAINS[(self.layer, column)], args.state, "--state")
            if why is not None:
                raise CliError(str(why))
            keep &= (codes[column] == code).to_numpy()
        if getattr(args, "overdue", False):
            from ..lists.case_states import overdue

            keep &= overdue(project["cases"]).reindex(project["cases"].index).to_numpy(dtype=bool)
        import pandas as pd

        return pd.Series(keep, index=codes.index)

    # ------------------------------------------------------------ add / update / delete
    def _add_arguments(self, p) -> None:
        p.add_argument("--id", help="the item's id (default: the next free one)")
        add_edit_arguments(p, self.layer)

    def run_add(self, args) -> int:
        with project_session(args.project, write=True) as project:
            print(add_item(project, self.layer, args).text())
        return EXIT_OK

    def _update_arguments(self, p) -> None:
        p.add_argument("id", help="the item to change")
        add_edit_arguments(p, self.layer)

    def run_update(self, args) -> int:
        with project_session(args.project, write=True) as project:
            print(update_item(project, self.layer, args).text())
        return EXIT_OK

    def _delete_arguments(self, p) -> None:
        p.add_argument("id", help="the case to delete (its events go with it)" if self.layer == "cases"
                       else "the item to delete")

    def run_delete(self, args) -> int:
        from ..lists.items import DeleteItem

        with project_session(args.project, write=True) as project:
            DeleteItem(self.layer, args.id).do(project)
        print(Message("cli.lists.deleted", item=args.id).text())
        return EXIT_OK

    # ------------------------------------------------------------ import / export
    def _import_arguments(self, p) -> None:
        p.add_argument("file", help=".xlsx or .csv (UTF-8, UTF-8 with BOM, GBK)")
        p.add_argument("--sheet", help="worksheet of an .xlsx (default: the first)")
        p.add_argument("--encoding", help="CSV text encoding override (e.g. gbk, utf-8)")
        p.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        p.add_argument("--report", metavar="OUT.xlsx", help="write every rejected row with its reasons")
        p.add_argument("--unmasked", "--full", dest="full", action="store_true",
                       help="the report with reporters' names and phones in clear (asks for confirmation)")
        p.add_argument("--yes", action="store_true", help="confirm --unmasked without asking")
        p.add_argument("--accept-garbled", action="store_true",
                       help="import text that looks garbled (乱码) instead of refusing the file")
        add_force_argument(p)

    def run_import(self, args) -> int:
        from ..importing.preflight import refuse_empty
        from ..lists.import_table import read_list_file

        policy = None
        if args.report:  # checked before anything is read or written
            refusal = output_refusal(args.report, "xlsx", args, also_read=[args.file])
            if refusal:
                return fail(refusal)
            policy, refusal = resolve_cli_policy(args)
            if refusal:
                return fail(refusal)
        with project_session(args.project, write=not args.dry_run) as project:
            result = read_list_file(project, self.layer, args.file, sheet=args.sheet, encoding=args.encoding,
                                    accept_garbled=args.accept_garbled)
            print(terminal_field_lines(result.report.summary()))
            if args.report:
                _write_report(result.report, args.report, policy)
            from pathlib import Path

            refuse_empty(Path(args.file), result.report.total, result.report.imported)
            if not args.dry_run:
                result.command().do(project)
        print(Message("cli.lists.dry_run").text() if args.dry_run else
              Message("cli.lists.import_written", n=result.report.imported, path=args.project).text())
        return EXIT_PROBLEMS if result.report.rejected else EXIT_OK

    def _export_arguments(self, p) -> None:
        p.add_argument("out", help="the .xlsx to write")
        p.add_argument("--lang", choices=("zh", "en"), default=None,
                       help="sheet names, headers and values (default zh, or GRIDATLAS_LANG)")
        p.add_argument("--all", action="store_true", help="every list and the case events, not just this one")
        p.add_argument("--unmasked", "--full", dest="full", action="store_true",
                       help="reporters' names and phones in clear (asks for confirmation)")
        p.add_argument("--yes", action="store_true", help="confirm --unmasked without asking")
        add_force_argument(p)

    def run_export(self, args) -> int:
        from ..lists.export_table import EXPORT_TABLES, write_lists_workbook

        tables = EXPORT_TABLES if args.all else (
            (self.layer, "case_events") if self.layer == "cases" else (self.layer,))
        return run_export(args, lambda project, policy: write_lists_workbook(
            args.out, project, policy, args.lang, tables), "xlsx")


def terminal_field_lines(text: str) -> str:
    return "\n".join(terminal_field(line) for line in text.splitlines())


def _write_report(report, path, policy) -> None:
    try:
        report.to_xlsx(path, policy)
    except OSError as exc:
        raise CliError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    print(Message("cli.lists.report_written", path=path, policy=policy.label).text())
