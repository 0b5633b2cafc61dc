"""The figures of one phrase of a subsidy rule, each given its role.

A rule is written as comma-separated phrases ("对符合要求的节能改造项目，按照项目节能量给予不超过
1200元/吨标准煤的资金奖励，且奖励金额不超过…项目总投资的25%"). Each figure in a phrase is an
:class:`Item` whose ``kind`` says what it is in the rule model: ``unit_rate`` (元 per unit of
something), ``per_count`` (每服务1家企业给予12万元), ``ratio`` of a basis, ``raised`` ratio
(提高至30%), ``interest`` rate (贴息率2%), ``bp`` (LPR下调20个基点), ``cap``, ``floor`` (不足10万元的
给予10万元), ``fixed`` amount, or ``condition`` (a figure the applicant must reach: 超过500万元的企业).
Figures of the past (由0.1元/千瓦时调整至…), budgets (安排资金2亿元) and disbursement shares
(每年拨付20%) get no item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.incentive_terms import alternation, ends_with_any, has_any, lexicon
from ingest.extract.quantities import Quantity, find_quantities

CAP_CUES = (
    "最高不超过",
    "最高不高于",
    "累计不超过",
    "不超过",
    "不高于",
    "上限为",
    "上限",
    "限额为",
    "限额",
    "最高",
    "最多",
    "封顶",
)
# Words before a figure that make it something the applicant must reach, not an amount paid.
CONDITION_BEFORE = (
    "大于等于",
    "小于等于",
    "不低于",
    "不少于",
    "不小于",
    "超过",
    "达到",
    "高于",
    "大于",
    "低于",
    "少于",
    "小于",
    "不足",
    "下降",
    "提高",
    "增长",
    "降低",
    "减少",
    "占比",
    "在",
    "达",
)
CONDITION_AFTER = re.compile(
    r"^(?:（含）|\(含\)|（不含）|\(不含\))?(?:及以上|以上|及以下|以下|以内|之间|至|到|—|-|－|~|～|或)"
)
_DELIMS = (
    "给予",
    "予以",
    "按照",
    "依照",
    "参照",
    "不超过",
    "不高于",
    "最高",
    "最多",
    "提高至",
    "提高到",
    "按",
    "且",
    "并",
    "对于",
    "对",
    "为",
    "，",
    "、",
    "：",
    "其中",
)


@dataclass
class Item:
    kind: str
    start: int  # offsets in the text given to find_items
    end: int
    value: float
    unit: str = ""
    basis: str | None = None
    scope: str | None = None
    quantity: Quantity | None = None


def basis_before(left: str) -> str:
    """The noun phrase a ratio is taken of, written just before it.

    >>> basis_before("且奖励金额不超过纳入奖励范围的项目总投资的")
    '纳入奖励范围的项目总投资'
    >>> basis_before("给予新能源建设投资")
    '新能源建设投资'
    """
    text = left[:-1] if left.endswith("的") else left
    cut = 0
    for d in _DELIMS:
        i = text.rfind(d)
        if i >= 0:
            cut = max(cut, i + len(d))
    return text[cut:].strip("，、 ")


def _reward_follows(right: str) -> bool:
    """Whether what follows a figure names the reward itself (…的奖励资金, …资金支持, …一次性补贴)."""
    head = re.split(r"[，,；;。]", right, maxsplit=1)[0]
    if not head.startswith("的"):
        return bool(
            re.match(r"(?:给予|予以)?(?:一次性)?" + alternation("reward_nouns"), head)
        ) or head.startswith("贴息")
    return bool(re.match(r"^的[^\d按，,]{0,10}?" + alternation("reward_nouns"), head))


def _is_condition(left: str, right: str) -> bool:
    if CONDITION_AFTER.match(right):
        return True
    if ends_with_any(left, "raise_words"):
        return False
    tail = left[-4:]
    if any(tail.endswith(w) for w in CONDITION_BEFORE) and not left.endswith(("不超过", "不高于")):
        return True
    # 总投资不超过1000万元的项目: a bound followed by 的 and a noun that is not the reward
    stripped = re.sub(r"^(?:（含）|（不含）)", "", right)
    return stripped.startswith("的") and not _reward_follows(stripped)


def _past(text: str, q: Quantity) -> bool:
    """由0.1元/千瓦时…调整至0.25元/千瓦时: the figure between 由 and 调整至 is the old one."""
    before = text[: q.start]
    i = before.rfind("由")
    if i < 0:
        return False
    return bool(re.search(alternation("change_to"), text[i:])) and not re.search(
        alternation("change_to"), before[i:]
    )


_PER_COUNT = None


def _per_count_pattern() -> re.Pattern[str]:
    global _PER_COUNT
    if _PER_COUNT is None:
        units = "|".join(re.escape(u) for u in lexicon().per_units)
        _PER_COUNT = re.compile(
            rf"每(?:{alternation('count_verbs')})?(?P<n>\d+|一)?(?P<unit>{units})(?P<what>[^，,；。\d上限]{{0,14}}?)"
            rf"[，,]?(?:{alternation('grant_words')})?(?:不超过|最高|最多)?$"
        )
    return _PER_COUNT


def find_items(
    text: str, start: int = 0, end: int | None = None, context_end: int | None = None
) -> list[Item]:
    """The figures of the phrase ``text[start:end]`` with their roles (offsets into ``text``).

    >>> [(i.kind, i.value, i.unit, i.basis) for i in find_items("按照项目节能量给予不超过1200元/吨标准煤的资金奖励")]
    [('unit_rate', 1200.0, '元/吨标准煤', '项目节能量')]
    >>> [(i.kind, i.value) for i in find_items("奖励金额不足10万元项目的给予10万元奖励资金")]
    [('floor', 100000.0)]
    >>> [(i.kind, i.value) for i in find_items("对于当年固定资产投资超过500万元的制造业企业")]
    [('condition', 5000000.0)]
    """
    end = len(text) if end is None else end
    phrase = text[start:end]
    context = text[start : max(end, context_end or end)]  # the rest of the sentence: 由…，均调整至…
    items: list[Item] = []
    floor = re.search(
        r"不足(\d+(?:\.\d+)?)(万|亿)?元[^，,；。]{0,8}?的[，,]?(?:给予|按|按照|补足|补助至|补足至)?"
        r"(\d+(?:\.\d+)?)(万|亿)?元",
        phrase,
    )
    if floor:
        scale = {"万": 1e4, "亿": 1e8}.get(floor.group(4) or "", 1.0)
        items.append(
            Item("floor", start + floor.start(), start + floor.end(), float(floor.group(3)) * scale, "元")
        )
    for q in find_quantities(phrase, include_bare=True):
        if floor and floor.start() <= q.start < floor.end():
            continue
        if _past(context, q):
            continue
        item = _classify(phrase, q, phrase[: q.start], phrase[q.end :])
        if item is None:
            continue
        item.start, item.end, item.quantity = start + q.start, start + q.end, q
        items.append(item)
    items.sort(key=lambda i: i.start)
    return items


def _classify(phrase: str, q: Quantity, left: str, right: str) -> Item | None:
    lex = lexicon()
    if _past(phrase, q) or has_any(left[-10:], "past_words"):
        return None
    unit = q.base_unit
    if re.search(r"每" + alternation("count_verbs") + "?$", left):
        return None  # 每服务1家: the unit counted, not a figure of the rule
    if unit.startswith("元/"):
        per = q.unit.split("/", 1)[1]
        m = re.search(r"(?:按照|按)([^，,；。]{1,16}?)(?:给予|奖励|补贴|补助|计算)", left) or re.match(
            r"^[（(]按(?:照)?([^）)]{2,12})[）)]", right
        )
        basis = m.group(1) if m else lex.per_unit_basis.get(per, per)
        return Item("unit_rate", 0, 0, q.base_value, unit, basis=basis)
    if unit == "元":
        per_count = _per_count_pattern().search(left)
        if per_count and not _is_condition(left, right):
            basis = per_count.group(0)
            basis = re.sub(r"[，,]?" + alternation("grant_words") + r"?(?:不超过|最高|最多)?$", "", basis)
            return Item("per_count", 0, 0, q.base_value, f"元/{per_count.group('unit')}", basis=basis)
        if _is_condition(left, right):
            return Item("condition", 0, 0, q.base_value, "元")
        if re.search(alternation("budget_verbs") + r"[^，,；。]{0,10}$", left):
            return None  # 安排专项资金2亿元: a budget, not an amount paid
        cue = next(
            (
                c
                for c in CAP_CUES
                if left.endswith(c) or re.search(re.escape(c) + r"(?:给予|奖励|补贴|补助|资助|激励)?$", left)
            ),
            None,
        )
        if cue:
            return Item("cap", 0, 0, q.base_value, "元", scope=cap_scope(left))
        if re.search(alternation("grant_words") + r"[^，,；。]{0,14}$", left) or _reward_follows(right):
            return Item("fixed", 0, 0, q.base_value, "元")
        return None
    if unit in ("基点",):
        if re.search(r"(?:LPR|利率|报价)", left):
            return Item("bp", 0, 0, q.value, "基点")
        return None
    if unit == "%":
        return _classify_ratio(q, left, right)
    if unit and (_is_condition(left, right) or right.startswith("的")):
        return Item("condition", 0, 0, q.base_value, unit)  # 年销量5000辆以上, 服务达1000辆的
    if not unit and re.match(r"^(?:（含）|\(含\)|（不含）)?(?:—|-|－|至|到|~|～)\d", right):
        return Item("condition", 0, 0, q.value, "")  # 3000（含）—5000辆: the low bound of a range
    return None


def _classify_ratio(q: Quantity, left: str, right: str) -> Item | None:
    value = q.value / 100
    if re.search(alternation("disbursement_verbs") + r"[^，,；。]{0,6}$", left) or re.match(
        r"^的?比例", right
    ):
        return None
    raise_m = re.search(
        alternation("raise_words") + r"(?:不超过|不高于)?(?P<basis>[^，,；。]{0,20}?)的?$", left
    )
    if raise_m:
        return Item("raised", 0, 0, value, "%", basis=raise_m.group("basis") or None)
    if q.low is not None or _is_condition(left, right):
        return Item("condition", 0, 0, q.value, "%")
    if right.startswith("的贴息率") or re.search(r"贴息率(?:为)?(?:不超过|最高)?$", left):
        return Item("interest", 0, 0, value, "%")
    basis = basis_before(left)
    if basis and any(basis.endswith(h) for h in lexicon().interest_loan_heads) and "贴息" in left + right:
        return Item("interest", 0, 0, value, "%", basis=basis)
    if basis and any(basis.endswith(h) for h in lexicon().ratio_basis_heads):
        return Item("ratio", 0, 0, value, "%", basis=basis)
    if _reward_follows(right):
        return Item("ratio", 0, 0, value, "%", basis=None)
    return None


def cap_scope(left: str) -> str | None:
    """Who or what a cap counts per: 单个项目, 单个企业年度.

    >>> cap_scope("单个企业年度贴息金额最高不超过"), cap_scope("单个项目奖励资金最高不超过")
    ('单个企业年度', '单个项目')
    """
    m = re.search(alternation("cap_scope_words"), left)
    if not m:
        m = re.search(r"(?:单个|每个|每家|同一)[\u4e00-\u9fa5]{1,8}?(?:企业|项目|机构|主体|园区)", left)
    if not m:
        return "年度" if re.search(r"年度|每年", left) else None
    yearly = "年度" if re.search(r"年度|每年", left[m.end() :]) else ""
    return m.group(0) + yearly
