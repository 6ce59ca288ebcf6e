"""Passwords typed into the connect dialog: kept in this process's memory only.

libpq's own sources come first (``~/.pgpass``, ``PGPASSFILE``, ``PGPASSWORD``).
When the user types a password instead, it is held here for the session —
never in a URL, a settings file, the recent-projects list or a log — and
handed to libpq as a connection parameter. It is gone when the app exits.
"""
from __future__ import annotations

_PASSWORDS: dict[str, str] = {}


def remember(conninfo: str, password: str) -> None:
    """Use ``password`` for connections to ``conninfo`` (a libpq URL) until the app exits."""
    if password:
        _PASSWORDS[conninfo] = password
    else:
        _PASSWORDS.pop(conninfo, None)


def password_for(conninfo: str) -> dict:
    """``{"password": …}`` for libpq when one was typed for ``conninfo``, else ``{}``."""
    password = _PASSWORDS.get(conninfo)
    return {"password": password} if password else {}


def forget_all() -> None:
    _PASSWORDS.clear()
