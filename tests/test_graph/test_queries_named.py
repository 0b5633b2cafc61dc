"""graph.queries: the named .rq queries, their headers, safe parameters, and results on the corpus."""

from __future__ import annotations

from datetime import date

import pytest

from graph import queries
from graph.errors import NotFoundError, QueryError
from graph.store import open_store

NAMES = ["agencies_by_task_count", "agency_tasks", "deadlines_in_year", "incentives_by_beneficiary",
         "targets_by_year_region"]


def test_every_named_query_has_a_header():
    assert queries.names() == NAMES
    for name in NAMES:
        q = queries.get(name)
        assert q.title and q.description, name
        assert q.text.lstrip().startswith("# title:")


@pytest.mark.parametrize(("value", "type_", "expected"), [
    ('光伏" } ; DROP ALL ; #', "string", '"光伏\\" } ; DROP ALL ; #"'),
    ("a\\b\nc", "string", '"a\\\\b\\nc"'),
    ("2025", "integer", "2025"),
    ("2.5", "decimal", "2.5"),
    (date(2025, 12, 31), "date", '"2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("https://w3id.org/policykg/agency/d895b90551b7", "iri", "<https://w3id.org/policykg/agency/d895b90551b7>"),
])
def test_parameter_terms_are_escaped(value, type_, expected):
    assert queries.term(value, type_) == expected


@pytest.mark.parametrize(("value", "type_"), [
    ("2025 } DROP ALL", "integer"), ("x> . ?s ?p ?o", "iri"), ("nan", "decimal"), ("2025-13-01", "date")])
def test_bad_parameter_values_are_refused(value, type_):
    with pytest.raises(QueryError):
        queries.term(value, type_)


def test_load_checks_parameters():
    with pytest.raises(QueryError, match="required"):
        queries.load("deadlines_in_year")
    with pytest.raises(QueryError, match="unknown parameter"):
        queries.load("deadlines_in_year", year=2025, colour="red")
    with pytest.raises(NotFoundError):
        queries.load("../store")
    text = queries.load("targets_by_year_region", year=2025)
    assert "BIND(2025 AS ?wantYear)" in text and "BIND($region AS ?wantRegion)" in text


def test_parse_refuses_a_malformed_header(tmp_path):
    with pytest.raises(ValueError, match="bad parameter line"):
        queries.parse("x", "# title: x\n# param: year number required\nSELECT * WHERE { ?s ?p $year }", tmp_path)
    with pytest.raises(ValueError, match="not used"):
        queries.parse("x", "# title: x\n# param: year integer required\nSELECT * WHERE { ?s ?p ?o }")


@pytest.fixture(scope="module")
def store(corpus_db):
    with open_store(corpus_db, read_only=True) as s:
        yield s


def test_agency_tasks_query(store):
    rows = queries.run(store, "agency_tasks", agency="河南省发展和改革委员会")
    assert len(rows) == 15
    assert (rows[0]["path"], rows[0]["deadline"]) == ("三/(九)", date(2021, 12, 31))
    assert sum(r["role"] == "lead" for r in rows) == 2
    assert queries.run(store, "agency_tasks", agency='河南" || true || "') == []  # injection stays a literal


def test_targets_by_year_region_query(store):
    rows = queries.run(store, "targets_by_year_region", year=2023, region="温州")
    assert rows and {r["region"] for r in rows} == {"温州市"} and {r["year"] for r in rows} == {2023}
    assert {"indicator": "新增光伏并网装机容量", "value": 40.0, "unit": "万千瓦"}.items() <= next(
        r for r in rows if r["indicator"] == "新增光伏并网装机容量").items()
    everything = queries.run(store, "targets_by_year_region")
    assert {"全国", "北京市", "温州市"} <= {r["region"] for r in everything}
    assert len(everything) > len(rows)


def test_deadlines_in_year_query(store):
    rows = queries.run(store, "deadlines_in_year", year=2021)
    assert rows and all(r["date"].year == 2021 for r in rows)
    assert any(r.get("expression") == "2021年年底以前" and r.get("region") == "河南省" for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_incentives_by_beneficiary_query(store):
    rows = queries.run(store, "incentives_by_beneficiary")
    by_kind = {r["beneficiary"]: r for r in rows}
    assert by_kind["制造业企业"]["regions"] == "北京市"
    assert by_kind["制造业企业"]["max_cap_yuan"] == 30_000_000
    assert [r["incentives"] for r in rows] == sorted((r["incentives"] for r in rows), reverse=True)
    companies = queries.run(store, "incentives_by_beneficiary", beneficiary="企业")
    assert companies and all("企业" in r["beneficiary"] for r in companies)


def test_agencies_by_task_count_query(store):
    rows = queries.run(store, "agencies_by_task_count", region="河南")
    assert rows[0] == {"name": "河南省发展和改革委员会", "region": "河南省", "kind": "body", "tasks": 15, "leads": 2}
    assert all(r["region"].startswith("河南") for r in rows)
    national = queries.run(store, "agencies_by_task_count", level="national")
    assert national and all(r.get("region") == "全国" for r in national)
