"""Dialogs of the app. Each module holds one dialog and a function that opens it."""
from __future__ import annotations


def open_import_wizard(parent, project, undo_stack) -> bool:
    """File → Import; see :func:`gui.dialogs.import_wizard.open_import_wizard`."""
    from .import_wizard import open_import_wizard as _open  # Qt widgets load on use

    return _open(parent, project, undo_stack)
