"""Documents for /documents: the list with metadata, and one document with its clause tree and facts.

Library functions over a ``graph.store`` store (no HTTP here): ``list_documents`` and
``get_document``. A document is named by its IRI or by its short id, the part of the IRI after
``doc/`` (``4ba0278a6b30``, or ``<id>/part/<n>`` for an untitled part of a compilation).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from graph.namespaces import BASE, sparql_prefixes

DOC_BASE = f"{BASE}doc/"
_SHORT_ID = re.compile(r"^[0-9a-z]{1,64}(?:/part/\d{1,6})?$")

_DOCUMENTS = """SELECT ?d ?title ?number ?date ?region ?level ?kind ?from ?until ?source ?partOf WHERE {
  ?d a eli:LegalResource . {filter}
  OPTIONAL { ?d eli:title ?title } OPTIONAL { ?d eli:id_local ?number } OPTIONAL { ?d eli:date_document ?date }
  OPTIONAL { ?d pkg:region ?region } OPTIONAL { ?d pkg:level ?level } OPTIONAL { ?d pkg:documentKind ?kind }
  OPTIONAL { ?d pkg:validFrom ?from } OPTIONAL { ?d pkg:validUntil ?until } OPTIONAL { ?d pkg:sourceFile ?source }
  OPTIONAL { ?d eli:is_part_of ?partOf } }"""
_ISSUERS = """SELECT DISTINCT ?d ?name WHERE { ?d a eli:LegalResource ; pkg:issuerName ?name . {filter} }"""
_CLAUSE_COUNTS = """SELECT ?d (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a eli:LegalResourceSubdivision ; pkg:document ?d } GROUP BY ?d"""
_CLAUSES = """SELECT ?c ?up ?order ?path ?marker ?heading ?text ?depth ?kind WHERE { GRAPH <{doc}> {
  ?c a eli:LegalResourceSubdivision ; eli:is_part_of ?up ; pkg:order ?order .
  OPTIONAL { ?c pkg:path ?path } OPTIONAL { ?c pkg:marker ?marker } OPTIONAL { ?c pkg:heading ?heading }
  OPTIONAL { ?c pkg:text ?text } OPTIONAL { ?c pkg:depth ?depth } OPTIONAL { ?c pkg:clauseKind ?kind } } }"""
# every fact in the document's graph, with its owner (a clause, or the document itself) and position
_FACT = "?f a {cls} ; prov:wasDerivedFrom ?owner ; pkg:spanStart ?pos ."
_FACTS = {
    "agency_tasks": ("pkg:Responsibility", """?f pkg:agency ?agency ; pkg:role ?role .
      OPTIONAL { ?f pkg:mention ?mention } OPTIONAL { ?agency skos:prefLabel ?agency_name }"""),
    "targets": ("pkg:Target", """OPTIONAL { ?f pkg:indicator ?indicator } OPTIONAL { ?f pkg:value ?value }
      OPTIONAL { ?f pkg:unit ?unit } OPTIONAL { ?f pkg:comparator ?comparator }
      OPTIONAL { ?f pkg:targetYear ?year } OPTIONAL { ?f pkg:baselineYear ?baseline_year }
      OPTIONAL { ?f pkg:nature ?nature } OPTIONAL { ?f pkg:text ?text }"""),
    "deadlines": ("pkg:Deadline", """OPTIONAL { ?f pkg:expression ?expression } OPTIONAL { ?f pkg:date ?date }
      OPTIONAL { ?f pkg:recurring ?recurring } OPTIONAL { ?f pkg:relative ?relative }
      OPTIONAL { ?f pkg:task ?task }"""),
    "incentives": ("pkg:Incentive", """OPTIONAL { ?f pkg:beneficiary ?beneficiary }
      OPTIONAL { ?f pkg:project ?project } OPTIONAL { ?f pkg:text ?text }
      OPTIONAL { ?f pkg:ratioCap ?ratio_cap } OPTIONAL { ?f pkg:capYuan ?cap_yuan }
      OPTIONAL { ?f pkg:floorYuan ?floor_yuan } OPTIONAL { ?f pkg:fixedYuan ?fixed_yuan }
      OPTIONAL { ?f pkg:unitRate ?rate . ?rate pkg:value ?rate_value .
                 OPTIONAL { ?rate pkg:unit ?rate_unit } OPTIONAL { ?rate pkg:basis ?rate_basis } }"""),
}


class DocumentNotFound(LookupError):
    """No document with that id in the store."""


class BadDocumentId(ValueError):
    """An id that is neither a document IRI nor a short id (path traversal, stray characters)."""


def document_iri_of(doc_id: str) -> str:
    """The document IRI named by ``doc_id`` (an IRI or a short id); raises ``BadDocumentId``.

    >>> document_iri_of("4ba0278a6b30")
    'https://w3id.org/policykg/doc/4ba0278a6b30'
    >>> document_iri_of("https://w3id.org/policykg/doc/4ba0278a6b30/part/2")
    'https://w3id.org/policykg/doc/4ba0278a6b30/part/2'
    >>> document_iri_of("../../etc/passwd")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    BadDocumentId: not a document id: '../../etc/passwd'
    """
    short = doc_id[len(DOC_BASE):] if doc_id.startswith(DOC_BASE) else doc_id
    if not _SHORT_ID.match(short):
        raise BadDocumentId(f"not a document id: {doc_id!r}")
    return DOC_BASE + short


def short_id(iri: str) -> str:
    """The short id of a document IRI (what ``document_iri_of`` takes back)."""
    return iri[len(DOC_BASE):] if iri.startswith(DOC_BASE) else iri


def _select(store: Any, sparql: str) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + sparql)
    assert isinstance(rows, list)
    return rows


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _records(store: Any, doc_filter: str = "") -> list[dict[str, Any]]:
    """Document records (one per document, though several graphs repeat a compilation's triples)."""
    issuers: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _ISSUERS.replace("{filter}", doc_filter)):
        issuers[row["d"]].add(row["name"])
    counts = {row["d"]: int(row["n"]) for row in _select(store, _CLAUSE_COUNTS)} if not doc_filter else {}
    records: dict[str, dict[str, Any]] = {}
    for row in sorted(_select(store, _DOCUMENTS.replace("{filter}", doc_filter)),
                      key=lambda r: sorted((k, str(v)) for k, v in r.items())):
        iri = row["d"]
        if iri in records:
            continue
        records[iri] = {
            "id": iri, "short_id": short_id(iri), "title": row.get("title"), "issuer": sorted(issuers.get(iri, ())),
            "doc_number": row.get("number"), "date": _json(row.get("date")), "region": row.get("region"),
            "level": row.get("level"), "kind": row.get("kind"), "valid_from": _json(row.get("from")),
            "valid_until": _json(row.get("until")), "source": row.get("source"), "part_of": row.get("partOf"),
            "clauses": counts.get(iri, 0)}
    return list(records.values())


def list_documents(store: Any, *, region: str | None = None, level: str | None = None,
                   q: str | None = None) -> list[dict[str, Any]]:
    """Every document with its metadata and clause count, filtered and sorted by source and title.

    Args:
        store: an open store.
        region: only documents of this region (北京市, 全国 …), exactly.
        level: only documents of this level (national, provincial, municipal …), exactly.
        q: only documents whose title contains this text (case-insensitive).
    """
    needle = (q or "").strip().casefold()
    out = [d for d in _records(store)
           if (region is None or d["region"] == region) and (level is None or d["level"] == level)
           and (not needle or needle in (d["title"] or "").casefold())]
    return sorted(out, key=lambda d: (d["source"] or "", d["part_of"] is not None, d["title"] or "", d["id"]))


def get_document(store: Any, doc_id: str) -> dict[str, Any]:
    """One document: its metadata, its parts (for a compilation), its clause tree and the facts.

    Each clause is ``{"id", "path", "marker", "heading", "text", "depth", "kind", "facts", "children"}``
    with ``facts = {"agency_tasks": [...], "targets": [...], "deadlines": [...], "incentives": [...]}``
    in text order; facts of the document's preamble (not in any clause) are in the document's own
    ``facts``.

    Raises:
        BadDocumentId: ``doc_id`` is not a document IRI or short id.
        DocumentNotFound: no such document in the store.
    """
    iri = document_iri_of(doc_id)
    records = _records(store, f"VALUES ?d {{ <{iri}> }}")
    if not records:
        raise DocumentNotFound(f"no document {doc_id!r} in the store")
    doc = records[0]
    parts = _select(store, f"SELECT DISTINCT ?p WHERE {{ <{iri}> eli:has_part ?p }}")
    doc["parts"] = sorted(r["p"] for r in parts)

    facts: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {k: [] for k in _FACTS})
    for kind, (cls, body) in _FACTS.items():
        sparql = f"SELECT * WHERE {{ GRAPH <{iri}> {{ {_FACT.format(cls=cls)} {body} }} }}"
        seen = set()
        for row in sorted(_select(store, sparql), key=lambda r: (r["pos"], r["f"])):
            if row["f"] in seen:  # an OPTIONAL over a repeated value gives two rows
                continue
            seen.add(row["f"])
            facts[row.pop("owner")][kind].append(_fact(row))

    nodes: dict[str, dict[str, Any]] = {}
    parents: dict[str, str] = {}
    for row in sorted(_select(store, _CLAUSES.replace("{doc}", iri)), key=lambda r: (r["order"], r["c"])):
        if row["c"] in nodes:
            continue
        parents[row["c"]] = row["up"]
        nodes[row["c"]] = {"id": row["c"], "path": row.get("path"), "marker": row.get("marker"),
                           "heading": row.get("heading"), "text": row.get("text", ""), "depth": row.get("depth"),
                           "kind": row.get("kind"), "facts": facts.get(row["c"], _no_facts()), "children": []}
    roots: list[dict[str, Any]] = []
    for clause_iri, node in nodes.items():  # in document order, so children stay in order
        parent = nodes.get(parents[clause_iri])
        (parent["children"] if parent is not None else roots).append(node)
    doc["facts"] = facts.get(iri, _no_facts())
    doc["clause_tree"] = roots
    doc["clauses"] = len(nodes)
    return doc


def _no_facts() -> dict[str, list[dict[str, Any]]]:
    return {k: [] for k in _FACTS}


def _fact(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.pop("f"), "position": row.pop("pos")}
    rate = {k.removeprefix("rate_"): row.pop(k) for k in ("rate_value", "rate_unit", "rate_basis") if k in row}
    row.pop("rate", None)
    out.update({k: _json(v) for k, v in sorted(row.items())})
    if rate:
        out["unit_rate"] = rate
    return out
