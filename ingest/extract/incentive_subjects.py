"""Who a subsidy rule pays and for what, and the conditions the applicant must meet.

The subject of a rule is the phrase that names the applicant and the project, usually
"对(于)…的X企业…Y项目", or the recipient after 给予 ("给予业主0.2元/瓦的补贴"). Beneficiary and
project are short noun phrases cut out of that text at the nouns that end them (企业, 服务商,
主体 … for applicants; 项目, 贷款, 车型 … for projects), as a reader would quote them.
Conditions are the figures the applicant must reach (超过500万元, 30吨标准煤以上或…4%以上).
"""

from __future__ import annotations

import re

from ingest.extract.incentive_items import Item
from ingest.extract.incentive_terms import alternation
from ingest.models import Condition

_MARKER = re.compile(r"^(?:\d+[.、．]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_LEAD_STRIP = re.compile(r"^(?:[，,、；：]|其中|或|和|且|并|以及|对于|对|针对|凡|及|分别|除上述[^，,]*以外)+")
_CMP_BEFORE = (
    ("大于等于", ">="),
    ("小于等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("达到", ">="),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("不足", "<"),
    ("达", ">="),
    ("在", "="),
)
_CMP_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))


def _no_parens(text: str) -> str:
    while True:
        stripped = _PAREN.sub("", text)
        if stripped == text:
            return text
        text = stripped


def noun_phrase_ending_at(text: str, end: int) -> str:
    """The noun phrase that ends at ``end``: back to punctuation, 的, or a leading verb.

    >>> t = "支持制造业企业绿色低碳改造"
    >>> noun_phrase_ending_at(t, 7)
    '制造业企业'
    """
    start = max(text.rfind(c, 0, end) for c in "，,；;。：:的）)") + 1
    phrase = text[start:end]
    lead = re.compile(r"^" + alternation("leading_verbs"))
    while True:
        m = lead.match(phrase)
        if not m or m.end() == len(phrase):
            break
        phrase = phrase[m.end() :]
    return phrase


def _heads(text: str) -> list[re.Match[str]]:
    """Applicant nouns in ``text`` (企业, 服务商 …), skipping 单位名单 / 企业库 style compounds."""
    return [
        m
        for m in re.finditer(alternation("beneficiary_heads"), text)
        if not re.match(r"名单|库|目录|标准|增加值|能耗|产品|面积|国内生产总值|GDP", text[m.end() :])
    ]


def split_subject(subject: str) -> tuple[str, str]:
    """(beneficiary, project) named by a rule's subject phrase ('' where it names none).

    >>> split_subject("对符合要求的信息软件业企业数据中心节能改造项目")
    ('信息软件业企业', '数据中心节能改造项目')
    >>> split_subject("对于当年固定资产投资超过500万元的制造业和信息软件业企业用于在京投资建设的绿色信贷固定资产投资贷款")
    ('制造业和信息软件业企业', '绿色信贷固定资产投资贷款')
    >>> split_subject("对符合要求的节能改造项目")
    ('', '节能改造项目')
    """
    text = _no_parens(_LEAD_STRIP.sub("", _MARKER.sub("", subject.strip("，,。；"))))
    text = re.sub(r"(?:奖励|补贴|补助)标准.*$", "", text)
    heads = [m for m in _heads(text) if not re.search(r"每\S{0,3}\d*[家个户]$", text[: m.start()])]
    beneficiary, rest = "", text
    if heads:
        head = heads[-1]
        tail = text[head.end() :]
        if re.match(r"^[\u4e00-\u9fa5]", tail) and not re.search(alternation("project_heads"), tail):
            tail = ""  # 企业提升…: a verb phrase follows, not a project
        beneficiary = noun_phrase_ending_at(text, head.end())
        rest = tail
        # 对符合要求的企业环保绩效评级提升项目: a bare 企业 only qualifies the project
        if beneficiary == head.group(0) and len(beneficiary) <= 2:
            beneficiary, rest = "", text[head.start() :]
    pieces = [p for p in re.split(r"[，,]", rest) if re.search(r"[\u4e00-\u9fa5]{2}", _LEAD_STRIP.sub("", p))]
    rest = pieces[-1] if pieces else ""
    project = rest[rest.rfind("的") + 1 :] if "的" in rest else rest
    project = re.sub(r"^(?:用于|实施|开展|建设)", "", _LEAD_STRIP.sub("", project)).strip("，,、")
    if project and not re.search(r"[\u4e00-\u9fa5]{2}", project):
        project = ""
    return beneficiary, project


def recipient_after_grant(phrase: str) -> str:
    """给予业主0.2元/瓦的补贴 -> 业主; 给予新能源商用车整车企业最高1000万元… -> 新能源商用车整车企业."""
    m = re.search(
        r"(?:给予|奖励|补贴|补助)(?P<who>[^，,；。\d]{2,20}?)(?=\d|最高|不超过|一次性|"
        + alternation("reward_nouns")
        + ")",
        phrase,
    )
    if not m:
        return ""
    who = m.group("who")
    heads = _heads(who)
    return noun_phrase_ending_at(who, heads[-1].end()) if heads and heads[-1].end() == len(who) else ""


def first_beneficiary(text: str) -> str:
    """The first applicant noun phrase in a text (a clause heading, its opening sentence)."""
    for head in _heads(text):
        if re.search(r"每\S{0,3}\d*[家个户]$", text[: head.start()]):
            continue
        phrase = noun_phrase_ending_at(text, head.end())
        if len(phrase) > len(head.group(0)) and not re.search(r"\d", phrase):  # a bare 组织 is mostly a verb
            return phrase
    return ""


def conditions_of(text: str, items: list[Item], start: int) -> list[Condition]:
    """Conditions from the ``condition`` items of a phrase that begins at ``start`` in ``text``.

    >>> from ingest.extract.incentive_items import find_items
    >>> t = "年节能量30吨标准煤以上或单位增加值能耗下降4%以上的企业"
    >>> c = conditions_of(t, find_items(t), 0)[0]
    >>> [(x.indicator, x.comparator, x.value, x.unit) for x in c.any_of]
    [('年节能量', '>=', 30.0, '吨标准煤'), ('单位增加值能耗下降', '>=', 4.0, '%')]
    """
    out: list[Condition] = []
    pending_low: Item | None = None
    last_end = start
    for item in [i for i in items if i.kind == "condition"]:
        q = item.quantity
        assert q is not None
        after = text[item.end : item.end + 8]
        if not item.unit and re.match(r"^(?:（含）|（不含）)?(?:—|-|－|至|到|~|～)", after):
            pending_low = item  # 3000（含）—5000辆: the low bound takes the high bound's unit
            continue
        if not item.unit:
            continue
        left = text[last_end : (pending_low or item).start]
        # 100万元（含）至200万元: the second figure is the upper bound of the first
        upper = bool(out) and re.fullmatch(r"(?:至|到|—|-|－|~|～)", left) is not None
        joined_or = bool(re.match(r"^[，,、]?或", left))
        cmp_word = next((w for w, _ in _CMP_BEFORE if left.endswith(w)), "")
        cmp_before = dict(_CMP_BEFORE).get(cmp_word)
        left = left[: len(left) - len(cmp_word)]
        indicator = _no_parens(_LEAD_STRIP.sub("", left))
        indicator = re.sub(r"^.*(?:[，,；。]|符合要求的|符合条件的)", "", indicator).strip()
        qual = re.match(r"^(（含）|（不含）)?(及以上|以上|及以下|以下|以内)?(（含）|（不含）)?", after)
        qual_end = item.end + (qual.end() if qual else 0)
        cmp_after = next((c for w, c in _CMP_AFTER if qual and qual.group(2) == w), None)
        excl = bool(qual and "不含" in (qual.group(0) or ""))
        low_value = q.base_low if q.low is not None else None
        unit, value = item.unit, item.value
        if pending_low is not None:
            scale = value / q.value if q.value else 1.0
            low_value = pending_low.value * scale
        cond_text = text[(pending_low or item).start - len(indicator) - len(cmp_word) : qual_end]
        if low_value is not None:
            low_excl = pending_low is not None and "不含" in text[pending_low.end : pending_low.end + 4]
            parts = [
                Condition(cond_text, indicator or None, ">" if low_excl else ">=", low_value, unit),
                Condition(cond_text, indicator or None, "<" if excl else "<=", value, unit),
            ]
            out.extend(parts)
        else:
            comparator = cmp_after or cmp_before or ("<=" if upper else ">=")
            if upper:
                indicator = out[-1].indicator or ""
            if excl:
                comparator = {">=": ">", "<=": "<"}.get(comparator, comparator)
            cond = Condition(cond_text.strip("，,、"), indicator or None, comparator, value, unit)
            if joined_or and out:
                prev = out.pop()
                group = prev.any_of or [prev]
                out.append(Condition("或".join(c.text for c in group + [cond]), any_of=group + [cond]))
            else:
                out.append(cond)
        pending_low = None
        last_end = qual_end
    return out


def region_condition(subject: str) -> Condition | None:
    """用于在京投资建设 -> a condition on where the project is (text only, tested by region)."""
    m = re.search(r"[^，,；。的]{0,8}" + alternation("region_cues") + r"[^，,；。的]{0,10}", subject)
    return Condition(m.group(0), "地区") if m else None


def applicants_text(subject: str) -> str:
    """All applicants a subject lists, up to its last applicant noun (who a raised ratio is for).

    >>> applicants_text("对入围绿色制造名单的企业，以及绩效引领型企业，实施的改造项目")
    '入围绿色制造名单的企业，以及绩效引领型企业'
    """
    text = _no_parens(_LEAD_STRIP.sub("", subject))
    heads = _heads(text)
    return text[: heads[-1].end()] if heads else ""


def topic_of(heading: str) -> str:
    """A clause heading as a project phrase: 全面实施绿色诊断 -> 绿色诊断."""
    text = _no_parens(heading.strip("，。；： "))
    lead = re.compile(r"^" + alternation("leading_verbs"))
    while (m := lead.match(text)) and m.end() < len(text):
        text = text[m.end() :]
    return text
