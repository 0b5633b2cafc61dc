"""graph.export: records read back from the store match CONTRACT.md §3 field for field."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph
from test_build_graph import NEWS_TEXT, PLAN_TEXT, newsletter, wenzhou_plan

from graph.build import document_graphs
from graph.export import export_jsonl, export_rdf
from graph.store import open_store

STR, INT, NUM, NONE, LIST, DICT = str, int, (int, float), type(None), list, dict
# field -> allowed JSON types, exactly as CONTRACT.md §3 writes them
CONTRACT = {
    "document": {"type": STR, "id": STR, "title": (STR, NONE), "issuer": LIST, "doc_number": (STR, NONE),
                 "date": (STR, NONE), "region": (STR, NONE), "level": (STR, NONE), "valid_from": (STR, NONE),
                 "valid_until": (STR, NONE), "source": STR, "part_of": (STR, NONE)},
    "clause": {"type": STR, "id": STR, "doc": STR, "parent": (STR, NONE), "marker": (STR, NONE), "depth": INT,
               "text": STR, "span": LIST},
    "agency_task": {"type": STR, "clause": STR, "agency": STR, "agency_name": STR, "mention": STR, "role": STR},
    "target": {"type": STR, "clause": STR, "indicator": STR, "value": NUM, "unit": STR, "comparator": STR,
               "year": (INT, NONE), "baseline_year": (INT, NONE), "nature": (STR, NONE), "text": STR},
    "deadline": {"type": STR, "clause": STR, "expression": STR, "date": (STR, NONE), "task": STR},
    "incentive": {"type": STR, "clause": STR, "beneficiary": STR, "project": STR, "unit_rate": (DICT, NONE),
                  "ratio_cap": (*NUM, NONE), "ratio_basis": (STR, NONE), "cap_yuan": (*NUM, NONE),
                  "floor_yuan": (*NUM, NONE), "fixed_yuan": (*NUM, NONE), "tiers": LIST, "conditions": LIST,
                  "text": STR},
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "db"
    with open_store(path) as s:
        for doc, text in ((wenzhou_plan(), PLAN_TEXT), (newsletter(), NEWS_TEXT)):
            for iri, g in document_graphs(doc, text):
                s.replace_graph(iri, g)
        yield s


@pytest.fixture(scope="module")
def records(loaded):
    return list(export_jsonl(loaded))


def of_type(records, kind):
    return [r for r in records if r["type"] == kind]


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_export_records_have_exactly_the_contract_fields(records, kind):
    found = of_type(records, kind)
    assert found, kind
    for rec in found:
        assert set(rec) == set(CONTRACT[kind])
        for field, types in CONTRACT[kind].items():
            assert isinstance(rec[field], types), (kind, field, rec[field])
        json.dumps(rec, ensure_ascii=False)  # serialisable as it stands


@pytest.mark.parametrize("kind, count", [("document", 4), ("clause", 5), ("agency_task", 5), ("target", 1),
                                         ("deadline", 2), ("incentive", 2)])
def test_export_counts_per_kind(records, kind, count):
    assert len(of_type(records, kind)) == count


def test_export_document_values(records):
    plan = next(r for r in of_type(records, "document") if r["source"] == "wenzhou_plan.txt")
    assert plan == {"type": "document", "id": plan["id"], "title": "温州市工业节能降碳行动方案",
                    "issuer": ["温州市人民政府办公室"], "doc_number": "温政办〔2022〕15号", "date": "2022-03-01",
                    "region": "温州市", "level": "municipal", "valid_from": None, "valid_until": "2025-12-31",
                    "source": "wenzhou_plan.txt", "part_of": None}


def test_export_compilation_parts_point_at_the_file(records):
    docs = [r for r in of_type(records, "document") if r["source"] == "newsletter_2022_3.txt"]
    whole = [d for d in docs if d["part_of"] is None]
    assert len(whole) == 1
    assert [d["title"] for d in docs if d["part_of"] == whole[0]["id"]] == ["关于推进绿色工厂建设的通知",
                                                                              "本市召开节能工作会议"]


def test_export_clauses_in_document_order_with_parents(records):
    clauses = of_type(records, "clause")
    assert [c["marker"] for c in clauses] == ["一、", "（一）", "1.", "2.", "二、"]
    by_id = {c["id"]: c for c in clauses}
    assert [by_id[c["parent"]]["marker"] if c["parent"] else None for c in clauses] == \
        [None, "一、", "（一）", "（一）", None]
    starts = [c["span"][0] for c in clauses]
    assert starts == sorted(starts)
    assert PLAN_TEXT[slice(*clauses[2]["span"])] == clauses[2]["text"]


def test_export_document_comes_before_its_clauses_and_facts(records):
    position = {r.get("id"): i for i, r in enumerate(records) if r["type"] == "document"}
    for i, r in enumerate(records):
        if r["type"] == "clause":
            assert position[r["doc"]] < i


def test_export_facts_values(records):
    tasks = {(t["mention"], t["role"], t["agency_name"]) for t in of_type(records, "agency_task")}
    assert ("市经信局", "lead", "温州市经济和信息化局") in tasks
    assert ("各区", "responsible", "各区") in tasks
    [target] = of_type(records, "target")
    assert (target["value"], target["year"], target["baseline_year"], target["comparator"]) == (14, 2025, 2020, ">=")
    docs = {d["id"] for d in of_type(records, "document")}
    assert target["clause"] in docs  # a preamble fact points at its document
    rated, tiered = of_type(records, "incentive")
    assert rated["unit_rate"] == {"value": 1200, "unit": "元/吨标准煤", "basis": "annual energy saved, tce"}
    assert rated["cap_yuan"] == 3000000
    assert rated["conditions"] == ["年节能量30吨标准煤以上或单位增加值能耗下降4%以上"]
    assert tiered["tiers"] == [{"min_yuan": 1000000, "max_yuan": 5000000, "ratio": 0.14},
                               {"min_yuan": 5000000, "max_yuan": None, "ratio": 0.17}]


def test_export_is_deterministic(loaded, records):
    assert list(export_jsonl(loaded)) == records


@pytest.mark.parametrize("fmt, parse", [
    ("ttl", lambda data: Graph().parse(data=data, format="turtle")),
    ("nq", lambda data: Dataset().parse(data=data, format="nquads")),
])
def test_export_rdf_parses_back(loaded, fmt, parse):
    data = export_rdf(loaded, fmt)
    parsed = parse(data.decode("utf-8"))
    distinct = loaded.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")[0]["n"]
    if fmt == "ttl":
        assert len(parsed) == distinct
    else:
        assert sum(len(g) for g in parsed.graphs()) == loaded.counts()["triples"]
        assert len(list(parsed.graphs())) >= 4


def test_export_rdf_refuses_unknown_format(loaded):
    with pytest.raises(ValueError, match="ttl or nq"):
        export_rdf(loaded, "xml")
