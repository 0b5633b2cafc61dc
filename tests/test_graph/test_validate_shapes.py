"""graph.validate + ontology/: SHACL shapes accept good graphs and explain broken ones."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from test_build_graph import NEWS_TEXT, PLAN_TEXT, newsletter, wenzhou_plan

from graph.build import document_graph, document_graphs
from graph.namespaces import ELI, PKG, PROV
from graph.store import open_store
from graph.validate import validate
from ontology import ONTOLOGY_PATH, SHAPES_PATH

XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.mark.parametrize("which", range(3))
def test_validate_built_graphs_conform(which):
    graphs = document_graphs(wenzhou_plan(), PLAN_TEXT) + document_graphs(newsletter(), NEWS_TEXT)[1:]
    conforms, report = validate(graphs[which][1])
    assert conforms, report


def test_validate_store_union_conforms(tmp_path):
    with open_store(tmp_path / "db") as s:
        for doc, text in ((wenzhou_plan(), PLAN_TEXT), (newsletter(), NEWS_TEXT)):
            for iri, g in document_graphs(doc, text):
                s.replace_graph(iri, g)
        conforms, report = validate(s)
    assert conforms, report


def _first(g, cls):
    return next(g.subjects(RDF.type, cls))


def _set(cls, prop, value):
    def breaks(g):
        g.set((_first(g, cls), prop, value))
    return breaks


def _drop(cls, prop):
    def breaks(g):
        g.remove((_first(g, cls), prop, None))
    return breaks


@pytest.mark.parametrize("break_graph, message", [
    (_set(PKG.Responsibility, PKG.role, Literal("boss")), "role must be lead, responsible or co"),
    (_set(PKG.Target, PKG.comparator, Literal("≥")), "comparator must be one of"),
    (_set(PKG.Target, PKG.value, Literal("十四")), "xsd:decimal value"),
    (_set(PKG.Deadline, PKG.date, Literal("2023年底")), "xsd:date"),
    (_set(ELI.LegalResource, PKG.level, Literal("city")), "level is national"),
    (_set(PKG.Incentive, PKG.ratioCap, Literal("25", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
     "share between 0 and 1"),
    (_drop(PKG.Responsibility, PKG.agency), "names exactly one agency"),
    (_drop(PKG.Target, PROV.wasGeneratedBy), "names the extractor"),
    (_drop(ELI.LegalResourceSubdivision, PKG.document), "links to exactly one document"),
])
def test_validate_broken_graph_fails_with_a_useful_message(break_graph, message):
    _, g = document_graph(wenzhou_plan(), PLAN_TEXT)
    break_graph(g)
    conforms, report = validate(g)
    assert not conforms
    assert message in report


def test_ontology_labels_every_term_used_in_chinese_and_english():
    ontology = Graph().parse(ONTOLOGY_PATH)
    graphs = document_graphs(wenzhou_plan(), PLAN_TEXT) + document_graphs(newsletter(), NEWS_TEXT)
    used = {p for _, g in graphs for p in g.predicates()} | {o for _, g in graphs for o in g.objects(None, RDF.type)}
    used -= {RDF.type}
    missing = []
    for term in sorted(used):
        langs = {label.language for label in ontology.objects(term, RDFS.label)}
        if not {"zh", "en"} <= langs or ontology.value(term, RDFS.comment) is None:
            missing.append(term)
    assert missing == []


def test_ontology_declares_domain_or_range_for_project_properties():
    ontology = Graph().parse(ONTOLOGY_PATH)
    props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    project = [p for p in props if str(p).startswith(str(PKG))]
    assert len(project) > 50
    assert [p for p in project if ontology.value(p, RDFS.range) is None] == []


def test_shapes_file_parses_and_targets_every_fact_class():
    shapes = Graph().parse(SHAPES_PATH)
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    assert {PKG.Responsibility, PKG.Target, PKG.Deadline, PKG.Incentive, PKG.Condition, PKG.Tier,
            ELI.LegalResource, ELI.LegalResourceSubdivision} <= targets


def test_validate_corpus_graph_conforms(corpus_db) -> None:
    """The whole ingested corpus satisfies ontology/shapes.ttl (`policykg validate` exits 0)."""
    from api.cli import main

    assert main(["validate", "--db", str(corpus_db)]) == 0
