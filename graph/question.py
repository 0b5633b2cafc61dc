"""An eligibility question -> a profile of the applicant: where, when, who, what, how much.

"2026年，北京一家制造业企业实施节能改造项目，总投资400万元，年节能量200吨标准煤" gives region
北京市, year 2026, applicant 制造业企业, project 节能改造, investment 4000000 元 and energy_saved
200 吨标准煤. Figures come from ``ingest.extract.quantities``; what a figure measures (its role)
from the role word before it (graph/eligibility_lexicon.py). Counts ("为2个工业园区") keep the noun
they count. English questions work for the common words ("Beijing manufacturer, 800万元 retrofit,
500 tce").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.extract.quantities import find_quantities, unit_of
from ingest.extract.regions import Region, find_regions, lookup

from .eligibility_lexicon import Status, applicant_kinds, find_statuses, lexicon, project_kinds, role_of

_CLAUSE_BREAK = re.compile(r"[，。；;,!！?？\n]")
_YEAR = re.compile(r"(?<![\d—–\-~至])((?:19|20)\d\d)\s*年(?!\s*[度]?\s*[—–\-~至])")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?")
_ENGLISH_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(million|billion|thousand|k|m)?\s*(yuan|rmb|cny|tce|kwh|kw|mw|vehicles?|%)",
    re.IGNORECASE)
_ENGLISH_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9}
_ENGLISH_UNIT = {"yuan": "元", "rmb": "元", "cny": "元", "tce": "吨标准煤", "kwh": "千瓦时", "kw": "千瓦",
                 "mw": "兆瓦", "vehicle": "辆", "vehicles": "辆", "%": "%"}
_SUBJECT = re.compile(r"一家|一个|我们是|我司是|本企业是|作为一家|作为|we are an?|as an?|i am an?", re.IGNORECASE)
_SERVED = re.compile(r"(?:为|给|向|帮助|服务)\s*\d+\s*[家个户所]")
_CONTEXT = 20  # characters before a figure searched for its role word


@dataclass
class Amount:
    """A figure of the question: what it measures, its value in a base unit, the words before it."""

    role: str | None  # investment | loan | energy_saved | electricity | capacity | sales | count …
    value: float  # in ``unit``
    unit: str  # base unit: 元, 吨标准煤, 千瓦时, 千瓦, %, 家, 个 …
    text: str  # as written
    context: str = ""  # the clause text before the figure (for matching a condition's indicator)
    counted: str = ""  # for counts: the text after the figure (2个市级工业园区 -> 市级工业园区…)

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "value": self.value, "unit": self.unit, "text": self.text,
                **({"counted": self.counted} if self.counted else {})}


@dataclass
class Profile:
    """What a question says about the applicant (and nothing it does not say)."""

    question: str = ""
    region: str | None = None
    regions: list[str] = field(default_factory=list)  # the region and every unit enclosing it
    year: int | None = None
    as_of: date | None = None
    applicant: list[str] = field(default_factory=list)
    project: list[str] = field(default_factory=list)
    listed: list[Status] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The profile as the ``profile`` object of a /ask response (CONTRACT.md §2)."""
        return {"question": self.question, "region": self.region, "regions": self.regions, "year": self.year,
                "as_of": self.as_of.isoformat() if self.as_of else None, "applicant": self.applicant,
                "project": self.project,
                "listed": [(s.level or "") + s.kind for s in self.listed],
                "amounts": [a.as_dict() for a in self.amounts]}

    def amount(self, role: str) -> Amount | None:
        return next((a for a in self.amounts if a.role == role), None)


def region_chain(name: str) -> list[str]:
    """A region's full name and those of every unit enclosing it, innermost first.

    >>> region_chain("临港新片区")
    ['临港新片区', '上海市']
    """
    chain: list[str] = []
    current: Region | None = lookup(name)
    while current is not None and current.name not in chain and current.level != "national":
        chain.append(current.name)
        current = lookup(current.parent) if current.parent else None
    return chain or [name]


def _region(text: str) -> str | None:
    """The most specific region the question names (a district over its city)."""
    found = [r for _, _, r in find_regions(text)]
    lex = lexicon()
    for phrase, name in lex.region_phrases.items():
        if phrase in text and (r := lookup(name)) is not None:
            found.append(r)
    for word, name in lex.english_regions.items():
        if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) and (r := lookup(name)) is not None:
            found.append(r)
    if not found:
        found = _short_forms(text)
    found = [r for r in found if r.level != "national"]
    if not found:
        return None
    order = {"district": 0, "municipal": 1, "provincial": 2}
    return min(found, key=lambda r: order.get(r.level, 3)).name


def _applicant_text(text: str) -> str:
    """The words that say who asks: after 一家/我们是/作为 up to the clause's end, else the whole text.

    Served objects (为2个工业园区开展诊断) are no applicants.

    >>> _applicant_text("北京一家绿色诊断服务商为2个工业园区开展了绿色诊断")
    '绿色诊断服务商为2个工业园区开展了绿色诊断'
    """
    m = _SUBJECT.search(text)
    if not m:
        return text
    return _CLAUSE_BREAK.split(text[m.end():])[0]


def _short_forms(text: str) -> list[Region]:
    """Provinces and cities by short forms running text does not count as mentions (海南, 海口):
    in a question "海南一家合作社" names the province."""
    found = []
    for i in range(len(text) - 1):
        for length in (3, 2):
            region = lookup(text[i:i + length])
            if region is not None and region.short == text[i:i + length] and region.level != "district":
                found.append(region)
                break
    return found


def _when(text: str, as_of: date | None) -> tuple[int | None, date | None]:
    if as_of is not None:
        return as_of.year, as_of
    m = _DATE.search(text)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day.year, day
        except ValueError:
            pass
    m = _YEAR.search(text)
    return (int(m[1]), None) if m else (None, None)


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - _CONTEXT):start]
    return _CLAUSE_BREAK.split(head)[-1]


def _amounts(text: str) -> list[Amount]:
    lex = lexicon()
    out: list[Amount] = []
    for q in find_quantities(text):
        if q.base_unit in ("", "年") or "/" in q.base_unit:
            continue
        if q.base_unit == "元" and re.match(r"\s*/", text[q.end:]):
            continue
        context = _clause_before(text, q.start)
        after = _CLAUSE_BREAK.split(text[q.end:q.end + 16])[0]
        counted = after if q.base_unit in lex.count_units else ""
        role = role_of(context)
        if counted and role is None:
            role = "count"
        if role is None:
            role = lex.default_units.get(q.base_unit)
        out.append(Amount(role, q.base_value, q.base_unit, text[q.start:q.end], context, counted))
    for m in _ENGLISH_AMOUNT.finditer(text):
        written = _ENGLISH_UNIT[m[3].lower()]
        base, factor = unit_of(written) or (written, 1.0)
        value = float(m[1]) * _ENGLISH_SCALE.get((m[2] or "").lower(), 1.0) * factor
        context = text[max(0, m.start() - 40):m.start()]
        role = role_of(text[m.end():m.end() + 30]) if base == "吨标准煤" else None
        role = role or role_of(context) or lex.default_units.get(base)
        if base == "吨标准煤":
            role = "energy_saved"
        out.append(Amount(role, value, base, m[0], context))
    return out


def _applicant_kinds(text: str) -> set[str]:
    """Applicant kinds of the subject; the objects served (为2个工业园区) are cut off first."""
    subject = _applicant_text(text)
    served = _SERVED.search(subject)
    kinds = applicant_kinds(subject[:served.start()] if served else subject)
    return kinds or applicant_kinds(text)


def parse_question(question: str, as_of: date | None = None) -> Profile:
    """Parse an eligibility question into a profile.

    Args:
        question: the question, in Chinese or English.
        as_of: the day to judge validity on; default the date or year the question names.

    >>> p = parse_question("2026年，北京一家制造业企业实施节能改造项目，总投资400万元，年节能量200吨标准煤")
    >>> p.region, p.year, p.applicant, p.project
    ('北京市', 2026, ['制造业企业'], ['节能改造'])
    >>> [(a.role, a.value, a.unit) for a in p.amounts]
    [('investment', 4000000.0, '元'), ('energy_saved', 200.0, '吨标准煤')]
    >>> [(a.role, a.value, a.counted[:6]) for a in parse_question("为2个市级工业园区开展了绿色诊断").amounts]
    [('count', 2.0, '市级工业园区')]
    """
    year, day = _when(question, as_of)
    region = _region(question)
    text_wo_years = _YEAR.sub(" ", question)
    return Profile(
        question=question,
        region=region,
        regions=region_chain(region) if region else [],
        year=year,
        as_of=day,
        applicant=sorted(_applicant_kinds(question)),
        project=sorted(project_kinds(question)),
        listed=sorted(find_statuses(question), key=lambda s: (s.kind, s.level or "")),
        amounts=_amounts(text_wo_years),
    )


def profile_from_dict(data: dict[str, Any], as_of: date | None = None) -> Profile:
    """A profile given as structured data (POST /ask ``{"profile": {...}}``).

    Keys: region, year, as_of (YYYY-MM-DD), applicant, project, listed (lists of words; free
    text is read with the lexicon), amounts (a list of ``{"role","value","unit"}`` or a dict
    role -> value in the role's base unit).

    >>> p = profile_from_dict({"region": "北京", "applicant": ["制造业"], "amounts": {"investment": 8e6}})
    >>> p.region, p.applicant, [(a.role, a.unit) for a in p.amounts]
    ('北京市', ['制造业企业'], [('investment', '元')])

    Raises:
        ValueError: a key or value of the wrong shape.
    """
    allowed = {"question", "region", "regions", "year", "as_of", "applicant", "project", "listed", "amounts"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"profile: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")

    def words(key: str) -> str:
        value = data.get(key) or []
        return " ".join(value) if isinstance(value, list) else str(value)

    region = _region(str(data["region"])) if data.get("region") else None
    day = date.fromisoformat(data["as_of"]) if data.get("as_of") else as_of
    year = int(data["year"]) if data.get("year") else (day.year if day else None)
    base_units = {"investment": "元", "fixed_asset_investment": "元", "loan": "元", "cost": "元", "premium": "元",
                  "financing": "元", "price": "元", "energy_saved": "吨标准煤", "electricity": "千瓦时",
                  "capacity": "千瓦", "sales": "辆", "share": "%", "loan_rate": "%"}
    raw = data.get("amounts") or []
    items = [{"role": k, "value": v} for k, v in raw.items()] if isinstance(raw, dict) else raw
    amounts = []
    for item in items:
        if not isinstance(item, dict) or "value" not in item:
            raise ValueError(f"profile.amounts: each amount needs a value: {item!r}")
        role = item.get("role")
        unit = item.get("unit") or base_units.get(role or "", "")
        amounts.append(Amount(role, float(item["value"]), unit, str(item["value"]) + unit,
                              item.get("context", ""), item.get("counted", "")))
    return Profile(
        question=str(data.get("question", "")), region=region, regions=region_chain(region) if region else [],
        year=year, as_of=day, applicant=sorted(applicant_kinds(words("applicant"))),
        project=sorted(project_kinds(words("project"))),
        listed=sorted(find_statuses(words("listed")), key=lambda s: (s.kind, s.level or "")), amounts=amounts)
