"""Numbering markers of Chinese policy documents and laws, and how their styles nest.

A marker opens a clause: 第X编/章/节/条/款 in laws, 一、 （一） 1. （1） ① in plans and
notices, 专栏N for boxes, 表N for numbered tables. Full-width and half-width forms of the same
style are one style (NFKC), so "(一)" and "（十二）" in one document stand at the same level.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二三四五六七八九十百千两"

# Default nesting of styles (outermost first), used only when the document itself has not yet
# shown how two styles nest: GB/T 9704 orders 一、 > （一） > 1. > （1）, laws 编 > 章 > 节 > 条 > 款.
DEFAULT_ORDER = (
    "bian", "bufen", "zhang", "jie", "tiao", "kuan",
    "cn_dun", "paren_cn", "arabic", "paren_arabic", "circled",
)
KINDS = {
    "bian": "part", "bufen": "part", "zhang": "chapter", "jie": "section", "tiao": "article",
    "kuan": "item", "box": "box", "table": "table",
}

# A marker followed by one of these is a citation or a range ("第十条规定", "（一）至（三）项",
# "1、2号机组", "2.5"), not the start of a clause.
_NOT_AFTER = re.compile(r"[至、%％]|[项款条号](?![目件例召])|规定|的规定|中规定|所[列述称]|[和或及]第")

_LEADING = [
    ("bian", re.compile(rf"第([{_CN_NUM}\d]+)编")),
    ("bufen", re.compile(rf"第([{_CN_NUM}\d]+)部分")),
    ("zhang", re.compile(rf"第([{_CN_NUM}\d]+)章")),
    ("jie", re.compile(rf"第([{_CN_NUM}\d]+)节")),
    ("tiao", re.compile(rf"第([{_CN_NUM}\d]+)条")),
    ("kuan", re.compile(rf"第([{_CN_NUM}\d]+)款")),
    ("cn_dun", re.compile(rf"([{_CN_NUM}]{{1,4}})[、.](?!\d)")),
    ("paren_cn", re.compile(rf"\(([{_CN_NUM}]{{1,4}})\)")),
    ("arabic", re.compile(r"(\d{1,3})[、.](?![\d.])")),
    ("paren_arabic", re.compile(r"\((\d{1,3})\)")),
    ("circled", re.compile(r"([\u2460-\u2473])")),
    ("box", re.compile(r"专栏\s*(\d*)")),
    ("table", re.compile(r"(?:附表|表)\s*(\d+)(?:[-.]\d+)?(?=[\s:：])")),
]


@dataclass(frozen=True)
class Marker:
    """A numbering marker found in a string: ``text[start:end]`` is the marker as written."""

    style: str
    value: int
    start: int
    end: int
    text: str


def cn_int(s: str) -> int:
    """Value of a Chinese or Arabic numeral.

    >>> cn_int("十二"), cn_int("二十"), cn_int("一百零五"), cn_int("17"), cn_int("十")
    (12, 20, 105, 17, 10)
    """
    if s.isdigit():
        return int(s)
    total, digit = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit


def _norm(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def normalized(text: str) -> str:
    """NFKC of ``text`` with every character kept in place (same length), for matching.

    >>> normalized("（一）１．⑴")
    '(一)1.⑴'
    """
    out = []
    for ch in text:
        if "\u2460" <= ch <= "\u2473":  # ① stays ①: NFKC would make it a bare digit
            out.append(ch)
            continue
        n = _norm(ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _value(style: str, raw: str) -> int:
    if style == "circled":
        return ord(raw) - 0x2460 + 1
    return cn_int(raw) if raw else 0


def leading_marker(text: str) -> Marker | None:
    """The marker that opens ``text`` (a paragraph with markdown marks already removed).

    >>> m = leading_marker("（十二）加强产业政策约束。")
    >>> m.style, m.value, m.text
    ('paren_cn', 12, '（十二）')
    >>> leading_marker("1. 大气环境质量未达标地区").text
    '1.'
    >>> leading_marker("2.5万吨标准煤以上") is None, leading_marker("第十条规定的") is None
    (True, True)
    >>> leading_marker("⑴加强").style
    'paren_arabic'
    """
    norm = normalized(text)
    lead = len(norm) - len(norm.lstrip(" \t\u3000"))
    for style, pat in _LEADING:
        m = pat.match(norm, lead)
        if not m:
            continue
        end = m.end()
        raw = m.group(1)
        if style == "paren_arabic" and text[lead] in "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇":
            raw = str(ord(text[lead]) - 0x2474 + 1)
        rest = norm[end:].lstrip(" \t\u3000")
        if style not in ("box", "table") and _NOT_AFTER.match(rest):
            return None
        if style == "cn_dun" and norm[end - 1] == "." and not rest:
            return None
        return Marker(style, _value(style, raw), lead, end, text[lead:end].rstrip())
    # ⑴..⒇ are their own code points; NFKC turns them into "(1)", longer than one character
    ch = text[lead:lead + 1]
    if ch and "\u2474" <= ch <= "\u2487":
        return Marker("paren_arabic", ord(ch) - 0x2474 + 1, lead, lead + 1, ch)
    return None


_INLINE = {
    "paren_arabic": re.compile(r"\((\d{1,2})\)|([\u2474-\u2487])"),
    "circled": re.compile(r"([\u2460-\u2473])"),
    "paren_cn": re.compile(rf"\(([{_CN_NUM}]{{1,3}})\)"),
}
# An enumeration item starts a sentence or follows a colon/semicolon/comma; a marker after
# 第 or 、 is part of a citation ("第（二）项", "（一）、（二）项").
_ITEM_BEFORE = set("：:；;。，,！!？?") | {""}


def inline_markers(text: str, start: int = 0) -> list[Marker]:
    """Markers of the longest enumeration (1, 2, 3 … in order) inside ``text[start:]``.

    >>> [m.text for m in inline_markers("须同时符合以下条件：（1）年产值；（2）无违法。")]
    ['（1）', '（2）']
    >>> inline_markers("按照《条例》第（二）项和（一）至（三）项执行")
    []
    """
    norm = normalized(text)
    best: list[Marker] = []
    for style, pat in _INLINE.items():
        found: list[Marker] = []
        for m in pat.finditer(norm, start):
            before = norm[:m.start()].rstrip(" \t\u3000")[-1:]
            if before not in _ITEM_BEFORE or _NOT_AFTER.match(norm, m.end()):
                continue
            if m.group(1):
                value = _value(style, m.group(1))
            else:  # ⑴-style character
                value = ord(m.group(2)) - 0x2474 + 1
            found.append(Marker(style, value, m.start(), m.end(), text[m.start():m.end()]))
        chain: list[Marker] = []
        for mk in found:
            if mk.value == 1 and not chain:
                chain = [mk]
            elif chain and mk.value == chain[-1].value + 1:
                chain.append(mk)
        if len(chain) >= 2 and len(chain) > len(best):
            best = chain
    return best
