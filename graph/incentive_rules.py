"""Incentives read back from the store into rule objects (ingest.models.Incentive) with their context.

The eligibility evaluator (graph/eligibility.py) works on what extraction stored, never on rules
written per document: every ``pkg:Incentive`` with its unit rate, tiers and conditions (nested
``pkg:anyOf`` alternatives included), and the document it stands in (region, validity, title)
and the clause it quotes. A handful of SPARQL queries, one per kind of node (graph/build.py
writes them; ontology/policy.ttl documents the vocabulary).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest.models import Condition, Incentive, Provenance, Tier, UnitRate

from .namespaces import sparql_prefixes

_RULES = """SELECT ?f ?owner ?doc ?pos ?end ?beneficiary ?project ?text ?rateValue ?rateUnit ?rateBasis ?ratioCap
  ?ratioBasis ?raised ?raisedFor ?capYuan ?capScope ?floorYuan ?fixedYuan ?inclusive ?interest ?bp ?reference
  ?title ?region ?city ?level ?from ?until ?planStart ?planEnd ?date ?clauseText ?path WHERE {
  ?f a pkg:Incentive ; prov:wasDerivedFrom ?owner ; pkg:spanStart ?pos .
  OPTIONAL { ?f pkg:spanEnd ?end }
  OPTIONAL { ?owner pkg:document ?ownerDoc } BIND(COALESCE(?ownerDoc, ?owner) AS ?doc)
  OPTIONAL { ?owner pkg:text ?clauseText } OPTIONAL { ?owner pkg:path ?path }
  OPTIONAL { ?f pkg:beneficiary ?beneficiary } OPTIONAL { ?f pkg:project ?project } OPTIONAL { ?f pkg:text ?text }
  OPTIONAL { ?f pkg:unitRate ?rate . ?rate pkg:value ?rateValue .
             OPTIONAL { ?rate pkg:unit ?rateUnit } OPTIONAL { ?rate pkg:basis ?rateBasis } }
  OPTIONAL { ?f pkg:ratioCap ?ratioCap } OPTIONAL { ?f pkg:ratioBasis ?ratioBasis }
  OPTIONAL { ?f pkg:raisedRatio ?raised } OPTIONAL { ?f pkg:raisedFor ?raisedFor }
  OPTIONAL { ?f pkg:capYuan ?capYuan } OPTIONAL { ?f pkg:capScope ?capScope }
  OPTIONAL { ?f pkg:floorYuan ?floorYuan } OPTIONAL { ?f pkg:fixedYuan ?fixedYuan }
  OPTIONAL { ?f pkg:tiersInclusive ?inclusive } OPTIONAL { ?f pkg:interestRate ?interest }
  OPTIONAL { ?f pkg:rateReductionBp ?bp } OPTIONAL { ?f pkg:reference ?reference }
  OPTIONAL { ?doc eli:title ?title } OPTIONAL { ?doc pkg:region ?region } OPTIONAL { ?doc pkg:city ?city }
  OPTIONAL { ?doc pkg:level ?level } OPTIONAL { ?doc pkg:validFrom ?from } OPTIONAL { ?doc pkg:validUntil ?until }
  OPTIONAL { ?doc pkg:planStart ?planStart } OPTIONAL { ?doc pkg:planEnd ?planEnd }
  OPTIONAL { ?doc eli:date_document ?date } }"""
_TIERS = """SELECT ?f ?order ?min ?max ?ratio ?cap WHERE { ?f a pkg:Incentive ; pkg:tier ?t .
  ?t pkg:order ?order ; pkg:ratio ?ratio . OPTIONAL { ?t pkg:minYuan ?min } OPTIONAL { ?t pkg:maxYuan ?max }
  OPTIONAL { ?t pkg:capYuan ?cap } }"""
# conditions of an incentive and alternatives of a condition, one level of nesting per row
_CONDITIONS = """SELECT ?up ?c ?order ?text ?indicator ?comparator ?value ?unit WHERE {
  { ?up a pkg:Incentive ; pkg:condition ?c } UNION { ?up a pkg:Condition ; pkg:anyOf ?c }
  ?c pkg:order ?order . OPTIONAL { ?c pkg:text ?text } OPTIONAL { ?c pkg:indicator ?indicator }
  OPTIONAL { ?c pkg:comparator ?comparator } OPTIONAL { ?c pkg:value ?value } OPTIONAL { ?c pkg:unit ?unit } }"""


@dataclass
class Rule:
    """One stored incentive with where it stands: document, clause, region and validity."""

    iri: str
    incentive: Incentive
    clause: str  # IRI of its clause (or of its document, for a preamble fact)
    doc: str
    doc_title: str
    clause_text: str
    path: str | None
    region: str | None
    city: str | None
    level: str | None
    valid_from: date | None
    valid_until: date | None
    validity_source: str | None  # "document" (stated validity) | "plan period" | None
    order: int  # position in its document (text order)


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _select(store, sparql: str) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + sparql)
    return rows if isinstance(rows, list) else []


def _conditions(store) -> dict[str, list[Condition]]:
    """Conditions by the IRI of what holds them (an incentive or a condition), nested."""
    rows = {r["c"]: r for r in _select(store, _CONDITIONS)}
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.values():
        children[row["up"]].append(row)

    def build(row: dict[str, Any], depth: int = 0) -> Condition:
        kids = sorted(children.get(row["c"], []), key=lambda r: r["order"]) if depth < 3 else []
        return Condition(text=row.get("text", ""), indicator=row.get("indicator"), comparator=row.get("comparator"),
                         value=_f(row.get("value")), unit=row.get("unit"),
                         any_of=[build(k, depth + 1) for k in kids])

    return {up: [build(r) for r in sorted(kids, key=lambda r: r["order"])] for up, kids in children.items()}


def load_rules(store) -> list[Rule]:
    """Every incentive of the store as a ``Rule``, grouped by document in text order.

    Validity: the document's stated validity (pkg:validFrom/validUntil); failing that, the
    plan period its title states (政策措施（2025—2027年） -> until 2027-12-31), which is how
    long such measures apply.
    """
    tiers: dict[str, list[tuple[int, Tier]]] = defaultdict(list)
    for t in _select(store, _TIERS):
        tiers[t["f"]].append((t["order"], Tier(_f(t.get("min")), _f(t.get("max")), float(t["ratio"]),
                                               _f(t.get("cap")))))
    conditions = _conditions(store)
    seen: dict[str, Rule] = {}
    for r in sorted(_select(store, _RULES), key=lambda r: sorted((k, str(v)) for k, v in r.items())):
        if r["f"] in seen:
            continue
        rate = None
        if r.get("rateValue") is not None:
            rate = UnitRate(float(r["rateValue"]), r.get("rateUnit", ""), r.get("rateBasis", ""))
        incentive = Incentive(
            clause=r.get("path"), beneficiary=r.get("beneficiary", ""), project=r.get("project", ""),
            text=r.get("text", ""), prov=Provenance("store", "", (int(r["pos"]), int(r.get("end") or r["pos"]))),
            unit_rate=rate, ratio_cap=_f(r.get("ratioCap")), ratio_basis=r.get("ratioBasis"),
            raised_ratio=_f(r.get("raised")), raised_for=r.get("raisedFor"), cap_yuan=_f(r.get("capYuan")),
            cap_scope=r.get("capScope"), floor_yuan=_f(r.get("floorYuan")), fixed_yuan=_f(r.get("fixedYuan")),
            tiers=[t for _, t in sorted(tiers.get(r["f"], []), key=lambda x: x[0])],
            tiers_inclusive=r.get("inclusive", True) not in (False, "false"),
            interest_rate=_f(r.get("interest")), rate_reduction_bp=_f(r.get("bp")), reference=r.get("reference"),
            conditions=conditions.get(r["f"], []))
        valid_from, valid_until = _day(r.get("from")), _day(r.get("until"))
        source = "document" if (valid_from or valid_until) else None
        if source is None and r.get("planEnd") is not None:
            valid_from = date(int(r["planStart"]), 1, 1) if r.get("planStart") is not None else None
            valid_until, source = date(int(r["planEnd"]), 12, 31), "plan period"
        seen[r["f"]] = Rule(
            iri=r["f"], incentive=incentive, clause=r["owner"], doc=r["doc"], doc_title=r.get("title", ""),
            clause_text=r.get("clauseText", "") or incentive.text, path=r.get("path"), region=r.get("region"),
            city=r.get("city"), level=r.get("level"), valid_from=valid_from, valid_until=valid_until,
            validity_source=source, order=int(r["pos"]))
    return sorted(seen.values(), key=lambda rule: (rule.doc, rule.order, rule.iri))
