"""Clients nobody here wrote work against /sparql on a real uvicorn server: SPARQLWrapper, rdflib's SPARQLStore."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from api.app import create_app
from api.settings import Settings

TITLE = URIRef("http://data.europa.eu/eli/ontology#title")
BEIJING = URIRef("https://w3id.org/policykg/doc/4ba0278a6b30")
SELECT = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?title WHERE { <https://w3id.org/policykg/doc/4ba0278a6b30> eli:title ?title }"""
BEIJING_TITLE = "北京市经济和信息化局 北京市生态环境局 关于印发《北京市美丽工厂建设指引》的通知"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(corpus_db: Path):
    port = free_port()
    config = uvicorn.Config(create_app(Settings(db=corpus_db, admin_token=None)), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(10)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparql_clients_sparqlwrapper_select(endpoint, method, return_format):
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(SELECT)
    client.setReturnFormat(return_format)
    result = client.query().convert()
    if return_format == JSON:
        assert [b["title"]["value"] for b in result["results"]["bindings"]] == [BEIJING_TITLE]
        assert result["results"]["bindings"][0]["title"]["xml:lang"] == "zh"
    else:
        assert [n.firstChild.data for n in result.getElementsByTagName("literal")] == [BEIJING_TITLE]


def test_sparql_clients_sparqlwrapper_csv_and_ask(endpoint):
    client = SPARQLWrapper(endpoint, returnFormat=CSV)
    client.setQuery(SELECT)
    assert client.query().convert().decode("utf-8").splitlines() == ["title", BEIJING_TITLE]
    client = SPARQLWrapper(endpoint, returnFormat=JSON)
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True


def test_sparql_clients_sparqlwrapper_construct(endpoint):
    client = SPARQLWrapper(endpoint, returnFormat=TURTLE)
    client.setQuery(f"CONSTRUCT {{ <{BEIJING}> <{TITLE}> ?t }} WHERE {{ <{BEIJING}> <{TITLE}> ?t }}")
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert graph.value(BEIJING, TITLE) == Literal(BEIJING_TITLE, lang="zh")


def test_sparql_clients_sparqlwrapper_update_refused(endpoint):
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, Exception), match="403|[Ff]orbidden|Unauthorized"):
        client.query()


def test_sparql_clients_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(SELECT))
    assert [str(r[0]) for r in rows] == [BEIJING_TITLE]
    assert graph.value(BEIJING, TITLE) == Literal(BEIJING_TITLE, lang="zh")
    assert (BEIJING, TITLE, None) in graph


@pytest.mark.parametrize(("text", "kind"), [(SELECT, "solutions"), ("ASK { ?s ?p ?o }", "boolean"),
                                            (f"DESCRIBE <{BEIJING}>", "graph")])
def test_sparql_clients_remote_store_adapter(endpoint, text, kind):
    """api.querying over graph.store_sparql.SparqlStore (our own endpoint as the remote store)."""
    from api.querying import execute
    from graph.store import open_store

    with open_store(endpoint, read_only=True) as remote:
        outcome = execute(remote, text, row_cap=1000)
    assert outcome.kind == kind
    if kind == "solutions":
        assert outcome.rows[0][0].value == BEIJING_TITLE and outcome.rows[0][0].language == "zh"
    elif kind == "boolean":
        assert outcome.boolean is True
    else:
        graph = Graph().parse(data=outcome.serialize("turtle"), format="turtle")
        assert graph.value(BEIJING, TITLE) == Literal(BEIJING_TITLE, lang="zh")
