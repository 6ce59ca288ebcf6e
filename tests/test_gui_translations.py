"""The English catalogue covers every UI string and the compiled .qm matches the .ts."""
import importlib.util
from pathlib import Path

from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_is_translated_and_the_qm_is_current():
    problems = _tool().check()
    assert problems == [], "\n".join(problems) + "\n(run: python tools/update_translations.py)"


def test_compiled_catalogue_translates(qapp):
    tool = _tool()
    translator = QTranslator()
    assert translator.load(str(tool.QM))
    assert translator.translate("MainWindow", "文件(&F)") == "&File"
    assert translator.translate("Labels", "党员中心户") == "Central household"


def test_sources_scanned_include_every_dock():
    files = _tool().source_files()
    for name in ("main_window.py", "actions.py", "layers_dock.py", "identify_dock.py",
                 "attribute_dock.py", "org_tree_dock.py", "labels.py"):
        assert any(f.endswith(name) for f in files), name
