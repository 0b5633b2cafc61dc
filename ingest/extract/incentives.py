"""Subsidy rules (奖补条款) as the small rule model of DESIGN.md: the ``policy_incentives`` component.

A clause is read sentence by sentence (。；) and phrase by phrase (，：). Each phrase's figures get
a role (``ingest.extract.incentive_items``); a phrase with a paying figure (unit rate, amount per
unit served, ratio of a basis, fixed amount, interest rate) starts a rule or completes the open
one, and the figures that bound it (cap, floor, raised ratio, interest rate) attach to it. A
sentence that only bounds ("单个项目奖励资金最高不超过3000万元。") applies to every rule of the clause
stated before it. Money ranges with ratios become tiers; other graded rules (年销量3000—5000辆 /
5000辆以上) become one rule per grade, with its conditions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract.incentive_items import Item, find_items
from ingest.extract.incentive_subjects import (
    applicants_text,
    conditions_of,
    first_beneficiary,
    recipient_after_grant,
    region_condition,
    split_subject,
    topic_of,
)
from ingest.extract.incentive_terms import alternation, has_any
from ingest.extract.incentive_text import (
    REFERENCE,
    enumerated,
    lead_phrase,
    money_bounds,
    names_rule,
    phrase_end,
    sentences,
    split_at,
)
from ingest.models import Condition, Incentive, Provenance, Tier, UnitRate
from ingest.nlp import ExtractContext, add_facts

NAME = "policy_incentives"
VERSION = "1.0"

_NEGATED = re.compile(r"不(?:予以|予|再|得|重复)")
# Where the subject (who, for what) of a phrase ends and the paying part begins.
_SUBJECT_END = re.compile(
    r"按照|依照|参照|比照|按|给予|予以|不超过|最高|提高至|提高到|调整至|调整为|由(?=[^，,；。]{0,12}?(?:调整|标准|\d))"
    r"|(?:最低)?利率|LPR|(?:分别)?(?:奖励|补贴|补助|资助)(?=\d|$)|(?:奖励|补贴|补助)(?:标准|价格|单价)|(?:奖励|补贴|补助|资助)(?:资金|额)?(?:支持|测算)?比例"
)


_CAP_SUBJECT_END = re.compile(
    alternation("cap_scope_words")
    + r"|(?:奖励|补贴|补助|资助|激励|贴息)(?:资金|金额|总额)?(?:限额|上限|最高)|原则上|累计"
)


@dataclass
class _Rule:
    incentive: Incentive
    start: int
    end: int
    subject: str
    own: str = ""  # the subject named in the phrase that pays, when it names one
    paid: bool = False  # has a paying figure (else an "open" rule: 给予资金奖励 without amount)
    inherit: bool = False  # stated without its own subject: takes the previous rule's
    listed: bool = False  # one of "A、B、C的，分别奖励x、y、z": its own subject is the listed item
    own_tiers: list[Tier] = field(default_factory=list)
    tier_phrase: int = -1  # start of the phrase that stated the last tier (a cap there bounds that tier)


def find_incentives(
    text: str, heading: str | None = None, title: str | None = None, context: Sequence[str] = ()
) -> list[tuple[int, int, Incentive]]:
    """Every subsidy rule a clause's clean text states, with its span in ``text``.

    ``heading`` is the clause's own heading (a project of last resort, and the end of the
    heading is a sentence boundary); ``title`` and ``context`` (the parent clauses' headings)
    say whether a bare rate ("1、分布式光伏：0.25元/千瓦时。") stands in a list of subsidies.
    Facts carry ``clause=None`` and this extractor's provenance; amounts are in yuan, ratios
    are fractions.

    >>> [(i.ratio_cap, i.floor_yuan, i.cap_yuan) for _, _, i in find_incentives(
    ...     "对符合要求的项目给予资金奖励，奖励金额不超过项目总投资的25%，奖励金额不足10万元项目的给予10万元奖励资金，"
    ...     "单个项目奖励资金最高不超过3000万元。")]
    [(0.25, 100000.0, 30000000.0)]
    """
    grant_title = any(has_any(t, "title_grant_words") for t in (title, heading, *context) if t)
    rules: list[_Rule] = []
    pending: list[tuple[Item, str]] = []  # caps and floors stated outside any rule, with their subject
    stated_conditions: list[tuple[int, Condition]] = []  # 须同时符合以下条件：（1）…（2）…
    listing_conditions = False
    for s_start, s_end in sentences(text, heading):
        sentence = text[s_start:s_end]
        if has_any(sentence, "negative_words"):
            continue
        granting = bool(re.search(alternation("grant_words"), sentence))
        current: _Rule | None = None
        subject: list[str] = []
        subject_from = -1  # where the subject phrases of the next rule begin
        conditions: list[Condition] = []
        for p_start, p_end in split_at(text, s_start, s_end, "，,：:"):
            phrase = text[p_start:p_end]
            items = find_items(text, p_start, p_end, s_end)
            conds = conditions_of(text, items, p_start)
            paying = [i for i in items if i.kind != "condition"]
            if not granting and not (grant_title and any(i.kind == "unit_rate" for i in paying)):
                paying = []
            if _NEGATED.search(phrase):
                current, subject, conditions = None, [], []
                continue
            if not paying:
                opened = re.search(r"(?:给予|予以)[^，,；。]{0,14}?" + alternation("reward_nouns"), phrase)
                cited = REFERENCE.search(phrase)
                if (
                    not opened
                    and granting
                    and cited
                    and names_rule(cited.group(0))
                    and "项目" not in cited.group(0)
                    and re.match(r"(?:执行|给予|予以|奖励|补贴|补助|支持)", phrase[cited.end() - 2 :])
                    is not None
                ):
                    opened = cited  # 参照第六条标准执行: a rule stated by reference
                if opened and (subject or re.match(r"^(?:对|针对|凡)", phrase) or current is None):
                    own = _SUBJECT_END.split(phrase[: opened.start()], maxsplit=1)[0]
                    current = _new_rule(text, p_start, p_end, subject + [own], conditions + conds)
                    current.start = subject_from if subject else p_start
                    ref = REFERENCE.search(phrase)
                    if ref and names_rule(ref.group(0)):
                        current.incentive.reference = ref.group(0)
                    rules.append(current)
                    subject, conditions = [], []
                else:
                    if re.match(r"^(?:对|针对|凡)", phrase):
                        subject, conditions = [], []  # a new 对… names a new subject
                    if not subject:
                        subject_from = p_start
                    subject.append(_SUBJECT_END.split(phrase, maxsplit=1)[0])
                    conditions += conds
                continue
            listed = enumerated(subject, paying) if "分别" in phrase else None
            for k, item in enumerate(paying):
                known = len(rules)
                if listed:  # 新列入国家级绿色工厂、绿色供应链…的，分别奖励100万元、60万元…: one rule per pair
                    current, subject = None, [listed[k]]
                own_from = item.start if listed else (paying[k - 1].end if k else p_start)
                current = _place(
                    text,
                    item,
                    current,
                    rules,
                    pending,
                    subject,
                    conditions + conds,
                    (p_start, own_from, p_end),
                )
                if len(rules) > known and current is not None:  # a new rule, the one _place returned
                    if listed:
                        current.listed, current.own = True, listed[k]
                        current.incentive.conditions.append(Condition(listed[k]))  # the listing that earns it
                    # its text begins with its subject
                    if subject and not re.match(r"^(?:对|针对|凡)", phrase):
                        current.start = subject_from
                    subject, conditions, conds = [], [], []
            if current is not None:
                current.end = max(current.end, p_end)
        if current is not None:
            current.end = max(current.end, s_end)
        elif "条件" in sentence or (listing_conditions and conditions):
            listing_conditions = True  # 须同时符合以下条件：（1）…；（2）…
            stated_conditions.extend((s_end, c) for c in conditions)
        else:
            listing_conditions = False
        if current is not None:
            listing_conditions = False
    for rule in rules:
        rule.incentive.conditions[:0] = [c for end, c in stated_conditions if end <= rule.start]
    return _finish(text, rules, pending, heading)


def _new_rule(text: str, start: int, end: int, subject: list[str], conditions: list[Condition]) -> _Rule:
    subject_text = "，".join(s for s in subject if s)
    own = subject[-1] if subject and re.search(r"[\u4e00-\u9fa5]{2}", subject[-1]) else ""
    incentive = Incentive(None, "", "", "", Provenance(NAME, VERSION, (start, end)))
    money = [c for c in conditions if c.unit == "元"]
    incentive.conditions = list(conditions)
    rule = _Rule(incentive, start, end, subject_text, own)
    if not money:
        region = region_condition(subject_text)
        if region:
            incentive.conditions.append(region)
    return rule


def _place(
    text: str,
    item: Item,
    current: _Rule | None,
    rules: list[_Rule],
    pending: list[tuple[Item, str]],
    subject: list[str],
    conditions: list[Condition],
    where: tuple[int, int, int],
) -> _Rule | None:
    """Attach one figure to the rule it belongs to (starting a rule when it pays something new).

    ``where`` is (phrase start, where the figure's own words begin, phrase end).
    """
    p_start, own_from, p_end = where
    own_prefix = _SUBJECT_END.split(text[own_from : item.start], maxsplit=1)[0]
    if re.match(r"^(?:对|针对|凡)", own_prefix):
        subject = []  # the phrase names its own subject
    if item.kind == "per_count" and item.basis:
        own_prefix = own_prefix.replace(item.basis, "")  # 每服务1家企业 is the basis, not the applicant
    low, high, other_conds = money_bounds(conditions)
    if item.kind == "ratio" and (low is not None or high is not None):
        tiered = next((r for r in reversed(rules) if r.own_tiers), None)
        target = current if current is not None and not current.incentive.ratio_cap else tiered
        if target is None:
            target = _new_rule(text, own_from, p_end, subject + [own_prefix], other_conds)
            rules.append(target)
        tier = Tier(low, high, item.value)
        target.own_tiers.append(tier)
        target.incentive.tiers.append(tier)
        target.paid, target.tier_phrase, target.end = True, p_start, max(target.end, p_end)
        if item.basis and not target.incentive.ratio_basis:
            target.incentive.ratio_basis = item.basis
        return target
    if item.kind in ("cap", "floor") or (item.kind in ("raised", "interest", "bp") and current is not None):
        if current is None:
            stated = [r for r in rules if r.paid or r.incentive.reference]
            if not stated:
                pending.append((item, "，".join(subject + [own_prefix])))
                return None
            for r in stated:
                _bound(r, item, same_phrase=False)
            return None
        if item.kind == "raised" and current.incentive.ratio_cap is not None and own_prefix:
            current.incentive.raised_for = applicants_text(own_prefix) or None  # 对列入…名单的企业提高至30%
        _bound(current, item, same_phrase=current.tier_phrase == p_start)
        return current
    starts_new = (
        current is None
        or (
            current.paid
            and (bool(subject) or re.match(r"^(?:对|针对|凡|每)", text[own_from:p_end]) is not None)
        )
        or (
            item.kind in ("unit_rate", "per_count", "fixed")
            and (current.incentive.unit_rate or current.incentive.fixed_yuan)
        )
        or (item.kind == "ratio" and current.incentive.ratio_cap is not None)
    )
    if current is None or starts_new:  # starts_new holds whenever current is None
        current = _new_rule(text, own_from, p_end, subject + [own_prefix], conditions)
        current.inherit = not "".join(subject) and not re.search(
            r"[\u4e00-\u9fa5]{2}", re.sub(r"给予|按照|按|不超过|最高", "", own_prefix)
        )
        rules.append(current)
    else:
        current.incentive.conditions.extend(conditions)
    inc = current.incentive
    current.paid = True
    if item.kind in ("unit_rate", "per_count"):
        inc.unit_rate = UnitRate(item.value, item.unit, item.basis or "")
    elif item.kind == "fixed":
        inc.fixed_yuan = item.value
    elif item.kind == "ratio":
        inc.ratio_cap, inc.ratio_basis = item.value, item.basis
    elif item.kind == "interest":
        inc.interest_rate = item.value
    elif item.kind == "raised":
        inc.ratio_cap, inc.ratio_basis, inc.raised_ratio = item.value, item.basis or None, item.value
    elif item.kind == "bp":
        inc.rate_reduction_bp = item.value
    current.end = max(current.end, p_end)
    return current


def _bound(rule: _Rule, item: Item, same_phrase: bool) -> None:
    inc = rule.incentive
    if item.kind == "cap":
        if same_phrase and rule.own_tiers and rule.own_tiers[-1].cap_yuan is None:
            rule.own_tiers[-1].cap_yuan = item.value
        elif inc.cap_yuan is None:
            inc.cap_yuan, inc.cap_scope = item.value, item.scope
    elif item.kind == "floor" and inc.floor_yuan is None:
        inc.floor_yuan = item.value
    elif item.kind == "raised":
        if inc.ratio_cap is None:
            inc.ratio_cap, inc.ratio_basis = item.value, item.basis or None
        inc.raised_ratio = item.value
    elif item.kind == "interest" and inc.interest_rate is None:
        inc.interest_rate = item.value
    elif item.kind == "bp":
        inc.rate_reduction_bp = item.value
    rule.end = max(rule.end, item.end)
    rule.paid = rule.paid or item.kind in ("raised", "interest", "bp")


def _finish(
    text: str, rules: list[_Rule], pending: list[tuple[Item, str]], heading: str | None
) -> list[tuple[int, int, Incentive]]:
    """Fill beneficiary, project and text; drop open rules that pay nothing and cite nothing."""
    out: list[tuple[int, int, Incentive]] = []
    previous: _Rule | None = None
    if not any(r.paid or r.incentive.reference for r in rules):
        # caps that bound nothing stated here are rules of their own: 烘干机单机补贴限额不超过12万元
        rules = list(rules)
        for item, subject in pending:
            if item.kind == "cap":
                rule = _new_rule(
                    text, item.start, item.end, [_CAP_SUBJECT_END.split(subject, maxsplit=1)[0]], []
                )
                rule.paid = True
                rule.incentive.cap_yuan, rule.incentive.cap_scope = item.value, item.scope
                rules.append(rule)
        pending = []
    for rule in rules:
        inc = rule.incentive
        for item, _ in pending:
            _bound(rule, item, same_phrase=False)
        beneficiary, project = split_subject(rule.subject)
        if rule.listed:
            beneficiary, project = "", re.sub(r"（[^）]*）|^新?(?:列入|认定为?|获评|获得)?", "", rule.own)
        elif rule.own:
            own_beneficiary, own_project = split_subject(rule.own)
            beneficiary, project = own_beneficiary or beneficiary, own_project or project
        own = text[rule.start : rule.end]
        beneficiary = recipient_after_grant(own) or beneficiary
        if previous is not None and (rule.inherit or not (beneficiary or project)):
            beneficiary = beneficiary or previous.incentive.beneficiary
            project = project or previous.incentive.project
        if (
            previous is not None
            and project
            and previous.incentive.project.endswith(project)
            and project != previous.incentive.project
        ):
            # 车型 after 全新车型或新公告改款车型: the same thing, said shorter
            project = previous.incentive.project
        if previous is not None and inc.ratio_cap is not None and inc.ratio_basis is None:
            inc.ratio_basis = previous.incentive.ratio_basis  # 装机占比30%至60%的给予20%资金支持
        if not beneficiary and previous is not None and not previous.paid:
            beneficiary = previous.incentive.beneficiary  # 对X给予奖励。其中每服务1家…
        inc.beneficiary = beneficiary or first_beneficiary(text[: rules[0].start])
        if project in ("", "项目"):
            project = topic_of(heading) if heading else lead_phrase(text[: rules[0].start])
        inc.project = project
        if inc.raised_ratio is not None and not inc.raised_for:
            inc.raised_for = applicants_text(rule.subject) or inc.beneficiary or None
        if inc.interest_rate is not None and inc.unit_rate is None and inc.ratio_cap is None:
            inc.unit_rate = UnitRate(
                round(inc.interest_rate * 100, 9), "%", f"贴息率（{inc.project or '贷款'}）"
            )
        if len(inc.tiers) > 0:
            inc.tiers_inclusive = "不含本数" not in text
        end = phrase_end(text, rule.end)
        inc.text = text[rule.start : end].strip("，,；;：:")
        inc.prov = Provenance(NAME, VERSION, (rule.start, end))
        if rule.paid or inc.reference:
            out.append((inc.prov.span[0], inc.prov.span[1], inc))
        previous = rule
    return out


@Language.factory(NAME, assigns=["doc.spans"])
def make_incentives(nlp: Language, name: str) -> IncentiveComponent:
    return IncentiveComponent()


class IncentiveComponent:
    """spaCy component: ``find_incentives`` over ``doc.text`` with the document context."""

    def __call__(self, doc: Doc) -> Doc:
        ctx: ExtractContext | None = doc._.policy_ctx
        if ctx is None:
            found = find_incentives(doc.text)
        else:
            found = find_incentives(doc.text, ctx.heading, ctx.title, ctx.parent_headings)
        add_facts(doc, "incentives", found)
        return doc
