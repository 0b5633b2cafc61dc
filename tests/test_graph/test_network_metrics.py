"""graph.network: the agency–task graph, the co-responsibility network, its metrics and picture."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.network import (
    agency_network,
    cjk_font,
    co_responsibility_graph,
    metrics,
    network_svg,
    packed_layout,
    task_graph,
)
from graph.store import open_store


def _tasks(edges):
    graph = nx.Graph()
    for agency, clause, role in edges:
        graph.add_node(agency, bipartite=0, name=agency, region="X市", level="municipal", kind="body")
        graph.add_node(clause, bipartite=1)
        graph.add_edge(agency, clause, role=role)
    return graph


# A leads c1 with B; A and C share c2 and c3; D works alone on c4
SMALL = [("A", "c1", "lead"), ("B", "c1", "co"), ("A", "c2", "responsible"), ("C", "c2", "responsible"),
         ("A", "c3", "responsible"), ("C", "c3", "responsible"), ("D", "c4", "responsible")]


def test_co_responsibility_weights_count_shared_clauses():
    network = co_responsibility_graph(_tasks(SMALL))
    assert sorted(network.edges(data="weight")) == [("A", "B", 1), ("A", "C", 2)]
    assert "D" in network and network.degree("D") == 0


@pytest.mark.parametrize(("agency", "expected"), [
    # B–C, the one pair A lies between, of the 3 pairs A is not in: 1/3
    ("A", {"tasks": 3, "leads": 1, "partners": 2, "weighted_degree": 3, "betweenness": 0.333333}),
    ("C", {"tasks": 2, "leads": 0, "partners": 1, "weighted_degree": 2, "betweenness": 0.0}),
    ("D", {"tasks": 1, "leads": 0, "partners": 0, "weighted_degree": 0, "betweenness": 0.0}),
])
def test_metrics_small_network(agency, expected):
    tasks = _tasks(SMALL)
    values = metrics(tasks, co_responsibility_graph(tasks))
    assert {k: values[agency][k] for k in expected} == expected
    assert values["A"]["pagerank"] > values["C"]["pagerank"] > values["D"]["pagerank"]


def test_packed_layout_places_every_node_apart():
    graph = co_responsibility_graph(_tasks(SMALL))
    pos = packed_layout(graph)
    assert set(pos) == set(graph)
    assert len({(round(x, 6), round(y, 6)) for x, y in pos.values()}) == len(pos)
    assert pos == packed_layout(graph)  # deterministic


@pytest.fixture(scope="module")
def store(corpus_db):
    with open_store(corpus_db, read_only=True) as s:
        yield s


def test_corpus_task_graph_is_bipartite_and_filtered(store):
    tasks = task_graph(store, region="河南省")
    agencies = {n for n, side in tasks.nodes(data="bipartite") if side == 0}
    assert nx.is_bipartite(tasks)
    assert tasks.degree("https://w3id.org/policykg/agency/d895b90551b7") == 15
    assert all(tasks.nodes[a]["kind"] == "body" for a in agencies)  # groups (各省辖市政府) left out
    assert not any(tasks.nodes[a]["name"].startswith("温州") for a in agencies)
    everyone = task_graph(store, region="河南省", kinds=None)
    assert "各省辖市政府" in {everyone.nodes[n].get("name") for n in everyone}


def test_corpus_network_busiest_agencies(store):
    net = agency_network(store)
    top = {n["name"]: n for n in net["nodes"][:3]}
    assert set(top) == {"温州市经济和信息化局", "温州市发展和改革委员会", "河南省发展和改革委员会"}
    assert top["河南省发展和改革委员会"]["leads"] == 2
    assert net["stats"]["components"] >= 2  # Henan and Wenzhou agencies never share a clause
    assert net["edges"][0]["weight"] >= net["edges"][-1]["weight"] >= 1


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_network_picture(store, fmt):
    data = network_svg(agency_network(store, top=12), title="机构协同网络", fmt=fmt)
    assert data.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")
    assert len(data) > 10_000


def test_network_picture_without_cjk_font_falls_back_to_ranks(store, monkeypatch):
    import graph.network as network

    monkeypatch.setattr(network, "cjk_font", lambda *a: None)
    svg = network_svg(agency_network(store, top=5), title="x").decode()
    assert "<svg" in svg


def test_cjk_font_found_by_family_name():
    family = cjk_font()
    if family is None:
        pytest.skip("no CJK font installed (.ci/apt-packages lists fonts-wqy-microhei)")
    assert cjk_font((family,)) == family
    assert cjk_font(("No Such Font",)) is None
