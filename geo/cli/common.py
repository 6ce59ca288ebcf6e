"""Helpers shared by commands."""
from __future__ import annotations

import contextlib
import sys

from ..messages import CodedError, Message, language, register

register("cli.written_with_policy", "已写入 {path}（{policy}）", "wrote {path} ({policy})")
register("cli.policy.masked", "个人信息已脱敏", "masked")
register("cli.policy.full", "含完整个人信息", "FULL PERSONAL DATA")
register("cli.full_not_confirmed", "未确认导出完整个人信息（加 --yes，或输入 YES）",
         "full personal data export was not confirmed (use --yes, or answer YES)")
register("cli.cannot_write", "{path}：无法写入（{why}）", "{path}: cannot write ({why})")
register("cli.written", "已写入 {path}", "wrote {path}")
register("cli.cannot_write_file", "无法写入 {path}", "cannot write {path}")
from .terminal import say_notices, terminal_field, terminal_text  # noqa: F401  (commands import them from here)
from ..project import Project
from ..store import ProjectError


def open_or_fail(path):
    """(project, None) or (None, error message) — commands turn the message into exit 2.

    A write a killed process left half done is rolled back first, and the user
    is told on stderr (:func:`geo.recovery.recover_interrupted_write`).
    """
    from ..recovery import recover_interrupted_write
    from ..store_api import is_server_url

    try:
        if not is_server_url(path):  # a server rolls back by itself
            say_notices([recover_interrupted_write(path)])
        return Project.open(path), None
    except (ProjectError, CodedError) as exc:
        return None, str(exc)


def take_write_lock(path):
    """(lock, None) or (None, error line): the project's one write lock
    (:mod:`geo.editing.lock`), taken by every command that writes into a project."""
    from ..editing.lock import acquire_write_lock
    from ..gpkg import looks_like_geopackage
    from ..store_api import is_server_url

    if is_server_url(path):  # several writers at once: each edit is checked against versions instead
        return _NoLock(), None
    why = looks_like_geopackage(path)
    if why:
        return None, f"{path}: {why}"
    try:
        return acquire_write_lock(path), None
    except CodedError as exc:  # ProjectLocked names the holder
        return None, str(exc)


class _NoLock:
    """What :func:`take_write_lock` gives for a server project (nothing to release)."""

    def release(self) -> None:
        pass


class CliError(Exception):
    """One line for :func:`geo.cli.fail` (exit 2)."""


@contextlib.contextmanager
def project_session(path, write: bool):
    """The open project, under the write lock when ``write``: taken before the first read
    and held to the last write, so no other writer's edit is lost; always closed.

    Raises :class:`CliError` with the one-line reason when the lock or the file is refused.
    """
    lock = None
    if write:
        lock, error = take_write_lock(path)
        if error:
            raise CliError(error)
    try:
        project, error = open_or_fail(path)
        if error:
            raise CliError(error)
        try:
            yield project
        finally:
            project.close()
    finally:
        if lock is not None:
            lock.release()


def add_personal_data_arguments(p) -> None:
    p.add_argument("--mask", action="store_true", default=True,
                   help="mask names, phones and ID numbers (the default)")
    p.add_argument("--full", action="store_true",
                   help="personal data in clear (asks for confirmation; the file says so)")
    p.add_argument("--yes", action="store_true", help="confirm --full without asking")


def add_force_argument(p) -> None:
    p.add_argument("--force", action="store_true",
                   help="replace an existing output file of another kind (never the project,"
                        " a folder or a device)")


def output_refusal(path, kind: str, args, also_read=()) -> str | None:
    """None when ``path`` may receive a ``kind`` file, else the one-line reason (exit 2).

    The one output guard (:func:`geo.output_guard.check_output`): never the
    project being read, never a folder/device/FIFO, another kind of file only
    with ``--force``. ``also_read``: other input files that must survive (the
    file being imported).
    """
    from ..output_guard import OutputRefused, check_output

    try:
        check_output(path, kind, protect=[getattr(args, "project", None), *also_read],
                     force=getattr(args, "force", False))
    except OutputRefused as exc:
        return str(exc)
    return None


def _confirm_full(args):
    def ask() -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        answer = input("导出完整个人信息？输入 YES 确认 / type YES to export full personal data: ")
        return answer.strip() == "YES"
    return ask


def resolve_cli_policy(args):
    """(policy, None) or (None, error line): a full export must be confirmed (--yes or YES)."""
    from ..masking import FullDataNotConfirmed, resolve_policy

    try:
        return resolve_policy(full=args.full, confirm=_confirm_full(args)), None
    except FullDataNotConfirmed:
        return None, Message("cli.full_not_confirmed").text()


def run_export(args, write, kind: str) -> int:
    """The steps every export shares: check the output (:func:`output_refusal`), pick
    the masking policy (a full export must be confirmed), open the project,
    ``write(project, policy)``, close, report."""
    from . import EXIT_OK, fail

    if getattr(args, "lang", "") is None:  # the file's language: the command line's unless --lang says
        args.lang = language()
    refusal = output_refusal(args.out, kind, args)
    if refusal:
        return fail(refusal)
    policy, error = resolve_cli_policy(args)
    if error:
        return fail(error)
    project, error = open_or_fail(args.project)
    if error:
        return fail(error)
    try:
        write(project, policy)
    except OSError as exc:  # the atomic writer left any existing file as it was
        return fail(Message("cli.cannot_write", path=args.out, why=exc.strerror or exc).text())
    except CodedError as exc:
        return fail(str(exc))
    finally:
        project.close()
    label = Message("cli.policy.masked" if policy.masked else "cli.policy.full")
    # in the language of what was written: an English file is not announced in Chinese
    print(Message("cli.written_with_policy", path=args.out, policy=label).text(getattr(args, "lang", None)))
    return EXIT_OK
