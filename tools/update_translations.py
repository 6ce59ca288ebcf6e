"""Update the English translation: code → .ts (lupdate) → .qm (lrelease).

Usage::

    python tools/update_translations.py          # refresh the .ts from the code, compile the .qm
    python tools/update_translations.py --check  # exit 1 if a string lacks a translation or the .qm is stale

The source strings in the code are Chinese; ``resources/translations/gridatlas_en.ts``
holds their English translations (edit it with Qt Linguist, ``pyside6-linguist``,
or by hand) and is the file to review; the ``.qm`` is generated from it.
lupdate runs with ``-locations none`` so that moving code does not churn the
``.ts``, and ``-no-obsolete`` so that strings removed from the code leave it.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "gridatlas_en.ts"
QM = TS.with_suffix(".qm")
SOURCES = ROOT / "gui"


def tool(name: str) -> str:
    """The PySide6 wrapper next to this Python (the venv), else one on PATH."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(here) if here.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (pip install PySide6-Essentials)")
    return found


#: What marks a file as having UI strings. Files without any are left out because
#: lupdate reads ``#:`` (our "documented constant" comments) as translator notes
#: and would attach them to unrelated messages of the next file.
MARKERS = re.compile(r"(?<!\w)tr\(|\btranslate\(|QT_TR_NOOP|QT_TRANSLATE_NOOP")


def source_files() -> list[str]:
    files = [p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(str(p.relative_to(ROOT)) for p in files if MARKERS.search(p.read_text("utf-8")))


def lupdate(ts: Path) -> None:
    subprocess.run([tool("lupdate"), "-locations", "none", "-no-obsolete", "-target-language", "en",
                    "-source-language", "zh_CN", *source_files(), "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True,
                   capture_output=True, text=True)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished English translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")
                    or not (translation.text or "").strip()):
                missing.append((name, message.findtext("source")))
    return missing


def check() -> list[str]:
    """Problems: strings in the code without a translation, or a .qm not built from the .ts."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        ts, qm = Path(tmp) / TS.name, Path(tmp) / QM.name
        shutil.copy(TS, ts)
        lupdate(ts)
        problems += [f"untranslated: [{c}] {s}" for c, s in untranslated(ts)]
        lrelease(TS, qm)
        if not QM.exists() or QM.read_bytes() != qm.read_bytes():
            problems.append(f"{QM.relative_to(ROOT)} is not up to date with {TS.name}: run {Path(__file__).name}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations are complete and the .qm is up to date")
        return 1 if problems else 0
    lupdate(TS)
    lrelease(TS, QM)
    missing = untranslated(TS)
    for context, source in missing:
        print(f"needs a translation: [{context}] {source}")
    print(f"wrote {QM.relative_to(ROOT)} ({len(missing)} untranslated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
