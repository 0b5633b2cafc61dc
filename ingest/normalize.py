"""Text-level repairs shared by the readers: compatibility characters, page numbers, web-page noise.

Documents scraped from government websites carry the page around them: scraper front matter, site
navigation, the info table (标题：/发文字号：…) above the text, footer links (网站地图, 版权所有 …), a
body printed twice, numbers broken onto their own lines. ``clean_web_text`` removes that by general
rules (boilerplate phrases of Chinese government sites in ``extract/data/web_boilerplate.json``,
short menu-like lines, repetition), and leaves a clean document untouched: the rules only run on a
text that shows several pieces of page furniture.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import TypedDict

# Kangxi radicals, CJK radicals supplement, CJK compatibility ideographs: browser-printed PDFs use
# them for ordinary Hanzi (⼀⽅⼈ for 一方人); NFKC maps them back. Only these: NFKC on the whole text
# would also turn full-width （一） and ２０２０ into ASCII, which the clause tree relies on.
_COMPAT = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")
# CJK radicals supplement forms that NFKC leaves alone but fonts (PingFang in browser prints) use
# for whole simplified characters: ⺠ for 民, ⻅ for 见 … (Unicode's own radical names give these).
_RADICAL_SUPPLEMENT = str.maketrans(
    "⺁⺇⺌⺎⺒⺓⺔⺜⺝⺟⺠⺩⺪⺫⺬⺮⺶⺻⺼⺽⻁⻃⻄⻅⻆⻉⻊⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "厂几小兀巳幺彐日月母民王疋罒示竹羊聿月臼虎覀西见角贝足车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_PAGE_NUMBER = re.compile(
    r"[-—–－―~·\s]*(?:"
    r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|\d+\s*/\s*\d+|[Pp]age\s*\d+(?:\s*of\s*\d+)?|\d{1,4}"
    r")[-—–－―~·\s]*"
)
_SENTENCE_PUNCT = re.compile(r"[。，；！？：,;]")
_FINAL_PUNCT = tuple("。；！？：;!?")
_DATE = re.compile(r"^\s*\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*$")
_DOC_NUMBER = re.compile(r"〔\s*\d{4}\s*〕\s*\d+\s*号|\[\s*\d{4}\s*\]\s*\d+\s*号|第\s*\d+\s*号")
_TITLE_WORDS = re.compile(
    r"关于|通知|意见|办法|方案|决定|规定|条例|细则|措施|规划|计划|纲要|指引|指南|公告|通告|批复|通报|答复|函|令|法$"
)
_ISSUER_END = re.compile(r"(?:委员会|委|局|厅|部|办公室|办|院|政府|中心|公司|署|会)\s*$")
_LEADER = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|。{4,})\s*(?:-?\s*\d+\s*-?)?\s*$")
_CLAUSE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十百零〇\d]+[章节条编款])"
)
_FRAGMENT = re.compile(r"^[\d.,:~\-%/（）()〔〕\[\]、，。；：．·\sA-Za-z]{1,12}$")
_UNIT_START = re.compile(r"^[年月日号时分万亿千百元个%％〕）)，。、；：．.～~\-—/]")


def fix_compat_chars(text: str) -> str:
    """NFKC for Kangxi radicals and CJK compatibility ideographs only.

    >>> fix_compat_chars("⼀⽅⼈⺠（⼀）意⻅")
    '一方人民（一）意见'
    """
    return _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).translate(
        _RADICAL_SUPPLEMENT
    )


def is_page_number(line: str) -> bool:
    """A line holding only a page number: "— 3 —", "- 3 -", "第3页", "3/20", "１２".

    >>> [is_page_number(s) for s in ("— ７ —", "第3页 共10页", "3/20", "12", "2025年", "1.")]
    [True, True, True, True, False, False]
    """
    line = line.translate(_FULLWIDTH_DIGITS).strip()
    return bool(line) and _PAGE_NUMBER.fullmatch(line) is not None


class _Boilerplate(TypedDict):
    line: re.Pattern[str]
    prefixes: tuple[str, ...]
    contains: tuple[str, ...]
    label: re.Pattern[str]
    disclaimer: tuple[str, ...]


@cache
def _boilerplate() -> _Boilerplate:
    raw = json.loads(
        resources.files("ingest.extract").joinpath("data/web_boilerplate.json").read_text("utf-8")
    )
    labels = "|".join(sorted(raw["metadata_labels"], key=len, reverse=True))
    return {
        "line": re.compile("|".join(f"(?:{p})" for p in raw["line_patterns"])),
        "prefixes": tuple(raw["line_prefixes"]),
        "contains": tuple(raw["line_contains"]),
        # "标 题：", "[发文字号]", "发文字号：发改体改〔2022〕118号"
        "label": re.compile(rf"^[\[【]?\s*(?:{labels})\s*[\]】]?\s*[:：]?\s*(?P<value>.*)$"),
        "disclaimer": tuple(raw["scraper_disclaimer"]),
    }


def _squash(line: str) -> str:
    """The line without any whitespace (gov sites space out labels: "标 题：")."""
    return re.sub(r"\s+", "", line)


def is_boilerplate(line: str) -> bool:
    """Site furniture: navigation words, share/print widgets, footer lines.

    >>> [is_boilerplate(s) for s in ("网站地图", "| 相关报道", "京ICP备05070218号", "一、总体要求")]
    [True, True, True, False]
    """
    data = _boilerplate()
    s = line.strip().lstrip("|｜>＞» ").strip()
    if not s:
        return bool(line.strip())  # a bare "|" or ">" between menu entries
    if data["line"].fullmatch(s) or data["line"].fullmatch(_squash(s)):
        return True
    parts = [p.strip() for p in re.split(r"\s[|｜]\s", s)]
    if len(parts) >= 3 and all(data["line"].fullmatch(p) for p in parts):
        return True  # a whole menu printed on one line: "首页 | 简 | 繁 | EN | 登录"
    return s.startswith(data["prefixes"]) or any(c in _squash(s) for c in data["contains"])


def is_metadata_label(line: str) -> bool:
    """A field label of a gov site's info table, alone on its line or with its value.

    >>> [is_metadata_label(s) for s in ("标 题：", "[发文字号]", "成文日期：2022年01月18日", "各有关单位：")]
    [True, True, True, False]
    """
    s = _squash(line)
    m = _boilerplate()["label"].match(s)
    if not m:
        return False
    # a bare label, or "label：value" (the colon is required when a value follows)
    return m.group("value") == "" or bool(re.match(r"^[\[【]?[^:：]{1,6}[\]】]?[:：]", s))


def _is_body_like(line: str) -> bool:
    s = line.strip()
    return (
        not is_boilerplate(s)
        and not is_metadata_label(s)
        and (
            (len(s) >= 20 and re.search(r"[。，；！？]", s) is not None) or (len(s) >= 8 and s.endswith("。"))
        )
    )


def _first_body_line(lines: list[str]) -> int:
    """The first paragraph of the document: body-like, and not the value of an info-table label."""
    previous = ""
    for i, ln in enumerate(lines):
        if _is_body_like(ln) and not is_metadata_label(previous):
            return i
        if ln.strip():
            previous = ln
    return 0


def _is_head_like(line: str) -> bool:
    """Lines of a document's head: title, 文号, issuers, date, salutation, broken fragments."""
    s = line.strip()
    return bool(
        _TITLE_WORDS.search(s)
        or _DOC_NUMBER.search(s)
        or _DATE.match(s)
        or (s.endswith(("：", ":")) and not is_metadata_label(s))
        or (len(_squash(s)) <= 30 and _ISSUER_END.search(s))
        or _FRAGMENT.match(s)
        or re.fullmatch(r"[（(]此件.*[)）]", s)
    )


def _is_link_like(line: str) -> bool:
    """A footer link or menu entry: short, no sentence punctuation, no digits."""
    s = line.strip()
    return 0 < len(s) <= 40 and not _SENTENCE_PUNCT.search(s) and not re.search(r"\d", s)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a scraper's YAML front matter (``---`` … ``---`` at the top) from the text.

    Returns the ``key: value`` pairs and the rest of the text; a blockquote right after the front
    matter that only disclaims the scrape ("…仅供检索查阅…") is dropped with it.

    >>> split_front_matter("---\\ntitle: 关于X的通知\\n---\\n\\n> 本文由脚本提取，仅供参考。\\n\\n# 关于X的通知\\n")
    ({'title': '关于X的通知'}, '\\n# 关于X的通知\\n')
    """
    m = re.match(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip()] = value.strip().strip("'\"")
    rest = text[m.end() :]
    quote = re.match(r"\A(\s*\n)?((?:>[^\n]*(?:\n|\Z))+)", rest)
    if quote and any(p in quote.group(2) for p in _boilerplate()["disclaimer"]):
        rest = rest[quote.end() :]
    return fields, rest


def _strip_html_comments(text: str) -> str:
    text = re.sub(r"^[ \t]*<!--.*?-->[ \t]*\n", "", text, flags=re.S | re.M)  # a comment line goes whole
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def _is_web_page(lines: list[str]) -> bool:
    furniture = sum(1 for ln in lines if ln.strip() and (is_boilerplate(ln) or is_metadata_label(ln)))
    return furniture >= 3


def _head_keep(lines: list[str], body_start: int) -> set[int]:
    """Indexes of the document head kept above the first paragraph (title, 文号, salutation …)."""
    keep: set[int] = set()
    i = body_start - 1
    while i >= 0:
        s = lines[i].strip()
        if not s or is_boilerplate(s) or is_page_number(s):
            i -= 1
            continue
        after_label = i > 0 and is_metadata_label(lines[i - 1]) and not is_metadata_label(s)
        if is_metadata_label(s) or after_label or not _is_head_like(s):
            break
        keep.add(i)
        i -= 1
    if not any(_TITLE_WORDS.search(lines[k]) for k in keep):
        # the page's <title> line: "…的指导意见_国务院部门文件_中国政府网"
        first = next((k for k, ln in enumerate(lines[:body_start]) if ln.strip()), None)
        if first is not None and _TITLE_WORDS.search(lines[first].split("_")[0]):
            lines[first] = lines[first].split("_")[0]
            keep.add(first)
    return keep


def _tail_start(lines: list[str], body_start: int) -> int:
    """Index where the page footer starts: the first furniture line after which no body follows."""
    body = [_is_body_like(ln) for ln in lines]
    mass_after, body_after, lines_after = (
        [0] * (len(lines) + 1),
        [0] * (len(lines) + 1),
        [0] * (len(lines) + 1),
    )
    for i in range(len(lines) - 1, -1, -1):
        mass_after[i] = mass_after[i + 1] + (len(lines[i].strip()) if body[i] else 0)
        body_after[i] = body_after[i + 1] + body[i]
        lines_after[i] = lines_after[i + 1] + bool(lines[i].strip())
    total = mass_after[0] or 1

    def only_footer_after(t: int) -> bool:
        # little body text below t, or a few body-like lines lost among many furniture lines
        # (an address line in the footer)
        return mass_after[t] <= 0.05 * total or (body_after[t] <= 3 and body_after[t] <= 0.1 * lines_after[t])

    for t in range(body_start + 1, len(lines)):
        s = lines[t].strip()
        if s and is_boilerplate(s) and not is_page_number(s) and only_footer_after(t):
            # a run of menu-like lines just above the footer belongs to it (link lists); a short
            # run ending at a date or a name is the signature, kept
            j = t
            while j - 1 > body_start and (not lines[j - 1].strip() or _is_link_like(lines[j - 1])):
                j -= 1
            run = sum(1 for ln in lines[j:t] if ln.strip())
            return j if run >= 5 else t
    return len(lines)


def _drop_toc_and_furniture(lines: list[str]) -> list[str]:
    """Drop dot-leader TOC lines, page numbers and furniture inside the body."""

    def leader_only(s: str) -> bool:
        return re.fullmatch(r"[.…·。\s]{3,}", s) is not None or is_page_number(s)

    out: list[str] = []
    for k, ln in enumerate(lines):
        s = ln.strip()
        following = next((x.strip() for x in lines[k + 1 :] if x.strip()), "")
        toc_entry = bool(s) and re.fullmatch(r"[.…·。\s]{3,}", following) is not None
        if s and (is_boilerplate(s) or leader_only(s) or _LEADER.search(s) or toc_entry):
            continue
        out.append(ln)
    # a 目录 heading whose entries were all leader lines is left alone: drop it too
    return [ln for k, ln in enumerate(out) if not _is_orphan_toc_heading(out, k)]


def _is_orphan_toc_heading(lines: list[str], k: int) -> bool:
    s = _squash(lines[k])
    if s in ("目录", "目", "录"):
        window = "".join(_squash(x) for x in lines[max(0, k - 1) : k + 2])
        return "目录" in window
    return False


def drop_repeated_runs(lines: list[str], min_lines: int = 5, min_chars: int = 300) -> list[str]:
    """Drop a later copy of a long run of lines (a page body scraped twice); keep the first.

    >>> body = [f"第{i}段，内容相同的一长段文字，用来检测重复。" * 3 for i in range(6)]
    >>> len(drop_repeated_runs(["标题"] + body + ["中间"] + body + ["结尾"]))
    9
    """
    keys = [_squash(ln) for ln in lines]
    first_seen: dict[str, int] = {}
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        k = keys[i]
        if len(k) >= 10 and k in first_seen and i not in drop:
            a, b, n, chars = first_seen[k], i, 0, 0
            while b + n < len(lines) and a + n < i and keys[a + n] == keys[b + n]:
                chars += len(keys[b + n])
                n += 1
            if sum(1 for x in keys[b : b + n] if x) >= min_lines and chars >= min_chars:
                drop.update(range(b, b + n))
                i = b + n
                continue
        if k and k not in first_seen:
            first_seen[k] = i
        i += 1
    return [ln for j, ln in enumerate(lines) if j not in drop]


def join_broken_lines(lines: list[str]) -> list[str]:
    """Re-join numbers and punctuation a converter put on lines of their own.

    "2021\\n年春节期间" -> "2021年春节期间"; "（\\n1\\n）对于…" -> "（1）对于…". Runs only on a text
    where such fragments are common (a clean text keeps its lines).

    >>> join_broken_lines(["时间为", "2021", "年", "2", "月", "13", "日至", "15", "日。", "（", "1", "）对于"] + ["正文。"] * 4)[:2]
    ['时间为2021年2月13日至15日。', '（1）对于']
    """
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    fragments = sum(1 for s in nonblank if _FRAGMENT.match(s) and not _CLAUSE_START.match(s))
    if not nonblank or fragments < 5 or fragments / len(nonblank) < 0.05:
        return lines
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if out and s and out[-1].strip():
            prev = out[-1].rstrip()
            prev_frag = _FRAGMENT.match(prev.split("\n")[-1].strip()) is not None
            this_frag = _FRAGMENT.match(s) is not None
            opener = prev.endswith(("（", "(", "〔", "《", "“"))
            continues = (
                opener
                or (this_frag and not prev.endswith(_FINAL_PUNCT) and not _is_heading(prev))
                or (prev_frag and (_UNIT_START.match(s) or this_frag) and not _CLAUSE_START.match(s))
                or (_UNIT_START.match(s) and re.search(r"[\d%）)]$", prev))
            )
            # two numbers never merge: "1.2" and "2.0" are neighbouring table cells
            numbers_meet = re.search(r"[\d%]$", prev) is not None and s[0].isdigit()
            if continues and not numbers_meet:
                out[-1] = prev + s
                continue
        out.append(ln)
    return out


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(_CLAUSE_START.match(s)) and len(s) <= 30 and not _SENTENCE_PUNCT.search(s)


def clean_web_text(text: str) -> str:
    """Remove web-page noise from a decoded text file (LF line ends); a clean text comes back as is.

    Front matter and HTML comments always go. The rest (navigation, the info table, footer, a
    repeated body, broken lines, dot-leader tables of contents) only when the text shows at least
    three lines of site furniture.
    """
    _, text = split_front_matter(text)
    text = _strip_html_comments(text)
    lines = text.split("\n")
    if not _is_web_page(lines):
        return text
    lines = join_broken_lines(lines)
    body_start = _first_body_line(lines)
    head = _head_keep(lines, body_start)
    tail = _tail_start(lines, body_start)
    kept = [lines[i] for i in sorted(head)] + lines[body_start:tail]
    kept = drop_repeated_runs(_drop_toc_and_furniture(kept))
    out = "\n".join(kept).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", out) + "\n"


def web_metadata(text: str) -> dict[str, str]:
    """Fields of the scraper front matter and of a gov site's info table, which ``clean_web_text``
    removes from the text (the 文号 of a notice is sometimes only there).

    Keys are the labels without spaces ("发文字号"); the first value of a label wins.

    >>> web_metadata("首页\\n发 文 字 号 ：\\n津工信电力〔2021〕3号\\n成文日期：2021年02月02日\\n正文。")
    {'发文字号': '津工信电力〔2021〕3号', '成文日期': '2021年02月02日'}
    >>> web_metadata("[发文字号]\\n京发改\\n〔2026〕\\n341号\\n[发布日期]\\n2026-03-09")
    {'发文字号': '京发改〔2026〕341号', '发布日期': '2026-03-09'}
    """
    fields, rest = split_front_matter(text)
    out = dict(fields)
    lines = [ln.strip() for ln in rest.split("\n") if ln.strip()]
    for i, line in enumerate(lines):
        if not is_metadata_label(line):
            continue
        label, _, value = re.sub(r"[\[\]【】\s]", "", line).replace(":", "：").partition("：")
        if not value:
            # the value stands on the next lines, sometimes cut into short pieces (京发改 / 〔2026〕 / 341号)
            pieces: list[str] = []
            for nxt in lines[i + 1 : i + 5]:
                if is_metadata_label(nxt) or (pieces and len(nxt) > 20):
                    break
                pieces.append(nxt)
                if len(nxt) > 20:
                    break
            value = "".join(pieces) if all(len(p) <= 20 for p in pieces) else (pieces[0] if pieces else "")
        if value:
            out.setdefault(label, value)
    return out
