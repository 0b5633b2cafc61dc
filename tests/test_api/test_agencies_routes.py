"""/agencies, /agencies/{id}/tasks and /agencies/network(.svg), on a bare app over the corpus store."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.routers import agencies
from graph.store import open_store


@pytest.fixture(scope="module")
def client(corpus_db):
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(agencies.router)
    with open_store(corpus_db, read_only=True) as store:
        app.state.store = store
        yield TestClient(app)


@pytest.mark.parametrize(("params", "first"), [
    ({"q": "省发展改革委"}, "河南省发展和改革委员会"),
    ({"q": "经信局", "region": "温州市"}, "温州市经济和信息化局"),
    ({"level": "provincial"}, "河南省发展和改革委员会"),
])
def test_agencies_finds_by_name_region_level(client, params, first):
    response = client.get("/agencies", params=params)
    assert response.status_code == 200
    found = response.json()["agencies"]
    assert found[0]["name"] == first
    assert set(found[0]) >= {"id", "name", "aliases", "region", "level", "tasks"}


def test_agencies_rejects_unknown_level(client):
    response = client.get("/agencies", params={"level": "galactic"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("agency_id", ["d895b90551b7", "https://w3id.org/policykg/agency/d895b90551b7"])
def test_tasks_of_henan_ndrc(client, agency_id):
    response = client.get(f"/agencies/{agency_id}/tasks")
    assert response.status_code == 200
    body = response.json()
    assert body["agency"]["name"] == "河南省发展和改革委员会"
    assert len(body["tasks"]) == 15
    assert {t["role"] for t in body["tasks"]} == {"lead", "responsible"}
    first = body["tasks"][0]
    assert (first["path"], first["deadline"], first["doc_title"]) == (
        "三/(九)", "2021-12-31", "河南省坚决遏制“两高”项目盲目发展行动方案")


def test_tasks_of_unknown_agency_is_404_in_the_error_shape(client):
    response = client.get("/agencies/ffffffffffff/tasks")
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (404, "not_found")
    assert "ffffffffffff" in error["message"]


def test_network_json_has_weighted_edges_and_metrics(client):
    body = client.get("/agencies/network", params={"region": "河南省"}).json()
    names = {n["id"]: n["name"] for n in body["nodes"]}
    assert body["nodes"][0]["name"] == "河南省发展和改革委员会"
    assert body["nodes"][0]["tasks"] == 15
    assert all(n["region"] != "温州市" for n in body["nodes"])
    heaviest = body["edges"][0]
    assert {names[heaviest["source"]], names[heaviest["target"]]} == {"河南省发展和改革委员会", "河南省生态环境厅"}
    assert heaviest["weight"] == 10


def test_network_top_keeps_the_busiest(client):
    body = client.get("/agencies/network", params={"top": 3}).json()
    assert [n["tasks"] for n in body["nodes"]] == sorted((n["tasks"] for n in body["nodes"]), reverse=True)
    assert len(body["nodes"]) == 3
    kept = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in body["edges"])
    assert body["stats"]["agencies"] > 3


def test_network_svg_is_an_svg_with_chinese_title(client):
    response = client.get("/agencies/network.svg", params={"top": 10})
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.text.lstrip().startswith("<?xml") and "<svg" in response.text
    assert response.text.count("<path") > 20  # labels drawn as glyph outlines
