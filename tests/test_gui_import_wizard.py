"""The import wizard driven page by page (offscreen), with a screenshot of each page."""

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from geo.project import Project
from gui.dialogs.import_wizard import ImportWizard
from tests.test_import_cli import centre, write_gbk_buildings, write_roster


@pytest.fixture
def app(qapp):
    from gui.app import create_app

    return create_app()


@pytest.fixture
def project(demo_copy):
    p = Project.open(demo_copy)
    yield p
    p.close()


@pytest.fixture
def no_dialogs(monkeypatch):
    """Record message boxes instead of blocking on them."""
    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda *a, _n=name, **k: shown.append((_n, a[2] if len(a) > 2 else "")))
    return shown


def make_wizard(qtbot, project):
    stack = QUndoStack()
    wizard = ImportWizard(project, stack)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard, stack


def shoot(wizard, output_dir, name):
    wizard.repaint()
    assert wizard.grab().save(str(output_dir / f"{name}.png"))


def choose_file(wizard, path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    browse = [b for b in wizard.file_page.findChildren(QPushButton) if b.text() == "浏览…"]
    browse[0].click()


def test_roster_through_the_wizard_then_undo(app, qtbot, project, tmp_path, output_dir,
                                             monkeypatch, no_dialogs):
    path, expected = write_roster(tmp_path / "花名册.xlsx", project["buildings"], n=120)
    members_before = len(project["members"])
    wizard, stack = make_wizard(qtbot, project)
    choose_file(wizard, path, monkeypatch)
    assert wizard.file_page.target_combo.currentData() == "members"
    assert wizard.file_page.source_combo.currentText() == "党员"
    shoot(wizard, output_dir, "1_file")
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    assert wizard.preview_page.model.rowCount() == 20
    shoot(wizard, output_dir, "2_preview")
    wizard.next()
    page = wizard.mapping_page
    assert page.combos["姓名"].currentData() == "name"
    page.choose("类别", None)  # the user decides not to import the member kind
    assert "类别" not in wizard.session.mapping()
    page.choose("序号", "work_unit")  # a silly choice, undone right away
    page.choose("序号", None)
    shoot(wizard, output_dir, "3_mapping")
    wizard.next()
    problems = wizard.problems_page
    assert problems.isComplete()
    assert problems.rejected.rowCount() == len(expected) == 6
    assert problems.reasons.rowCount() == 5
    assert "拒绝 6 行" in problems.counts.text()
    shoot(wizard, output_dir, "4_problems")
    wizard.next()
    assert wizard.committed and stack.count() == 1
    assert len(project["members"]) == members_before + 114
    assert set(project["members"]["kind"].iloc[-114:]) == {"registered"}  # 类别 not imported
    report = tmp_path / "报告.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    wizard.done_page.export_report()
    assert report.exists()
    shoot(wizard, output_dir, "5_done")
    stack.undo()
    assert len(project["members"]) == members_before
    stack.redo()
    assert len(project["members"]) == members_before + 114
    assert not no_dialogs


def test_shapefile_encoding_preview_and_mapping(app, qtbot, project, tmp_path, output_dir,
                                                monkeypatch, no_dialogs):
    x0, y0 = centre(project.path)
    shp = write_gbk_buildings(tmp_path / "楼栋.shp", x0, y0, n=5, bad_rows=(1,))
    count = len(project["buildings"])
    wizard, stack = make_wizard(qtbot, project)
    choose_file(wizard, shp, monkeypatch)
    assert wizard.file_page.target_combo.currentData() == "buildings"
    wizard.next()
    preview = wizard.preview_page
    assert preview.model.data(preview.model.index(0, 0)) == "新建1号楼"
    preview.encoding_combo.setCurrentIndex(preview.encoding_combo.findData("latin-1"))
    garbled = preview.model.data(preview.model.index(0, 0))
    assert garbled != "新建1号楼"  # the mojibake is visible in the preview
    shoot(wizard, output_dir, "2_preview_latin1")
    preview.encoding_combo.setCurrentIndex(0)  # back to detected
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.combos["户数"].currentData() == "households"
    mapping.choose("户数", None)  # skip the column with the broken value
    shoot(wizard, output_dir, "3_mapping_shp")
    wizard.next()
    assert wizard.problems_page.rejected.rowCount() == 0
    shoot(wizard, output_dir, "4_problems_shp")
    wizard.next()
    assert len(project["buildings"]) == count + 5
    stack.undo()
    assert len(project["buildings"]) == count
    assert not no_dialogs


def test_unreadable_file_is_refused_on_the_first_page(app, qtbot, project, tmp_path,
                                                      monkeypatch, no_dialogs):
    bad = tmp_path / "evil.geojson"
    bad.write_text("<OGRVRTDataSource/>")
    wizard, stack = make_wizard(qtbot, project)
    choose_file(wizard, bad, monkeypatch)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert no_dialogs and "evil.geojson" in no_dialogs[0][1]
    assert stack.count() == 0


def test_target_columns_are_labelled_in_the_interface_language(app):
    from PySide6.QtWidgets import QApplication

    from gui.app import install_translator
    from gui.dialogs.import_pages import column_label

    assert column_label("members", "name") == "姓名 (name)"
    assert column_label("buildings", "households") == "户数 (households)"
    install_translator(QApplication.instance(), "en")
    try:
        assert column_label("members", "name") == "Name (name)"
        assert column_label("buildings", "households") == "Households (households)"
    finally:
        install_translator(QApplication.instance(), "zh")
