"""create_app: routers, /health, OpenAPI, the store opened in lifespan (read-only without an admin token)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import ROUTERS, create_app
from api.settings import Settings
from graph.errors import StoreError


@pytest.fixture(scope="module")
def client(corpus_db: Path):
    with TestClient(create_app(Settings(db=corpus_db, admin_token=None))) as c:
        yield c


def test_app_health_counts(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body == {"status": "ok", **client.app.state.store.counts()}
    assert body["documents"] == 14 and body["clauses"] > 300 and body["triples"] > 5000


def test_app_store_read_only_without_token(client):
    assert client.app.state.store.read_only is True


def test_app_routers_included(client):
    assert {"health", "sparql", "documents"} <= set(client.app.state.routers) <= set(ROUTERS)


@pytest.mark.parametrize("path", ["/health", "/sparql", "/documents", "/documents/{doc_id}"])
def test_app_openapi_documents_routes(client, path):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "policykg" and spec["info"]["description"]
    assert path in spec["paths"]


def test_app_docs_page(client):
    response = client.get("/docs")
    assert response.status_code == 200 and "swagger" in response.text.lower()


def test_app_store_not_opened_at_import_or_creation(tmp_path):
    app = create_app(Settings(db=tmp_path / "missing", admin_token=None))  # nothing opened yet
    assert not hasattr(app.state, "store")
    with pytest.raises(StoreError, match="no store here"):
        with TestClient(app):
            pass
