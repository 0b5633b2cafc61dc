"""Deadlines: time bounds on tasks (到2025年, 2021年年底以前, 每年12月20日前, 15个工作日内).

Component ``policy_dates``. :func:`find_deadlines` is the pure function: it finds the time
expressions that bound something in one clause's clean text, normalises them to the last day they
allow (an interval also gets its first day; a yearly bound its --MM-DD; a relative bound its ISO
8601 duration) and names the task they bound. Dates that bound nothing are left out: signature and
event dates (2021年11月15日), baselines (比2020年), statuses (截至2020年底), titles
(《…（2021—2023年）》), issue numbers and past periods (“十三五”时期 in a 2021 plan).
Words the rules read are in ``data/dates_lexicon.json``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ingest.models import Deadline, Provenance
from ingest.nlp import add_facts

NAME = "policy_dates"
VERSION = "1.0"
LEXICON_FILE = Path(__file__).parent / "data" / "dates_lexicon.json"

_FULLWIDTH = str.maketrans("０１２３４５６７８９－～", "0123456789-~")
_CN_SMALL = "一二两三四五六七八九十"
_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_PUNCT = "，,、：:；;。 "
_BOUNDS = ("以前", "之前", "为止", "前", "止")
_MARKER = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、)"
)


@dataclass(frozen=True)
class _Lexicon:
    five_year_plans: dict[str, tuple[int, int]]
    parts_of_year: dict[str, tuple[int, int]]
    relative_years: dict[str, int]
    validity_words: tuple[str, ...]
    not_after: tuple[str, ...]
    head_words: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    try:
        raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
        return _Lexicon(
            five_year_plans={k: (int(v[0]), int(v[1])) for k, v in raw["five_year_plans"].items()},
            parts_of_year={k: (int(v[0]), int(v[1])) for k, v in raw["parts_of_year"].items()},
            relative_years={k: int(v) for k, v in raw["relative_years"].items()},
            validity_words=tuple(raw["validity_words"]),
            not_after=tuple(sorted(raw["not_after"], key=len, reverse=True)),
            head_words=tuple(sorted(raw["head_words"], key=len, reverse=True)),
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{LEXICON_FILE}: bad dates lexicon: {exc}") from exc


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    num = rf"\d{{1,2}}|[{_CN_SMALL}]{{1,3}}"
    tail = (
        rf"(?:(?P<m>{num})月(?:(?P<d>{num})[日号]|(?P<mend>底|末|下旬))?"
        rf"|(?P<part>{_alt(lex.parts_of_year)})|(?P<yend>年底|年末|底|末))?"
        rf"(?P<bound>{_alt(_BOUNDS)})?"
    )
    pre = r"(?P<pre>截止到|截止|截至|到|至)?"
    return {
        "range": re.compile(
            rf"{pre}(?P<y1>\d{{4}})年?(?:[—–\-~〜]{{1,2}}|至|到)(?P<y2>\d{{4}})年(?P<bound>{_alt(_BOUNDS)})?"
        ),
        "year": re.compile(rf"{pre}(?<!\d)(?P<y>\d{{4}})年{tail}"),
        "relyear": re.compile(rf"{pre}(?P<rel>{_alt(lex.relative_years)}){tail}"),
        "plan": re.compile(
            rf"{pre}[“\"‘「]?(?P<plan>{_alt(lex.five_year_plans)})[”\"’」]?(?P<ptail>期末|末|时期|期间)"
        ),
        "relative": re.compile(
            rf"(?P<n>\d+|[{_CN_SMALL}]{{1,3}})个?(?P<du>工作日|自然日|日|天|周|个月|月|年)(?:以)?内"
        ),
        "recurring": re.compile(
            rf"每年(?:(?P<m>{num})月(?:(?P<d>{num})[日号]|(?P<mend>底|末))?"
            rf"(?:[和、及](?P<m2>{num})月(?:(?P<d2>{num})[日号]|(?P<mend2>底|末))?)?(?P<bound>{_alt(_BOUNDS)})"
            rf"|(?P<part>{_alt(lex.parts_of_year)})(?:末|底)?(?P<pbound>{_alt(_BOUNDS)})?)"
        ),
    }


def _int(s: str) -> int:
    """12 or 十二 -> 12 (small numbers only: months, days, durations)."""
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if "十" in s:
        tens, _, ones = s.partition("十")
        return digits.get(tens, 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits[s]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


@dataclass
class _Found:
    start: int
    end: int
    date: dt.date | None
    begin: dt.date | None = None
    recurring: str | None = None
    relative: str | None = None
    whole: tuple[int, int] | None = None  # the full expression when it states two bounds


def _inside_title(text: str, start: int, end: int) -> bool:
    """In 《…》, or a parenthesised period alone: …方案（2021—2023年）."""
    if text.count("《", 0, start) > text.count("》", 0, start):
        return True
    return start > 0 and text[start - 1] in "（(" and end < len(text) and text[end] in "）)"


def _adverbial(text: str, m: re.Match[str]) -> bool:
    """A period that frames what follows ("2022—2023年，…", "于2022年至2025年建成"), not one that
    qualifies a noun ("参与2018~2020年春节期间需求响应的用户", "本市2021-2025年投产发电的项目")."""
    if m["pre"] or m["bound"]:
        return True
    if re.match(r"(?:期间|间)?的", text[m.end() :]):
        return False
    head = text[max(0, m.start() - 1) : m.start()]
    tail = re.match(r"(?:期间|间|内)?[，,：:]", text[m.end() :])
    return (
        tail is not None
        or head in ("", "在", "于", "从", "自")
        or m.start() == _sentence_start(text, m.start())
    )


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1


# the document speaking of itself: 本政策 / 本措施 / 本办法 … (its validity is metadata, not a deadline)
_OWN_VALIDITY = re.compile(r"本(?:政策|措施|办法|方案|细则|规定|通知|指引|条例|意见|计划|规划|决定|实施意见|若干措施|政策措施)")


def _validity_before(text: str, pos: int) -> int | None:
    """Start of a validity word (执行期, 有效期…) shortly before ``pos`` in the same sentence."""
    window_start = max(_sentence_start(text, pos), pos - 12)
    best = None
    for word in _lexicon().validity_words:
        i = text.rfind(word, window_start, pos)
        if i >= 0 and (best is None or i < best):
            best = i
    return best


def _period_end(y: int, m: re.Match[str], text: str) -> tuple[date | None, date | None, bool]:
    """(last day, first day, is a bound by itself) of a Y年… match tail."""
    lex = _lexicon()
    bound = bool(m["bound"])
    if m["part"]:
        first, last = lex.parts_of_year[m["part"]]
        return _month_end(y, last), date(y, first, 1), True
    if m["m"]:
        month = _int(m["m"])
        if not 1 <= month <= 12:
            return None, None, False
        if m["d"]:
            day = _int(m["d"])
            try:
                return date(y, month, day), None, bound
            except ValueError:
                return None, None, False
        if m["mend"]:
            return _month_end(y, month), None, True
        if bound and not text.startswith(("（含", "(含"), m.end()):
            # "9月前" allows the days before September; "9月前（含9月）" allows September too
            return (_month_end(y, month - 1) if month > 1 else date(y - 1, 12, 31)), None, True
        return _month_end(y, month), None, bound
    return date(y, 12, 31), None, bool(m["yend"]) or bound


def _candidates(text: str, doc_date: date | None) -> list[_Found]:
    lex, pats = _lexicon(), _patterns()
    found: list[_Found] = []
    for m in pats["range"].finditer(text):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2 and _adverbial(text, m) and not _inside_title(text, m.start("y1"), m.end()):
            found.append(_Found(m.start(), m.end(), date(y2, 12, 31), date(y1, 1, 1)))
    for kind in ("year", "relyear"):
        for m in pats[kind].finditer(text):
            if kind == "year":
                y = int(m["y"])
            elif doc_date is None:
                continue  # 今年/明年 cannot be placed without the document's date
            else:
                y = doc_date.year + lex.relative_years[m["rel"]]
            last, first, bounded = _period_end(y, m, text)
            if last is None:
                continue
            start = m.start()
            if m["pre"] in ("至", "到") and re.search(r"\d{4}年?$", text[: m.start()]):
                continue  # the end of a period that was no bound: "2010年至2019年间的…"
            if m["pre"] in ("至", "截至", "截止", "截止到"):
                validity = _validity_before(text, m.start())
                bounded = validity is not None or m["pre"] == "至"
                if validity is not None and _OWN_VALIDITY.search(text[_sentence_start(text, validity) : validity]):
                    continue  # 本政策执行期至…: the document's own validity (Document.valid_until), no task's bound
                if validity is not None:
                    start = validity
            elif m["pre"] == "到":
                bounded = not re.search(
                    r"[从自由][^，,。；;]*$", text[_sentence_start(text, m.start()) : m.start()]
                )
            elif bounded and not m["bound"]:  # a bare year-end: "2021年年底将…纳入"
                before = text[max(0, start - 4) : start]
                bounded = not any(before.endswith(w) for w in lex.not_after)
            end = m.end()
            if text.startswith(("（含", "(含"), end) and (close := text.find("）", end, end + 8)) > 0:
                end = close + 1  # "9月前（含9月）" belongs to the expression
            if bounded and not _inside_title(text, m.start(), m.end()):
                found.append(_Found(start, end, last, first if m["part"] else None))
    for m in pats["plan"].finditer(text):
        first_year, last_year = lex.five_year_plans[m["plan"]]
        after = text[m.end() : m.end() + 1]
        head = text[max(0, m.start() - 1) : m.start()]
        adverbial = (
            bool(m["pre"])
            or m["ptail"] in ("末", "期末")
            or after in ("，", ",", "内")
            or head in ("在", "于")
        )
        if adverbial and not _inside_title(text, m.start(), m.end()):
            is_end = m["ptail"] in ("末", "期末")
            found.append(
                _Found(m.start(), m.end(), date(last_year, 12, 31), None if is_end else date(first_year, 1, 1))
            )
    for m in pats["relative"].finditer(text):
        n = _int(m["n"]) if not m["n"].isdigit() else int(m["n"])
        unit = {"周": "W", "个月": "M", "月": "M", "年": "Y"}.get(m["du"], "D")
        found.append(_Found(m.start(), m.end(), None, relative=f"P{n}{unit}"))
    for m in pats["recurring"].finditer(text):
        if m["part"]:
            month = lex.parts_of_year[m["part"]][1]
            days = [(month, calendar.monthrange(2001, month)[1], m.start(), m.end())]
        else:  # 每年4月底和10月底前: two yearly bounds sharing one 前
            stated: list[tuple[int, str | None, int, int]] = [
                (_int(m["m"]), m["d"], m.start(), m.start("m2") - 1 if m["m2"] else m.end())
            ]
            if m["m2"]:
                stated.append((_int(m["m2"]), m["d2"], m.start("m2"), m.end()))
            days = [
                (mo, _int(d) if d else calendar.monthrange(2001, mo)[1] if 1 <= mo <= 12 else 0, a, b)
                for mo, d, a, b in stated
            ]
        for month, day, a, b in days:
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append(_Found(a, b, None, recurring=f"--{month:02d}-{day:02d}", whole=m.span()))
    return found


def _non_overlapping(found: list[_Found]) -> list[_Found]:
    """Longest first, then left to right; an expression inside a longer one is dropped."""
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _task(text: str, f: _Found, prev_end: int, next_start: int, heading: str | None) -> str:
    """The clause the expression bounds: what follows it to the end of the sentence, or, when the
    expression closes its sentence ("…于2024年9月前开工"), the sentence around it."""
    lex = _lexicon()
    f_start, f_end = f.whole or (f.start, f.end)
    stop = next_start if next_start >= f_end else len(text)
    end = min([stop] + [i for c in _SENTENCE_END if (i := text.find(c, f_end)) >= 0])
    after = text[f_end:end]
    if after[:1] in ("，", ",", "：", ":"):
        return after.strip(_CLAUSE_PUNCT)
    start = max(_sentence_start(text, f_start), prev_end if prev_end <= f_start else 0)
    if heading and (h := text.find(heading, 0, 40)) >= 0:
        start = max(start, h + len(heading))  # "（二）发展环境我国力争…": the heading is no part of the task
    before = text[start:f_start]
    cut = max(before.rfind("，"), before.rfind(","), before.rfind("、"))
    if cut >= 0 and after:
        before = before[cut + 1 :]
    for word in lex.head_words:
        if before.endswith(word):
            before = before[: -len(word)]
            break
    task = _MARKER.sub("", (before + after).strip(_CLAUSE_PUNCT)).strip(_CLAUSE_PUNCT)
    task = (
        task[1:] if task[:1] in ("并", "且") else task
    )  # "…并于每年8月底前编制": the verb, not the conjunction
    return task or (heading or "")  # "（一）申报时间。2026年3月20日前。": the heading names the task


def find_deadlines(
    text: str,
    doc_date: date | None = None,
    plan_period: tuple[int, int] | None = None,
    heading: str | None = None,
    title: str | None = None,
) -> list[tuple[int, int, Deadline]]:
    """Deadlines in one clause's clean text, as (start, end, Deadline) with offsets into ``text``.

    ``doc_date`` places 今年/明年 and drops bounds already past when the document was issued;
    without it, ``plan_period`` drops bounds ending before the plan starts. ``heading`` (the
    clause's heading, glued to its body in clean text) is kept out of the task; a year in the
    document's ``title`` (2030年前碳达峰行动方案) heading a preamble is no deadline.

    >>> [(d.expression, str(d.date), d.task) for _, _, d in find_deadlines("到2025年，累计创建国家级绿色工厂150家。")]
    [('到2025年', '2025-12-31', '累计创建国家级绿色工厂150家')]
    >>> [(str(d.start), str(d.date)) for _, _, d in find_deadlines("“十四五”期间，推进改造；2022—2023年，基本健全。")]
    [('2021-01-01', '2025-12-31'), ('2022-01-01', '2023-12-31')]
    >>> [(d.recurring, d.relative) for _, _, d in find_deadlines("每年12月20日前报送，受理后15个工作日内办结")]
    [('--12-20', None), (None, 'P15D')]
    >>> find_deadlines("单位国内生产总值能耗比2020年下降13.5%，见《2021年工作要点》")
    []
    """
    normal = text.translate(_FULLWIDTH)
    kept = _non_overlapping(_candidates(normal, doc_date))
    title_at = normal.find(title, 0, 10) if title else -1
    if title and title_at >= 0:
        kept = [f for f in kept if not (title_at <= f.start and f.end <= title_at + len(title))]
    out: list[tuple[int, int, Deadline]] = []
    prev_end = 0
    for i, f in enumerate(kept):
        if f.date is not None:
            if doc_date is not None and f.date < doc_date:
                continue  # already past when the document was issued: a review, not a bound
            if doc_date is None and plan_period is not None and f.date.year < plan_period[0]:
                continue
        next_start = kept[i + 1].start if i + 1 < len(kept) else len(text)
        fact = Deadline(
            clause=None,
            expression=text[f.start : f.end],
            date=f.date,
            task=_task(normal, f, prev_end, next_start, heading),
            prov=Provenance(NAME, VERSION, (f.start, f.end)),
            start=f.begin,
            recurring=f.recurring,
            relative=f.relative,
        )
        out.append((f.start, f.end, fact))
        prev_end = (f.whole or (f.start, f.end))[1]
    return out


@Language.component(NAME, assigns=["doc.spans"])
def policy_dates(doc: Doc) -> Doc:
    """spaCy component: records ``find_deadlines`` over ``doc.text`` as kind "dates"."""
    ctx = doc._.policy_ctx
    found = find_deadlines(
        doc.text,
        doc_date=getattr(ctx, "doc_date", None),
        plan_period=getattr(ctx, "plan_period", None),
        heading=getattr(ctx, "heading", None),
        title=getattr(ctx, "title", None),
    )
    add_facts(doc, "dates", found)
    return doc
