"""``main.py export-html`` end to end: a project becomes an offline, masked map in Chromium."""
import subprocess
import sys
from pathlib import Path

from tests.chromium_harness import ChromiumPage
from tests.factories import tiny_frames, tiny_rules

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)>"


def export(project, out, *extra):
    return subprocess.run([sys.executable, "main.py", "export-html", str(project), "--out", str(out),
                           *extra], cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def hostile_project(tmp_path):
    from geo.store import write_project

    frames = tiny_frames()
    frames["grids"].loc[0, "name"] = HOSTILE
    frames["members"].loc[1, "name"] = "<script>window.__pwned=1</script>"
    return write_project(tmp_path / "hostile.gpkg", frames, tiny_rules())


def test_export_html_draws_offline_and_masks(tmp_path):
    out = tmp_path / "map.html"
    result = export(hostile_project(tmp_path), out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "13900001234" not in text and "11010519491231002X" not in text
    with ChromiumPage() as page:
        page.open(out)
        page.settle()
        assert page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length") >= 6
        popup = page.evaluate("""(() => {
            const layer = GridAtlasMap.layers['网格'];
            const parts = []; layer.eachLayer(l => { l.openPopup(); parts.push(l.getPopup().getContent()); });
            return document.querySelector('.leaflet-popup-content').textContent + '|' + parts.join('|');
        })()""")
        assert page.external_requests() == []
        assert page.dialogs == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "网格长" in popup and "户数" in popup
    assert "<script>window.__pwned=1</script>" not in popup  # the grid head name is masked


def test_full_export_needs_confirmation(tmp_path):
    project = hostile_project(tmp_path)
    out = tmp_path / "full.html"
    result = export(project, out, "--full")
    assert result.returncode == 2 and "未确认导出完整个人信息" in result.stderr
    assert not out.exists()
    assert export(project, out, "--full", "--yes").returncode == 0
    assert "FULL PERSONAL DATA" in out.read_text(encoding="utf-8")


def test_unreadable_project_exits_2(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_text("nope")
    result = export(bad, tmp_path / "x.html")
    assert result.returncode == 2 and "bad.gpkg" in result.stderr
