"""The GUI half of grid editing: map tools, docks and dialogs over :mod:`geo.editing`.

Everything here builds a ``geo`` command and hands it to
:meth:`EditSession.run`, which pushes it on the window's undo stack
(:func:`gui.undo.run_and_push`); nothing writes to the project behind the
stack. :mod:`gui.features.editing` wires the pieces into the window.
"""
