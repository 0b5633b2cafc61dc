"""Government bodies mentioned in a clause, resolved to canonical full names (``policy_agencies``).

Every mention of a ministry, commission, bureau, 厅, office, regulator branch, central-bank branch,
zone 管委会, government or group (各省辖市政府, 各地) becomes an :class:`ingest.models.Agency` at its
span. Forms come from the gazetteer (``data/agencies.json``, see :mod:`ingest.extract.agency_names`);
the region of a prefix-less or generic-prefix form (省/市/区/县) comes from the document context.
Items of a responsibility annotation (（责任单位：…）) that no pattern knows are kept as unknown
bodies (``known=False``); so are descriptive bodies such as 国务院管理节能工作的部门.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract import agency_names as names
from ingest.extract.regions import Region, find_regions, lookup
from ingest.models import Agency
from ingest.nlp import ExtractContext, add_facts

NAME = "policy_agencies"
VERSION = "1.0"

_CJK = "\u4e00-\u9fff"
# A form directly followed by a 文号 (工信部规〔2021〕178号) names a document, not a body acting.
_DOC_NUMBER_AHEAD = re.compile(rf"[{_CJK}]{{0,3}}[〔\[［(（]\d{{4}}")
# 委 as a party committee (省委) but not 委托, 委员, 管委会.
_PARTY_BLOCKERS = "会员托屈派任"
_PUNCT = "，。、；：:;,.（）()《》“”\"'！？!?\n "
_LEFT_STOPS = _PUNCT + "的和与及由对在将要向经请"

# Responsibility annotations: （责任单位：A、B） or （A牵头，B、C负责）.
LABELS = re.compile(r"^(?:牵头|责任|主责|配合|参与|协办|承办)(?:单位|部门)[：:]")
ROLE_WORDS = re.compile(r"(?:按职责分工|分工|按职责|共同|分别)?(?:负责|牵头|配合|参与|协办)(?:落实)?")
FILLERS = re.compile(r"等[一二三四五六七八九十\d]*[个家]?(?:部门|单位)?|等")
SEPARATORS = "、，,；;和及与 "


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    agency: Agency
    rank: int  # lower wins among equally long candidates
    body: names.Body | None = None  # a local body without a written prefix: may inherit a list's prefix


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    g = names.gazetteer()
    stems = _alternation(g.function_stems)
    gov = _alternation(g.government_words)
    zone = _alternation(g.zone_words)
    return {
        "forms": re.compile(_alternation(list(g.bodies) + list(g.branches))),
        "central_bank": re.compile(
            rf"(?:{_alternation(g.central_bank)})([{_CJK}]{{2,6}}?)({_alternation(g.central_bank_branches)})"
        ),
        "branch_full": re.compile(
            rf"({_alternation(list(g.branch_parents))})([{_CJK}]{{2,6}}?)(监管局|监管分局)"
        ),
        "groups": re.compile("|".join(f"(?:{p})" for p in g.groups)),
        "zones": re.compile(rf"(?:{zone})(?:{_alternation(g.zone_bodies)})"),
        "descriptive": re.compile(
            rf"(?:{gov})?(?:其他)?(?:有关|相关)?(?:{stems})(?:行政主管|主管|监督管理|管理|综合)?部门(?!负责人)"
            rf"|(?:{gov})管理[{_CJK}]{{1,10}}?工作的(?:部门|机构)"
            rf"|(?:{gov})?(?:其他)?(?:有关|相关)(?:行业)?(?:行政主管|主管)?部门(?!负责人)"
        ),
    }


def _place(text: str, start: int, region_ends: dict[int, tuple[int, Region]]) -> tuple[int, Region | None]:
    """A region name written right before ``start`` (上海市黄浦区 counts as one), else (start, None)."""
    if start not in region_ends:
        return start, None
    rs, region = region_ends[start]
    if rs in region_ends and region.parent == region_ends[rs][1].name:
        rs = region_ends[rs][0]
    return rs, region


def _form_hits(text: str, doc: Region | None, region_ends: dict[int, tuple[int, Region]]) -> list[_Hit]:
    g = names.gazetteer()
    hits: list[_Hit] = []
    for m in _patterns()["forms"].finditer(text):
        form, start, end = m.group(), m.start(), m.end()
        if _DOC_NUMBER_AHEAD.match(text, end):
            continue
        rs, region = _place(text, start, region_ends)
        generic = (
            text[start - 1]
            if region is None and start > 0 and text[start - 1] in names.GENERIC_PREFIXES
            else None
        )
        branch = g.branches.get(form)
        if branch is not None and (region is not None or not branch.needs_place):
            grid = text[max(0, start - 2) : start]
            if region is None and grid in g.grid_regions:
                agency, rs = names.resolve_branch(branch, grid, doc), start - 2
            else:
                agency = names.resolve_branch(branch, region, doc)
            if agency is not None:
                hits.append(_Hit(rs, end, agency, 1))
                continue
        body = g.bodies.get(form)
        if body is None:
            continue
        if body.needs_prefix and region is None and generic is None:
            continue
        if form == "委" and text[end : end + 1] and text[end] in _PARTY_BLOCKERS:
            continue
        juris: Region | None
        if region is not None:
            start_, juris, prefix = rs, region, None
            if body.template and body.template.startswith("中共") and text[max(0, rs - 2) : rs] == "中共":
                start_ = rs - 2
        elif generic is not None:
            start_, prefix = start - 1, generic
            juris = names.generic_jurisdiction(generic, doc)
        else:
            start_, prefix = start, None
            juris = _bare_jurisdiction(body, doc)
        if prefix is not None and start_ > 0 and text[start_ - 1] == "各":
            # 各市发展改革委: every city's commission, a group.
            hits.append(_Hit(start_ - 1, end, Agency(name=text[start_ - 1 : end], kind="group"), 1))
            continue
        if body.name == "供电公司":  # a utility acting for government keeps its written name
            if text[max(0, start_ - 2) : start_] == "国网":
                start_ -= 2
            place = names.display_name(juris) if juris is not None and prefix else ""
            written = text[start_ + (1 if prefix else 0) : end]
            agency = Agency(place + written, juris.name if juris else None, juris.level if juris else None)
            hits.append(_Hit(start_, end, agency, 1))
            continue
        agency = names.resolve_body(body, text[start_:end], juris, prefix, doc)
        hits.append(_Hit(start_, end, agency, 1, body if (region is None and generic is None) else None))
    return hits


def _bare_jurisdiction(body: names.Body, doc: Region | None) -> Region | None:
    """The region of a form written without prefix: the document's, or its province for a 厅."""
    if body.scope == "national" or doc is None or doc.level == "national":
        return None
    if body.level == "provincial":
        return names.generic_jurisdiction("省", doc)
    return doc


def _other_hits(text: str, doc: Region | None) -> list[_Hit]:
    pats = _patterns()
    g = names.gazetteer()
    hits: list[_Hit] = []
    for m in pats["central_bank"].finditer(text):
        place = m.group(1)
        region = lookup(place) or lookup(place.removesuffix("市"))
        if region is not None:
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Agency(f"中国人民银行{place}{m.group(2)}", region.name, region.level),
                    0,
                )
            )
    for m in pats["branch_full"].finditer(text):
        place = m.group(2)
        region = lookup(place)
        if region is not None or place in g.grid_regions:
            parent = g.branch_parents[m.group(1)]
            agency = Agency(f"{parent}{place}{m.group(3)}", region.name if region else None, "provincial")
            hits.append(_Hit(m.start(), m.end(), agency, 0))
    for m in pats["groups"].finditer(text):
        hits.append(_Hit(m.start(), m.end(), Agency(name=m.group(), kind="group"), 2))
    for m in pats["zones"].finditer(text):
        start = _zone_start(text, m.start())
        region = next((r for _, _, r in find_regions(text[start : m.start()])), None)
        agency = Agency(name=text[start : m.end()], region=region.name if region else None, level="district")
        hits.append(_Hit(start, m.end(), agency, 1))
    for m in pats["descriptive"].finditer(text):
        national = m.group().startswith("国务院")
        region_name, level = (
            ("全国", "national") if national else (doc.name if doc else None, doc.level if doc else None)
        )
        agency = Agency(name=m.group(), region=region_name, level=level, kind="unknown", known=False)
        hits.append(_Hit(m.start(), m.end(), agency, 3))
    return hits


def _zone_start(text: str, zone_start: int) -> int:
    """Where a zone's name begins: at a region name written before it, else after a stop char."""
    left = zone_start
    while left > 0 and zone_start - left < 12 and text[left - 1] not in _PUNCT:
        left -= 1
    regions = find_regions(text[left:zone_start])
    if regions:
        return left + regions[0][0]
    start = zone_start
    while start > left and text[start - 1] not in _LEFT_STOPS and zone_start - start < 8:
        start -= 1
    return start


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Longest candidates first, then by rank; no two kept hits overlap."""
    taken: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.rank, h.start)):
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _inherit_list_prefix(text: str, hits: list[_Hit], doc: Region | None) -> list[_Hit]:
    """Bare forms in a list after a prefixed one share its jurisdiction (省发展改革委、生态环境厅)."""
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (
            hit.body is not None
            and prev is not None
            and prev.body is None
            and prev.agency.region is not None
            and prev.agency.kind == "body"
            and text[prev.end : hit.start] == "、"
            and hit.body.level is None
            and hit.body.scope == "local"
            and prev.agency.region != (doc.name if doc else None)
        ):
            juris = lookup(prev.agency.region)
            if juris is not None:
                hit = replace(
                    hit, agency=names.resolve_body(hit.body, text[hit.start : hit.end], juris, None, doc)
                )
        out.append(hit)
    return out


def parentheticals(text: str) -> list[tuple[int, int]]:
    """Content spans of top-level full- or half-width parentheses (nested ones stay inside).

    >>> t = "推进。（各县（市、区）政府负责）"
    >>> [t[s:e] for s, e in parentheticals(t)]
    ['各县（市、区）政府负责']
    """
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    return spans


def _annotation_items(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The list items of a responsibility annotation at text[start:end], or None if it is not one."""
    content = text[start:end]
    label = LABELS.match(content)
    ends_with_role = re.search(rf"(?:{ROLE_WORDS.pattern})$", content)
    if not label and not ends_with_role:
        return None
    items: list[tuple[int, int]] = []
    pos = start + (label.end() if label else 0)
    for piece in re.finditer(rf"[^{SEPARATORS}]+", text[pos:end]):
        s, e = pos + piece.start(), pos + piece.end()
        item = text[s:e]
        for pat in (ROLE_WORDS, FILLERS, LABELS):
            item = re.sub(rf"(?:{pat.pattern})$", "", item)
        if len(item) >= 2:
            items.append((s, s + len(item)))
    return items


def _annotation_unknowns(text: str, hits: list[_Hit], doc: Region | None) -> list[_Hit]:
    """Items of a （责任单位：…） list that no pattern recognised: kept as unknown bodies."""
    out: list[_Hit] = []
    for s, e in parentheticals(text):
        items = _annotation_items(text, s, e)
        if not items:
            continue
        labelled = bool(LABELS.match(text[s:e]))
        for i_s, i_e in items:
            if any(h.start < i_e and i_s < h.end for h in hits):
                continue
            item = text[i_s:i_e]
            if len(item) > 25 or not (labelled or item[-1] in "局委办厅会队心处司行所院站部府"):
                continue
            if item.startswith("各"):
                out.append(_Hit(i_s, i_e, Agency(name=item, kind="group"), 4))
                continue
            juris = names.generic_jurisdiction(item[0], doc) if item[0] in names.GENERIC_PREFIXES else None
            name = names.display_name(juris) + item[1:] if juris is not None else item
            region = juris or doc
            agency = Agency(
                name, region.name if region else None, region.level if region else None, "unknown", False
            )
            out.append(_Hit(i_s, i_e, agency, 4))
    return out


def find_agencies(text: str, ctx: ExtractContext | None = None) -> list[tuple[int, int, Agency]]:
    """Every government body mentioned in ``text``, as (start, end, Agency), in text order.

    >>> ctx = ExtractContext(region="河南省", level="provincial")
    >>> [(text, a.name) for s, e, a in find_agencies("（省发展改革委、生态环境厅负责）", ctx)
    ...  for text in ["（省发展改革委、生态环境厅负责）"[s:e]]]
    [('省发展改革委', '河南省发展和改革委员会'), ('生态环境厅', '河南省生态环境厅')]
    """
    ctx = ctx or ExtractContext()
    doc = names.document_region(ctx.region, ctx.level, ctx.city)
    region_ends = {e: (s, r) for s, e, r in find_regions(text)}
    hits = _select(_form_hits(text, doc, region_ends) + _other_hits(text, doc))
    hits = _inherit_list_prefix(text, hits, doc)
    hits = sorted(hits + _annotation_unknowns(text, hits, doc), key=lambda h: h.start)
    return [(h.start, h.end, h.agency) for h in hits]


@Language.factory(NAME, assigns=["doc.spans"])
def make_agencies(nlp: Language, name: str) -> AgencyComponent:
    return AgencyComponent()


class AgencyComponent:
    """spaCy component: records the agencies of ``doc.text`` under ``doc.spans["policy_agencies"]``."""

    def __call__(self, doc: Doc) -> Doc:
        add_facts(doc, "agencies", list(find_agencies(doc.text, doc._.policy_ctx)))
        return doc
