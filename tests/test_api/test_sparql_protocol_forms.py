"""/sparql: every SPARQL 1.1 Protocol request form, every result format parsed back by rdflib / csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from api.app import create_app
from api.settings import Settings
from graph.namespaces import sparql_prefixes

PREFIXES = sparql_prefixes()
SELECT = PREFIXES + """SELECT DISTINCT ?d ?title ?date ?until WHERE {
  ?d a eli:LegalResource ; eli:title ?title . OPTIONAL { ?d eli:date_document ?date }
  OPTIONAL { ?d pkg:validUntil ?until } FILTER NOT EXISTS { ?d pkg:documentKind "compilation" } }"""
CONSTRUCT = PREFIXES + "CONSTRUCT { ?d eli:title ?t ; eli:date_document ?date } WHERE { ?d eli:title ?t ; eli:date_document ?date }"
ASK = PREFIXES + "ASK { ?d a eli:LegalResource ; pkg:region \"北京市\" }"


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    with TestClient(create_app(Settings(db=corpus_db, admin_token=None))) as c:
        yield c


@pytest.fixture(scope="module")
def expected(client) -> set[tuple[str, str, str | None]]:
    rows = client.app.state.store.query(SELECT)
    return {(r["d"], r["title"], r["date"].isoformat() if "date" in r else None) for r in rows}


def send(client: TestClient, form: str, text: str, accept: str):
    headers = {"Accept": accept}
    if form == "get":
        return client.get("/sparql", params={"query": text}, headers=headers)
    if form == "post-form":
        return client.post("/sparql", data={"query": text}, headers=headers)
    return client.post("/sparql", content=text.encode(), headers={**headers, "Content-Type": "application/sparql-query"})


FORMS = ["get", "post-form", "post-body"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values"),
])
def test_sparql_select_typed_formats_round_trip(client, expected, form, accept, fmt, media):
    response = send(client, form, SELECT, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    result = Result.parse(io.BytesIO(response.content), format=fmt)
    got = set()
    for row in result:
        title = row["title"]
        assert isinstance(title, Literal) and title.language == "zh"
        if row["date"] is not None:
            assert row["date"].datatype == XSD.date
        got.add((str(row["d"]), str(title), None if row["date"] is None else str(row["date"])))
    assert got == expected
    assert len(got) >= 10  # the corpus documents (a compilation's parts included)


@pytest.mark.parametrize("form", FORMS)
def test_sparql_select_csv_round_trip(client, expected, form):
    response = send(client, form, SELECT, "text/csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert {(r["d"], r["title"], r["date"] or None) for r in rows} == expected


@pytest.mark.parametrize(("accept", "fmt"), [("application/sparql-results+json", "json"),
                                             ("application/sparql-results+xml", "xml")])
@pytest.mark.parametrize("form", FORMS)
def test_sparql_ask_formats(client, form, accept, fmt):
    response = send(client, form, ASK, accept)
    assert response.status_code == 200
    assert Result.parse(io.BytesIO(response.content), format=fmt).askAnswer is True


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_sparql_construct_formats_round_trip(client, form, accept, rdflib_format):
    response = send(client, form, CONSTRUCT, accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    reference = client.app.state.store.query(CONSTRUCT)
    assert len(graph) == len(reference) >= 8  # a title and a date for each dated document
    beijing = URIRef("https://w3id.org/policykg/doc/4ba0278a6b30")
    assert str(graph.value(beijing, URIRef("http://data.europa.eu/eli/ontology#date_document"))) == "2025-12-18"


@pytest.mark.parametrize(("param", "media"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                              ("xml", "application/sparql-results+xml"),
                                              ("text/csv", "text/csv")])
def test_sparql_format_parameter_overrides_accept(client, param, media):
    response = client.get("/sparql", params={"query": SELECT, "format": param}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


@pytest.mark.parametrize(("accept", "media"), [
    ("*/*", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("application/sparql-results+xml;q=0.5, text/csv", "text/csv"),
])
def test_sparql_accept_negotiation(client, accept, media):
    response = client.get("/sparql", params={"query": SELECT},
                          headers={"Accept": accept})
    assert response.headers["content-type"].startswith(media)
