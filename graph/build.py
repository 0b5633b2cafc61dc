"""Documents (ingest.models) -> RDF: one named graph per document.

``document_graphs`` is what ingest calls: it returns one ``(graph IRI, rdflib.Graph)`` per
document, a compilation's own record first and then one graph per part. The graph IRI is the
document IRI, so replacing a document is replacing its graph. Vocabulary: ontology/policy.ttl.

Every fact node carries ``pkg:clause`` (or ``pkg:document`` for a preamble fact),
``prov:wasDerivedFrom`` the same node, its char span in the source text and
``prov:wasGeneratedBy`` the extractor (name + version) that made it. Whole texts are not
stored: each clause carries its own text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from ingest.models import Agency, AgencyTask, Clause, Condition, Deadline, Document, Incentive, Target

from .errors import BuildError
from .iris import agency_iri, clause_iris, document_iri, extractor_iri, fact_iri
from .namespaces import ELI, ORG, PKG, PROV, RDF, RDFS, SKOS, XSD, bind_prefixes

IRI = str
_ROLE_SHORTCUT = {"lead": PKG.leadAgency, "responsible": PKG.responsibleAgency, "co": PKG.coAgency}
_GMONTHDAY = re.compile(r"^--\d\d-\d\d$")
_DURATION = re.compile(r"^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def _dec(value: float) -> Literal:
    """A number as an xsd:decimal in canonical form (what stores give back).

    >>> [str(_dec(v)) for v in (5000000.0, 0.14, 12, 2.50)]
    ['5000000', '0.14', '12', '2.5']
    """
    text = format(Decimal(repr(float(value))), "f")  # repr keeps 0.14 short, "f" avoids 5E+6
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def document_graphs(doc: Document, source_text: str | None = None) -> list[tuple[IRI, Graph]]:
    """Graphs of one ingested file's document: the document, or a compilation and each of its parts.

    Args:
        doc: the document; a compilation (``doc.parts``) yields its own graph first.
        source_text: the source file's text; when given, every span is checked against it.

    Returns:
        ``[(graph IRI, graph), ...]``; each graph IRI is its document's IRI.
    """
    iri, graph = document_graph(doc, source_text)
    out = [(iri, graph)]
    for index, part in enumerate(doc.parts):
        if not part.source:
            part.source = doc.source
        if not part.sha256:
            part.sha256 = doc.sha256
        part_iri, part_graph = document_graph(part, source_text, part_of=iri, index=index)
        graph.add((URIRef(iri), ELI.has_part, URIRef(part_iri)))
        out.append((part_iri, part_graph))
    return out


def document_graph(doc: Document, source_text: str | None = None, *, part_of: IRI | None = None,
                   index: int = 0) -> tuple[IRI, Graph]:
    """The named graph of one document: its record, clause tree, agencies and facts.

    Args:
        doc: the document (its ``parts`` are not included: see ``document_graphs``).
        source_text: the source file's text, used to check spans; optional.
        part_of: IRI of the compilation holding this document.
        index: position among the compilation's parts (identity of an untitled part only).

    Raises:
        BuildError: a fact names a clause key the document does not have, or a span lies
            outside the source text.
    """
    iri = document_iri(doc, part_of, index)
    return iri, _Builder(doc, iri, source_text, part_of).build()


class _Builder:
    """Adds the triples of one document to one graph."""

    def __init__(self, doc: Document, iri: IRI, source_text: str | None, part_of: IRI | None) -> None:
        self.doc, self.iri, self.node = doc, iri, URIRef(iri)
        self.source_len = len(source_text) if source_text is not None else None
        self.part_of = part_of
        self.g = Graph(identifier=URIRef(iri))
        bind_prefixes(self.g)
        self.clauses = clause_iris(iri, [c.key for c in doc.clauses])
        self.clause_start = {c.key: c.span[0] for c in doc.clauses if c.pieces}

    def build(self) -> Graph:
        self._document()
        for order, clause in enumerate(self.doc.clauses):
            self._clause(clause, order)
        for task in self.doc.agency_tasks:
            self._responsibility(task)
        for target in self.doc.targets:
            self._target(target)
        for deadline in self.doc.deadlines:
            self._deadline(deadline)
        for incentive in self.doc.incentives:
            self._incentive(incentive)
        return self.g

    # -- helpers -------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        """Add a triple unless the value is missing; python values become typed literals."""
        if o is None or o == "":
            return
        if not isinstance(o, URIRef | Literal):
            o = _dec(o) if isinstance(o, float) else Literal(o)
        self.g.add((s, p, o))

    def span(self, node: URIRef, span: tuple[int, int], what: str) -> None:
        start, end = span
        if start > end or start < 0 or (self.source_len is not None and end > self.source_len):
            raise BuildError(self.doc.source, f"{what}: span {span} outside the source text")
        self.add(node, PKG.spanStart, start)
        self.add(node, PKG.spanEnd, end)

    def agency(self, agency: Agency, mention: str | None = None) -> URIRef:
        node = URIRef(agency_iri(agency))
        self.add(node, RDF.type, ORG.Organization)
        self.add(node, SKOS.prefLabel, _zh(agency.name))
        if mention and mention != agency.name:  # SKOS keeps pref and alt labels disjoint
            self.add(node, SKOS.altLabel, _zh(mention))
        self.add(node, PKG.region, agency.region)
        self.add(node, PKG.level, agency.level)
        self.add(node, PKG.agencyKind, agency.kind)
        self.add(node, PKG.known, agency.known)
        return node

    def fact(self, kind: str, cls: URIRef, fact: AgencyTask | Target | Deadline | Incentive) -> URIRef:
        """The node of a fact with its clause link and provenance."""
        if fact.clause is None:
            owner, start, link = self.node, self.doc.span[0], PKG.document
        elif fact.clause in self.clauses:
            owner, start, link = URIRef(self.clauses[fact.clause]), self.clause_start.get(fact.clause, 0), PKG.clause
        else:
            raise BuildError(self.doc.source, f"{kind} points at clause {fact.clause!r}, not in the document")
        node = URIRef(fact_iri(str(owner), kind, fact, start))
        self.add(node, RDF.type, cls)
        self.add(node, link, owner)
        self.add(node, PROV.wasDerivedFrom, owner)
        self.span(node, fact.prov.span, kind)
        extractor = URIRef(extractor_iri(fact.prov.extractor, fact.prov.version))
        self.add(extractor, RDF.type, PKG.Extractor)
        self.add(extractor, RDFS.label, fact.prov.extractor)
        self.add(extractor, PKG.version, fact.prov.version)
        self.add(node, PROV.wasGeneratedBy, extractor)
        return node

    # -- records -------------------------------------------------------------------------------
    def _document(self) -> None:
        d, node = self.doc, self.node
        self.add(node, RDF.type, ELI.LegalResource)
        if d.title:
            self.add(node, ELI.title, _zh(d.title))
        self.add(node, ELI.date_document, d.date)
        self.add(node, ELI.id_local, d.doc_number)
        resolved = d.issuer_agencies if len(d.issuer_agencies) == len(d.issuers) else [Agency(i) for i in d.issuers]
        for issuer, agency in zip(d.issuers, resolved, strict=True):
            self.add(node, ELI.passed_by, self.agency(agency, mention=issuer))
            self.add(node, PKG.issuerName, _zh(issuer))  # the form the text signs with
        if self.part_of:
            self.add(node, ELI.is_part_of, URIRef(self.part_of))
            # the compilation's required fields repeated (same triples as in its own graph), so each
            # document's graph validates on its own
            whole = URIRef(self.part_of)
            self.add(whole, RDF.type, ELI.LegalResource)
            self.add(whole, PKG.sourceFile, d.source)
            self.add(whole, PKG.documentKind, "compilation")
        self.add(node, PKG.region, d.region)
        self.add(node, PKG.city, getattr(d, "city", None))
        self.add(node, PKG.level, d.level)
        self.add(node, PKG.validFrom, d.valid_from)
        self.add(node, PKG.validUntil, d.valid_until)
        self.add(node, PKG.validityText, d.validity_text)
        self.add(node, PKG.sourceFile, d.source)
        self.add(node, PKG.sourceSha256, d.sha256)
        self.add(node, PKG.documentKind, "compilation" if d.parts else d.kind)
        if d.plan_period:
            self.add(node, PKG.planStart, d.plan_period[0])
            self.add(node, PKG.planEnd, d.plan_period[1])
        self.span(node, d.span, "document")

    def _clause(self, c: Clause, order: int) -> None:
        node = URIRef(self.clauses[c.key])
        if c.parent is not None and c.parent not in self.clauses:
            raise BuildError(self.doc.source, f"clause {c.key!r} has parent {c.parent!r}, not in the document")
        parent = URIRef(self.clauses[c.parent]) if c.parent is not None else self.node
        self.add(node, RDF.type, ELI.LegalResourceSubdivision)
        self.add(node, ELI.is_part_of, parent)
        self.add(node, PKG.document, self.node)
        self.add(node, PKG.path, c.key)
        self.add(node, PKG.marker, c.marker)
        self.add(node, PKG.heading, c.heading)
        self.add(node, PKG.text, c.text)
        self.add(node, PKG.depth, c.depth)
        self.add(node, PKG.order, order)
        self.add(node, PKG.inline, c.inline)
        self.add(node, PKG.clauseKind, c.kind)
        if c.pieces:
            self.span(node, c.span, f"clause {c.key}")

    def _responsibility(self, t: AgencyTask) -> None:
        node = self.fact("responsibility", PKG.Responsibility, t)
        agency = self.agency(t.agency, t.mention)
        self.add(node, PKG.agency, agency)
        self.add(node, PKG.role, t.role)
        self.add(node, PKG.mention, t.mention)
        owner = URIRef(self.clauses[t.clause]) if t.clause is not None else self.node
        if t.role in _ROLE_SHORTCUT:  # shapes.ttl reports any other role on the qualified node
            self.add(owner, _ROLE_SHORTCUT[t.role], agency)

    def _target(self, t: Target) -> None:
        node = self.fact("target", PKG.Target, t)
        self.add(node, PKG.indicator, t.indicator)
        self.add(node, PKG.value, float(t.value))
        self.add(node, PKG.unit, t.unit)
        self.add(node, PKG.comparator, t.comparator)
        self.add(node, PKG.targetYear, t.year)
        self.add(node, PKG.baselineYear, t.baseline_year)
        self.add(node, PKG.nature, t.nature)
        self.add(node, PKG.text, t.text)

    def _deadline(self, d: Deadline) -> None:
        node = self.fact("deadline", PKG.Deadline, d)
        self.add(node, PKG.expression, d.expression)
        self.add(node, PKG.date, d.date)
        self.add(node, PKG.start, d.start)
        if d.recurring and _GMONTHDAY.match(d.recurring):
            self.add(node, PKG.recurring, Literal(d.recurring, datatype=XSD.gMonthDay))
        if d.relative and _DURATION.match(d.relative):
            self.add(node, PKG.relative, Literal(d.relative, datatype=XSD.duration))
        self.add(node, PKG.task, d.task)

    def _incentive(self, i: Incentive) -> None:
        node = self.fact("incentive", PKG.Incentive, i)
        for prop, value in ((PKG.beneficiary, i.beneficiary), (PKG.project, i.project), (PKG.text, i.text),
                            (PKG.ratioBasis, i.ratio_basis), (PKG.raisedFor, i.raised_for),
                            (PKG.capScope, i.cap_scope), (PKG.reference, i.reference),
                            (PKG.tiersInclusive, i.tiers_inclusive)):
            self.add(node, prop, value)
        for prop, number in ((PKG.ratioCap, i.ratio_cap), (PKG.raisedRatio, i.raised_ratio),
                             (PKG.capYuan, i.cap_yuan), (PKG.floorYuan, i.floor_yuan),
                             (PKG.fixedYuan, i.fixed_yuan), (PKG.interestRate, i.interest_rate),
                             (PKG.rateReductionBp, i.rate_reduction_bp)):
            self.add(node, prop, None if number is None else float(number))
        if i.unit_rate:
            rate = URIRef(f"{node}/rate")
            self.add(node, PKG.unitRate, rate)
            self.add(rate, RDF.type, PKG.UnitRate)
            self.add(rate, PKG.value, float(i.unit_rate.value))
            self.add(rate, PKG.unit, i.unit_rate.unit)
            self.add(rate, PKG.basis, i.unit_rate.basis)
        for n, tier in enumerate(i.tiers):
            t = URIRef(f"{node}/tier/{n}")
            self.add(node, PKG.tier, t)
            self.add(t, RDF.type, PKG.Tier)
            self.add(t, PKG.order, n)
            self.add(t, PKG.minYuan, None if tier.min_yuan is None else float(tier.min_yuan))
            self.add(t, PKG.maxYuan, None if tier.max_yuan is None else float(tier.max_yuan))
            self.add(t, PKG.ratio, float(tier.ratio))
            self.add(t, PKG.capYuan, None if tier.cap_yuan is None else float(tier.cap_yuan))
        for n, condition in enumerate(i.conditions):
            self.add(node, PKG.condition, self._condition(URIRef(f"{node}/cond/{n}"), condition, n))

    def _condition(self, node: URIRef, c: Condition, order: int) -> URIRef:
        self.add(node, RDF.type, PKG.Condition)
        self.add(node, PKG.order, order)
        self.add(node, PKG.text, c.text)
        self.add(node, PKG.indicator, c.indicator)
        self.add(node, PKG.comparator, c.comparator)
        self.add(node, PKG.value, None if c.value is None else float(c.value))
        self.add(node, PKG.unit, c.unit)
        for n, alternative in enumerate(c.any_of):  # "A以上或B以上": any one alternative suffices
            self.add(node, PKG.anyOf, self._condition(URIRef(f"{node}/{n}"), alternative, n))
        return node
