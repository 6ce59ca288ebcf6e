"""Message codes: geo/ reports a code with parameters; the UI and exporters word it.

Every text a user may read that comes out of ``geo/`` (a refused edit, a check
finding, a CLI error) is a :class:`Message`: a stable code plus parameters. The
wording lives here once, in Chinese and English, so the desktop app, the command
line and the exporters all say the same thing in the chosen language, and a test
can check that every code has both.

Example
-------
>>> register("demo.hello", "你好，{name}", "Hello, {name}")
>>> Message("demo.hello", name="李").text("en")
'Hello, 李'

Modules register their own codes next to the code that raises them
(``register(...)`` at import time), or in :data:`CATALOGUE` below for shared ones.
"""
from __future__ import annotations

import os

#: code -> (Chinese template, English template); templates use str.format fields.
CATALOGUE: dict[str, tuple[str, str]] = {}

_language = os.environ.get("GRIDATLAS_LANG", "zh") if os.environ.get("GRIDATLAS_LANG") in ("zh", "en") else "zh"


def register(code: str, zh: str, en: str) -> str:
    """Add a code to the catalogue (idempotent for the same texts); returns the code."""
    old = CATALOGUE.get(code)
    if old is not None and old != (zh, en):
        raise ValueError(f"message code {code} registered twice with different texts")
    CATALOGUE[code] = (zh, en)
    return code


def set_language(lang: str) -> None:
    """The language :func:`str` of a message uses (``zh`` or ``en``); the GUI sets it."""
    global _language
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


def language() -> str:
    return _language


class Message:
    """A code with parameters; ``text(lang)`` words it, ``str()`` in the current language."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        if code not in CATALOGUE:
            raise KeyError(f"unknown message code {code}")
        self.code = code
        self.params = params

    def text(self, lang: str | None = None) -> str:
        zh, en = CATALOGUE[self.code]
        template = en if (lang or _language) == "en" else zh
        return template.format(**{k: _word(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)


def _word(value, lang):
    """Parameters that are messages themselves are worded in the same language."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Message) for v in value):
        return ("、" if (lang or _language) == "zh" else ", ").join(v.text(lang) for v in value)
    return value


class CodedError(ValueError):
    """An error carrying a :class:`Message`; ``str()`` words it in the current language.

    ``CodedError("code", key=value)`` or ``CodedError(Message(...))``. A plain string
    that is not a registered code is kept as it is (older call sites).
    """

    def __init__(self, code_or_message, **params):
        if isinstance(code_or_message, Message):
            self.message = code_or_message
        elif code_or_message in CATALOGUE:
            self.message = Message(code_or_message, **params)
        else:
            self.message = None
            self._plain = str(code_or_message)
        super().__init__(str(self))

    def text(self, lang: str | None = None) -> str:
        return self.message.text(lang) if self.message is not None else self._plain

    def __str__(self) -> str:
        return self.text()
