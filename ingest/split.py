"""Split a file that holds several documents (a newsletter issue, a gazette) into its documents.

A normal file is one document. A file becomes a compilation only on positive evidence that a new
document starts, judged on how such publications are laid out, never on known titles:

- the running document has ended (a source line "——来源新华社", or a signature date line of a
  document that is not a notice wrapping an attachment) and an unnumbered heading follows;
- a heading that reads like a document title (…意见/方案/计划/办法/通知/解读 …, optionally with a
  period "（2021—2025年）") is followed by numbering that restarts at 一、/第一章/第一条;
- a heading matches an entry of the issue's table of contents (目录, lines "- 01 title");
- a top-level heading as high as the documents' own titles, that is no numbered sub-heading.

A notice that wraps its attached plan (通知 + 附件) stays one document. The masthead, editorial
board, table of contents and advertisements between documents belong to no part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.titles import clean_title, find_title

KINDS = ("policy", "article", "news", "other")

# A line that opens with a numbering marker is a sub-heading, never a document title.
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编章节条部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[、.．](?!\d)|[①-⑳]|专栏\s*\d*)"
)
_RESTART = re.compile(r"^(?:一[、.．]|第一[编章节条部分])")
_TOP_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十百零〇]+[编章条部分])")
# What a document title ends with (before an optional period or status in brackets).
_TITLE_END = re.compile(
    r"(?:意见|方案|计划|规划|办法|通知|细则|决定|条例|纲要|措施|指引|规定|指南|决议|公告|通告|批复|通报|要点|规则"
    r"|解读|实施意见|指导意见|若干政策|政策措施|行动纲领|管理制度|法|法典)"
    r"(?:\s*[（(][^（）()]{1,20}[）)])*$"
)
_SOURCE_LINE = re.compile(
    r"^(?:[—－–-]{1,2}\s*(?:来源|来自|摘自|转自|选自|作者)|[（(]?(?:来源|稿件来源|文章来源|信息来源)[:：])"
)
_DATE_LINE = re.compile(
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^[二〇○零一三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?")
_WRAPPING_NOTICE = re.compile(r"(?:印发|转发|发布|公布|颁布|修订|修改).{0,80}(?:通知|决定|公告|令)$")
_TOC_ENTRY = re.compile(r"^[-*·•]?\s*(\d{1,3})\s+(\S.{1,80})$")
_COLUMN = re.compile(r"^[□■◆◇●○【\[]\s*(\S.{0,14}?)\s*[】\]]?$")
_NEWS_COLUMNS = tuple("综合信息 新闻 动态 资讯 简讯 要闻 信息窗 快讯 信息".split())
_ARTICLE_COLUMNS = tuple("专家视点 视点 观点 评论 访谈 专访 论坛 解读 专稿 综述 研究".split())
_MIN_BODY_CHARS = 80  # a "document" with less body than this is an advertisement or a slogan


@dataclass(frozen=True)
class Part:
    """One document inside a file: its title, where it stands, what kind of text it is."""

    title: str | None
    span: tuple[int, int]  # char range in the file's text
    kind: str = "policy"  # policy | article | news | other
    title_span: tuple[int, int] | None = None  # char range of the title text (marks excluded)
    section: str | None = None  # the newsletter column it stands under: 综合信息, 专家视点 …


@dataclass
class _Line:
    start: int
    end: int
    text: str  # without markdown marks, stripped
    md_level: int  # 1..6 for "#" headings, 7 for a whole-line bold heading, 0 otherwise
    own_paragraph: bool  # blank line (or file edge) before and after

    @property
    def heading(self) -> bool:
        if not self.text or any(
            p.match(self.text) for p in (_NUMBERED, _SOURCE_LINE, _DATE_LINE, _ATTACHMENT)
        ):
            return False
        if self.md_level:
            return True
        return (
            self.own_paragraph
            and len(self.text) <= 60
            and not self.text.endswith(("。", "；", "，", "：", ":"))
        )


def _read_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, body = pos, raw.rstrip("\r\n")
        pos += len(raw)
        stripped = body.strip()
        level = 0
        m = re.match(r"^(#{1,6})\s+", stripped)
        if m:
            level, stripped = len(m.group(1)), stripped[m.end() :]
        elif re.fullmatch(r"\*\*[^*]+\*\*", stripped):
            level = 7
        stripped = re.sub(r"\*\*|__|<[^>\n]{1,200}>", "", stripped).strip()
        lines.append(_Line(start, start + len(body), stripped, level, False))
    for i, line in enumerate(lines):
        before = i == 0 or not lines[i - 1].text
        after = i + 1 == len(lines) or not lines[i + 1].text
        line.own_paragraph = before and after
    return lines


def _norm(s: str) -> str:
    return re.sub(r"[\s#*>《》“”\"'「」:：·]", "", s)


def _column_kind(column: str | None) -> str | None:
    if not column:
        return None
    if any(w in column for w in _NEWS_COLUMNS):
        return "news"
    if any(w in column for w in _ARTICLE_COLUMNS):
        return "article"
    return None


def _table_of_contents(lines: list[_Line]) -> tuple[dict[str, str | None], int]:
    """TOC entries (normalised title -> column) and the index of the line after the TOC."""
    entries: dict[str, str | None] = {}
    column: str | None = None
    last = -1
    for i, line in enumerate(lines):
        m, c = _TOC_ENTRY.match(line.text), _COLUMN.match(line.text)
        if c and len(line.text) <= 16:
            column = c.group(1)
        elif m and not _NUMBERED.match(line.text) and not m.group(2)[0].isdigit():
            entries[_norm(m.group(2))] = column
            last = i
    if len(entries) < 2:
        return {}, 0
    return entries, last + 1


def _title_like(text: str) -> bool:
    return bool(_TITLE_END.search(text)) and len(text) >= 6


def _restarts(lines: list[_Line], i: int) -> bool:
    """Does the first top-level numbered line after line i restart at 一、/第一章/第一条?"""
    for j in range(i + 1, min(len(lines), i + 400)):
        line = lines[j]
        if line.heading and _title_like(line.text) and not _is_attachment(line.text, lines[i].text, lines, j):
            return False  # another title comes first: this one heads no numbered body
        if _TOP_NUMBER.match(line.text):
            return bool(_RESTART.match(line.text))
    return False


def _is_attachment(title: str, running_title: str, lines: list[_Line], i: int) -> bool:
    """A heading that is the plan a running notice issues (印发《X》的通知 … X) or follows 附件."""
    t = _norm(title)
    if t and t in _norm(running_title) and _WRAPPING_NOTICE.search(running_title):
        return True
    for line in reversed(lines[max(0, i - 3) : i]):
        if line.text:
            return bool(_ATTACHMENT.match(line.text)) and len(line.text) <= 6
    return False


def split(text: str) -> list[Part]:
    """The documents a file holds: several for a compilation, else one covering the file."""
    lines = _read_lines(text)
    toc, body_from = _table_of_contents(lines)
    starts: list[tuple[int, int, str | None]] = []  # (title line, first line of part, column)
    ended_at: dict[int, int] = {}  # part index -> line index of its end marker
    running_title = ""
    title_level = 0
    ended = False
    news_level = 0
    i = body_from
    while i < len(lines):
        line = lines[i]
        if starts and (_SOURCE_LINE.match(line.text) or _signature_end(lines, i, running_title)):
            ended = True
            ended_at.setdefault(len(starts) - 1, i)
        if not line.heading:
            i += 1
            continue
        heading = line.text
        if starts and (
            _norm(heading) == _norm(running_title) or _is_attachment(heading, running_title, lines, i)
        ):
            i += 1
            continue
        in_toc = _norm(heading) in toc
        new = (
            ended
            or in_toc
            or (_title_like(heading) and _restarts(lines, i))
            or (bool(starts) and 0 < line.md_level <= title_level and title_level <= 6)
            or (news_level and line.md_level == news_level)
        )
        if not new:
            i += 1
            continue
        column = toc.get(_norm(heading)) if in_toc else None
        title_i = i
        nxt = _next_text(lines, i)
        # a column heading or a slogan directly above the real title: the title is the next heading
        if nxt is not None and lines[nxt].heading and not _title_like(heading):
            column = heading if _column_kind(heading) else column
            title_i = nxt
        column = column or toc.get(_norm(lines[title_i].text))
        if not starts and not (_title_like(lines[title_i].text) or in_toc):
            i += 1
            continue
        news_level = lines[title_i].md_level if _column_kind(column) == "news" else 0
        starts.append((title_i, i, column))
        running_title = lines[title_i].text
        if lines[title_i].md_level and len(starts) == 1:
            title_level = lines[title_i].md_level
        ended = False
        i = title_i + 1
    parts = _parts(text, lines, starts, ended_at)
    if parts:
        parts[:0] = _leading_document(text, lines, parts[0].span[0])
    if len(parts) < 2:
        title, title_span = find_title(text, (0, len(text)), first_line_fallback=True)
        return [Part(title, (0, len(text)), _kind(title, None), title_span)]
    return parts


def _leading_document(text: str, lines: list[_Line], first_start: int) -> list[Part]:
    """A document before the first detected title (a plain-text document glued before others).

    A masthead or a table of contents carries no numbered body; a document does.
    """
    head = [x for x in lines if x.end <= first_start]
    if not any(_TOP_NUMBER.match(x.text) for x in head):
        return []
    title, title_span = find_title(text, (0, first_start))
    if not title or title_span is None:
        return []
    end = max(x.end for x in head if x.text)
    return [
        Part(
            title,
            (lines[0].start if title_span[0] < 2 else title_span[0], end),
            _kind(title, None),
            title_span,
        )
    ]


def _next_text(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].text:
            return j
    return None


def _signature_end(lines: list[_Line], i: int, running_title: str) -> bool:
    """A signature date ends a document, unless the document is a notice whose attachment follows."""
    if not _DATE_LINE.match(lines[i].text) or _WRAPPING_NOTICE.search(running_title):
        return False
    nxt = _next_text(lines, i)
    return nxt is None or not _ATTACHMENT.match(lines[nxt].text)


def _kind(title: str | None, column: str | None) -> str:
    by_column = _column_kind(column)
    if by_column:
        return by_column
    if title and re.search(r"解读\s*$", title):
        return "article"
    return "policy" if title and _title_like(title) else "article"


def _parts(
    text: str, lines: list[_Line], starts: list[tuple[int, int, str | None]], ended_at: dict[int, int]
) -> list[Part]:
    parts: list[Part] = []
    for k, (title_i, _first_i, column) in enumerate(starts):
        next_first = starts[k + 1][1] if k + 1 < len(starts) else len(lines)
        last_i = ended_at.get(k, next_first - 1)
        while last_i > title_i and not lines[last_i].text:
            last_i -= 1
        body = sum(len(x.text) for x in lines[title_i + 1 : last_i + 1])
        if body < _MIN_BODY_CHARS:
            continue
        tl = lines[title_i]
        raw = text[tl.start : tl.end]
        lead = len(raw) - len(raw.lstrip(" \t#*"))
        trail = len(raw.rstrip(" \t*"))
        title = clean_title(tl.text)
        span = (tl.start, lines[last_i].end)
        parts.append(Part(title, span, _kind(title, column), (tl.start + lead, tl.start + trail), column))
    return parts
