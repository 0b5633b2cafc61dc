"""Whether an incentive rule applies to an applicant: region, beneficiary, project, conditions, validity.

Each check says "ok", "fail" (with the reason) or "unknown" (with the fact that would decide
it). Conditions follow the text's own comparators: 以上/不低于 include the bound (">=", as
Chinese law reads 以上 and 以下: 以上均包含本数), 超过 excludes it (">"), 不足/低于 are "<".
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date

from ingest.extract.quantities import unit_of
from ingest.models import Condition, Incentive

from .eligibility_calc import find_amount, fmt_amount, role_name
from .eligibility_lexicon import (
    Status,
    applicant_kinds,
    bigram_overlap,
    closure,
    find_statuses,
    kinds_overlap,
    lexicon,
    project_kinds,
    role_of,
    statuses_match,
)
from .incentive_rules import Rule
from .question import Amount, Profile, region_chain

_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq,
            "~": lambda a, b: abs(a - b) <= 0.05 * abs(b)}
_SAY = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "~": "≈"}


@dataclass
class Check:
    """The outcome of the applicability checks of one rule."""

    fails: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    conditions: list[dict] = field(default_factory=list)  # each condition with its status
    specificity: float = 0.0  # how closely the rule fits what was asked (ranking)
    notes: list[str] = field(default_factory=list)


def offered_kinds(rule: Rule) -> tuple[set[str], bool]:
    """Project kinds a rule is for, and whether they come from its sentence rather than its project.

    An extracted project without a known kind (改造项目) falls back on the kinds its sentence names.
    """
    i = rule.incentive
    kinds = project_kinds(i.project)
    return (kinds, False) if kinds else (project_kinds(i.text), True)


def topic_fit(rule: Rule, profile: Profile) -> tuple[int, float]:
    """(kind fit 0/1/2, wording overlap 0..1) of the rule's project with the question's.

    Kinds read from the sentence fit at most through a broader kind (1): the sentence may name
    them in a condition (对新能源供热装机占比30%及以上的新技术应用项目), not as the project.
    """
    i = rule.incentive
    asked = set(profile.project)
    wording = bigram_overlap(i.project, profile.question) if i.project else 0.0
    if not asked:
        return 0, wording
    offered, from_text = offered_kinds(rule)
    if not offered:
        return 0, wording
    fit = kinds_overlap(asked, offered, lexicon().projects)
    return (min(1, fit) if from_text else fit), wording


def broader_than_asked(rule: Rule, profile: Profile) -> bool:
    """Whether the rule is for a broader kind than the one asked (光伏 when 分布式光伏 is asked)."""
    offered, _ = offered_kinds(rule)
    asked = set(profile.project)
    if not asked or not offered or asked & offered:
        return False
    return bool(closure(asked, lexicon().projects) & offered)


def region_check(rule: Rule, profile: Profile, check: Check) -> None:
    where = rule.region
    if not where or where == "全国":
        return
    if not profile.regions:
        check.missing.append(f"所在地区（本政策适用于{where}）")
        return
    if where in profile.regions:
        check.specificity += 1 if where == profile.regions[0] else 0.5
        return
    if profile.regions[0] in region_chain(where):  # asked 上海, the rule is 临港新片区's
        check.missing.append(f"是否位于{where}")
        return
    check.fails.append(f"地区不符：本政策适用于{where}，申请人在{profile.region}")


def beneficiary_check(rule: Rule, profile: Profile, check: Check) -> None:
    offered = applicant_kinds(rule.incentive.beneficiary)
    asked = set(profile.applicant)
    if not offered or not asked:
        return
    fit = kinds_overlap(asked, offered, lexicon().applicants)
    if fit == 0:
        check.fails.append(f"对象不符：本条支持{rule.incentive.beneficiary}")
    else:
        check.specificity += fit / 2


def required_statuses(i: Incentive, texts: list[str]) -> set[Status]:
    """Lists an applicant must be on, as the rule's texts name them; the level distributes from the
    rule's sentence (新列入国家级绿色工厂、绿色供应链 -> 国家级 for both)."""
    found = set()
    for text in texts:
        for status in find_statuses(text):
            if status.level is None:
                in_rule = [s for s in find_statuses(i.text) if s.kind == status.kind and s.level]
                if len({s.level for s in in_rule}) == 1:
                    status = in_rule[0]
            found.add(status)
    return found


def status_check(rule: Rule, profile: Profile, check: Check) -> bool:
    """Listed-status requirements (beneficiary, raised-ratio target, text conditions); True when met."""
    i = rule.incentive
    texts = [c.text for c in i.conditions if c.indicator is None] + [i.beneficiary or "", i.raised_for or ""]
    need = required_statuses(i, [t for t in texts if t])
    if not need:
        return True
    held = set(profile.listed)
    names = "、".join(sorted((s.level or "") + s.kind for s in need))
    if held and statuses_match(held, need):
        check.specificity += 1
        return True
    kinds_held = {s.kind for s in held}
    if any(s.kind in kinds_held for s in need):
        check.fails.append(f"名单级别不符：本条要求{names}")
    else:
        check.missing.append(f"是否列入{names}")
    return False


def _condition_status(c: Condition, profile: Profile) -> tuple[str, str]:
    """("met" | "failed" | "unknown" | "untested", explanation) of one condition."""
    if c.any_of:
        results = [_condition_status(alt, profile) for alt in c.any_of]
        for wanted in ("met", "unknown", "untested"):
            hit = next((r for r in results if r[0] == wanted), None)
            if hit:
                return hit
        return "failed", "；".join(r[1] for r in results)
    if c.indicator is None or c.value is None or c.comparator not in _COMPARE:
        return "untested", c.text
    unit = (unit_of(c.unit or "") or (c.unit or "", 1.0))[0]
    a = find_amount(profile, unit, role_of(c.indicator), c.indicator)
    if a is None:
        return "unknown", f"{c.indicator}（{c.text}）"
    ok = _COMPARE[c.comparator](a.value, c.value)
    bound = Amount(None, c.value, unit, "")
    shown = f"{c.indicator} {fmt_amount(a)} {_SAY[c.comparator] if ok else '不满足 ' + _SAY[c.comparator]} " \
            f"{fmt_amount(bound)}"
    return ("met" if ok else "failed"), shown


def condition_check(rule: Rule, profile: Profile, check: Check) -> None:
    for c in rule.incentive.conditions:
        status, shown = _condition_status(c, profile)
        check.conditions.append({"text": c.text, "status": status})
        if status == "failed":
            check.fails.append(f"条件不满足：{shown}")
        elif status == "unknown":
            check.missing.append(shown)
        elif status == "met":
            check.notes.append(shown)


def validity_check(rule: Rule, profile: Profile, today: date, check: Check) -> None:
    """The policy must be in force on the as-of day, or during the year the question names."""
    if profile.as_of is not None or profile.year is None:
        first = last = profile.as_of or today
    else:
        first, last = date(profile.year, 1, 1), date(profile.year, 12, 31)
    if rule.valid_until is not None and rule.valid_until < first:
        check.fails.append(f"政策已过期：有效期至{rule.valid_until.isoformat()}（按{first.isoformat()}判断）")
    if rule.valid_from is not None and rule.valid_from > last:
        check.fails.append(f"政策尚未施行：自{rule.valid_from.isoformat()}起")


def check_rule(rule: Rule, profile: Profile, today: date) -> Check:
    """Every applicability check of one rule; conditions on figures are tested against the profile."""
    check = Check()
    region_check(rule, profile, check)
    beneficiary_check(rule, profile, check)
    status_check(rule, profile, check)
    condition_check(rule, profile, check)
    validity_check(rule, profile, today, check)
    return check


__all__ = ["Check", "check_rule", "role_name", "status_check", "topic_fit"]
