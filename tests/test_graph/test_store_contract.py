"""graph.store: one contract suite for every backend (STYLE.md §4).

``store_options`` runs each test on an embedded Oxigraph store in a temporary directory, on the
remote backend talking HTTP to a minimal in-process SPARQL 1.1 endpoint (pyoxigraph behind
http.server: the protocol code is exercised without a server package) and, under the
``virtuoso`` marker, on the endpoint given by a ``virtuoso_url`` fixture (the root conftest
starts the server; it returns a URL or a dict of ``open_store`` keyword arguments with ``url``).
Counts are compared as differences, so a shared server's own graphs do not matter.
"""

from __future__ import annotations

import threading
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from test_build_graph import NEWS_TEXT, PLAN_TEXT, newsletter, wenzhou_plan

import graph.store as store_module
import graph.store_sparql as store_sparql
from graph.build import document_graph, document_graphs
from graph.errors import QueryError, StoreError
from graph.namespaces import sparql_prefixes
from graph.store import OxigraphStore, open_store

SAMPLE_SOURCES = ("wenzhou_plan.txt", "newsletter_2022_3.txt")


class _Endpoint(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol over an in-memory pyoxigraph store: query= and update= forms."""

    store: ox.Store

    def do_POST(self):  # noqa: N802 - http.server's naming
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        try:
            if "update" in form:
                self.store.update(form["update"][0])
                body, ctype = b"", "text/plain"
            else:
                result = self.store.query(form["query"][0], use_default_graph_as_union=True)
                if isinstance(result, ox.QueryTriples):
                    body, ctype = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), "application/n-triples"
                else:
                    body = result.serialize(format=ox.QueryResultsFormat.JSON)
                    ctype = "application/sparql-results+json"
            status = 200
        except SyntaxError as e:
            body, ctype, status = str(e).encode(), "text/plain", 400
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def sparql_endpoint():
    handler = type("Handler", (_Endpoint,), {"store": ox.Store()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["oxigraph", "sparql-http", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store_options(request, tmp_path) -> dict:
    if request.param == "oxigraph":
        return {"url": f"oxigraph:{tmp_path / 'db'}"}
    if request.param == "sparql-http":
        return {"url": request.getfixturevalue("sparql_endpoint")}
    try:
        found = request.getfixturevalue("virtuoso_url")
    except pytest.FixtureLookupError:
        pytest.skip("no virtuoso_url fixture: the root conftest starts Virtuoso")
    return dict(found) if isinstance(found, dict) else {"url": found}


@pytest.fixture
def store(store_options):
    options = dict(store_options)
    with open_store(options.pop("url"), **options) as s:
        _forget_samples(s)
        yield s
        _forget_samples(s)


def _forget_samples(s) -> None:
    for source, graphs in s.source_graphs().items():
        if source in SAMPLE_SOURCES:
            for g in graphs:
                s.drop_graph(g)


def _load(s, doc, text) -> list[tuple[str, Graph]]:
    graphs = document_graphs(doc, text)
    for iri, g in graphs:
        s.replace_graph(iri, g)
    return graphs


def _graph_size(s, iri: str) -> int:
    rows = s.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    return rows[0]["n"]


def test_store_round_trip_keeps_every_triple(store):
    [(iri, g)] = _load(store, wenzhou_plan(), PLAN_TEXT)
    back = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert isinstance(back, Graph)
    assert set(back) == set(g)


@pytest.mark.parametrize("sparql, expected", [
    ("SELECT ?depth WHERE { ?c pkg:path \"一/（一）/1\" ; pkg:depth ?depth }", [{"depth": 3}]),
    ("SELECT ?d WHERE { ?x pkg:expression \"2023年底前\" ; pkg:date ?d }", [{"d": date(2023, 12, 31)}]),
    ("SELECT ?v WHERE { ?t a pkg:Target ; pkg:value ?v }", [{"v": 14.0}]),
    ("SELECT ?i WHERE { ?c pkg:path \"一\" ; pkg:inline ?i }", [{"i": False}]),
    ("ASK { ?c pkg:leadAgency ?a . ?a skos:prefLabel \"温州市经济和信息化局\"@zh }", True),
    ("ASK { ?c pkg:leadAgency ?a . ?a skos:prefLabel \"温州市财政局\"@zh }", False),
])
def test_store_query_returns_python_values(store, sparql, expected):
    _load(store, wenzhou_plan(), PLAN_TEXT)
    assert store.query(sparql_prefixes() + sparql) == expected


def test_store_default_graph_is_union_of_documents(store):
    _load(store, wenzhou_plan(), PLAN_TEXT)
    _load(store, newsletter(), NEWS_TEXT)
    rows = store.query(sparql_prefixes() + "SELECT ?f WHERE { ?d pkg:sourceFile ?f } ORDER BY ?f")
    assert sorted({r["f"] for r in rows}) == sorted(SAMPLE_SOURCES)


def test_store_replace_same_document_twice_is_idempotent(store):
    before = store.counts()
    _load(store, wenzhou_plan(), PLAN_TEXT)
    once = store.counts()
    _load(store, wenzhou_plan(), PLAN_TEXT)
    assert store.counts() == once
    assert once["documents"] - before["documents"] == 1
    assert once["clauses"] - before["clauses"] == 5


def test_store_replace_removes_facts_of_the_old_version(store):
    doc = wenzhou_plan()
    [(iri, _)] = _load(store, doc, PLAN_TEXT)
    doc.incentives, doc.deadlines = [], []
    _, smaller = document_graph(doc, PLAN_TEXT)
    store.replace_graph(iri, smaller)
    assert _graph_size(store, iri) == len(smaller)
    assert store.query(sparql_prefixes() + "ASK { ?i a pkg:Incentive }") is False


def test_store_failed_replace_leaves_old_graph_whole(store, monkeypatch):
    [(iri, g)] = _load(store, wenzhou_plan(), PLAN_TEXT)
    real = store_module._ntriples

    def broken(graph):
        yield from real(graph)
        yield "<urn:x> <urn:y> this is not RDF ."

    monkeypatch.setattr(store_module, "_ntriples", broken)
    monkeypatch.setattr(store_sparql, "_ntriples", broken)
    doc = wenzhou_plan()
    doc.incentives = []
    with pytest.raises(QueryError):
        store.replace_graph(iri, document_graph(doc, PLAN_TEXT)[1])
    assert _graph_size(store, iri) == len(g)


def test_store_compilation_counts_its_parts_not_itself(store):
    before = store.counts()
    _load(store, newsletter(), NEWS_TEXT)
    after = store.counts()
    assert after["documents"] - before["documents"] == 2
    assert after["triples"] > before["triples"]


def test_store_graph_hashes_and_sources(store):
    plan = _load(store, wenzhou_plan(), PLAN_TEXT)
    news = _load(store, newsletter(), NEWS_TEXT)
    hashes = store.graph_hashes()
    assert hashes[plan[0][0]] == "a" * 64
    assert {hashes[iri] for iri, _ in news} == {"b" * 64}
    sources = store.source_graphs()
    assert sources["newsletter_2022_3.txt"] == {iri for iri, _ in news}


def test_store_source_hashes_name_each_file_once(store):
    _load(store, wenzhou_plan(), PLAN_TEXT)
    _load(store, newsletter(), NEWS_TEXT)
    hashes = {k: v for k, v in store.source_hashes().items() if k in SAMPLE_SOURCES}
    assert hashes == {"wenzhou_plan.txt": "a" * 64, "newsletter_2022_3.txt": "b" * 64}


def test_store_replace_source_drops_documents_the_file_no_longer_holds(store):
    old = _load(store, newsletter(), NEWS_TEXT)
    changed = newsletter()
    changed.parts[1].title = "本市召开节能降碳工作会议"  # a new title: a new IRI for that part
    new = document_graphs(changed, NEWS_TEXT)
    store.replace_source("newsletter_2022_3.txt", new)
    assert store.source_graphs()["newsletter_2022_3.txt"] == {iri for iri, _ in new}
    assert old[2][0] not in {iri for iri, _ in new}
    assert _graph_size(store, old[2][0]) == 0
    assert _graph_size(store, new[2][0]) == len(new[2][1])


def test_store_drop_graph(store):
    [(iri, _)] = _load(store, wenzhou_plan(), PLAN_TEXT)
    store.drop_graph(iri)
    assert _graph_size(store, iri) == 0
    assert iri not in store.graph_hashes()


def test_store_update_runs_sparql_update(store):
    [(iri, _)] = _load(store, wenzhou_plan(), PLAN_TEXT)
    store.update(f"INSERT DATA {{ GRAPH <{iri}> {{ <{iri}> <urn:test:p> \"x\" }} }}")
    assert store.query(f"ASK {{ <{iri}> <urn:test:p> \"x\" }}") is True


def test_store_invalid_query_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")


# -- the embedded backend only ---------------------------------------------------------------

@pytest.mark.parametrize("url_of", [lambda p: str(p), lambda p: f"oxigraph:{p}"])
def test_store_oxigraph_persists_across_reopen(tmp_path, url_of):
    with open_store(url_of(tmp_path / "db")) as s:
        assert isinstance(s, OxigraphStore)
        _load(s, wenzhou_plan(), PLAN_TEXT)
        counts = s.counts()
    with open_store(url_of(tmp_path / "db")) as s:
        assert s.counts() == counts


def test_store_oxigraph_rdflib_view_sees_the_data(tmp_path):
    with open_store(tmp_path / "db") as s:
        [(iri, g)] = _load(s, wenzhou_plan(), PLAN_TEXT)
        dataset = s.dataset()
        assert len(dataset.graph(URIRef(iri))) == len(g)


def test_store_oxigraph_read_only_refuses_updates(tmp_path):
    with open_store(tmp_path / "db") as s:
        _load(s, wenzhou_plan(), PLAN_TEXT)
        counts = s.counts()
    with open_store(tmp_path / "db", read_only=True) as ro:
        assert ro.counts() == counts
        with pytest.raises(StoreError, match="read-only"):
            ro.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def _file(p):
    p.write_text("x")
    return p


def _junk_dir(p):
    p.mkdir()
    (p / "notes.txt").write_text("x")
    return p


@pytest.mark.parametrize("make, read_only, message", [
    (_file, False, "is a file"),
    (_junk_dir, False, "not an Oxigraph store"),
    (lambda p: p, True, "no store here"),
])
def test_store_oxigraph_refuses_what_is_not_a_store(tmp_path, make, read_only, message):
    path = make(tmp_path / "target")
    with pytest.raises(StoreError, match=message) as info:
        open_store(path, read_only=read_only)
    assert info.value.path == str(path)


def test_store_oxigraph_refuses_unwritable_directory(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes everywhere")
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o500)
    with pytest.raises(StoreError, match="not writable|cannot create"):
        open_store(locked / "db")


def test_store_oxigraph_second_writer_gets_a_clear_error(tmp_path):
    with open_store(tmp_path / "db"):
        with pytest.raises(StoreError, match="locked"):
            open_store(tmp_path / "db")


def test_store_unknown_scheme_is_refused():
    with pytest.raises(StoreError, match="unknown store kind"):
        open_store("ftp://example.org/sparql")


def test_store_oxigraph_readers_never_see_half_a_graph(tmp_path):
    """A reader running during replacements sees the old or the new graph, never a mix."""
    with open_store(tmp_path / "db") as s:
        [(iri, full)] = _load(s, wenzhou_plan(), PLAN_TEXT)
        small_doc = wenzhou_plan()
        small_doc.incentives = []
        _, small = document_graph(small_doc, PLAN_TEXT)
        seen: set[int] = set()
        done = threading.Event()

        def read():
            while not done.is_set():
                seen.add(_graph_size(s, iri))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for i in range(30):
                s.replace_graph(iri, small if i % 2 == 0 else full)
        finally:
            done.set()
            reader.join()
        assert seen <= {len(full), len(small)}
        assert seen


def _by_value(graph: Graph) -> set:
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


def test_store_sparql_large_graph_is_staged_then_moved(sparql_endpoint):
    from graph.store_sparql import SparqlStore

    s = SparqlStore(sparql_endpoint, chunk_triples=40)
    [(iri, g)] = document_graphs(wenzhou_plan(), PLAN_TEXT)
    assert len(g) > 3 * 40
    for _ in range(2):
        s.replace_graph(iri, g)
        assert _graph_size(s, iri) == len(g)
    graphs = {r["g"] for r in s.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == {iri}


def test_store_export_reads_back_through_the_backend(store):
    from graph.export import export_jsonl, export_rdf

    _load(store, wenzhou_plan(), PLAN_TEXT)
    mine = [r for r in export_jsonl(store) if r.get("source") == "wenzhou_plan.txt" or r["type"] != "document"]
    kinds = sorted({r["type"] for r in mine})
    assert kinds == ["agency_task", "clause", "deadline", "document", "incentive", "target"]
    [(iri, g)] = document_graphs(wenzhou_plan(), PLAN_TEXT)
    union = Graph().parse(data=export_rdf(store, "ttl").decode(), format="turtle")
    # by value: rdflib's Turtle writer may print the decimal 30 as 30.0
    assert _by_value(g) <= _by_value(union)
    quads = Dataset().parse(data=export_rdf(store, "nq").decode(), format="nquads")
    assert set(quads.graph(URIRef(iri))) == set(g)
