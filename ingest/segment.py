"""Clause tree of one document: every numbered or headed unit, its parent, depth and own text.

Rules (gold/SCHEMA.md; why each one holds for Chinese policy documents in general):

- **Depth comes from marker styles, not from markdown.** A style nests where the document first
  uses it: once "1." has appeared under "（一）", a later "（三）" closes any open "1.". When the
  document has not shown how two styles nest, the usual order applies (编 > 章 > 节 > 条 > 款;
  一、 > （一） > 1. > （1） > ①). A style that is already open makes a sibling, so item numbers
  that run on across sections (1.–22. under several （x）) still nest under the right parent.
- **Own text** is the marker, the heading and the body up to the first child; paragraphs without
  a marker continue the deepest open clause; text after the children that still belongs to the
  clause (a closing annotation, the rest of a paragraph after an inline list) adds a piece.
- **Heading**: the rest of the marker's paragraph when that paragraph is a title line (its body
  follows in the next paragraph: "（一）总体思路"), or the short title phrase before the first 。
  ("（一）指导思想。以…" -> "指导思想"; no ，；： inside, at most 30 characters); "第二条（资金来源）"
  -> "资金来源"; None otherwise (a law article's first sentence is no heading).
- **Inline enumerations** ("须同时符合以下条件：（1）…；（2）…") become children with inline=True;
  the last item ends at the end of its sentence. Citations ("第（二）项", "（一）至（三）项") are not.
- **Responsibility annotations** on their own line ("（责任单位：市经信局）") close the clause they
  follow and belong to it; when they follow a list of sub-items that carry none, they belong to
  the clause that owns the list.
- **专栏 boxes** hang under the nearest open clause whose heading stands on its own line; their
  unnumbered named parts ("汽车制造行业绿色提升工程。…") are clauses; a repeated box heading (a page
  break) continues the box. Numbered tables ("表1 …") are clauses too.
- Text before the first clause, the notice's signature, date, 附件 and 抄送 lines are no clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.markers import DEFAULT_ORDER, KINDS, Marker, inline_markers, leading_marker
from ingest.models import Clause, Span
from ingest.paragraphs import (
    Paragraph,
    ends_sentence,
    ends_with_annotation,
    is_annotation,
    is_attachment_heading,
    is_closing,
    paragraphs,
)

_TITLE_PHRASE = re.compile(r"^[^，。；：,;:！？!?]{2,30}?[。：:]")
_BOX_PART = re.compile(r"^[^，。；：,;:！？!?（(]{2,24}[。：:]")
_BARE = re.compile(r"^[^，。；：,;:！？!?]{1,24}$")
_MD_NOISE = " \t\u3000"


@dataclass
class _Node:
    style: str  # marker style, "box", "table" or "part" (unnumbered named part of a box)
    marker: Marker | None
    key: str
    parent: _Node | None
    depth: int
    heading: str | None = None
    heading_only: bool = False  # the marker's paragraph is a title line; the body follows
    inline: bool = False
    runs: list[tuple[Paragraph, int, int]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    annotated: bool = False
    outer_values: dict[str, int] = field(default_factory=dict)  # boxes: last values outside


def _key_part(marker_text: str | None, heading: str | None) -> str:
    if marker_text:
        part = marker_text.strip().rstrip("、.．").strip()
        return re.sub(r"\s+", "", part) or marker_text
    return (heading or "part")[:16]


def _heading_of(para: Paragraph, body_start: int, style: str = "", body_follows: bool = False) -> tuple[str | None, bool, int]:
    """(heading, heading_only, end of the heading in ``para.text``) for a marked paragraph.

    A short marked line is a title when its body follows in the next paragraph, or when it does
    not end like a sentence ("一、总体要求"); a short full sentence with nothing after it is an
    item, not a title ("（三）未按照规定制作和送检样品。"). An article of a law (条, 款) opens with a
    sentence of the law: its heading is only a parenthesised one ("第二条（资金来源）") or a line
    of its own without a full stop.
    """
    rest = para.text[body_start:]
    article = style in ("tiao", "kuan")
    stripped = rest.strip(_MD_NOISE)
    if not stripped:
        return None, True, len(para.text)
    lead = body_start + len(rest) - len(rest.lstrip(_MD_NOISE))
    if stripped[0] in "（(":  # 第二条（资金来源）…
        close = re.match(r"^[（(]([^（()）]{1,20})[）)]", stripped)
        if close:
            return close.group(1), close.end() == len(stripped), lead + close.end()
    short = len(stripped) <= 40 or para.md_heading or para.bold
    if short and not re.search(r"[。；;！？!?].", stripped):
        sentence = stripped[-1] in "。；;！？!?" or (article and stripped[-1] in "：:")
        if not sentence or (body_follows and not article and not re.search(r"[，,]", stripped)):
            return stripped.rstrip("。：: ") or None, True, len(para.text)
        return None, False, body_start
    m = None if article else _TITLE_PHRASE.match(stripped)
    if m and stripped[m.end():].strip(_MD_NOISE):
        return m.group(0)[:-1].strip(), False, lead + m.end()
    return None, False, body_start


class _Builder:
    def __init__(self) -> None:
        self.stack: list[_Node] = []
        self.nodes: list[_Node] = []
        self.keys: set[str] = set()
        self.above: set[tuple[str, str]] = set()  # (ancestor style, descendant style) seen
        self.last_value: dict[str, int] = {}
        self.unclaimed: list[tuple[Paragraph, int, int]] = []
        self.started = False
        self.tail = False
        self.attachment_list = False
        self.broken = False  # the last paragraph was cut by a page break: the next continues it

    # -- tree operations -------------------------------------------------------------------
    def _new(self, style: str, marker: Marker | None, heading: str | None, parent: _Node | None,
             inline: bool = False) -> _Node:
        base = _key_part(marker.text if marker else None, heading)
        key = f"{parent.key}/{base}" if parent else base
        unique, n = key, 2
        while unique in self.keys:
            unique, n = f"{key}#{n}", n + 1
        self.keys.add(unique)
        node = _Node(style, marker, unique, parent, parent.depth + 1 if parent else 1, heading, inline=inline)
        if parent:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def _below(self, upper: str, lower: str) -> bool:
        """Whether style ``upper`` nests inside style ``lower`` (so ``lower`` closes it)."""
        if (lower, upper) in self.above:
            return True
        if (upper, lower) in self.above:
            return False
        if upper in DEFAULT_ORDER and lower in DEFAULT_ORDER:
            return DEFAULT_ORDER.index(upper) > DEFAULT_ORDER.index(lower)
        return upper == "part"

    def _in_box(self) -> _Node | None:
        return next((n for n in reversed(self.stack) if n.style == "box"), None)

    def _place(self, mk: Marker) -> _Node | None:
        """Pop the stack to where a clause with marker ``mk`` opens; return its parent."""
        box = self._in_box()
        if box is not None:
            outer_last = box.outer_values.get(mk.style)
            inside = [n for n in self.stack[self.stack.index(box) + 1:] if n.style == mk.style]
            if outer_last is not None and mk.value == outer_last + 1 and not inside:
                del self.stack[self.stack.index(box):]  # the numbering outside the box goes on
                box = None
        floor = self.stack.index(box) + 1 if box is not None else 0
        for i in range(len(self.stack) - 1, floor - 1, -1):
            if self.stack[i].style == mk.style:
                del self.stack[i:]
                return self.stack[-1] if self.stack else None
        if box is not None and any(n.style == mk.style for n in self.stack[:floor]) and mk.value != 1:
            for i in range(floor - 1, -1, -1):
                if self.stack[i].style == mk.style:
                    del self.stack[i:]
                    return self.stack[-1] if self.stack else None
        while len(self.stack) > floor and self._below(self.stack[-1].style, mk.style):
            self.stack.pop()
        return self.stack[-1] if self.stack else None

    # -- paragraph kinds -------------------------------------------------------------------
    def marked(self, para: Paragraph, mk: Marker, body_follows: bool) -> None:
        self.started, self.tail = True, False
        parent = self._place(mk)
        in_law = mk.style in ("tiao", "kuan") or any(n.style in ("tiao", "kuan") for n in self.stack)
        heading, heading_only, head_end = _heading_of(para, mk.end, "tiao" if in_law else mk.style, body_follows)
        node = self._new(mk.style, mk, heading, parent)
        node.heading_only = heading_only
        if self._in_box() is None:
            for anc in self.stack:
                self.above.add((anc.style, mk.style))
            self.last_value[mk.style] = mk.value
        self.stack.append(node)
        self._body(node, para, mk.start, head_end)

    def box(self, para: Paragraph, mk: Marker) -> None:
        self.started, self.tail = True, False
        open_box = self._in_box()
        if open_box is not None:
            same = open_box.marker and open_box.marker.value == mk.value
            if same and (mk.value or (open_box.heading or "") == para.text[mk.end:].strip(_MD_NOISE)):
                # a page break repeated the box heading; it may have cut a sentence in two
                last = self.stack[-1].runs[-1] if self.stack[-1].runs else None
                self.broken = last is not None and not ends_sentence(last[0].text[:last[2]])
                return
            del self.stack[self.stack.index(open_box):]
        while self.stack and not self.stack[-1].heading_only:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        heading = para.text[mk.end:].strip(_MD_NOISE) or None
        node = self._new("box" if mk.style == "box" else "table", mk, heading, parent)
        node.heading_only, node.outer_values = True, dict(self.last_value)
        self.stack.append(node)
        node.runs.append((para, mk.start, len(para.text)))

    def annotation(self, para: Paragraph) -> None:
        while self.stack and self.stack[-1].style == "table":
            self.stack.pop()
        if not self.stack:
            self.unclaimed.append((para, 0, len(para.text)))
            return
        top = self.stack[-1]
        owner = top
        parent = top.parent
        if parent is not None and parent in self.stack and top.style != "part":
            siblings = [c for c in parent.children if not c.inline]
            if len(siblings) >= 2 and not any(c.annotated for c in siblings) and not top.heading_only:
                owner = parent
        owner.annotated = True
        owner.runs.append((para, 0, len(para.text)))
        del self.stack[self.stack.index(owner):]

    def plain(self, para: Paragraph) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.style == "table" and not para.table_row:
            self.stack.pop()
            top = self.stack[-1] if self.stack else None
        if top is None or self.tail:
            self.unclaimed.append((para, 0, len(para.text)))
            return
        box = self._in_box()
        if self.broken:
            self.broken = False
            self._body(top, para, 0, 0)
            return
        if box is not None and self._box_part(para, top, box):
            del self.stack[self.stack.index(box) + 1:]
            m = _BOX_PART.match(para.text)
            heading = m.group(0)[:-1] if m else para.text
            node = self._new("part", None, heading, box)
            node.heading_only = m is None
            self.stack.append(node)
            node.runs.append((para, 0, len(para.text)))
            return
        self._body(top, para, 0, 0)

    @staticmethod
    def _box_part(para: Paragraph, top: _Node, box: _Node) -> bool:
        if top.style == "part" and top.heading_only and len(top.runs) == 1:
            return False  # the body of a part whose title stood alone
        if top is not box and top.style != "part":
            return False
        return bool(_BOX_PART.match(para.text) or (_BARE.match(para.text) and not para.table_row))

    def _body(self, owner: _Node, para: Paragraph, start: int, scan_from: int) -> None:
        """Give ``para.text[start:]`` to ``owner``, splitting off an inline enumeration."""
        items = inline_markers(para.text, max(scan_from, start))
        if ends_with_annotation(para.text):
            # "…。（责任单位：…）" at a paragraph's end: the clause carries its own annotation, but
            # stays open (a clause may have several paragraphs, each with its annotation)
            owner.annotated = True
        if not items:
            owner.runs.append((para, start, len(para.text)))
            return
        owner.runs.append((para, start, items[0].start))
        for i, mk in enumerate(items):
            if i + 1 < len(items):
                end = items[i + 1].start
            else:
                stop = para.text.find("。", mk.end)
                end = len(para.text) if stop < 0 else stop + 1
            child = self._new(mk.style, mk, None, owner, inline=True)
            child.runs.append((para, mk.start, end))
        tail = end
        if para.text[tail:].strip(_MD_NOISE):
            owner.runs.append((para, tail, len(para.text)))

    def _body_follows(self, mk: Marker, nxt: str) -> bool:
        """Whether the paragraph after a marked one is its body or opens its first child."""
        if not nxt or is_annotation(nxt) or is_closing(nxt):
            return False
        child = leading_marker(nxt)
        if child is None:
            return True
        return child.style != mk.style and child.style not in ("box", "table") and all(
            n.style != child.style for n in self.stack
        )

    # -- driver ----------------------------------------------------------------------------
    def feed(self, paras: list[Paragraph]) -> None:
        for i, para in enumerate(paras):
            text = para.text
            if self.attachment_list:
                mk = leading_marker(text)
                if mk is not None and len(text) <= 60 and "。" not in text:
                    continue
                self.attachment_list = False
            if is_closing(text):
                if self.started:
                    self.stack.clear()
                    self.tail = True
                self.attachment_list = is_attachment_heading(text)
                continue
            if is_annotation(text):
                self.annotation(para)
                continue
            mk = leading_marker(text)
            if mk is not None and mk.style in ("box", "table"):
                self.box(para, mk)
            elif mk is not None:
                body_follows = self._body_follows(mk, paras[i + 1].text if i + 1 < len(paras) else "")
                self.marked(para, mk, body_follows)
            else:
                self.plain(para)


def _pieces(runs: list[tuple[Paragraph, int, int]]) -> tuple[list[Span], str]:
    """Merge runs that follow each other in the source into pieces; the clause's own text."""
    pieces: list[Span] = []
    texts: list[str] = []
    prev: tuple[Paragraph, int, int] | None = None
    for para, a, b in runs:
        chunk = para.text[a:b].strip(_MD_NOISE)
        if not chunk:
            continue
        lead = len(para.text[a:b]) - len(para.text[a:b].lstrip(_MD_NOISE))
        a2 = a + lead
        b2 = a2 + len(chunk)
        span = para.span(a2, b2)
        follows = prev is not None and (
            (prev[0] is para and prev[2] == a) or (prev[0].index + 1 == para.index and prev[2] >= len(prev[0].text) and a2 == 0)
        )
        if follows and pieces:
            pieces[-1] = (pieces[-1][0], span[1])
        else:
            pieces.append(span)
        texts.append(chunk)
        prev = (para, a, b)
    return pieces, "\n".join(texts)


def _build(text: str, span: Span | None) -> tuple[_Builder, list[Paragraph]]:
    paras = paragraphs(text, span)
    builder = _Builder()
    builder.feed(paras)
    return builder, paras


def segment(text: str, span: tuple[int, int] | None = None) -> list[Clause]:
    """Clauses of the document at ``text[span]`` (the whole text when ``span`` is None), in order.

    >>> cs = segment("一、总体要求\\n\\n（一）指导思想。以新思想为指导。\\n\\n二、主要任务\\n\\n1.推进改造。内容。\\n")
    >>> [(c.key, c.depth, c.parent, c.heading) for c in cs]
    [('一', 1, None, '总体要求'), ('一/（一）', 2, '一', '指导思想'), ('二', 1, None, '主要任务'), ('二/1', 2, '二', '推进改造')]
    """
    builder, _ = _build(text, span)
    out: list[Clause] = []
    for node in builder.nodes:
        pieces, own = _pieces(node.runs)
        if not pieces:
            continue
        out.append(Clause(
            key=node.key,
            marker=node.marker.text if node.marker else None,
            heading=node.heading,
            text=own,
            depth=node.depth,
            pieces=pieces,
            parent=node.parent.key if node.parent else None,
            inline=node.inline,
            kind="heading" if node.style == "part" else KINDS.get(node.style, "item"),
        ))
    out.sort(key=lambda c: c.pieces[0][0])
    return out


def preamble(text: str, span: tuple[int, int] | None, clauses: list[Clause]) -> list[tuple[int, int]]:
    """Source spans of the document's text that belongs to no clause (title, 主送, preamble …).

    Closing lines (signature, date, 附件 and its list, 抄送) are left out: they state no facts
    of the policy. ``clauses`` are the ones ``segment`` returned for the same text and span.

    >>> t = "关于X的通知\\n\\n为落实某规定，到2027年完成。\\n\\n一、任务\\n\\n内容。\\n"
    >>> [t[a:b] for a, b in preamble(t, None, segment(t))]
    ['关于X的通知', '为落实某规定，到2027年完成。']
    """
    builder, _ = _build(text, span)
    covered = [p for c in clauses for p in c.pieces]
    out: list[Span] = []
    for para, a, b in builder.unclaimed:
        s, e = para.span(a, b)
        if not any(ca <= s and e <= cb for ca, cb in covered):
            out.append((s, e))
    return out
