"""The web router without a browser: pages, assets, the helper JSON, and no run-time download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.routers.web import PAGES, STATIC_DIR, WEB_DIR

PAGE_PATHS = {"/": "search", "/doc/4ba0278a6b30": "doc", "/agency": "agencies",
              "/agency/d895b90551b7": "agency", "/comparison": "compare", "/ask": "ask", "/query": "query"}
# namespace IRIs written in the pages' code are names, never fetched
_NAMESPACES = ("https://w3id.org/policykg/", "http://www.w3.org/", "http://data.europa.eu/eli/ontology#")
_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'`)<>]*""")


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[TestClient]:
    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(db=corpus_db))) as test_client:
        yield test_client


@pytest.mark.parametrize(("path", "page"), sorted(PAGE_PATHS.items()))
def test_web_routes_serve_each_page_with_its_script(client: TestClient, path: str, page: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert '<html lang="zh-CN">' in html and "{{" not in html
    assert f'src="/web/static/js/{page}.js"' in html
    assert f"<title>{PAGES[page].title} · policykg</title>" in html
    assert f'data-nav="{PAGES[page].nav}"' in html


@pytest.mark.parametrize("page", sorted(PAGES))
def test_web_routes_every_page_has_its_fragment_and_module(page: str) -> None:
    assert (WEB_DIR / "pages" / f"{page}.html").is_file()
    assert (STATIC_DIR / "js" / f"{page}.js").is_file()


@pytest.mark.parametrize(("asset", "status", "media"), [
    ("site.css", 200, "text/css"),
    ("js/api.js", 200, "javascript"),
    ("favicon.svg", 200, "image/svg+xml"),
    ("../layout.html", 404, "application/json"),
    ("../../routers/web.py", 404, "application/json"),
    ("js/missing.js", 404, "application/json"),
])
def test_web_routes_static_assets_stay_inside_the_folder(client: TestClient, asset: str, status: int,
                                                         media: str) -> None:
    response = client.get(f"/web/static/{asset}")
    assert response.status_code == status
    assert media in response.headers["content-type"]
    if status == 404:
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", sorted(p for p in WEB_DIR.rglob("*") if p.is_file()), ids=lambda p: p.name)
def test_web_routes_assets_name_no_other_host(path: Path) -> None:
    """Every page works offline: no file refers to a URL on another host (CDN, web font, API)."""
    text = path.read_text(encoding="utf-8")
    foreign = [u for u in _URL.findall(text) if not u.startswith(_NAMESPACES) and "w3.org/" not in u]
    assert foreign == []


def test_web_routes_examples_are_the_named_queries_and_run(client: TestClient) -> None:
    from graph import queries

    examples = client.get("/web/examples.json").json()["examples"]
    assert [e["name"] for e in examples] == queries.names()
    rows = {}
    for example in examples:
        response = client.post("/sparql", data={"query": example["query"]},
                               headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (example["name"], response.text)
        rows[example["name"]] = len(response.json()["results"]["bindings"])
    assert "$agency" not in next(e["query"] for e in examples if e["name"] == "agency_tasks")
    assert rows["agency_tasks"] >= 10  # the Henan plan gives 河南省发展和改革委员会 many tasks


def test_web_routes_ask_options_offer_the_lexicon_kinds(client: TestClient) -> None:
    options = client.get("/web/ask-options.json").json()
    assert "制造业企业" in options["applicants"] and "节能改造" in options["projects"]
    assert "绿色工厂" in options["statuses"]
    assert not any(k.startswith("_") for values in options.values() for k in values)
