"""Helpers shared by commands."""
from __future__ import annotations

import sys

from ..project import Project
from ..store import ProjectError


def open_or_fail(path):
    """(project, None) or (None, error message) — commands turn the message into exit 2."""
    try:
        return Project.open(path), None
    except ProjectError as exc:
        return None, str(exc)


def add_personal_data_arguments(p) -> None:
    p.add_argument("--mask", action="store_true", default=True,
                   help="mask names, phones and ID numbers (the default)")
    p.add_argument("--full", action="store_true",
                   help="personal data in clear (asks for confirmation; the file says so)")
    p.add_argument("--yes", action="store_true", help="confirm --full without asking")


def _confirm_full(args):
    def ask() -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        answer = input("导出完整个人信息？输入 YES 确认 / type YES to export full personal data: ")
        return answer.strip() == "YES"
    return ask


def run_export(args, write) -> int:
    """The steps every export shares: pick the masking policy (a full export must be
    confirmed), open the project, ``write(project, policy)``, close, report."""
    from ..masking import FullDataNotConfirmed, resolve_policy
    from . import EXIT_OK, fail

    try:
        policy = resolve_policy(full=args.full, confirm=_confirm_full(args))
    except FullDataNotConfirmed:
        return fail("full personal data export was not confirmed (use --yes, or answer YES)")
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        write(project, policy)
    finally:
        project.close()
    print(f"wrote {args.out} ({policy.label})")
    return EXIT_OK
