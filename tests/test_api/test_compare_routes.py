"""/compare and graph.compare: clauses and targets on a topic, grouped by region or level."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.routers import compare as compare_router
from graph.compare import compare, lexical_score, topic_terms
from graph.store import open_store


@pytest.fixture(scope="module")
def store(corpus_db):
    with open_store(corpus_db, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def client(store):
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(compare_router.router)
    app.state.store = store
    return TestClient(app)


def test_compare_photovoltaics_national_first_then_cities(client):
    """Done-when of issue 4: /compare?topic=光伏 has groups for 全国, 北京市 and 温州市."""
    body = client.get("/compare", params={"topic": "光伏"}).json()
    regions = [g["region"] for g in body["groups"]]
    assert body["topic"] == "光伏"
    assert regions[0] == "全国" and body["groups"][0]["level"] == "national"
    assert {"全国", "北京市", "温州市"} <= set(regions)
    for group in body["groups"]:
        assert group["clauses"], group["region"]
        scores = [c["score"] for c in group["clauses"]]
        assert scores == sorted(scores, reverse=True)
        for c in group["clauses"]:
            assert set(c) >= {"clause", "doc", "doc_title", "source", "path", "text", "score"}
            assert any(term in c["text"] for term in topic_terms("光伏"))


def test_compare_targets_measure_the_topic(client):
    groups = {g["region"]: g for g in client.get("/compare", params={"topic": "光伏"}).json()["groups"]}
    wenzhou = {(t["indicator"], t["value"], t["unit"]) for t in groups["温州市"]["targets"]}
    assert ("新增光伏并网装机容量", 40, "万千瓦") in wenzhou
    assert all("光伏" in t["indicator"] or "太阳能" in t["indicator"] or "光伏" in t["text"]
               for g in groups.values() for t in g["targets"])


def test_compare_by_level_orders_levels(client):
    body = client.get("/compare", params={"topic": "节能", "by": "level"}).json()
    levels = [g["level"] for g in body["groups"]]
    assert levels[0] == "national"
    assert levels == sorted(levels, key=["national", "provincial", "municipal", "district"].index)
    assert "温州市" in next(g["region"] for g in body["groups"] if g["level"] == "municipal")


@pytest.mark.parametrize(("params", "status"), [({"topic": ""}, 422), ({"topic": "光伏", "by": "galaxy"}, 422), ({}, 422)])
def test_compare_rejects_bad_parameters(client, params, status):
    response = client.get("/compare", params=params)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status


def test_compare_takes_a_pluggable_searcher(store):
    picked = "一个不存在的条款"

    def searcher(topic):
        rows = store.query('PREFIX pkg: <https://w3id.org/policykg/ontology#> SELECT ?c ?doc WHERE { '
                           '?c pkg:path "四/（十五）" ; pkg:document ?doc } LIMIT 1')
        return [{"clause": r["c"], "doc": r["doc"], "score": 0.5} for r in rows] + [
            {"clause": "https://w3id.org/policykg/doc/none/c/1", "doc": picked, "score": 0.9}]

    result = compare(store, "用能权", searcher=searcher)
    assert [g["region"] for g in result["groups"]] == ["河南省"]  # the unknown document is left out
    clause = result["groups"][0]["clauses"][0]
    assert clause["text"].startswith("（十五）全面开展用能权交易") and clause["path"] == "四/（十五）"


@pytest.mark.parametrize(("text", "terms", "positive"), [
    ("建设分布式光伏", {"光伏": 1.0}, True), ("太阳能发电", topic_terms("光伏"), True), ("风电", {"光伏": 1.0}, False)])
def test_lexical_score(text, terms, positive):
    assert (lexical_score(text, terms) > 0) is positive
