"""Quantitative targets: 单位工业增加值能耗降低13.5%, 到2025年累计创建国家级绿色工厂150家, indicator tables.

Component ``policy_targets``. :func:`find_targets` is the pure function. A target is a figure the
policy aims at: the object of a goal word (达到, 降低, 压减, 累计创建 …, or an indicator noun such as
比重/利用率) or a figure in a sentence bounded by a deadline, or a value in an indicator table
(rows ending in 约束性/预期性, whose header gives the target year). Figures that report the past
(clauses under 发展基础/取得成效, sentences with 以来/截至/已/提高了, or about a year before the
plan), subsidy amounts, fines, thresholds ("1万吨标准煤及以上的项目") and rates are no targets.
Words the rules read are in ``data/targets_lexicon.json``; numbers and units come from
:mod:`ingest.extract.quantities`, years from :mod:`ingest.extract.dates`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract.dates import find_deadlines
from ingest.extract.quantities import Quantity, comparator_around, find_quantities, unit_of
from ingest.models import Deadline, Provenance, Target
from ingest.nlp import ExtractContext, add_facts

NAME = "policy_targets"
VERSION = "1.0"
LEXICON_FILE = Path(__file__).parent / "data" / "targets_lexicon.json"

_SENTENCE_END = "。；;！？!?"
_PHRASE_SEP = "，,；;：:"
_LEAD_PUNCT = "，,、；;：: "
_BASELINE = re.compile(r"(?:比|较|相比|相较)(\d{4})年(?:底|末)?")
_BARE_YEAR = re.compile(r"(?<![\d比较与同])(\d{4})年(?![\d—–\-~至到])")


@dataclass(frozen=True)
class _Lexicon:
    goal_words: tuple[str, ...]
    past_markers: tuple[str, ...]
    past_headings: tuple[str, ...]
    not_target_words: tuple[str, ...]
    not_target_sentences: tuple[str, ...]
    natures: dict[str, str]
    table_header_words: tuple[str, ...]
    indicator_tail: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    try:
        raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
        longest = lambda key: tuple(sorted(raw[key], key=len, reverse=True))  # noqa: E731
        return _Lexicon(
            goal_words=longest("goal_words"),
            past_markers=longest("past_markers"),
            past_headings=tuple(raw["past_headings"]),
            not_target_words=tuple(raw["not_target_words"]),
            not_target_sentences=tuple(raw["not_target_sentences"]),
            natures=dict(raw["natures"]),
            table_header_words=longest("table_header_words"),
            indicator_tail=longest("indicator_tail"),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{LEXICON_FILE}: bad targets lexicon: {exc}") from exc


def _under_past_heading(ctx: ExtractContext) -> bool:
    headings = [h for h in (ctx.heading, *ctx.parent_headings) if h]
    return any(word in h for h in headings for word in _lexicon().past_headings)


def _strip_tail(indicator: str) -> str:
    """Cut comparator words and punctuation off the end of an indicator phrase."""
    changed = True
    while changed:
        changed = False
        indicator = indicator.rstrip(_LEAD_PUNCT)
        for word in _lexicon().indicator_tail:
            if indicator.endswith(word) and len(indicator) > len(word):
                indicator, changed = indicator[: -len(word)], True
                break
    return indicator.strip(_LEAD_PUNCT)


def _year_for(pos: int, deadlines: list[tuple[int, int, Deadline]], ctx: ExtractContext) -> int | None:
    """Target year: the closest dated bound before ``pos`` in the clause, else one after it in the
    same sentence, else the end of the plan period."""
    dated = [(s, d.date.year) for s, _, d in deadlines if d.date is not None]
    before = [y for s, y in dated if s < pos]
    if before:
        return before[-1]
    if dated:
        return dated[0][1]
    return ctx.plan_period[1] if ctx.plan_period else None


def _target(
    text: str,
    q: Quantity,
    phrase_start: int,
    indicator: str,
    year: int | None,
    nature: str | None,
    unit: str | None = None,
) -> tuple[int, int, Target]:
    comparator, _, comp_end = comparator_around(text, q)
    phrase_start = min(phrase_start, q.start)  # a heading may run past the figure
    baseline = _BASELINE.search(text, phrase_start, q.start)
    start = (
        phrase_start
        + len(text[phrase_start : q.start])
        - len(text[phrase_start : q.start].lstrip(_LEAD_PUNCT))
    )
    fact = Target(
        clause=None,
        indicator=indicator,
        value=q.value,
        unit=unit or q.unit,
        comparator=comparator,
        year=year,
        baseline_year=int(baseline[1]) if baseline else None,
        nature=nature,
        text=text[start:comp_end],
        prov=Provenance(NAME, VERSION, (start, comp_end)),
    )
    return start, comp_end, fact


def _table_targets(
    text: str, ctx: ExtractContext, deadlines
) -> tuple[list[tuple[int, int, Target]], tuple[int, int]]:
    """Rows of an indicator table, written as "<indicator>（unit）<value><约束性|预期性>" one after
    another (cells and rows lose their separators in clean text). Returns the targets and the
    table's span (empty when there is no table)."""
    lex = _lexicon()
    natures = list(re.finditer("|".join(map(re.escape, lex.natures)), text))
    if len(natures) < 2:
        return [], (0, 0)
    first = natures[0].start()
    header_words = "|".join(map(re.escape, lex.table_header_words))
    headers = list(re.finditer(rf"指标(?:名称)?(?P<cols>[^。；]{{0,40}}?)(?:{header_words})", text[:first]))
    header = headers[-1] if headers else None
    if header is not None:
        rows_start, years = header.end(), [int(y) for y in re.findall(r"(\d{4})年", header["cols"])]
    else:
        rows_start, years = max(text.rfind(c, 0, first) for c in "。；") + 1, []
    year = years[-1] if years else _year_for(rows_start, deadlines, ctx)
    out = []
    prev_end = rows_start
    for nat in natures:
        row_start, row = prev_end, text[prev_end : nat.start()]
        prev_end = nat.end()
        values = [q for q in find_quantities(text[: nat.start()], include_bare=True) if q.start >= row_start]
        if not values:
            continue  # 达到本市要求: no figure
        q = values[-1]
        indicator = text[row_start : values[0].start]
        unit = None
        paren = re.search(r"[（(]([^（）()]{1,12})[)）]$", indicator)
        if paren and unit_of(paren[1]) is not None:
            indicator = indicator[: paren.start()]
            unit = q.unit or paren[1]
        if not (q.unit or unit):
            continue
        start, end, fact = _target(
            text, q, row_start, _strip_tail(indicator), year, lex.natures[nat[0]], unit
        )
        fact.text = row[q.start - row_start :].strip() if row else fact.text
        out.append((start, end, fact))
    return out, (rows_start if header is None else header.start(), natures[-1].end())


def _past_sentence(
    sentence: str, ref_year: int | None, deadline_spans: list[tuple[int, int]], offset: int
) -> bool:
    lex = _lexicon()
    if any(word in sentence for word in lex.past_markers + lex.not_target_sentences):
        return True
    if ref_year is None:
        return False
    for m in _BARE_YEAR.finditer(sentence):
        inside = any(s <= offset + m.start() < e for s, e in deadline_spans)
        if not inside and int(m[1]) < ref_year:
            return True
    return False


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text + "。"):
        if ch in _SENTENCE_END:
            if i > start:
                out.append((start, i))
            start = i + 1
    return out


def find_targets(text: str, ctx: ExtractContext | None = None) -> list[tuple[int, int, Target]]:
    """Targets in one clause's clean text, as (start, end, Target) with offsets into ``text``.

    >>> ctx = ExtractContext(plan_period=(2021, 2025))
    >>> [(t.indicator, t.value, t.unit, t.comparator, t.year) for _, _, t in find_targets("水泥产能压减30%以上。", ctx)]
    [('水泥产能压减', 30.0, '%', '>=', 2025)]
    >>> [(t.indicator, t.baseline_year) for _, _, t in find_targets("单位国内生产总值能源消耗比2020年下降13.5%。", ctx)]
    [('单位国内生产总值能源消耗比2020年下降', 2020)]
    >>> find_targets("“十三五”以来，比重达到15.1%。按1200元/吨标准煤给予奖励。")
    []
    """
    ctx = ctx or ExtractContext()
    if _under_past_heading(ctx):
        return []
    deadlines = find_deadlines(text, ctx.doc_date, ctx.plan_period, ctx.heading, ctx.title)
    deadline_spans = [(s, e) for s, e, _ in deadlines]
    out, table_span = _table_targets(text, ctx, deadlines)
    ref_year = ctx.doc_date.year if ctx.doc_date else (ctx.plan_period[0] if ctx.plan_period else None)
    quantities = [q for q in find_quantities(text) if not table_span[0] <= q.start < table_span[1]]
    for s_start, s_end in _sentences(text):
        if _past_sentence(text[s_start:s_end], ref_year, deadline_spans, s_start):
            continue
        bounded = any(s_start <= s < s_end and d.date is not None for s, _, d in deadlines)
        in_sentence = [q for q in quantities if s_start <= q.start and q.end <= s_end]
        out.extend(_sentence_targets(text, s_start, in_sentence, deadlines, bounded, ctx))
    return sorted(out, key=lambda t: t[0])


def _sentence_targets(
    text: str, s_start: int, quantities: list[Quantity], deadlines, bounded: bool, ctx: ExtractContext
) -> list[tuple[int, int, Target]]:
    """Targets among the figures of one sentence (``bounded``: the sentence holds a dated bound)."""
    lex = _lexicon()
    deadline_spans = [(s, e) for s, e, _ in deadlines]
    out = []
    previous: tuple[int, str] | None = None  # (end of the last target's figure, its indicator head)
    heading_end = 0
    if ctx.heading and (h := text.find(ctx.heading, 0, 40)) >= 0:
        heading_end = h + len(ctx.heading)  # clean text glues a title line to its body
    for q in quantities:
        if "/" in q.unit or q.low is not None or not q.base_unit:
            continue  # rates and ranges state rules or conditions, not levels to reach
        if any(s < q.end and q.start < e for s, e in deadline_spans):
            continue  # 15个工作日内 is a deadline, not a count
        if text[q.start - 1 : q.start] in '“‘「"' and q.start > 0:
            continue  # a figure opening a quoted name: “两个一百年”, “三个作用”
        if text[q.start - 1 : q.start] in ("从", "由") and q.start > 0:
            continue  # 由42%降到32%: the starting value
        if not text[q.start].isdigit() and q.value < 10:
            continue  # 分两个阶段, 三个方面: small counts in words are wording, not figures
        _, _, comp_end = comparator_around(text, q)
        phrase_start = max(
            [s_start, heading_end] + [text.rfind(c, s_start, q.start) + 1 for c in _PHRASE_SEP]
        )
        if previous is not None and previous[0] > phrase_start:  # 完成A、B: one verb, several figures
            cut = text.rfind("、", previous[0], q.start)
            phrase_start = cut + 1 if cut >= 0 else previous[0]
        phrase = _without(text, phrase_start, q.start, deadline_spans)
        if (
            _threshold(text, comp_end)
            or text.startswith("或", comp_end)
            or phrase.endswith(("每", "第", "前", "后", "近", "的"))
        ):
            previous = None
            continue  # 1万吨标准煤及以上的项目: a threshold; 30吨以上或…: alternative conditions; 每服务1家企业: a unit
        if any(w in phrase for w in lex.not_target_words):
            previous = None
            continue
        goal = any(w in phrase for w in lex.goal_words)
        year = _year_for(q.start, deadlines, ctx)
        if not (goal or bounded or previous is not None) or year is None:
            continue  # a target is aimed at by a time (SCHEMA.md); a figure with none is a rule or criterion
        head = _strip_tail(_strip_head(phrase))
        if not head and previous is not None:
            head = previous[1]  # 分别达到3.2亿吨、6000万吨: the same indicator
        indicator = head + _object_after(text, q, comp_end)
        nature = next((lex.natures[w] for w in lex.natures if w in text[comp_end : comp_end + 6]), None)
        out.append(_target(text, q, phrase_start, indicator or head, year, nature))
        previous = (comp_end, head)
    return out


def _threshold(text: str, comp_end: int) -> bool:
    """The figure qualifies a noun ("…1万吨标准煤及以上的项目", "五千吨以上不满一万吨标准煤的用能单位")."""
    if text.startswith("的", comp_end):
        return True
    m = re.match(r"[^，,；;。]{0,15}", text[comp_end:])  # always matches: {0,15} allows the empty string
    rest = m[0] if m else ""
    return "的" in rest and any(w in rest for w in ("以上", "以下", "不满", "不足", "以内", "不超过", "超过"))


def _without(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """text[start:end] without the spans (deadline expressions) that lie inside it."""
    parts, pos = [], start
    for s, e in sorted(spans):
        if start <= s and e <= end:
            parts.append(text[pos:s])
            pos = e
    parts.append(text[pos:end])
    return "".join(parts)


def _object_after(text: str, q: Quantity, comp_end: int) -> str:
    """What a count measures when it stands before its noun: 建设50个[工业资源综合利用基地]."""
    if q.base_unit in ("%", "个百分点"):
        return ""
    m = re.match(r"(?:[^，,；;。、：:（(和及并]|及(?=以[上下]))+", text[comp_end : comp_end + 20])
    return m[0] if m else ""


def _strip_head(phrase: str) -> str:
    """Drop words that introduce a goal without naming the indicator (力争, 其中 …)."""
    phrase = phrase.strip(_LEAD_PUNCT)
    for word in ("力争", "争取", "确保", "其中", "同时"):
        if phrase.startswith(word):
            phrase = phrase[len(word) :]
    return phrase.strip(_LEAD_PUNCT)


@Language.component(NAME, assigns=["doc.spans"])
def policy_targets(doc: Doc) -> Doc:
    """spaCy component: records ``find_targets`` over ``doc.text`` as kind "targets"."""
    add_facts(doc, "targets", find_targets(doc.text, doc._.policy_ctx))
    return doc
