"""Reader for .pdf (pdfplumber), page by page, into one text with page spans and tables.

What a PDF adds around the text, and what is done about it:

- page furniture: a line repeated (modulo digits) at the top or bottom of many pages, page
  numbers ("— 3 —", "第3页", "3/20"), browser print stamps ("2026/1/24 16:57 <title>", the URL
  with "1/10" at the foot) are dropped;
- wrapped lines are re-joined inside a paragraph by geometry: a line that reaches the right margin
  continues on the next line unless that one is indented, starts a numbering marker (一、 （一） 1.
  第X条) or stands after a paragraph gap; centred title lines join each other;
- bold text drawn twice (国国务务院院) is de-duplicated by char position (same glyph at nearly the
  same x/y), Kangxi radicals and compatibility ideographs (⼀⽅⼈) become ordinary Hanzi;
- ruled tables found by pdfplumber go to ``SourceText.tables`` and into the text as rows of cells
  joined by " | ".
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ScannedPDFError, UnreadableFileError
from ingest.models import SourceText, Table
from ingest.normalize import fix_compat_chars, is_boilerplate, is_page_number

_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]|\d+(?:\.\d+)*[.．、](?!\d)|[①-⑳]"
    r"|第[一二三四五六七八九十百千零〇\d]+[编章节条款]|附件\s*\d*|附录|专栏|——|—\s|注[:：])"
)
_URL = re.compile(r"^(?:https?://|file:///|www\.)\S+(?:\s+\d+\s*/\s*\d+)?$", re.I)
_PRINT_STAMP = re.compile(
    r"^\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4},?\s+(?:上午|下午)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\b"
)
_FURNITURE_ZONE = 0.1  # share of the page height at the top and bottom where headers/footers live
_SCANNED_CHARS_PER_PAGE = 30


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page_width: float
    page_height: float
    table: list[list[str]] | None = None  # set when the line stands for a whole table


def _furniture_key(text: str) -> str:
    """A header/footer line modulo its digits: "第 3 页" and "第 4 页" are the same line."""
    return re.sub(
        r"\d+", "#", re.sub(r"\s+", "", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    )


def _in_zone(line: _Line) -> bool:
    return (
        line.top < _FURNITURE_ZONE * line.page_height
        or line.bottom > (1 - _FURNITURE_ZONE) * line.page_height
    )


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove repeated headers/footers, page numbers, URLs and print stamps."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(ln.text) for ln in lines if _in_zone(ln) and ln.table is None})
    threshold = max(2, len(pages) // 2)
    out = []
    for lines in pages:
        kept = []
        for ln in lines:
            text = ln.text.strip()
            zone = _in_zone(ln) and ln.table is None
            if zone and (
                counts[_furniture_key(text)] >= threshold
                or is_page_number(text)
                or _URL.match(text)
                or _PRINT_STAMP.match(text)
            ):
                continue
            if ln.table is None and (is_page_number(text) and len(text) > 2 or _URL.match(text) and zone):
                continue  # "- 3 -" anywhere is a page number; a bare "12" mid-page may be a value
            kept.append(ln)
        out.append(kept)
    return out


def _dedupe_text(text: str) -> str:
    """Fallback without positions: undo bold drawn twice when every char is doubled.

    >>> _dedupe_text("国国务务院院办办公公厅厅"), _dedupe_text("各省、区")
    ('国务院办公厅', '各省、区')
    """
    if len(text) >= 4 and len(text) % 2 == 0 and all(text[i] == text[i + 1] for i in range(0, len(text), 2)):
        return text[::2]
    return text


def _cell(text: str | None) -> str:
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n")]
    joined = ""
    for p in parts:
        sep = " " if joined and re.match(r"[A-Za-z0-9]", p[:1]) and re.search(r"[A-Za-z0-9]$", joined) else ""
        joined += sep + p
    return fix_compat_chars(_dedupe_text(joined))


def _table_rows(raw: list[list[str | None]]) -> list[list[str]] | None:
    """Cells of a real table, or None for what the ruling-line finder mistook for one.

    Page frames and text boxes also have ruling lines; a table is kept when it has two rows or more,
    nearly every row has two filled cells, and its cells are short (a frame holds paragraphs).
    Columns empty in every row (merged cells) are dropped.

    >>> _table_rows([["指标", "2025年"], ["能耗下降", "13.5%"]])
    [['指标', '2025年'], ['能耗下降', '13.5%']]
    >>> _table_rows([["为规范实施农机购置与应用补贴政策，充分发挥政策效益，推动农业机械化全程全面", None]]) is None
    True
    """
    rows = [[_cell(c) for c in row] for row in raw]
    rows = [r for r in rows if any(r)]
    if len(rows) < 2:
        return None
    filled = [c for r in rows for c in r if c]
    if sum(1 for r in rows if sum(1 for c in r if c) >= 2) < 0.8 * len(rows):
        return None
    if statistics.mean(len(c) for c in filled) > 40:
        return None
    used = [j for j in range(max(len(r) for r in rows)) if any(j < len(r) and r[j] for r in rows)]
    return [[r[j] if j < len(r) else "" for j in used] for r in rows]


def _page_lines(page, index: int) -> list[_Line]:
    """Lines and tables of one page, top to bottom; doubled glyphs removed by position."""
    page = page.dedupe_chars(tolerance=1, extra_attrs=())
    width, height = float(page.width), float(page.height)
    tables = []
    for found in page.find_tables() if page.edges else []:  # no ruling lines, no table
        rows = _table_rows(found.extract())
        if rows:
            tables.append((rows, found.bbox))
    boxes = [bbox for _, bbox in tables]

    def outside_tables(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    body = page.filter(outside_tables) if boxes else page
    lines = []
    for raw in body.extract_text_lines(layout=False, strip=True, return_chars=True):
        text = fix_compat_chars(raw["text"]).strip()
        if not text:
            continue
        sizes = [c["size"] for c in raw["chars"] if not c["text"].isspace()]
        size = statistics.median(sizes) if sizes else 10.0
        lines.append(_Line(index, text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size, width, height))
    for rows, (x0, top, x1, bottom) in tables:
        lines.append(_Line(index, "", x0, x1, top, bottom, 10.0, width, height, table=rows))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


@dataclass
class _Layout:
    left: float
    right: float
    char: float
    line_gap: float


def _layout(lines: list[_Line]) -> _Layout:
    """Left/right margins, char width and normal line gap of the text block (all pages)."""
    text_lines = [ln for ln in lines if ln.table is None and len(ln.text) >= 4]
    if not text_lines:
        return _Layout(0.0, 1e9, 10.0, 1e9)
    char = statistics.median(ln.size for ln in text_lines)
    left = Counter(round(ln.x0) for ln in text_lines).most_common(1)[0][0]
    ends = sorted(ln.x1 for ln in text_lines)
    right = ends[int(0.9 * (len(ends) - 1))]
    gaps = [
        b.top - a.bottom
        for a, b in zip(text_lines, text_lines[1:], strict=False)
        if a.page == b.page and 0 <= b.top - a.bottom < 3 * char
    ]
    line_gap = statistics.median(gaps) if gaps else char
    return _Layout(float(left), right, char, line_gap)


def _centred(ln: _Line, lay: _Layout) -> bool:
    mid = (ln.x0 + ln.x1) / 2
    return ln.x0 > lay.left + 2 * lay.char and abs(mid - ln.page_width / 2) < 2 * lay.char


def _continues(a: _Line, b: _Line, lay: _Layout) -> bool:
    """Is ``b`` the next line of the paragraph ``a`` ends?"""
    if a.table is not None or b.table is not None or _MARKER.match(b.text):
        return False
    if a.page == b.page and b.top - a.bottom > lay.line_gap + 0.6 * lay.char:
        return False  # a paragraph gap
    if _centred(a, lay) and _centred(b, lay):
        # a title set on several centred lines
        return abs(a.size - b.size) < 0.5 and not a.text.endswith(("。", "：", "号"))
    # wrapped when the next line's first unbreakable piece (a char with the punctuation that may not
    # start a line, or a whole number) would not have fitted after this line
    lead = re.match(r"[A-Za-z0-9.%]+|.[、，。；：！？）》」』”’%]*", b.text)
    piece = lead.group() if lead else b.text[:1]
    width = sum(0.55 if ch.isascii() else 1.0 for ch in piece) * b.size
    reaches_right = a.x1 + width > lay.right - 0.3 * a.size
    flush_left = b.x0 <= lay.left + 0.6 * b.size
    return reaches_right and flush_left and abs(a.size - b.size) < 1.5


def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space between CJK, one between ASCII words."""
    if re.search(r"[A-Za-z0-9,.;:]$", a) and re.match(r"[A-Za-z0-9(]", b):
        return f"{a} {b}"
    return a + b


def _assemble(pages: list[list[_Line]]) -> tuple[str, list[tuple[int, int]], list[Table]]:
    lay = _layout([ln for lines in pages for ln in lines])
    paragraphs: list[tuple[int, str, list[list[str]] | None]] = []  # (page, text, table rows)
    prev: _Line | None = None
    for lines in pages:
        for ln in lines:
            if ln.table is not None:
                rows_text = "\n".join(" | ".join(c for c in r if c) for r in ln.table)
                paragraphs.append((ln.page, rows_text, ln.table))
            elif prev is not None and paragraphs and paragraphs[-1][2] is None and _continues(prev, ln, lay):
                page, text, _ = paragraphs[-1]
                paragraphs[-1] = (page, _join(text, ln.text), None)
            else:
                paragraphs.append((ln.page, ln.text, None))
            prev = ln
    text_parts: list[str] = []
    page_spans: dict[int, list[int]] = {}
    tables: list[Table] = []
    offset = 0
    for page, para, rows in paragraphs:
        start, end = offset, offset + len(para)
        span = page_spans.setdefault(page, [start, end])
        span[1] = end
        if rows is not None:
            tables.append(Table(rows=rows, span=(start, end)))
        text_parts.append(para)
        offset = end + 1
    spans = []
    cursor = 0
    for page in range(len(pages)):
        start, end = page_spans.get(page, [cursor, cursor])
        spans.append((start, end))
        cursor = end
    return "\n".join(text_parts) + ("\n" if text_parts else ""), spans, tables


class PdfReader:
    """Reads text PDFs; refuses scanned ones (no OCR) and unreadable ones with one clear line."""

    def read(self, path: Path, data: bytes) -> SourceText:
        from ingest.readers import sha256_of

        pages = self._pages(str(path), data)
        chars = sum(
            len(ln.text) + sum(len("".join(r)) for r in ln.table or []) for lines in pages for ln in lines
        )
        if chars < _SCANNED_CHARS_PER_PAGE * max(1, len(pages)):
            raise ScannedPDFError(str(path))
        text, spans, tables = _assemble(_drop_site_lines(_drop_furniture(pages)))
        return SourceText(
            path=str(path), text=text, sha256=sha256_of(data), pages=spans, tables=tables, encoding="pdf"
        )

    @staticmethod
    def _pages(path: str, data: bytes) -> list[list[_Line]]:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        # pdfminer warns about every odd font descriptor of browser-printed PDFs; not our reader's news
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        if not data.lstrip()[:5] == b"%PDF-":
            raise UnreadableFileError(path, "not a PDF file (no %PDF- header)")
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                if not pdf.pages:
                    raise UnreadableFileError(path, "PDF has no pages")
                return [_page_lines(page, i) for i, page in enumerate(pdf.pages)]
        except UnreadableFileError:
            raise
        except Exception as err:  # pdfminer raises many kinds on damaged files; all mean the same here
            # pdfplumber wraps pdfminer's errors in PdfminerException(original)
            inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
            if isinstance(inner, PDFPasswordIncorrect) or "encrypt" in repr(inner).lower():
                raise UnreadableFileError(path, "encrypted PDF: it needs a password") from err
            detail = f"{type(inner).__name__}: {str(inner)[:80]}".rstrip(": ")
            raise UnreadableFileError(path, f"truncated or corrupt PDF ({detail})") from err


def _drop_site_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Web-site furniture in browser-printed pages (navigation, share and print widgets)."""
    return [[ln for ln in lines if ln.table is not None or not is_boilerplate(ln.text)] for lines in pages]
