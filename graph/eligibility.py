"""Eligibility answers: which stored incentives apply to an applicant, how much each gives, and why.

``answer_question(store, "2026年，北京一家制造业企业实施节能改造项目…")`` parses the question
(graph/question.py), reads every stored incentive (graph/incentive_rules.py), keeps those whose
project or beneficiary fits what was asked, checks region, beneficiary, listed status,
conditions and validity (graph/eligibility_match.py), computes the amount
(graph/eligibility_calc.py) and returns CONTRACT.md §2's ``{"profile": …, "answers": […]}``,
best answer first: eligible with an amount, then the closest fit.

Rules of one document work together, as the text means them to:
- a raised ratio for listed applicants (提高至30%) replaces the ratio of the rules it raises;
- 其他…项目 ("other projects") does not cover a project another rule of the document names;
- a rule "按照…标准给予" (a cross reference) borrows the amounts of the rule it names;
- a bare limit (单机补贴限额12万元) bounds the document's general ratio (补贴比例不超过30%).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ingest.models import Incentive

from .eligibility_calc import Calc, calculate, fmt_ratio
from .eligibility_lexicon import (
    applicant_kinds,
    bigram_overlap,
    find_statuses,
    kinds_overlap,
    lexicon,
    project_kinds,
    statuses_match,
)
from .eligibility_match import broader_than_asked, check_rule, topic_fit
from .incentive_rules import Rule, load_rules
from .question import Profile, parse_question, profile_from_dict

MAX_ANSWERS = 10
_FITS_WORDING = 0.5  # share of a rule's project bigrams the question must contain to fit by wording


def _json_number(value: float) -> int | float:
    """An amount as a JSON number: whole yuan without a fraction.

    >>> _json_number(240000.0), _json_number(12.345)
    (240000, 12.35)
    """
    value = round(value, 2)
    return int(value) if value.is_integer() else value


def _computable(i: Incentive) -> bool:
    return any(v is not None for v in (i.fixed_yuan, i.unit_rate, i.ratio_cap, i.interest_rate, i.cap_yuan)) \
        or bool(i.tiers)


def _catch_all_kinds() -> set[str]:
    """Applicant kinds that are broader than others (企业, 金融机构): too wide to make a rule fit."""
    return {b for entry in lexicon().applicants.values() for b in entry.get("broader", [])}


def _fits(rule: Rule, profile: Profile) -> tuple[bool, float]:
    """Whether the rule is about what was asked, and how closely (for ranking)."""
    fit, wording = topic_fit(rule, profile)
    i = rule.incentive
    if profile.project:
        return (fit > 0 or wording >= _FITS_WORDING), 2 * fit + wording
    if wording >= _FITS_WORDING:
        return True, wording

    # the same applicant kind, unless it is a catch-all (企业 is broader than most kinds)
    offered, asked = applicant_kinds(i.beneficiary), set(profile.applicant)
    if (offered & asked) - _catch_all_kinds():
        return True, 0.5
    need = find_statuses(" ".join([i.beneficiary, i.raised_for or ""] + [c.text for c in i.conditions]))
    if need and profile.listed and statuses_match(set(profile.listed), need):
        return True, 1.0
    return False, 0.0


def _covered_elsewhere(rule: Rule, same_doc: list[Rule], profile: Profile, kind_fit: dict[str, int]) -> bool:
    """A rule for a broader kind than asked (其他绿色低碳改造 or 光伏 when 分布式光伏 is asked), or an
    "其他X项目" rule, gives way to a rule of the same document for the asked kind itself: the text
    states the specific case separately. Raised ratios for listed applicants are modifiers, kept."""
    i = rule.incentive
    if i.raised_for or not (i.project.startswith("其他") or broader_than_asked(rule, profile)):
        return False
    return any(kind_fit.get(o.iri, 0) == 2 and o is not rule and not o.incentive.project.startswith("其他")
               and not o.incentive.raised_for for o in same_doc)


def _resolve_reference(rule: Rule, same_doc: list[Rule]) -> tuple[Incentive, str]:
    """A rule that only refers (按照绿色低碳改造项目给予资金奖励) takes the amounts of the rule it names."""
    i = rule.incentive
    if _computable(i) or not i.reference:
        return i, ""
    wanted = project_kinds(i.reference)
    best, best_score = None, 0.0
    for other in same_doc:
        if other is rule or not _computable(other.incentive) or other.incentive.raised_for:
            continue
        score = 2.0 * kinds_overlap(wanted, project_kinds(other.incentive.project), lexicon().projects) \
            if wanted else 0.0
        score += bigram_overlap(i.reference, other.incentive.project)
        if score > best_score:
            best, best_score = other, score
    if best is None or best_score < 1:
        return i, ""
    o = best.incentive
    borrowed = replace(i, unit_rate=o.unit_rate, ratio_cap=o.ratio_cap, ratio_basis=o.ratio_basis,
                       cap_yuan=o.cap_yuan, cap_scope=o.cap_scope, floor_yuan=o.floor_yuan, tiers=o.tiers,
                       fixed_yuan=o.fixed_yuan)
    return borrowed, f"按{best.path or ''}（{o.project}）标准"


def _with_general_ratio(rule: Rule, i: Incentive, same_doc: list[Rule]) -> tuple[Incentive, str]:
    """A bare limit (cap only) bounds the general ratio stated before it in the same document."""
    if i.cap_yuan is None or any(v is not None for v in (i.fixed_yuan, i.unit_rate, i.ratio_cap, i.interest_rate)) \
            or i.tiers:
        return i, ""
    before = [o for o in same_doc if o.order < rule.order and o.incentive.ratio_cap is not None
              and o.incentive.raised_ratio is None and o.incentive.cap_yuan is None and not o.incentive.tiers]
    if not before:
        return i, ""
    general = before[-1]
    return (replace(i, ratio_cap=general.incentive.ratio_cap, ratio_basis=general.incentive.ratio_basis),
            f"比例见{general.path or ''}")


def _raised_ratio(rule: Rule, i: Incentive, same_doc: list[Rule], profile: Profile) -> tuple[float | None, str]:
    """A listed applicant's raised ratio (提高至30%) from a rule of the same document that raises this one."""
    if i.ratio_cap is None or i.raised_for or not profile.listed:
        return None, ""
    kinds = project_kinds(i.project or i.text)
    for other in same_doc:
        o = other.incentive
        if not (o.raised_ratio and o.raised_for) or o.raised_ratio <= i.ratio_cap:
            continue
        if kinds and kinds_overlap(kinds, project_kinds(o.project), lexicon().projects) == 0:
            continue
        need = find_statuses(o.raised_for)
        if need and statuses_match(set(profile.listed), need):
            return o.raised_ratio, f"（名单企业提高至{fmt_ratio(o.raised_ratio)}，见{other.path or ''}）"
    return None, ""


def _answer(rule: Rule, profile: Profile, same_doc: list[Rule], today: date, fit: float) -> dict[str, Any]:
    i, ref_note = _resolve_reference(rule, same_doc)
    i, limit_note = _with_general_ratio(rule, i, same_doc)
    ratio, ratio_note = _raised_ratio(rule, i, same_doc, profile)
    check = check_rule(rule, profile, today)
    calc: Calc = calculate(i, profile, ratio, ratio_note) if not check.fails else Calc()
    fails = check.fails + (calc.fails if not check.fails else [])
    missing = list(dict.fromkeys(check.missing + calc.missing))
    if fails:
        eligible: bool | None = False
    elif check.missing or calc.amount is None and _computable(i) or calc.missing and not calc.upper_bound:
        eligible = None
    else:
        eligible = True
    steps = "；".join(s for s in (ref_note, limit_note, calc.steps) if s)
    if calc.upper_bound and calc.amount is not None:
        steps += "（最多；缺少：" + "、".join(calc.missing or ["实际支出"]) + "）"
    if not _computable(i) and not fails:
        steps = steps or "本条未规定可计算的金额"
    if not steps and missing and not fails:
        steps = "无法计算：缺少" + "、".join(missing)
    extra = [f"不符合：{'；'.join(fails)}"] if fails else []
    extra += [f"已满足：{'；'.join(check.notes)}"] if check.notes else []
    calculation = "；".join([s for s in [steps] if s] + extra)
    # eligible with an amount first; then rules that pay money (a rate cut is no amount), decided
    # or not, before those that do not apply; then the closest fit
    rank = (eligible is True and calc.amount is not None, _computable(i), eligible is not False,
            fit + check.specificity, calc.amount or 0.0)
    return {
        "eligible": eligible,
        "amount_yuan": None if fails or calc.amount is None else _json_number(calc.amount),
        "calculation": calculation,
        "incentive": rule.iri,
        "clause": rule.clause,
        "doc_title": rule.doc_title,
        "text": rule.clause_text,
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
        "missing": missing,
        # extensions (CONTRACT.md allows extending): where the rule stands and what was checked
        "doc": rule.doc,
        "path": rule.path,
        "region": rule.region,
        "sentence": rule.incentive.text,
        "conditions": check.conditions,
        "validity_source": rule.validity_source,
        "_rank": rank,
    }


def evaluate(profile: Profile, rules: list[Rule], today: date | None = None,
             limit: int = MAX_ANSWERS) -> list[dict[str, Any]]:
    """Answers for every rule that fits the profile's question, best first.

    Args:
        profile: the applicant (``parse_question`` or ``profile_from_dict``).
        rules: the stored incentives (``load_rules``).
        today: the as-of day when the profile names no date or year (default: today).
        limit: at most this many answers.
    """
    today = today or date.today()
    by_doc: dict[str, list[Rule]] = {}
    for rule in rules:
        by_doc.setdefault(rule.doc, []).append(rule)
    kind_fit = {rule.iri: topic_fit(rule, profile)[0] for rule in rules} if profile.project else {}
    answers = []
    for rule in rules:
        fits, fit = _fits(rule, profile)
        if not fits or _covered_elsewhere(rule, by_doc[rule.doc], profile, kind_fit):
            continue
        answers.append(_answer(rule, profile, by_doc[rule.doc], today, fit))
    answers.sort(key=lambda a: a["_rank"], reverse=True)
    for a in answers:
        del a["_rank"]
    return answers[:limit]


def answer_question(store, question: str | None = None, *, as_of: date | None = None,
                    profile: dict[str, Any] | None = None, today: date | None = None) -> dict[str, Any]:
    """CONTRACT.md §2 /ask: ``{"profile": {...}, "answers": [...]}`` for a question or a structured profile.

    Args:
        store: an open store (graph.store.open_store).
        question: the question text; or
        profile: the applicant as structured data (graph.question.profile_from_dict).
        as_of: judge validity on this day (default: the year the question names, else today).
        today: what "today" is (tests pin it).

    Raises:
        ValueError: neither a question nor a profile, or a malformed profile.
    """
    if profile is not None:
        parsed = profile_from_dict(profile, as_of)
    elif question and question.strip():
        parsed = parse_question(question.strip(), as_of)
    else:
        raise ValueError("ask needs a question or a profile")
    return {"profile": parsed.as_dict(), "answers": evaluate(parsed, load_rules(store), today)}
