"""Paragraphs of a document's source text, with markdown and HTML removed and stray breaks rejoined.

The segmenter reads paragraphs, not lines: a reader's text may break a sentence with a newline
or a blank line ("全面贯\\n\\n彻党的…"), wrap HTML paragraphs into one line ("<p>…</p> <p>…</p>"),
or mark headings with #, ** or >. Every kept character remembers its source offset, so a clause
built from paragraphs knows its char spans in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.markers import leading_marker
from ingest.models import Span

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>\n]{0,200}>|<!--.*?-->")
_BLOCK_TAGS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_MD_LEAD = re.compile(r"[ \t\u3000]*(#{1,6}[ \t]+|#{1,6}(?=[^#\s])|>[ \t]?|[-*+][ \t]+(?=\S))")
_MD_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{3,}")
_SPACE = " \t\r\u3000\u00a0\ufeff"

# Sentence ends: a paragraph ending otherwise was broken by a stray line break.
_TERMINAL = set("。！？；：!?;:…）)】」』") | {"”", "’"}
_ASCII_FRAGMENT = re.compile(r"^[\x21-\x7e\s—－-]{1,12}$")

_DATE_LINE = re.compile(r"^[（(]?[\d〇零一二三四五六七八九十]{2,4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日[）)]?(印发|发布)?$")
_AGENCY_END = re.compile(r"(局|委|厅|办|办公室|政府|委员会|部|院|中心|管委会|组|会|署|行|发布|印发)$")
_CLOSING_START = re.compile(r"^(抄送|抄报|附件|附表|特此通知|特此公告|（此件|\(此件|此件)")
_ANNOTATION = re.compile(r"^[（(][^（()）]{0,6}(责任单位|牵头单位|配合单位|责任部门|牵头部门)?.*[）)]$")
_RESPONSIBLE = re.compile(r"责任单位|牵头单位|责任部门|牵头部门|配合单位|负责|牵头|配合|按职责分工")
_SENTENCE_PUNCT = re.compile(r"[，。；：,;:！？]")


@dataclass
class Paragraph:
    """One paragraph: clean ``text`` and the source offset of each of its characters."""

    index: int
    text: str
    offsets: list[int] = field(repr=False)
    md_heading: bool = False
    bold: bool = False
    table_row: bool = False

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Source span of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        if start >= end:
            return (self.offsets[start], self.offsets[start]) if start < len(self.offsets) else (self.offsets[-1] + 1,) * 2
        return (self.offsets[start], self.offsets[end - 1] + 1)


@dataclass
class _Block:
    chars: list[str]
    offsets: list[int]
    md_heading: bool = False
    bold: bool = False
    table_row: bool = False

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _raw_blocks(source: str, start: int, end: int) -> list[_Block | None]:
    """Blocks (lines, split also at HTML block tags) of ``source[start:end]``; None for a blank line."""
    out: list[_Block | None] = []
    pos = start
    while pos < end:
        nl = source.find("\n", pos, end)
        stop = end if nl < 0 else nl
        pieces: list[tuple[int, int]] = []
        seg_start = pos
        drop: set[int] = set()
        for m in _TAG.finditer(source, pos, stop):
            drop.update(range(m.start(), m.end()))
            if m.group(2) and m.group(2).lower() in _BLOCK_TAGS:
                pieces.append((seg_start, m.start()))
                seg_start = m.end()
        pieces.append((seg_start, stop))
        blank = True
        for a, b in pieces:
            block = _clean_block(source, a, b, drop)
            if block is not None:
                out.append(block)
                blank = False
        if blank:
            out.append(None)
        pos = stop + 1
    return out


def _clean_block(source: str, a: int, b: int, drop: set[int]) -> _Block | None:
    line = source[a:b]
    md_heading = False
    m = _MD_LEAD.match(line)
    while m and m.end() > 0:
        md_heading = md_heading or "#" in m.group(1)
        a += m.end()
        line = source[a:b]
        m = _MD_LEAD.match(line)
    if _MD_TABLE_RULE.match(line.strip()):
        return None
    bold = line.strip(_SPACE).startswith(("**", "__"))
    for m in re.finditer(r"\*{2,3}|__", line):
        drop.update(range(a + m.start(), a + m.end()))
    chars, offs = [], []
    for i in range(a, b):
        if i not in drop:
            chars.append(source[i])
            offs.append(i)
    while chars and chars[0] in _SPACE:
        chars.pop(0)
        offs.pop(0)
    while chars and chars[-1] in _SPACE:
        chars.pop()
        offs.pop()
    if not chars:
        return None
    text = "".join(chars)
    table_row = "\t" in text or text.startswith("|")
    return _Block(chars, offs, md_heading, bold, table_row)


def is_annotation(text: str) -> bool:
    """A responsibility annotation standing alone: "（责任单位：市经信局）", "(省发展改革委等负责)".

    >>> is_annotation("（责任单位：区建管委、区发展改革委）"), is_annotation("（省市场监管局等部门按职责分工负责）")
    (True, True)
    >>> is_annotation("（四）市政府确定支持的其他可再生能源项目")
    False
    """
    t = text.strip(_SPACE + "。")
    return bool(_ANNOTATION.match(t)) and bool(_RESPONSIBLE.search(t)) and leading_marker(t) is None and len(t) <= 200


_TRAILING_ANNOTATION = re.compile(r"[（(][^（()）]{0,200}(责任单位|牵头单位|责任部门|牵头部门|负责)[^（()）]{0,20}[）)][。.]?$")


def ends_with_annotation(text: str) -> bool:
    """Whether a paragraph ends with a responsibility annotation, which closes its clause.

    >>> ends_with_annotation("给予激励。（责任单位：市经济信息委、市商务委）"), ends_with_annotation("（一）加强管理。")
    (True, False)
    """
    return bool(_TRAILING_ANNOTATION.search(text.rstrip(_SPACE)))


def is_closing(text: str) -> bool:
    """A line of the issuing notice's tail: signature, date, 附件, 抄送, "（此件公开发布）".

    >>> is_closing("2025年12月18日"), is_closing("北京市生态环境局"), is_closing("附件：1.实施细则")
    (True, True, True)
    >>> is_closing("加强组织领导")
    False
    """
    t = text.strip(_SPACE)
    if _DATE_LINE.match(t) or _CLOSING_START.match(t):
        return True
    return len(t) <= 40 and not _SENTENCE_PUNCT.search(t) and bool(_AGENCY_END.search(t)) and leading_marker(t) is None


def is_attachment_heading(text: str) -> bool:
    return bool(re.match(r"^附件\s*[\d一二三四五六七八九十]*\s*[：:]?$", text.strip(_SPACE))) or text.startswith(("附件：", "附件:"))


def _heading_like(block: _Block) -> bool:
    """A line that is a heading on its own: markdown heading, all bold, or a short marked line."""
    text = block.text
    if block.md_heading or block.bold:
        return True
    mk = leading_marker(text)
    return mk is not None and len(text) <= 40 and "。" not in text[mk.end:-1]


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (or a heading's closing bracket), not mid-sentence."""
    last = text[-1]
    if last in "”’":
        return len(text) > 1 and text[-2] in "。！？!?"
    return last in _TERMINAL


def _joins(prev: _Block, nxt: _Block) -> bool:
    """Whether ``nxt`` continues ``prev``, which a stray line break cut mid-sentence."""
    if prev.table_row or nxt.table_row or nxt.md_heading or nxt.bold or _heading_like(prev):
        return False
    a, b = prev.text, nxt.text
    if ends_sentence(a) or leading_marker(b) is not None or is_annotation(b):
        return False
    if is_closing(a) or is_closing(b):
        return False
    if not _SENTENCE_PUNCT.search(a) and len(b) <= 40 and b[-1] in "：:":
        return False  # a title line, then the addressees ("各有关单位：")
    # a short bare line (a title, a signature) is no broken sentence, unless it is a stray
    # number or word that a converter put on its own line
    if len(a) < 20 and not _SENTENCE_PUNCT.search(a) and not _ASCII_FRAGMENT.match(a) and not _ASCII_FRAGMENT.match(b):
        return False
    return True


def paragraphs(source: str, span: Span | None = None) -> list[Paragraph]:
    """Paragraphs of ``source[span]`` in order, broken sentences rejoined.

    >>> [p.text for p in paragraphs("# 一、总体要求\\n\\n以习近平新时代中国特色社会主义思想为指导，全面贯\\n\\n彻党的精神。\\n")]
    ['一、总体要求', '以习近平新时代中国特色社会主义思想为指导，全面贯彻党的精神。']
    >>> [p.text for p in paragraphs("<p>甲工程。建设。</p> <p>乙工程。建设。</p>")]
    ['甲工程。建设。', '乙工程。建设。']
    """
    start, end = span if span else (0, len(source))
    blocks = [b for b in _raw_blocks(source, start, end) if b is not None]
    merged: list[_Block] = []
    for block in blocks:
        if merged and _joins(merged[-1], block):
            prev = merged[-1]
            if prev.chars[-1].isascii() and prev.chars[-1].isalnum() and block.chars[0].isascii() and block.chars[0].isalnum():
                prev.chars.append(" ")
                prev.offsets.append(prev.offsets[-1] + 1)
            prev.chars.extend(block.chars)
            prev.offsets.extend(block.offsets)
        else:
            merged.append(_Block(list(block.chars), list(block.offsets), block.md_heading, block.bold, block.table_row))
    return [Paragraph(i, b.text, b.offsets, b.md_heading, b.bold, b.table_row) for i, b in enumerate(merged)]
