"""/sparql limits: read-only (403 for updates and SERVICE), parser errors (400), time limit, row cap."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

TOKEN = "s3cret-admin-token"
# a cartesian product over every triple that yields a row now and then: minutes to finish
SLOW = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?a = ?d && ?b = ?e && ?c = ?f) }"
INSERT = 'INSERT DATA { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> "加入" } }'
ASK_INSERTED = 'ASK { <urn:test:s> <urn:test:p> "加入" }'


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    settings = Settings(db=corpus_db, admin_token=None, query_timeout_s=1.0, query_row_cap=5)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def admin_client(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("writable") / "db"
    shutil.copytree(corpus_db, db)
    with TestClient(create_app(Settings(db=db, admin_token=TOKEN))) as c:
        yield c


def ask(client: TestClient, text: str) -> bool:
    response = client.get("/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


UPDATE_FORMS = [
    {"data": {"update": INSERT}},
    {"content": INSERT.encode(), "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"query": INSERT}},  # an update sent as a query is still an update
    {"data": {"update": "CLEAR ALL"}},
    {"data": {"update": "DROP SILENT GRAPH <https://w3id.org/policykg/doc/4ba0278a6b30>"}},
    {"data": {"update": "LOAD <http://example.org/data.ttl>"}},
]


@pytest.mark.parametrize("request_kwargs", UPDATE_FORMS)
def test_sparql_update_refused_without_admin_token(client, request_kwargs):
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "without an admin token" in response.json()["error"]["message"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "])
def test_sparql_update_refused_with_wrong_token(admin_client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = admin_client.post("/sparql", data={"update": INSERT}, headers=headers)
    assert response.status_code == 403
    assert "Authorization: Bearer" in response.json()["error"]["message"]
    assert ask(admin_client, ASK_INSERTED) is False


def test_sparql_update_applies_with_admin_token(admin_client):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = admin_client.post("/sparql", content=INSERT.encode(),
                                 headers={**headers, "Content-Type": "application/sparql-update"})
    assert response.status_code == 204, response.text
    assert ask(admin_client, ASK_INSERTED) is True
    response = admin_client.post("/sparql", data={"update": "DROP GRAPH <urn:test:g>"}, headers=headers)
    assert response.status_code == 204
    assert ask(admin_client, ASK_INSERTED) is False


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_sparql_service_refused_read_only(client, text):
    response = client.get("/sparql", params={"query": text})
    assert response.status_code == 403
    assert "SERVICE" in response.json()["error"]["message"]


@pytest.mark.parametrize(("text", "fragment"), [
    ("SELEC * WHERE { ?s ?p ?o }", "invalid SPARQL: error at 1:"),
    ("SELECT * WHERE { ?s ?p }", "invalid SPARQL"),
    ("SELECT * WHERE { ?s nope:p ?o }", "Prefix not found"),
])
def test_sparql_malformed_query_gives_parser_message(client, text, fragment):
    response = client.get("/sparql", params={"query": text})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid_query"
    assert fragment in body["message"]


@pytest.mark.parametrize(("limit", "status"), [(5, 200), (6, 400), (None, 400)])
def test_sparql_row_cap(client, limit, status):
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }" + (f" LIMIT {limit}" if limit else "")
    response = client.get("/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == status
    if status == 200:
        assert len(response.json()["results"]["bindings"]) == 5
    else:
        assert response.json()["error"]["code"] == "too_many_rows"
        assert "LIMIT" in response.json()["error"]["message"]


def test_sparql_construct_row_cap(client):
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "more than 5 triples" in response.json()["error"]["message"]


@pytest.fixture(scope="module")
def slow_client(corpus_db: Path):
    with TestClient(create_app(Settings(db=corpus_db, admin_token=None, query_timeout_s=1.0))) as c:
        yield c


def test_sparql_time_limit_and_health_meanwhile(slow_client):
    client = slow_client
    outcome: dict = {}

    def slow() -> None:
        started = time.perf_counter()
        outcome["response"] = client.get("/sparql", params={"query": SLOW})
        outcome["seconds"] = time.perf_counter() - started

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.3)
    started = time.perf_counter()
    health = client.get("/health")
    health_seconds = time.perf_counter() - started
    assert worker.is_alive(), "the slow query should still be running while /health answers"
    worker.join(30)
    assert health.status_code == 200 and health.json()["triples"] > 1000
    assert health_seconds < 1.0
    response = outcome["response"]
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "timeout"
    assert "time limit of 1 s" in response.json()["error"]["message"]
    assert 1.0 <= outcome["seconds"] < 5
    # the runaway query was stopped: a normal query gets a worker and answers at once
    assert ask(client, "ASK { ?s ?p ?o }") is True
