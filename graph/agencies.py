"""Agencies (机构) in the graph: find them by any form of their name, and list the tasks they carry.

An agency is one ``org:Organization`` node per canonical full name (skos:prefLabel); the forms a
text used for it (省发展改革委, 市经信局) are its skos:altLabel. A task is a clause that names the
agency in a ``pkg:Responsibility`` with a role: lead (牵头), responsible (负责, 责任单位) or co (配合).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date
from functools import lru_cache
from typing import Any

from .errors import NotFoundError, QueryError
from .namespaces import BASE, sparql_prefixes
from .queries import sparql_iri
from .store import Store

AGENCY_BASE = BASE + "agency/"
ROLES = ("lead", "responsible", "co")  # strongest first: a clause's task keeps the strongest role
LEVELS = ("national", "provincial", "municipal", "district")
_PREFIX_LEVEL = {"省": "provincial", "市": "municipal", "区": "district", "县": "district"}  # 省发改委, 市经信局

_AGENCIES = """SELECT DISTINCT ?a ?name ?alt ?region ?level ?kind WHERE {
  ?a a org:Organization ; skos:prefLabel ?name .
  OPTIONAL { ?a skos:altLabel ?alt } OPTIONAL { ?a pkg:region ?region }
  OPTIONAL { ?a pkg:level ?level } OPTIONAL { ?a pkg:agencyKind ?kind } }"""
_TASK_COUNTS = """SELECT ?a (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?r a pkg:Responsibility ; pkg:agency ?a ; prov:wasDerivedFrom ?c } GROUP BY ?a"""
_TASKS = """SELECT DISTINCT ?owner ?role ?mention ?doc ?title ?source ?path ?text ?order WHERE {
  ?r a pkg:Responsibility ; pkg:agency {agency} ; pkg:role ?role ; prov:wasDerivedFrom ?owner .
  OPTIONAL { ?r pkg:mention ?mention }
  OPTIONAL { ?owner pkg:document ?ownerDoc } BIND(COALESCE(?ownerDoc, ?owner) AS ?doc)
  OPTIONAL { ?doc eli:title ?title } OPTIONAL { ?doc pkg:sourceFile ?source }
  OPTIONAL { ?owner pkg:path ?path } OPTIONAL { ?owner pkg:text ?text } OPTIONAL { ?owner pkg:order ?order } }"""
_DEADLINES = """SELECT DISTINCT ?owner ?date WHERE {
  ?r a pkg:Responsibility ; pkg:agency {agency} ; prov:wasDerivedFrom ?owner .
  ?f a pkg:Deadline ; prov:wasDerivedFrom ?owner ; pkg:date ?date }"""


def _select(store: Store, sparql: str) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + sparql)
    assert isinstance(rows, list)
    return rows


def name_key(text: str) -> str:
    """A name form as compared: NFKC (full-width brackets and digits folded), no white space.

    >>> name_key(" 河南省 发展改革委（试行） ")
    '河南省发展改革委(试行)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def all_agencies(store: Store) -> dict[str, dict[str, Any]]:
    """Every agency: {IRI: {"id", "name", "aliases", "region", "level", "kind", "tasks"}}.

    An agency met in several documents appears once; a value missing in one document's graph
    (an issuer carries no region) is taken from another.
    """
    out: dict[str, dict[str, Any]] = {}
    for row in sorted(_select(store, _AGENCIES), key=lambda r: sorted((k, str(v)) for k, v in r.items())):
        a = out.setdefault(row["a"], {"id": row["a"], "name": row["name"], "aliases": [], "region": None,
                                      "level": None, "kind": None, "tasks": 0})
        for key in ("region", "level", "kind"):
            if a[key] is None and row.get(key):
                a[key] = row[key]
        alt = row.get("alt")
        if alt and alt != a["name"] and alt not in a["aliases"]:
            a["aliases"].append(alt)
    for row in _select(store, _TASK_COUNTS):
        if row["a"] in out:
            out[row["a"]]["tasks"] = int(row["n"])
    for a in out.values():
        a["aliases"].sort()
    return out


def _region_matches(region: str | None, wanted: str, name: str = "") -> bool:
    """A region filter: exact, or the region's name with its administrative suffix left off.

    An agency whose region the graph lacks (a document's issuer) matches when its name starts
    with the region, as a local body's full name does (北京市经济和信息化局).

    >>> [_region_matches(r, "北京") for r in ("北京市", "北京经济技术开发区", None)]
    [True, False, False]
    >>> _region_matches(None, "北京市", "北京市生态环境局")
    True
    """
    if not region:
        return bool(name) and name_key(name).startswith(name_key(wanted))
    return name_key(region) == name_key(wanted) or re.sub(r"(省|市|自治区|特别行政区|区|县)$", "",
                                                          name_key(region)) == name_key(wanted)


@lru_cache(maxsize=256)
def _body_names(q: str) -> tuple[tuple[str, ...], str | None]:
    """Name stems a short form without a place stands for, by the extractor's gazetteer, and the
    level its generic prefix implies.

    发改委 -> 发展和改革委员会 (every region's) and 国家发展和改革委员会, any level;
    省发改委 -> 发展和改革委员会 of a province.
    """
    from ingest.extract.agency_names import GENERIC_PREFIXES, gazetteer

    prefix = q[0] if len(q) > 2 and q[0] in GENERIC_PREFIXES else ""
    body = gazetteer().bodies.get(q[len(prefix):])
    if body is None:
        return (), None
    if prefix:
        return (body.name,), _PREFIX_LEVEL[prefix]
    return tuple(n for n in (body.name, body.national) if n), None


@lru_cache(maxsize=256)
def _resolved_names(q: str) -> tuple[str, ...]:
    """Canonical names a form with its place stands for (河南省发改委 -> 河南省发展和改革委员会).

    Resolved as the extractor resolves a mention; imported lazily, as it loads spaCy.
    """
    from ingest.extract.agencies import find_agencies as resolve_mentions

    # only a resolution of (nearly) the whole query counts: "河南省发改委" yes, "发改委和环保" no
    return tuple(a.name for s, e, a in resolve_mentions(q) if e - s >= len(q) - 1)


def _contains_any(agency: dict[str, Any], names: tuple[str, ...]) -> bool:
    full = name_key(agency["name"])
    return any(name_key(n) and name_key(n) in full for n in names)


def _name_score(agency: dict[str, Any], q: str) -> int:
    """2 when ``q`` is a whole name form of the agency, 1 when it is part of one, else 0."""
    forms = [name_key(agency["name"]), *(name_key(x) for x in agency["aliases"])]
    if q in forms:
        return 2
    return 1 if any(q in f for f in forms) else 0


def find_agencies(store: Store, q: str | None = None, region: str | None = None,
                  level: str | None = None) -> list[dict[str, Any]]:
    """Agencies whose name, in any form, contains ``q``; most tasks first.

    ``q`` is matched against the canonical name and every alias (full-width and half-width
    forms alike). When nothing contains it, a short form is resolved the way the extractor
    resolves mentions (发改委 -> 发展和改革委员会, 河南省发改委 -> 河南省发展和改革委员会) and
    agencies whose canonical name contains the resolution are returned.

    Args:
        store: an open store.
        q: any part of a name; None lists every agency.
        region: the agency's region (北京市, or 北京 without the suffix).
        level: national, provincial, municipal or district.

    Returns:
        [{"id", "name", "aliases", "region", "level", "kind", "tasks"}], whole-name matches
        first, then by task count and name.
    """
    agencies = [a for a in all_agencies(store).values()
                if (region is None or _region_matches(a["region"], region, a["name"]))
                and (level is None or a["level"] == level)]
    scores = {a["id"]: 0 for a in agencies}
    key = name_key(q or "")
    if key:
        bodies, body_level = _body_names(key)
        scores = {a["id"]: max(_name_score(a, key), int(_contains_any(a, bodies) and
                                                        body_level in (None, a["level"] or body_level))) for a in agencies}
        if not any(scores.values()):
            resolved = _resolved_names(key)
            scores = {a["id"]: int(_contains_any(a, resolved)) for a in agencies}
        agencies = [a for a in agencies if scores[a["id"]]]
    return sorted(agencies, key=lambda a: (-scores[a["id"]], -a["tasks"], a["name"], a["id"]))


def agency_iri(ref: str) -> str | None:
    """The IRI an agency id stands for: a full IRI, or its last path segment; None for a name.

    >>> agency_iri("d895b90551b7")
    'https://w3id.org/policykg/agency/d895b90551b7'
    >>> agency_iri("河南省发展和改革委员会") is None
    True
    """
    ref = ref.strip()
    if ref.startswith(("http://", "https://", "urn:")):
        return ref
    if re.fullmatch(r"[0-9a-f]{6,64}", ref):
        return AGENCY_BASE + ref
    return None


def match_agencies(store: Store, ref: str) -> list[dict[str, Any]]:
    """Candidates for an agency given by id, IRI or any name form: one when ``ref`` is unambiguous.

    An id or IRI gives that agency; a whole canonical name gives that agency; else every agency
    whose names contain ``ref`` (``find_agencies``), so a caller can list them when several.
    """
    agencies = all_agencies(store)
    iri = agency_iri(ref)
    if iri is not None:
        return [agencies[iri]] if iri in agencies else []
    key = name_key(ref)
    exact = [a for a in agencies.values() if name_key(a["name"]) == key]
    found = find_agencies(store, ref)
    if exact and (any(a["tasks"] for a in exact) or not any(a["tasks"] for a in found)):
        return exact
    # a document's issuer is stored under the name as signed (黄浦区发展和改革委员会, no tasks):
    # the body that carries the tasks (上海市黄浦区发展和改革委员会) is the one meant
    found = [a for a in found if a["tasks"]] if exact else found
    whole = [a for a in found if _name_score(a, key) == 2]  # 省发展改革委 may be several provinces' alias
    return whole if len(whole) == 1 else found


def get_agency(store: Store, ref: str) -> dict[str, Any]:
    """The agency with this id, IRI or canonical name.

    Raises:
        NotFoundError: no such agency, or a name that fits several (the message lists them).
    """
    candidates = match_agencies(store, ref)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError("agency", ref, "give its id, IRI or a name form (GET /agencies?q=)")
    names = "; ".join(f"{a['name']} ({a['id'].rsplit('/', 1)[-1]})" for a in candidates[:10])
    raise NotFoundError("single agency", ref, f"{len(candidates)} agencies match: {names}")


def agency_tasks(store: Store, agency_id: str) -> dict[str, Any]:
    """The task board of an agency: every clause that gives it a task.

    Args:
        store: an open store.
        agency_id: the agency's IRI, its last path segment, or its canonical name.

    Returns:
        {"agency": {...as find_agencies...}, "tasks": [{"clause", "doc", "doc_title", "source",
        "path", "text", "role", "mention", "deadline"}]}; one task per clause (the strongest role
        when the clause names the agency twice); ``deadline`` is the earliest dated deadline
        stated in the clause (ISO date) or None. Ordered by deadline (undated last), then
        document title, then clause order.

    Raises:
        NotFoundError: no such agency.
    """
    agency = get_agency(store, agency_id)
    try:
        node = sparql_iri(agency["id"])
    except QueryError as e:  # an IRI with characters SPARQL cannot carry cannot be in the graph
        raise NotFoundError("agency", agency_id) from e
    earliest: dict[str, date] = {}
    for row in _select(store, _DEADLINES.replace("{agency}", node)):
        day = row["date"]
        if isinstance(day, date) and (row["owner"] not in earliest or day < earliest[row["owner"]]):
            earliest[row["owner"]] = day
    per_clause: dict[str, dict[str, Any]] = {}
    for row in sorted(_select(store, _TASKS.replace("{agency}", node)), key=lambda r: str(r.get("mention", ""))):
        role = row["role"]
        task = per_clause.get(row["owner"])
        if task is not None and _role_rank(task["role"]) <= _role_rank(role):
            continue
        day = earliest.get(row["owner"])
        per_clause[row["owner"]] = {
            "clause": row["owner"], "doc": row["doc"], "doc_title": row.get("title"), "source": row.get("source"),
            "path": row.get("path"), "text": row.get("text", row.get("title", "")), "role": role,
            "mention": row.get("mention"), "deadline": day.isoformat() if day else None,
            "_order": row.get("order", -1)}
    tasks = sorted(per_clause.values(), key=lambda t: (t["deadline"] is None, t["deadline"] or "",
                                                       t["doc_title"] or "", t["doc"], t["_order"], t["clause"]))
    for t in tasks:
        del t["_order"]
    return {"agency": agency, "tasks": tasks}


def _role_rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def tasks_by_role(tasks: list[dict[str, Any]]) -> dict[str, int]:
    """How many tasks of each role.

    >>> tasks_by_role([{"role": "lead"}, {"role": "co"}, {"role": "lead"}])
    {'lead': 2, 'co': 1}
    """
    counts: dict[str, int] = defaultdict(int)
    for t in tasks:
        counts[t["role"]] += 1
    return dict(counts)


__all__ = ["AGENCY_BASE", "LEVELS", "ROLES", "agency_iri", "agency_tasks", "all_agencies", "find_agencies",
           "get_agency", "match_agencies", "name_key", "tasks_by_role"]
