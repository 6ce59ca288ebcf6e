"""Inline the web assets a folium map needs, so an exported map works offline.

Where the files come from
-------------------------
Leaflet itself (JS, CSS and its PNG images) is read from the PyPI package
``django-js-lib-leaflet`` (pinned in the project's requirements; Leaflet
1.9.4 under Leaflet's BSD-2 licence, whose notice stays in the inlined JS).
Only its static files are read -- Django is neither needed nor imported.
Nothing is ever fetched at run time.

What is inlined and what is refused
-----------------------------------
:func:`inline_assets` replaces each ``<script src>``/``<link href>`` whose
URL is a known Leaflet CDN address by the local file's content, with the
CSS's ``url(images/...)`` turned into ``data:`` URIs. Any other external
reference is an error (:class:`OfflineAssetError`): the map builder drops
the jQuery/Bootstrap/Font Awesome links it does not use *before* rendering,
so a new folium that adds a dependency fails loudly here instead of
producing a file that silently needs the network.

:func:`external_references` is the final check on a whole document: every
``http(s)://`` or protocol-relative ``//host`` string in it, except inert
ones Leaflet's own code carries (the SVG namespace, the attribution link)
and URLs the caller allows (a tile server the user configured).
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources

#: Python package that ships Leaflet's dist files, and the folder inside it.
LEAFLET_PACKAGE = "js_lib_leaflet"
LEAFLET_DIR = "static/js_lib_leaflet"

#: Strings in the inlined Leaflet that look like URLs but are never fetched.
INERT_URLS = ("http://www.w3.org/2000/svg", "https://leafletjs.com")

_LEAFLET_URL = re.compile(r"leaflet@1\.9\.\d+/dist/leaflet\.(js|css)$")
_SCRIPT_SRC = re.compile(
    r"<script\b[^>]*?\bsrc\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*>\s*</script>", re.I)
_LINK_HREF = re.compile(
    r"<link\b[^>]*?\bhref\s*=\s*([\"'])(?P<url>[^\"']+)\1[^>]*?/?>", re.I)
_CSS_IMAGE = re.compile(r"url\(\s*[\"']?images/(?P<file>[\w.-]+\.png)[\"']?\s*\)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Absolute URLs of fetchable schemes, and protocol-relative ``//host.tld``
# right after a quote, "(", "=" or space (base64 data can hold "//" too).
_ANY_URL = re.compile(
    r"""(?:(?:https?|wss?|ftp):|(?<=["'(=\s])(?=//[a-z0-9-]+\.[a-z]))//[^\s"'<>()\\]*""",
    re.I)


class OfflineAssetError(ValueError):
    """The document references something that would be loaded from the network."""


def _leaflet_file(name: str):
    return resources.files(LEAFLET_PACKAGE).joinpath(LEAFLET_DIR, name)


@lru_cache(maxsize=None)
def leaflet_js() -> str:
    """Return Leaflet's minified JavaScript, safe to put inside ``<script>``."""
    text = _leaflet_file("leaflet.js").read_text(encoding="utf-8")
    # A literal "</script" would end the inline element early.
    return text.replace("</script", "<\\/script")


@lru_cache(maxsize=None)
def image_data_uri(file_name: str) -> str:
    """Return one of Leaflet's images (``marker-icon.png``, ...) as a data: URI."""
    data = _leaflet_file(f"images/{file_name}").read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@lru_cache(maxsize=None)
def leaflet_css() -> str:
    """Return Leaflet's CSS with its images as data: URIs and comments removed.

    Comments go because they hold bug-tracker URLs that would only confuse
    the offline check; the images because a relative ``images/x.png``
    would resolve next to the exported file, where nothing is.
    """
    text = _leaflet_file("leaflet.css").read_text(encoding="utf-8")
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_IMAGE.sub(lambda m: f'url("{image_data_uri(m.group("file"))}")', text)
    return text.replace("</style", "<\\/style")


def leaflet_version() -> str:
    """Return the version of the Leaflet that is inlined (from its header)."""
    head = _leaflet_file("leaflet.js").read_text(encoding="utf-8")[:200]
    match = re.search(r"Leaflet (\d+\.\d+\.\d+)", head)
    return match.group(1) if match else "unknown"


def default_icon_script() -> str:
    """JavaScript that points Leaflet's default marker icon at data: URIs.

    Leaflet guesses the icon folder from its CSS; with inlined CSS that
    guess fails, so the paths are set explicitly (``imagePath`` empty, the
    full data: URI as each file name).
    """
    return (
        "L.Icon.Default.imagePath = '';"
        "L.Icon.Default.mergeOptions({"
        f"iconUrl: '{image_data_uri('marker-icon.png')}',"
        f"iconRetinaUrl: '{image_data_uri('marker-icon-2x.png')}',"
        f"shadowUrl: '{image_data_uri('marker-shadow.png')}'}});"
    )


def _inline_tag(kind: str, url: str) -> str:
    match = _LEAFLET_URL.search(url)
    if not match:
        raise OfflineAssetError(f"no offline copy of {kind} {url!r}")
    if match.group(1) == "js":
        return f"<script>/* inlined {url.rsplit('/npm/', 1)[-1]} */\n{leaflet_js()}\n" \
               f"{default_icon_script()}</script>"
    return f"<style>/* inlined leaflet.css */\n{leaflet_css()}</style>"


def _is_remote(url: str) -> bool:
    return bool(re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and \
        not url.lower().startswith("file:")


def inline_assets(html: str) -> str:
    """Replace remote ``<script src>`` and ``<link href>`` tags by inline copies.

    Parameters
    ----------
    html : str
        A rendered document (e.g. ``folium.Map.get_root().render()``).

    Returns
    -------
    str
        The same document with Leaflet's JS and CSS inlined.

    Raises
    ------
    OfflineAssetError
        A remote script or stylesheet has no local copy.
    """
    def script(m: re.Match) -> str:
        url = m.group("url")
        return _inline_tag("script", url) if _is_remote(url) else m.group(0)

    def link(m: re.Match) -> str:
        url = m.group("url")
        return _inline_tag("stylesheet", url) if _is_remote(url) else m.group(0)

    return _LINK_HREF.sub(link, _SCRIPT_SRC.sub(script, html))


def external_references(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """List every URL-like string in ``html`` that could reach the network.

    Parameters
    ----------
    html : str
        The finished document.
    allowed : tuple of str
        Prefixes to accept (e.g. the tile URL template the user set).

    Returns
    -------
    list of str
        Offending strings, in document order; empty means offline.
    """
    found = []
    for match in _ANY_URL.finditer(html):
        url = match.group(0)
        if url.startswith(INERT_URLS) or url.startswith(allowed):
            continue
        found.append(url)
    return found


def assert_offline(html: str, allowed: tuple[str, ...] = ()) -> None:
    """Raise :class:`OfflineAssetError` if :func:`external_references` finds any."""
    refs = external_references(html, allowed)
    if refs:
        raise OfflineAssetError(f"document would load from the network: {refs[:5]}")
