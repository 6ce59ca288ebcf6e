"""``--help`` speaks Chinese by default and English with GRIDATLAS_LANG=en: every command
description, argument help, group title and epilog heading has its Chinese in
geo.cli.help_words, and the Chinese is laid out by terminal cells."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import build_parser
from geo.cli.help_language import _parsers, cells, text_slots, wrap_cells
from geo.cli.help_words import EPILOG_HEADINGS_ZH, HELP_ZH
from geo.messages import language, set_language
from gui.cli import GUI_COMMANDS

ROOT = Path(__file__).resolve().parent.parent
#: what a translation must carry over unchanged: options, argparse placeholders, URLs, file kinds
_KEPT = re.compile(r"--[a-z][a-z-]*|%\(\w+\)\w|postgresql://|\.gpkg|\.xlsx|ENTRY_ID|LON,LAT|\bN\b|\bK\b")


def _parser_in(lang):
    previous = language()
    set_language(lang)
    try:
        return build_parser(GUI_COMMANDS)
    finally:
        set_language(previous)


def _shown(lang):
    return [(owner, attribute, getattr(owner, attribute)) for owner, attribute in text_slots(_parser_in(lang))]


def _epilog_line_ok(line, headings):
    return not line.strip() or line in headings or line.strip().startswith("python main.py ")


def test_every_english_help_text_has_chinese():
    missing = []
    for _owner, attribute, text in _shown("en"):
        if attribute == "epilog":
            missing += [line for line in text.split("\n") if not _epilog_line_ok(line, EPILOG_HEADINGS_ZH)]
        elif text not in HELP_ZH:
            missing.append(text)
    assert not missing, "add these to geo/cli/help_words.py:\n" + "\n".join(sorted(set(missing)))


def test_every_chinese_text_is_still_shown_somewhere():
    shown = {text for _owner, _attribute, text in _shown("en")}
    stale = [english for english in HELP_ZH if english not in shown]
    assert not stale, "no longer used by any command:\n" + "\n".join(stale)


def test_chinese_help_shows_only_chinese_texts():
    chinese = set(HELP_ZH.values())
    headings = set(EPILOG_HEADINGS_ZH.values())
    for _owner, attribute, text in _shown("zh"):
        if attribute == "epilog":
            assert all(_epilog_line_ok(line, headings) for line in text.split("\n")), text
        else:
            assert text in chinese, text


def test_a_translation_keeps_options_and_placeholders():
    for english, chinese in HELP_ZH.items():
        assert sorted(_KEPT.findall(chinese)) == sorted(_KEPT.findall(english)), english
        assert re.search(r"[\u4e00-\u9fff]", chinese), english


def test_every_command_and_verb_has_a_description_in_both_languages():
    for lang in ("zh", "en"):
        for sub in list(_parsers(_parser_in(lang)))[1:]:
            assert sub.description, sub.prog
            assert sub.format_help()  # argparse expands %-placeholders here
    zh_needs = _command(_parser_in("zh"), "needs")
    assert zh_needs.description.startswith("需求清单")
    assert _command(_parser_in("en"), "needs").description.startswith("Needs list (需求清单)")


def test_english_help_is_the_commands_own():
    import geo.cli.cmd_stats as cmd_stats

    stats = _command(_parser_in("en"), "stats")
    assert stats.description == cmd_stats.__doc__.strip().splitlines()[0]
    helps = {a.dest: a.help for a in stats._actions}
    assert helps["json"] == "one JSON object (stable field names)"


def test_chinese_lines_fit_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for sub in _parsers(_parser_in("zh")):
        for line in sub.format_help().splitlines():
            if line.startswith(" ") and "python main.py" not in line and cells(line) != len(line):
                assert cells(line) <= 80, f"{sub.prog}: {line}"


def test_wrap_by_cells_breaks_chinese_and_keeps_every_character():
    text = HELP_ZH["import even where the data lies outside China, far from the project, or offset like" \
                   " GCJ-02/BD-09 data"]
    lines = wrap_cells(text, 30)
    assert len(lines) > 1 and all(cells(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。、；：）" for line in lines)
    assert not any(line[-1] in "（“" for line in lines)


@pytest.mark.parametrize("argv", [
    ["stats", "p.gpkg", "--json", "--as-of", "2026-03-05"],
    ["gaps", "p.gpkg", "--xlsx", "out.xlsx", "--lang", "en", "--type", "grid_no_branch", "--limit", "5"],
    ["import", "p.gpkg", "f.shp", "--as", "buildings", "--map", "楼名=name", "--crs", "gcj02", "--dry-run"],
    ["render", "p.gpkg", "--out", "m.pdf", "--paper", "A3", "--orientation", "portrait"],
    ["needs", "p.gpkg", "add", "--title", "T", "--grid", "G1", "--status", "待认领"],
    ["plan", "p.gpkg", "adopt", "P2", "--force"],
    ["history", "p.gpkg", "revert", "7"],
])
def test_the_documented_commands_parse_the_same_in_both_languages(argv):
    parsed = [vars(_parser_in(lang).parse_args(argv)) for lang in ("zh", "en")]
    assert parsed[0] == parsed[1]


def _command(parser, name):
    return parser._subparsers._group_actions[0].choices[name]


def _help(args, lang):
    env = {k: v for k, v in os.environ.items() if k != "GRIDATLAS_LANG"}
    if lang == "en":
        env["GRIDATLAS_LANG"] = "en"
    done = subprocess.run([sys.executable, "main.py", *args, "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return _squeezed(done.stdout)  # wrapped lines break anywhere


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_in_a_process(lang):
    top, stats, render = _help([], lang), _help(["stats"], lang), _help(["render"], lang)
    if lang == "zh":  # the default, without GRIDATLAS_LANG
        assert top.startswith("用法：") and "GridAtlas党建网格一张图" in top
        assert _squeezed(HELP_ZH["Print counts and figures per street, community and grid (--json for tools)."]) in top
        assert "Printcounts" not in top and "opentheapp" not in top
        assert "统计截至这一天结束时的需求、资源、项目和事件" in stats and "oneJSONobject" not in stats
        assert "页面排版（" in render and "纸张大小（默认A4）" in render and "papersize" not in render
    else:
        assert top.startswith("usage:") and "GridAtlasParty-BuildingGridMap" in top and "用法" not in top
        assert _squeezed("Print counts and figures per street, community and grid") in top
        assert "oneJSONobject(stablefieldnames)" in stats and "Printcounts" in stats
        assert "pagelayout(anyofthese" in render and "papersize(defaultA4)" in render


def _squeezed(text):
    return re.sub(r"\s+", "", text)
