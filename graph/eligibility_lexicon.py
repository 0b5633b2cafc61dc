"""The eligibility lexicon (ingest/extract/data/eligibility_lexicon.json) and matching on it.

Kinds of applicant and project form a small hierarchy ("broader"): a 节能改造 (energy-saving
retrofit) is a 绿色低碳改造 (green low-carbon retrofit). Listed statuses (绿色工厂, 能效领跑者 …) carry
an optional level (国家级/省级/市级) read beside their mention. Roles say what a figure measures
(investment, loan, energy saved …); the role word ending last before a figure wins, since a
Chinese noun phrase ends in its head (固定资产投资贷款 is a loan, not an investment).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_FILE = Path(__file__).resolve().parent.parent / "ingest" / "extract" / "data" / "eligibility_lexicon.json"
_SECTIONS = ("region_phrases", "english_regions", "applicants", "projects", "statuses", "levels", "roles",
             "default_units", "count_units")


@dataclass(frozen=True)
class Lexicon:
    region_phrases: dict[str, str]
    english_regions: dict[str, str]
    applicants: dict[str, dict]
    projects: dict[str, dict]
    statuses: dict[str, dict]
    levels: dict[str, str]
    roles: dict[str, list[str]]
    default_units: dict[str, str]
    count_units: list[str]


def _strip_comments(section: dict) -> dict:
    return {k: v for k, v in section.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, loaded once and checked for its sections.

    Raises:
        ValueError: the file lacks a section or is not JSON (the message names the file).
    """
    try:
        data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
        parts = {name: data[name] for name in _SECTIONS}
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{LEXICON_FILE}: bad eligibility lexicon: {exc}") from exc
    for name in ("applicants", "projects", "statuses"):
        for kind, entry in _strip_comments(parts[name]).items():
            unknown = set(entry) - {"words", "patterns", "broader"}
            if unknown:
                raise ValueError(f"{LEXICON_FILE}: {name}.{kind}: unknown keys {sorted(unknown)}")
    cleaned: dict[str, Any] = {k: _strip_comments(v) if isinstance(v, dict) else v for k, v in parts.items()}
    return Lexicon(**cleaned)


def closure(kinds: set[str], table: dict[str, dict]) -> set[str]:
    """Kinds with every broader kind they belong to."""
    out, todo = set(), list(kinds)
    while todo:
        kind = todo.pop()
        if kind in out:
            continue
        out.add(kind)
        todo.extend(table.get(kind, {}).get("broader", []))
    return out


def _find_kinds(text: str, table: dict[str, dict]) -> set[str]:
    """Kinds whose words occur in ``text`` (case-insensitive for English words)."""
    low = text.lower()
    return {kind for kind, entry in table.items() if any(w.lower() in low for w in entry["words"])}


def most_specific(kinds: set[str], table: dict[str, dict]) -> set[str]:
    """Drop kinds that are broader than another kind in the set.

    >>> sorted(most_specific({"节能改造", "绿色低碳改造", "数据中心"}, lexicon().projects))
    ['数据中心', '节能改造']
    """
    broader = set()
    for kind in kinds:
        broader |= closure({kind}, table) - {kind}
    return kinds - broader


def applicant_kinds(text: str) -> set[str]:
    """Applicant kinds named in ``text``, most specific only.

    >>> sorted(applicant_kinds("北京一家绿色诊断服务商"))
    ['服务机构']
    >>> sorted(applicant_kinds("制造业和信息软件业企业"))
    ['信息软件业企业', '制造业企业']
    """
    return most_specific(_find_kinds(text, lexicon().applicants), lexicon().applicants)


def project_kinds(text: str) -> set[str]:
    """Project kinds named in ``text``, most specific only.

    >>> sorted(project_kinds("信息软件业企业数据中心节能改造项目"))
    ['数据中心', '节能改造']
    """
    return most_specific(_find_kinds(text, lexicon().projects), lexicon().projects)


def kinds_overlap(asked: set[str], offered: set[str], table: dict[str, dict]) -> int:
    """How well what is asked fits what a rule offers: 2 exact, 1 through a broader kind, 0 none.

    A rule for 绿色低碳改造 covers an asked 节能改造 (1); a rule for 节能改造 does not cover an
    asked 绿色低碳改造 in general, but the asker may mean it, so it also counts 1.

    >>> p = lexicon().projects
    >>> kinds_overlap({"节能改造"}, {"节能改造"}, p), kinds_overlap({"节能改造"}, {"绿色低碳改造"}, p)
    (2, 1)
    >>> kinds_overlap({"光伏"}, {"储能"}, p)
    0
    """
    if asked & offered:
        return 2
    for kind in asked:
        if closure({kind}, table) & offered:
            return 1
    for kind in offered:
        if closure({kind}, table) & asked:
            return 1
    return 0


@dataclass(frozen=True)
class Status:
    """A list an applicant is on: 国家级绿色工厂 -> Status("绿色工厂", "国家级")."""

    kind: str
    level: str | None = None


@lru_cache(maxsize=1)
def _status_patterns() -> list[tuple[str, re.Pattern[str]]]:
    lex = lexicon()
    return [(kind, re.compile("|".join(entry["patterns"]), re.IGNORECASE)) for kind, entry in lex.statuses.items()]


def _level_before(text: str, pos: int) -> str | None:
    """The last level word (国家级/省级/市级) before ``pos`` in the same enumeration.

    A level word distributes over a list: 新列入国家级绿色工厂、绿色供应链 -> both are 国家级;
    two levels side by side (国家和市级绿色制造单位) name no single level.

    >>> _level_before("新列入国家级绿色工厂、绿色供应链", 11), _level_before("入围国家和市级绿色制造单位", 7)
    ('国家级', None)
    """
    head = re.split(r"[，。；;,]", text[:pos])[-1]
    hits = []
    for word, level in lexicon().levels.items():
        for m in re.finditer(re.escape(word), head):
            hits.append((m.end(), m.start(), level))
    if not hits:
        return None
    last_end, last_start, level = max(hits)
    if any(other != level and end >= last_start - 2 for end, _, other in hits):
        return None
    return level


def find_statuses(text: str) -> set[Status]:
    """Listed statuses named in ``text``, each with the level word before it (if any).

    >>> sorted((s.kind, s.level) for s in find_statuses("我们是国家级绿色工厂"))
    [('绿色工厂', '国家级')]
    >>> sorted(s.kind for s in find_statuses("空气重污染应急环保绩效评级A级、B级和绩效引领型企业"))
    ['环保绩效A级', '环保绩效优良', '绩效引领型企业']
    """
    found = set()
    for kind, pattern in _status_patterns():
        for m in pattern.finditer(text):
            found.add(Status(kind, _level_before(text, m.start())))
    return found


def statusclosure(statuses: set[Status]) -> set[Status]:
    """Statuses with the broader lists they imply (a 绿色工厂 is on the 绿色制造单位 list), same level."""
    table = lexicon().statuses
    return {Status(k, s.level) for s in statuses for k in closure({s.kind}, table)}


def statuses_match(held: set[Status], required: set[Status]) -> bool:
    """Whether an applicant holding ``held`` is on one of the ``required`` lists.

    Levels must agree when both sides state one (国家级 ≠ 省级); a rule naming several levels
    (国家和市级绿色制造单位名单) states none.

    >>> statuses_match({Status("绿色工厂", "国家级")}, {Status("绿色制造单位", None)})
    True
    >>> statuses_match({Status("绿色工厂", "省级")}, {Status("绿色工厂", "国家级")})
    False
    """
    for have in statusclosure(held):
        for need in required:
            if have.kind == need.kind and (need.level is None or have.level is None or need.level == have.level):
                return True
    return False


def role_of(context: str, *, head_final: bool = True) -> str | None:
    """The role a text names: the role word ending last (its head), longest on a tie.

    >>> role_of("绿色信贷固定资产投资贷款"), role_of("纳入奖励范围的项目总投资"), role_of("当年固定资产投资")
    ('loan', 'investment', 'fixed_asset_investment')
    >>> role_of("平台建设费用"), role_of("每服务1家企业") is None
    ('cost', True)
    """
    low = context.lower()
    best: tuple[int, int, str] | None = None
    for role, words in lexicon().roles.items():
        for word in words:
            end = low.rfind(word.lower())
            if end < 0:
                continue
            key = (end + len(word), len(word), role)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def bigram_overlap(phrase: str, text: str) -> float:
    """Share of the character bigrams of ``phrase`` that occur in ``text`` (0..1).

    >>> bigram_overlap("烘干机", "购买一台烘干机")
    1.0
    >>> bigram_overlap("装机占比", "新能源供热装机占比50%")
    1.0
    """
    phrase = re.sub(r"[\s，。、（）()“”\"：:；;]", "", phrase)
    grams = {phrase[i : i + 2] for i in range(len(phrase) - 1)}
    if not grams:
        return 0.0
    return sum(g in text for g in grams) / len(grams)
