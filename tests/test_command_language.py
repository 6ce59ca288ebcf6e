"""Undo and history texts read in the user's language (issue 16: they were English).

A command's text is a message code; the history table keeps its wording in both
languages (JSON with the code), so ``history`` and the history panel show either
language later, and entries written before the codes still show as written.
"""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from geo.commands import SetValues
from geo.editing.members import set_building_group
from geo.history import read_history, shown_text, stored_text
from geo.messages import Message
from geo.project import Project
from geo.schema import HISTORY_TABLE

ROOT = Path(__file__).resolve().parent.parent


def history_lines(path, lang):
    env = {**os.environ, "GRIDATLAS_LANG": lang}
    result = subprocess.run([sys.executable, "main.py", "history", str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_coded_texts_are_stored_in_both_languages_and_shown_in_either(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B1": {"households": 61}}).do(project)
        set_building_group(project, "B2").do(project)
    finally:
        project.close()
    con = sqlite3.connect(tiny_gpkg)
    try:
        stored = [row[0] for row in con.execute(f'SELECT "command" FROM "{HISTORY_TABLE}" ORDER BY "entry_id"')]
    finally:
        con.close()
    first = json.loads(stored[0])  # readable in any SQLite browser: code and both wordings
    assert first == {"code": "command.set_values", "zh": "修改楼栋", "en": "Edit buildings"}
    zh, en = history_lines(tiny_gpkg, "zh"), history_lines(tiny_gpkg, "en")
    assert "建立楼栋 B2 党小组" in zh and "修改楼栋" in zh and "Edit" not in zh
    assert "Party group for building B2" in en and "Edit buildings" in en and "楼栋" not in en
    entry = read_history(tiny_gpkg)[0]
    assert entry.text("en") == "Party group for building B2" and entry.text("zh") == "建立楼栋 B2 党小组"


def test_entries_written_before_the_codes_show_as_written():
    assert shown_text("brush 3 buildings to G1", "zh") == "brush 3 buildings to G1"
    assert shown_text("{not json", "en") == "{not json"
    assert stored_text("修改 2号楼") == "修改 2号楼"  # a text the GUI worded itself stays plain
    assert shown_text(stored_text(Message("command.delete_grid", grid="G7")), "en") == "Delete grid G7"


def test_undo_of_a_coded_entry_reads_in_the_cli_language(tiny_gpkg):
    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B1": {"households": 61}}).do(project)
    finally:
        project.close()
    env = {**os.environ, "GRIDATLAS_LANG": "en"}
    undo = subprocess.run([sys.executable, "main.py", "undo", str(tiny_gpkg)], cwd=ROOT, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert undo.returncode == 0, undo.stderr
    assert "Edit buildings" in undo.stdout
    en, zh = history_lines(tiny_gpkg, "en"), history_lines(tiny_gpkg, "zh")
    assert "undo of #1: Edit buildings" in en and "[undone]" in en
    assert "撤销 #1：修改楼栋" in zh and "［已撤销］" in zh


def test_history_panel_and_undo_stack_reword_on_a_language_switch(make_main_window, tiny_gpkg):
    from PySide6.QtWidgets import QApplication

    from geo.editing.org_setup import add_grid_branch
    from gui.app import install_translator
    from tests.editing_gui_helpers import editing_feature

    project = Project.open(tiny_gpkg)
    try:
        SetValues("buildings", {"B1": {"households": 61}}).do(project)  # an earlier session
    finally:
        project.close()
    window = make_main_window(tiny_gpkg, show=False)
    session = editing_feature(window).session
    assert session.run(add_grid_branch(window.project, "G2"))
    dock = window.undo_dock
    saved = [dock.saved_list.item(i).text() for i in range(dock.saved_list.count())]
    assert any("修改楼栋" in line for line in saved)
    assert window.undo_stack.text(0) == "新建网格党支部 测试社区第二网格党支部"
    install_translator(QApplication.instance(), "en")  # the app fixture switches back at teardown
    QApplication.processEvents()  # the LanguageChange events
    saved = [dock.saved_list.item(i).text() for i in range(dock.saved_list.count())]
    assert any("Edit buildings" in line for line in saved)
    assert window.undo_stack.text(0) == "New grid branch 测试社区第二网格党支部"
