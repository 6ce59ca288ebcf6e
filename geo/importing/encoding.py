"""Which text encoding a Shapefile's attributes use, and whether text is mojibake.

Surveyors' Shapefiles are often GBK without a ``.cpg``; GDAL then guesses and
Chinese names come out as Latin-1 garbage without any error. We decide the
encoding ourselves, in the order DOMAIN.md gives: user override → ``.cpg`` →
the DBF language-driver byte (LDID, offset 29) → strict UTF-8 → GB18030, and
record why, so the report can say it.

Examples
--------
>>> codec_from_cpg("936")
'cp936'
>>> looks_like_mojibake("幸福小区".encode("gbk").decode("latin-1"))
True
>>> looks_like_mojibake("幸福小区")
False
"""
from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path

from .sniff import sibling as _sibling
from ..messages import Message, register

register("encoding.override", "由用户选择（{codec}）", "chosen by the user ({codec})")
register("encoding.no_dbf", "没有找到 .dbf；按 UTF-8 读取", "no .dbf found; assuming UTF-8")
register("encoding.cpg", "{file} 写明 {text}", "{file} says {text}")
register("encoding.ldid", "{file} 的语言驱动字节为 {byte}", "{file} language driver byte {byte}")
register("encoding.ascii", "{what} 只含 ASCII 字符", "{what} is plain ASCII")
register("encoding.utf8", "{what} 可按严格的 UTF-8 解码", "{what} decodes as strict UTF-8")
register("encoding.gb18030", "{what} 不是 UTF-8，但可按 GB18030（GBK）解码",
         "{what} is not UTF-8 but decodes as GB18030 (GBK)")
register("encoding.undecodable", "{what} 既不是 UTF-8 也不是 GB18030；无法解码的字节显示为 �，请手动选择编码",
         "{what} is neither UTF-8 nor GB18030; undecodable bytes will show as � — choose the encoding by hand")
register("encoding.bom", "文件以 UTF-8 字节顺序标记开头", "file starts with a UTF-8 byte-order mark")
register("encoding.the_text", "文本", "text")

#: DBF language driver IDs we trust (ESRI's table; only unambiguous ones).
#: 0x57 means "the writer's ANSI code page", which tells us nothing.
LDID_CODECS = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x4D: "cp936", 0x4E: "cp949",
    0x4F: "cp950", 0x57: None, 0x58: "cp1252", 0x59: "cp1252", 0x78: "cp950",
    0x79: "cp949", 0x7A: "cp936", 0x7B: "cp932",
}

#: Code-page spellings found in .cpg files (numbers are Windows code pages).
_CPG_ALIASES = {
    "65001": "utf-8", "utf8": "utf-8", "936": "cp936", "gbk": "cp936", "gb2312": "cp936",
    "cp936": "cp936", "54936": "gb18030", "gb18030": "gb18030", "950": "cp950",
    "big5": "cp950", "1252": "cp1252", "88591": "latin-1", "iso88591": "latin-1",
}

_DBF_READ_LIMIT = 4 * 1024 * 1024  # decode at most this much when sniffing


@dataclass(frozen=True)
class EncodingChoice:
    """The Python codec chosen for a file's text, where it came from and why."""

    codec: str
    source: str  # "override" | "cpg" | "ldid" | "utf-8" | "gb18030" | "ascii" | "fallback"
    reason: object  # a geo.messages.Message: why this codec

    @property
    def gdal_name(self) -> str:
        """The name GDAL/iconv understands (pyogrio's ``encoding=``)."""
        name = codecs.lookup(self.codec).name
        return {"gbk": "CP936", "latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1"}.get(
            name, name.upper())


def codec_from_cpg(text: str) -> str | None:
    """Map the contents of a .cpg file to a Python codec name, or None if unknown."""
    key = text.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    key = key.removeprefix("ansi").removeprefix("windows") if key[:4] in ("ansi", "wind") else key
    codec = _CPG_ALIASES.get(key) or _CPG_ALIASES.get(key.removeprefix("cp"))
    if codec is None:
        try:
            codec = codecs.lookup(text.strip()).name
        except LookupError:
            return None
    return codec


def detect_shapefile_encoding(shp_path, override: str | None = None) -> EncodingChoice:
    """Decide the attribute encoding of a Shapefile.

    Parameters
    ----------
    shp_path : path-like
        The ``.shp`` (its ``.cpg`` and ``.dbf`` siblings are looked at).
    override : str, optional
        A codec the user chose; wins over everything, but must exist.

    Returns
    -------
    EncodingChoice
    """
    shp_path = Path(shp_path)
    if override:
        try:
            return EncodingChoice(codecs.lookup(override).name, "override",
                                  Message("encoding.override", codec=override))
        except LookupError:
            raise ValueError(Message("import.unknown_encoding", encoding=repr(override)).text()) from None
    choice = _from_cpg(shp_path.with_suffix(".cpg"))
    dbf = _sibling(shp_path, ".dbf")
    if choice is None and dbf is not None:
        choice = _from_ldid(dbf)
    if choice is None and dbf is not None:
        choice = sniff_bytes(dbf_text_bytes(dbf), what=dbf.name)
    return choice or EncodingChoice("utf-8", "fallback", Message("encoding.no_dbf"))


def _from_cpg(cpg: Path) -> EncodingChoice | None:
    cpg = _sibling(cpg, ".cpg")
    if cpg is None or cpg.stat().st_size > 256:
        return None
    text = cpg.read_bytes().decode("ascii", errors="replace")
    codec = codec_from_cpg(text)
    if codec is None:
        return None
    return EncodingChoice(codec, "cpg", Message("encoding.cpg", file=cpg.name, text=repr(text.strip())))


def _from_ldid(dbf: Path) -> EncodingChoice | None:
    with open(dbf, "rb") as fh:
        header = fh.read(32)
    if len(header) < 32:
        return None
    codec = LDID_CODECS.get(header[29])
    if codec is None:
        return None
    return EncodingChoice(codec, "ldid", Message("encoding.ldid", file=dbf.name,
                                                byte=f"0x{header[29]:02X}"))


def dbf_text_bytes(dbf, limit: int = _DBF_READ_LIMIT) -> bytes:
    """Field-name and record bytes of a DBF, cut at a record boundary.

    Cutting mid-record could split a multi-byte character and make a valid
    UTF-8 file look invalid, hence whole records only.
    """
    with open(dbf, "rb") as fh:
        head = fh.read(32)
        if len(head) < 32:
            return b""
        n_records, header_len, record_len = struct.unpack("<IHH", head[4:12])
        fields = fh.read(max(header_len - 32, 0))
        names = b"".join(fields[i:i + 11].split(b"\0")[0] for i in range(0, len(fields) - 1, 32))
        if record_len == 0:
            return names
        n = min(n_records, max(limit // record_len, 1))
        return names + b"\n" + fh.read(n * record_len)


def sniff_bytes(data: bytes, what=None) -> EncodingChoice:
    """Strict UTF-8, else GB18030; say so when the bytes are plain ASCII.

    ``what`` names the bytes in the reason (a file name); by default "text".
    """
    what = Message("encoding.the_text") if what is None else what
    if data.isascii():
        return EncodingChoice("utf-8", "ascii", Message("encoding.ascii", what=what))
    try:
        data.decode("utf-8")
        return EncodingChoice("utf-8", "utf-8", Message("encoding.utf8", what=what))
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return EncodingChoice("gb18030", "gb18030", Message("encoding.gb18030", what=what))
    except UnicodeDecodeError:
        return EncodingChoice("gb18030", "fallback", Message("encoding.undecodable", what=what))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def looks_like_mojibake(text) -> bool:
    """Guess whether Chinese text was decoded with the wrong codec.

    Catches the three usual accidents: UTF-8 or GBK bytes read as Latin-1
    (accented Latin letters that re-decode to Chinese), undecodable bytes
    replaced by U+FFFD, and UTF-8 bytes read as GBK (rare CJK characters that
    re-encode to valid UTF-8 Chinese).
    """
    if not isinstance(text, str) or text.isascii():
        return False
    if "\ufffd" in text:
        return True
    high = [ch for ch in text if not ch.isascii()]
    if all("\u0080" <= ch <= "\u00ff" for ch in high):
        # One accented letter is a name (Müller); several with no Chinese at
        # all, re-decoding to Chinese, is a wrongly decoded Chinese string.
        raw = text.encode("latin-1")
        return len(high) >= 2 and any(_decodes_to_cjk(raw, c) for c in ("utf-8", "gb18030"))
    # Real Chinese in GBK bytes is almost never valid UTF-8; tolerate some
    # broken characters because the wrong decode swallowed odd bytes.
    redecoded = text.encode("gb18030", errors="ignore").decode("utf-8", errors="replace")
    cjk = sum(map(_is_cjk, redecoded))
    return cjk >= 2 and cjk >= redecoded.count("\ufffd")


def _decodes_to_cjk(raw: bytes, codec: str) -> bool:
    return any(_is_cjk(ch) for ch in raw.decode(codec, errors="ignore"))


def mojibake_columns(frame, sample: int = 200) -> list[str]:
    """Text columns (and headers) of a DataFrame that look like mojibake."""
    bad = [str(c) for c in frame.columns if looks_like_mojibake(str(c))]
    for col in frame.columns:
        if frame[col].dtype == object and str(col) not in bad:
            values = frame[col].dropna().head(sample)
            if any(looks_like_mojibake(v) for v in values):
                bad.append(str(col))
    return bad
