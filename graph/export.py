"""Export from the store (not from the dataclasses): JSONL records of CONTRACT.md §3, or RDF.

Export runs in its own process, after ingest, so it reads everything back with a handful of
SPARQL queries (one per record kind, never one per clause) and assembles the records in Python:
per document, its record, then its clauses in document order, then its facts in text order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from .namespaces import sparql_prefixes
from .store import Store

_DOCUMENTS = """SELECT ?d ?title ?number ?date ?region ?level ?from ?until ?source ?partOf ?start WHERE {
  ?d a eli:LegalResource .
  OPTIONAL { ?d eli:title ?title } OPTIONAL { ?d eli:id_local ?number } OPTIONAL { ?d eli:date_document ?date }
  OPTIONAL { ?d pkg:region ?region } OPTIONAL { ?d pkg:level ?level } OPTIONAL { ?d pkg:validFrom ?from }
  OPTIONAL { ?d pkg:validUntil ?until } OPTIONAL { ?d pkg:sourceFile ?source }
  OPTIONAL { ?d eli:is_part_of ?partOf } OPTIONAL { ?d pkg:spanStart ?start } }"""
_ISSUERS = "SELECT DISTINCT ?d ?name WHERE { ?d a eli:LegalResource ; pkg:issuerName ?name }"
_CLAUSES = """SELECT ?c ?doc ?up ?marker ?depth ?text ?start ?end ?order WHERE {
  ?c a eli:LegalResourceSubdivision ; pkg:document ?doc ; eli:is_part_of ?up ; pkg:order ?order .
  OPTIONAL { ?c pkg:marker ?marker } OPTIONAL { ?c pkg:depth ?depth } OPTIONAL { ?c pkg:text ?text }
  OPTIONAL { ?c pkg:spanStart ?start } OPTIONAL { ?c pkg:spanEnd ?end } }"""
# every fact: its owner (clause, or document for a preamble fact), the owner's document, its position
_FACT = """?f a {cls} ; prov:wasDerivedFrom ?owner ; pkg:spanStart ?pos .
  OPTIONAL {{ ?owner pkg:document ?ownerDoc }} BIND(COALESCE(?ownerDoc, ?owner) AS ?doc)"""
_TASKS = """SELECT ?f ?owner ?doc ?pos ?agency ?name ?mention ?role WHERE {
  """ + _FACT.format(cls="pkg:Responsibility") + """
  ?f pkg:agency ?agency ; pkg:role ?role . OPTIONAL { ?f pkg:mention ?mention }
  OPTIONAL { ?agency skos:prefLabel ?name } }"""
_TARGETS = """SELECT ?f ?owner ?doc ?pos ?indicator ?value ?unit ?comparator ?year ?baseline ?nature ?text WHERE {
  """ + _FACT.format(cls="pkg:Target") + """
  OPTIONAL { ?f pkg:indicator ?indicator } OPTIONAL { ?f pkg:value ?value } OPTIONAL { ?f pkg:unit ?unit }
  OPTIONAL { ?f pkg:comparator ?comparator } OPTIONAL { ?f pkg:targetYear ?year }
  OPTIONAL { ?f pkg:baselineYear ?baseline } OPTIONAL { ?f pkg:nature ?nature } OPTIONAL { ?f pkg:text ?text } }"""
_DEADLINES = """SELECT ?f ?owner ?doc ?pos ?expression ?date ?task WHERE {
  """ + _FACT.format(cls="pkg:Deadline") + """
  OPTIONAL { ?f pkg:expression ?expression } OPTIONAL { ?f pkg:date ?date } OPTIONAL { ?f pkg:task ?task } }"""
_INCENTIVES = """SELECT ?f ?owner ?doc ?pos ?beneficiary ?project ?text ?rateValue ?rateUnit ?rateBasis
  ?ratioCap ?ratioBasis ?capYuan ?floorYuan ?fixedYuan WHERE {
  """ + _FACT.format(cls="pkg:Incentive") + """
  OPTIONAL { ?f pkg:beneficiary ?beneficiary } OPTIONAL { ?f pkg:project ?project } OPTIONAL { ?f pkg:text ?text }
  OPTIONAL { ?f pkg:unitRate ?rate . ?rate pkg:value ?rateValue .
             OPTIONAL { ?rate pkg:unit ?rateUnit } OPTIONAL { ?rate pkg:basis ?rateBasis } }
  OPTIONAL { ?f pkg:ratioCap ?ratioCap } OPTIONAL { ?f pkg:ratioBasis ?ratioBasis }
  OPTIONAL { ?f pkg:capYuan ?capYuan } OPTIONAL { ?f pkg:floorYuan ?floorYuan }
  OPTIONAL { ?f pkg:fixedYuan ?fixedYuan } }"""
_TIERS = """SELECT ?f ?order ?min ?max ?ratio WHERE { ?f a pkg:Incentive ; pkg:tier ?t .
  ?t pkg:order ?order ; pkg:ratio ?ratio . OPTIONAL { ?t pkg:minYuan ?min } OPTIONAL { ?t pkg:maxYuan ?max } }"""
_CONDITIONS = """SELECT ?f ?order ?text WHERE { ?f a pkg:Incentive ; pkg:condition ?c .
  ?c pkg:order ?order ; pkg:text ?text }"""


def _number(value: Any) -> int | float | None:
    """JSON number: integral values without a fraction (12, not 12.0).

    >>> [_number(12.0), _number(0.25), _number(None)]
    [12, 0.25, None]
    """
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _day(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _select(store: Store, sparql: str) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + sparql)
    assert isinstance(rows, list)
    return rows


def _first_per(rows: list[dict[str, Any]], key: str = "f") -> list[dict[str, Any]]:
    # OPTIONALs over a (wrongly) repeated value give several rows; keep one per node, deterministically
    seen: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items())):
        seen.setdefault(row[key], row)
    return list(seen.values())


def export_jsonl(store: Store) -> Iterator[dict[str, Any]]:
    """Every record of CONTRACT.md §3, grouped by document: document, clauses, then facts.

    A text field the graph lacks is exported as "" where the contract says str, as null where
    it allows null. A deadline record needs a calendar date (CONTRACT.md §3): recurring (每年12月20日前)
    and relative (15个工作日内) bounds stay in the graph only.

    Args:
        store: an open store (``graph.store.open_store``).

    Yields:
        dicts with exactly the contract's fields, ready for ``json.dumps``.
    """
    issuers: dict[str, list[str]] = defaultdict(list)
    for row in _select(store, _ISSUERS):
        issuers[row["d"]].append(row["name"])
    docs = _first_per(_select(store, _DOCUMENTS), "d")
    # a whole file before its parts, then the parts in the order they stand in the file
    docs.sort(key=lambda d: (d.get("source") or "", d.get("partOf") is not None, d.get("start") or 0, d["d"]))

    per_doc: dict[str, list[tuple[int, int, dict[str, Any]]]] = defaultdict(list)
    for c in _first_per(_select(store, _CLAUSES), "c"):
        parent = c["up"] if c["up"] != c["doc"] else None
        per_doc[c["doc"]].append((0, c["order"], {
            "type": "clause", "id": c["c"], "doc": c["doc"], "parent": parent, "marker": c.get("marker"),
            "depth": c.get("depth"), "text": c.get("text", ""), "span": [c.get("start"), c.get("end")]}))
    for kind, record in enumerate(_fact_records(store), 1):
        for doc, pos, rec in record:
            per_doc[doc].append((kind, pos, rec))

    for d in docs:
        iri = d["d"]
        yield {"type": "document", "id": iri, "title": d.get("title"), "issuer": sorted(issuers.get(iri, [])),
               "doc_number": d.get("number"), "date": _day(d.get("date")), "region": d.get("region"),
               "level": d.get("level"), "valid_from": _day(d.get("from")),
               "valid_until": _day(d.get("until")), "source": d.get("source", ""), "part_of": d.get("partOf")}
        for _, _, rec in sorted(per_doc.get(iri, []), key=lambda item: (item[0], item[1], item[2].get("id", ""))):
            yield rec


def _fact_records(store: Store) -> Iterator[list[tuple[str, int, dict[str, Any]]]]:
    """Per fact kind, [(document IRI, position, record)], in the order the contract lists them."""
    yield [(r["doc"], r["pos"], {
        "type": "agency_task", "clause": r["owner"], "agency": r["agency"], "agency_name": r.get("name", ""),
        "mention": r.get("mention", ""), "role": r["role"]}) for r in _first_per(_select(store, _TASKS))]
    yield [(r["doc"], r["pos"], {
        "type": "target", "clause": r["owner"], "indicator": r.get("indicator", ""), "value": _number(r.get("value")),
        "unit": r.get("unit", ""), "comparator": r.get("comparator", ""), "year": r.get("year"),
        "baseline_year": r.get("baseline"), "nature": r.get("nature"), "text": r.get("text", "")})
        for r in _first_per(_select(store, _TARGETS))]
    yield [(r["doc"], r["pos"], {
        "type": "deadline", "clause": r["owner"], "expression": r.get("expression", ""), "date": _day(r.get("date")),
        "task": r.get("task", "")}) for r in _first_per(_select(store, _DEADLINES)) if r.get("date") is not None]

    tiers: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for t in _select(store, _TIERS):
        tiers[t["f"]].append((t["order"], {"min_yuan": _number(t.get("min")), "max_yuan": _number(t.get("max")),
                                           "ratio": _number(t["ratio"])}))
    conditions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for c in _select(store, _CONDITIONS):
        conditions[c["f"]].append((c["order"], c["text"]))
    records = []
    for r in _first_per(_select(store, _INCENTIVES)):
        rate = None
        if r.get("rateValue") is not None:
            rate = {"value": _number(r["rateValue"]), "unit": r.get("rateUnit", ""), "basis": r.get("rateBasis", "")}
        records.append((r["doc"], r["pos"], {
            "type": "incentive", "clause": r["owner"], "beneficiary": r.get("beneficiary", ""),
            "project": r.get("project", ""), "unit_rate": rate, "ratio_cap": _number(r.get("ratioCap")),
            "ratio_basis": r.get("ratioBasis"), "cap_yuan": _number(r.get("capYuan")),
            "floor_yuan": _number(r.get("floorYuan")), "fixed_yuan": _number(r.get("fixedYuan")),
            "tiers": [t for _, t in sorted(tiers.get(r["f"], []), key=lambda x: x[0])],
            "conditions": [text for _, text in sorted(conditions.get(r["f"], []))], "text": r.get("text", "")}))
    yield records


def export_rdf(store: Store, format: str = "ttl") -> bytes:
    """All triples as Turtle (``"ttl"``: the union graph) or all quads as N-Quads (``"nq"``).

    Raises:
        ValueError: another format was asked for.
    """
    if format not in ("ttl", "nq"):
        raise ValueError(f"unknown RDF export format {format!r}: use ttl or nq")
    return store.dump(format)  # type: ignore[attr-defined]
