"""Fill English translations into the .ts catalogue from a JSON file, then compile.

    python tools/fill_translations.py strings_en.json

The JSON maps Chinese source text to English (any context). Only entries
still unfinished are filled, so a translator's edits are never overwritten.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _update_translations():
    spec = importlib.util.spec_from_file_location("update_translations", HERE / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill(mapping: dict[str, str]) -> int:
    ut = _update_translations()
    ut.lupdate(ut.TS)
    tree = ET.parse(ut.TS)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        text = mapping.get(message.findtext("source"))
        if text is not None and translation is not None and translation.get("type") == "unfinished":
            translation.text = text
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(ut.TS, encoding="utf-8", xml_declaration=True)
    ut.lrelease(ut.TS, ut.QM)
    return filled


if __name__ == "__main__":
    mapping = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(f"filled {fill(mapping)} translations")
