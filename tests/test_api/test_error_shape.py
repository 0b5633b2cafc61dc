"""Every error path answers the one JSON error shape {"error": {"status", "code", "message"}} (STYLE.md §8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    settings = Settings(db=corpus_db, admin_token=None, max_request_bytes=2_000)
    with TestClient(create_app(settings)) as c:
        yield c


CASES = [
    (404, "GET", "/no/such/route", {}),
    (404, "GET", "/documents/ffffffffffff", {}),
    (400, "GET", "/documents/..%5Cetc", {}),
    (400, "GET", "/sparql", {}),
    (400, "GET", "/sparql", {"params": {"query": "SELEC nothing"}}),
    (403, "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}),
    (405, "PUT", "/sparql", {}),
    (405, "DELETE", "/health", {}),
    (406, "GET", "/sparql", {"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}),
    (406, "GET", "/sparql", {"params": {"query": "ASK {}", "format": "turtle"}}),
    (413, "POST", "/sparql", {"data": {"query": "ASK {} #" + "x" * 3_000}}),
    (413, "GET", "/sparql", {"params": {"query": "ASK {} #" + "x" * 3_000}}),
    (415, "POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}),
    (422, "GET", "/documents", {"params": {"limit": "many"}}),
    (422, "GET", "/documents", {"params": {"offset": "-1"}}),
]


@pytest.mark.parametrize(("status", "method", "url", "kwargs"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_error_shape_everywhere(client, status, method, url, kwargs):
    response = client.request(method, url, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_error_shape_streamed_body_over_limit(client):
    """A body without Content-Length is counted as it arrives."""

    def chunks():
        for _ in range(10):
            yield b"query=" + b"x" * 500

    response = client.post("/sparql", content=chunks(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
