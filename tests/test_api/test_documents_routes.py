"""/documents and /documents/{id} over HTTP (the library is tested in test_documents_library.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

DOC = "https://w3id.org/policykg/doc/"


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    with TestClient(create_app(Settings(db=corpus_db, admin_token=None))) as c:
        yield c


@pytest.mark.parametrize(("params", "count"), [({}, 15), ({"region": "北京市"}, 3), ({"level": "municipal"}, 5),
                                               ({"q": "河南"}, 1), ({"limit": 2}, 2), ({"offset": 14}, 1)])
def test_documents_route_list(client, params, count):
    response = client.get("/documents", params=params)
    assert response.status_code == 200
    body = response.json()
    assert len(body["documents"]) == count
    first = body["documents"][0]
    assert set(first) >= {"id", "title", "issuer", "doc_number", "date", "region", "level", "kind", "valid_until",
                          "source", "part_of", "clauses"}


@pytest.mark.parametrize("doc_id", ["4ba0278a6b30", quote(DOC + "4ba0278a6b30", safe="")])
def test_documents_route_detail_by_slug_or_iri(client, doc_id):
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 200
    doc = response.json()
    assert doc["doc_number"] == "京经信发〔2025〕51号"
    assert [c["path"] for c in doc["clause_tree"]][:2] == ["一", "二"]
    assert doc["clause_tree"][1]["children"][0]["path"] == "二/(七)"


@pytest.mark.parametrize(("path", "status"), [
    ("/documents/ffffffffffff", 404),
    ("/documents/..%2F..%2Fetc%2Fpasswd", 400),
    ("/documents/%2E%2E", 400),
    ("/documents/a%5Cb", 400),
    ("/documents/" + quote("http://evil.example/x", safe=""), 400),
])
def test_documents_route_bad_ids(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
