"""Presenting in meetings: presenter mode (F5) and the File → Export actions.

``presenter.py`` is the mode itself (full screen, larger map, bookmarks,
masking); ``overlay.py`` and ``laser.py`` draw on the canvas while it is on;
``masking_hook.py`` masks personal data in every view through
:func:`gui.models.display.set_display_hook`; ``exports.py`` holds the export
menu actions (HTML map, Excel report, page layout) with their mask/full question.
"""
