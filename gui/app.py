"""Creating the QApplication: CJK fonts, translations, settings identity."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from geo.collector import freeze_after_full_collections
from geo.malloc_arenas import limit_malloc_arenas
from geo.messages import set_language as set_message_language

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"
#: Where Debian's fonts-noto-cjk puts the CJK faces. Registering the file
#: directly makes Chinese render even where fontconfig is not consulted
#: (Qt's offscreen platform), instead of drawing boxes.
CJK_FONT_FILES = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
]
CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]


_cjk_found: dict = {}  # QApplication -> family: registering a font file costs ~12 ms (charts ask per redraw)


def cjk_family() -> str | None:
    """Register the CJK font files and return the family to use, or None if there is none."""
    app = QApplication.instance()
    if app is not None and id(app) in _cjk_found:
        return _cjk_found[id(app)]
    for path in CJK_FONT_FILES:
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), None)
    if app is not None:
        _cjk_found.clear()  # one application at a time
        _cjk_found[id(app)] = family
    return family


def language(requested: str | None = None) -> str:
    if requested:
        return requested
    saved = QSettings().value("ui/language", "")
    return saved if saved in ("zh", "en") else "zh"


def install_translator(app: QApplication, lang: str) -> None:
    """Chinese is the default UI; the English strings come from ``gridatlas_en.qm``.

    The source strings in code are Chinese, so ``zh`` needs no catalogue. The
    engine's messages (:mod:`geo.messages`) switch with the interface, so a refusal
    or a finder result reads in the language of the menus around it.
    """
    set_message_language(lang)
    for old in getattr(app, "_gridatlas_translators", []):
        app.removeTranslator(old)
    app._gridatlas_translators = []
    if lang == "en":
        translator = QTranslator(app)
        if translator.load(str(TRANSLATIONS / "gridatlas_en.qm")):
            app.installTranslator(translator)
            app._gridatlas_translators.append(translator)
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(QLocale("zh_CN" if lang == "zh" else "en_US"), "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        app._gridatlas_translators.append(qt_translator)


def create_app(argv=None, lang: str | None = None) -> QApplication:
    limit_malloc_arenas()  # main.py did already; a window made otherwise (benchmarks, tests) too
    freeze_after_full_collections()  # the same (see geo.collector)
    QCoreApplication.setOrganizationName("GridAtlas")
    QCoreApplication.setApplicationName("GridAtlas")
    app = QApplication.instance() or QApplication(list(argv or ["gridatlas"]))
    family = cjk_family()
    if family:
        font = QFont(family)
        font.setPointSizeF(app.font().pointSizeF())
        app.setFont(font)
    install_translator(app, language(lang))
    app.aboutToQuit.connect(_finish_cache_writes)
    return app


#: How long a quitting app waits for the projection cache's last entries (a city: ~1 s).
CACHE_WRITES_WAIT = 5.0


def _finish_cache_writes() -> None:
    """Let the projection cache write what an opening handed it (else the next opening
    projects again); not imported at all when nothing was opened."""
    cache = sys.modules.get("geo.projection_cache")
    if cache is not None:
        cache.flush(CACHE_WRITES_WAIT)
