"""Document titles (标题) and the issuing bodies written in them.

A Chinese official document opens with its title: 发文机关 + 关于 + 事由 + 文种 (…的通知, …办法,
…条例), often broken over two or three lines by the typesetting (PDF text keeps the breaks), and
followed by the 文号, a date, the addressee line (各有关单位：) or the first heading of the body.
"""

from __future__ import annotations

import re

from ingest.extract.regions import find_regions

_AGENCY_END = (
    "委员会", "办公厅", "办公室", "管委会", "管理委员会", "人民政府", "政府", "中央", "国务院", "银行",
    "局", "委", "厅", "部", "院", "会", "署", "办", "行", "中心", "集团",
)  # fmt: skip
TITLE_END = re.compile(
    r"(?:意见|方案|计划|规划|办法|通知|细则|决定|条例|纲要|措施|指引|规定|指南|决议|公告|通告|批复|通报|要点|规则"
    r"|解读|法|法典)(?:\s*[（(][^（）()]{1,20}[）)])*$"
)
# a scraped page's <title>: the document title, then "_site name" / " | section"
_SITE_SUFFIX = re.compile(
    r"^(.{6,}?(?:意见|方案|计划|规划|办法|通知|细则|决定|条例|措施|指引|规定|公告|通告))\s*[_|｜-].*$"
)
_SITE_SEPARATOR = re.compile(r"[_|｜]")
_DOC_NUMBER_LINE = re.compile(
    r"^[（(]?\s*(?:[\u4e00-\u9fff]{1,14}\s*[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]\s*第?\s*\d{1,5}\s*号"
    r"|(?:(?:19|20)\d{2}\s*年\s*)?第\s*[\d一二三四五六七八九十百零〇]{1,6}\s*号)\s*[）)]?$"
)
_DATE_LINE = re.compile(
    r"^[（(]?\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}"
    r"|[二〇○零一三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*[）)]?$"
)
# the first heading of a body: 第一章 / 第一条 / 一、 / （一）
_BODY_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编章节条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]"
    r"|\d+[、.．](?!\d)|[①-⑳]|专栏)"
)
# a bracketed line under a law's title that tells when and by whom it was adopted
_ADOPTION_LINE = re.compile(r"^[（(].*(?:通过|修正|修订|批准|公布)\s*[）)]$")
# 版头 lines above a title: "XX人民政府文件", "中华人民共和国商务部令"
_HEADER_LINE = re.compile(r"(?:文件|令)$")
_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?", "：", ":", "，", ",")
_MAX_TITLE_LINE = 40  # a title line of an official document holds about 20–30 characters
_MIN_BROKEN_LINE = 8


def clean_title(raw: str) -> str:
    """A title without markdown marks, a space kept only where it separates two issuing bodies.

    >>> clean_title("# 北京市促进制造业和信息软件业 绿色低碳发展的若干措施")
    '北京市促进制造业和信息软件业绿色低碳发展的若干措施'
    >>> clean_title("北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知")
    '北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知'
    >>> clean_title("**中共中央  国务院关于深入打好污染防治攻坚战的意见**")
    '中共中央 国务院关于深入打好污染防治攻坚战的意见'
    >>> clean_title("境 外 投 资 管 理 办 法")  # letter-spaced by the typesetting
    '境外投资管理办法'
    """
    text = re.sub(r"^\s*#{1,6}\s+|\*\*|__|<[^>\n]{1,200}>", "", raw).replace("\ufeff", "").strip()
    tokens = text.split()
    if not tokens:
        return ""
    out = tokens[0]
    for tok in tokens[1:]:
        # a body name is never one character: "办 法" is a spaced-out word, not 办 + 法
        keep = (is_agency(out.split(" ")[-1]) and len(tok) > 1) or (out[-1].isascii() and tok[0].isascii())
        out += (" " if keep else "") + tok
    return out


def is_agency(name: str) -> bool:
    """Does ``name`` read like the name of a government body (…局, …委员会, …人民政府)?

    >>> is_agency("海南省财政厅"), is_agency("关于印发方案的通知")
    (True, False)
    """
    return 2 <= len(name) <= 30 and name.endswith(_AGENCY_END) and not re.search(r"[，。；：、,;:《》]", name)


def split_agencies(text: str) -> list[str]:
    """Issuing bodies written one after another, with or without spaces.

    >>> split_agencies("工业和信息化部 人民银行 银保监会 证监会")
    ['工业和信息化部', '人民银行', '银保监会', '证监会']
    >>> split_agencies("黄浦区发展和改革委员会黄浦区建设和管理委员会")
    ['黄浦区发展和改革委员会', '黄浦区建设和管理委员会']
    """
    out: list[str] = []
    for token in text.split():
        cuts = [0]
        for start, end, region in find_regions(token):
            # a new body begins with a full region name (黄浦区…); 国家金融监督管理总局重庆监管局 is one body
            if start > cuts[-1] and token[start:end] == region.name and token[:start].endswith(_AGENCY_END):
                cuts.append(start)
        cuts.append(len(token))
        out.extend(token[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if token[a:b])
    return out


def title_issuers(title: str) -> list[str]:
    """The issuing bodies a title names before 关于; a 转发/印发 notice is issued by the body before it.

    >>> title_issuers("海南省农业农村厅 海南省财政厅关于印发2024-2026年海南省农机购置与应用补贴实施方案的通知")
    ['海南省农业农村厅', '海南省财政厅']
    >>> title_issuers("国务院办公厅转发国家发展改革委商务部人民银行外交部关于进一步引导和规范境外投资方向指导意见的通知")
    ['国务院办公厅']
    >>> title_issuers("关于印发《上海市零碳园区建设工作方案》的通知")
    []
    """
    if "关于" not in title:
        return []
    prefix = re.split(r"转发|印发|批转", title.split("关于", 1)[0], maxsplit=1)[0].strip()
    names = split_agencies(prefix)
    return names if prefix and all(is_agency(p) for p in names) else []


def _only_agencies(line: str) -> bool:
    names = split_agencies(line)
    return bool(names) and all(is_agency(x) for x in names)


def _title_line(raw: str) -> str:
    """One source line as title text: site suffix and markdown marks removed."""
    return clean_title(_SITE_SUFFIX.sub(r"\1", raw.strip()))


def _continues(line: str, nxt: str) -> bool:
    """Does a title broken by the typesetting go on from ``line`` to ``nxt``?

    It does when ``line`` ends no sentence and ``nxt`` is neither body text, a numbering marker,
    the addressee line, a 文号, a date nor an adoption note.

    >>> _continues("海南省农业农村厅 海南省财政厅", "关于印发2024-2026年海南省农机")
    True
    >>> _continues("市工业和信息化局关于印发2021年春节期间电力需求响应实施细则的通知", "国网天津市电力公司，有关单位：")
    False
    """
    if not line or not nxt or len(line) > _MAX_TITLE_LINE or len(nxt) > _MAX_TITLE_LINE:
        return False
    # a typeset title line fills most of its width; a short line above a title is page furniture
    # (现行有效, 政务公开) unless it names the issuing bodies or opens with 关于
    if len(line) < _MIN_BROKEN_LINE and not line.startswith("关于") and not _only_agencies(line):
        return False
    if line.endswith(_SENTENCE_END) or _HEADER_LINE.search(line) or _SITE_SEPARATOR.search(nxt):
        return False
    if any(
        p.match(x) for p in (_BODY_MARKER, _DOC_NUMBER_LINE, _DATE_LINE, _ADOPTION_LINE) for x in (line, nxt)
    ):
        return False
    return not re.search(r"[。；;：:]", nxt) and not nxt.startswith(("附件", "（此件", "(此件"))


def _score(lines: list[str], first: int, last: int, markdown: bool) -> int:
    """How much the text around lines first..last looks like it stands under a title."""
    score = 2 if markdown else 0
    nxt = next((x for x in lines[last + 1 : last + 5] if x), "")
    if nxt and (
        _DOC_NUMBER_LINE.match(nxt)
        or _DATE_LINE.match(nxt)
        or _ADOPTION_LINE.match(nxt)
        or nxt.endswith(("：", ":"))
    ):
        score += 3
    elif nxt and _BODY_MARKER.match(nxt) and len(nxt) <= 20:
        score += 2  # the body's first heading (第一章 总则) right under the title
    return score + (first < 5) * 2


def find_title(
    text: str, span: tuple[int, int], *, first_line_fallback: bool = False
) -> tuple[str | None, tuple[int, int] | None]:
    """The title of the document in ``text[span]`` and its char range (None when not found).

    A title broken over several lines is joined. With ``first_line_fallback`` a document whose
    lines never end like a title (a statistics table, a list) takes its first line when that is a
    short heading.

    >>> find_title("海南省农业农村厅 海南省财政厅\\n关于印发方案的通知\\n各市、县农业农村局：\\n正文。", (0, 36))[0]
    '海南省农业农村厅 海南省财政厅关于印发方案的通知'
    """
    raw_lines = text[span[0] : span[1]].splitlines(keepends=True)
    offsets, pos = [], span[0]
    for raw in raw_lines:
        offsets.append(pos)
        pos += len(raw)
    lines = [_title_line(x) for x in raw_lines]
    # Bodies listed one per line above the title (联合行文) are a block of their own; one line of
    # bodies directly above 关于… is the start of the title.
    bodies = [_only_agencies(x) for x in lines]
    stacked = [
        b and ((i > 0 and bodies[i - 1]) or (i + 1 < len(lines) and bodies[i + 1]))
        for i, b in enumerate(bodies)
    ]

    def continues(i: int) -> bool:
        return not stacked[i] and _continues(lines[i], lines[i + 1])

    best: tuple[int, int, str] | None = None
    best_score = 0
    for first in range(min(len(lines), 200)):
        if first > 0 and continues(first - 1):
            continue  # the title begins on an earlier line
        last, cand = first, lines[first]
        while True:
            if (
                TITLE_END.search(cand)
                and len(cand) <= 90
                and not re.match(r"^[《“（(]|^[一二三四五六七八九十]+、|^第", cand)
            ):
                score = _score(lines, first, last, raw_lines[first].lstrip().startswith("#"))
                score += "关于" in cand
                if score > best_score:
                    best, best_score = (first, last, cand), score
            if last + 1 >= len(lines) or last - first >= 3 or not continues(last):
                break
            last += 1
            cand += lines[last]
    if best is None:
        return _first_line_title(lines, raw_lines, offsets) if first_line_fallback else (None, None)
    first, last, title = best
    return title, _line_range(raw_lines, offsets, first, last)


def _line_range(raw_lines: list[str], offsets: list[int], first: int, last: int) -> tuple[int, int]:
    head, tail = raw_lines[first], raw_lines[last].rstrip("\r\n")
    lead = len(head) - len(head.lstrip(" \t#*\ufeff"))
    return offsets[first] + lead, offsets[last] + len(tail.rstrip(" \t*\r"))


def _first_line_title(
    lines: list[str], raw_lines: list[str], offsets: list[int]
) -> tuple[str | None, tuple[int, int] | None]:
    i = next((k for k, x in enumerate(lines) if x), None)
    if i is None:
        return None, None
    line = lines[i]
    if (
        len(line) > _MAX_TITLE_LINE
        or re.search(r"[。；;：:，,|｜]", line)
        or not re.search(r"[\u4e00-\u9fff]{2}", line)
        or any(p.match(line) for p in (_BODY_MARKER, _DOC_NUMBER_LINE, _DATE_LINE))
    ):
        return None, None
    return line, _line_range(raw_lines, offsets, i, i)
