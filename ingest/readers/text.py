"""Reader for .txt / .md / .markdown: decoding, line ends, HTML tags, web-page noise.

Markdown marks (#, **, >) stay in the text: later stages read them as structure hints and drop
them themselves (``ingest.textmap``). HTML tags are formatting: block tags become line breaks,
inline tags vanish, entities are decoded.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ingest.errors import BinaryFileError, UnreadableFileError
from ingest.models import SourceText
from ingest.normalize import clean_web_text, web_metadata

_BLOCK_TAGS = (
    "p|div|br|hr|li|ul|ol|dl|dt|dd|tr|table|thead|tbody|tfoot|h[1-6]|section|article|header|footer|"
    "blockquote|pre|center|title|caption|figure|figcaption|nav|aside|main"
)
_INLINE_TAGS = "span|font|b|strong|i|em|u|a|sub|sup|small|big|code|label|s|strike|mark|abbr|img"
_BLOCK_TAG = re.compile(rf"<\s*/?\s*(?:{_BLOCK_TAGS})\b[^<>]*?/?\s*>", re.I)
_CELL_TAG = re.compile(r"<\s*/?\s*t[dh]\b[^<>]*>", re.I)
_INLINE_TAG = re.compile(rf"<\s*/?\s*(?:{_INLINE_TAGS})\b[^<>]*?/?\s*>", re.I)
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});")


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode a text file's bytes: UTF-8 (BOM or not), then GB18030, then detection.

    Returns ``(text, encoding)``. GB18030 is a superset of GBK and GB2312, so those files decode as
    "gb18030". Raises BinaryFileError for NUL bytes or mostly undecodable data, and
    UnreadableFileError for UTF-8 with a few broken bytes (a truncated or damaged file), which
    GB18030 would otherwise turn into plausible-looking garbage.

    >>> decode("节能".encode("gbk"))
    ('节能', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf\\xe8\\x8a\\x82")
    ('节', 'utf-8-sig')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise UnreadableFileError(path, f"invalid UTF-16 at byte {err.start}") from err
    if b"\x00" in data[:65536]:
        raise BinaryFileError(path, "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise UnreadableFileError(
                path, f"invalid UTF-8 at byte {err.start + 3} (truncated or corrupt)"
            ) from err
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    multibyte = sum(1 for b in data if b >= 0x80)
    if bad <= max(2, multibyte // 1000):
        # nearly all of it is valid UTF-8: a damaged UTF-8 file, not a GB18030 one
        raise UnreadableFileError(path, f"invalid UTF-8 at byte {utf8_error.start} (truncated or corrupt)")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise BinaryFileError(path, "not a text file: bytes undecodable in any known encoding")
    return str(best), best.encoding


def strip_html(text: str) -> str:
    """Drop HTML formatting: block tags -> line breaks, cells -> " | ", inline tags vanish.

    >>> strip_html("<p>第一条&nbsp;总则</p><div>二、<span class='x'>任务</span>&amp;目标<br/>下一行</div>")
    '\\n第一条 总则\\n二、任务&目标\\n下一行\\n'
    """
    if "<" not in text and "&" not in text:
        return text
    text = _SCRIPT.sub("", text)
    # a block tag breaks the line once, however many tags and line ends meet there
    text = _BLOCK_TAG.sub("\x00", text)
    text = re.sub(r"[ \t]*\n?(?:[ \t]*\x00[ \t]*\n?)+", "\n", text)
    text = _CELL_TAG.sub(" | ", text)
    text = _INLINE_TAG.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return text.replace("\u00a0", " ")


class TextReader:
    """Reads .txt / .md files (see module docstring)."""

    def read(self, path: Path, data: bytes) -> SourceText:
        from ingest.readers import sha256_of

        text, encoding = decode(data, str(path))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if sum(1 for ch in text[:20000] if ch < " " and ch not in "\n\t\f\v") > 0.01 * min(len(text), 20000):
            raise BinaryFileError(str(path), "binary file (control characters), not text")
        text = strip_html(text)
        meta = web_metadata(text)
        text = clean_web_text(text)
        return SourceText(path=str(path), text=text, sha256=sha256_of(data), encoding=encoding, meta=meta)
