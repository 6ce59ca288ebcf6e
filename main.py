"""GridAtlas 党建网格一张图 — entry point.

``python main.py`` opens the app on the bundled demo street; ``python main.py
COMMAND ...`` runs a command (``--help`` lists them). Commands that need Qt
(``open``, ``render``) import it only when they run.
"""
from __future__ import annotations

import signal
import sys


def main(argv=None) -> int:
    # `main.py stats … | head` should stop quietly, as other Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from geo.malloc_arenas import limit_malloc_arenas

    limit_malloc_arenas()  # before any thread starts (see geo.malloc_arenas)
    from geo.collector import freeze_after_full_collections

    freeze_after_full_collections()  # a loaded city's objects walked once, not on every full collection
    from geo.gdal_env import skip_vrt

    skip_vrt()  # before anything loads GDAL: a data file that is VRT XML must not read others
    argv = list(sys.argv[1:] if argv is None else argv)
    from geo.cli import main as cli_main
    from gui.cli import GUI_COMMANDS

    if not argv or argv[0].startswith("--lang"):
        argv = ["open", *argv]
    return cli_main(argv, extra_commands=GUI_COMMANDS)


if __name__ == "__main__":
    sys.exit(main())
