"""Clean text for extractors, with a map back to source offsets.

Extractors read a clause as one unbroken string: line breaks inside a paragraph, spaces
between CJK characters ("20 % 左右"), markdown marks and HTML tags are dropped. Every kept
character remembers its offset in the source text, so a fact found in the clean text is
cited by its span in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Span

_TAG = re.compile(r"<[^>\n]{1,200}>")
_MD_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S))", re.M)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class CleanText:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = source offset of text[i]

    def source_span(self, start: int, end: int) -> Span:
        """Source span of ``text[start:end]`` (end exclusive).

        >>> c = clean("北京\\n上海", [(0, 5)])
        >>> c.text, c.source_span(1, 3)
        ('北京上海', (1, 4))
        """
        if start >= end or not self.offsets:
            base = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return (base, base)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def _dropped(source: str, start: int, end: int) -> set[int]:
    """Offsets of markdown marks, HTML tags and bold/italic asterisks inside source[start:end]."""
    out: set[int] = set()
    chunk = source[start:end]
    for pat in (_TAG, _MD_LINE_MARK):
        for m in pat.finditer(chunk):
            out.update(range(start + m.start(), start + m.end()))
    for m in re.finditer(r"\*{2,3}|__", chunk):
        out.update(range(start + m.start(), start + m.end()))
    return out


def clean(source: str, pieces: list[Span]) -> CleanText:
    """Join ``pieces`` of ``source`` into one clean string with an offset map.

    Whitespace is kept (as one space) only between two ASCII letters or digits, where it
    separates words ("ESG 信息" keeps none, "Scope 3" keeps one).

    >>> clean("到 2025 年\\n累计 150 家", [(0, 17)]).text
    '到2025年累计150家'
    >>> clean("**一、总体要求**", [(0, 10)]).text
    '一、总体要求'
    """
    chars: list[str] = []
    offs: list[int] = []
    for start, end in pieces:
        drop = _dropped(source, start, end)
        pending_space = -1
        for i in range(start, end):
            if i in drop:
                continue
            ch = source[i]
            if ch.isspace() or ch == "\u3000":
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0 and chars and _ASCII_WORD.match(chars[-1]) and _ASCII_WORD.match(ch):
                chars.append(" ")
                offs.append(pending_space)
            pending_space = -1
            chars.append(ch)
            offs.append(i)
    return CleanText("".join(chars), tuple(offs))
