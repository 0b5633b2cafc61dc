"""api.documents without HTTP: ids, the document list and filters, one document's clause tree and facts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from api.documents import BadDocumentId, DocumentNotFound, document_iri_of, get_document, list_documents
from graph.export import export_jsonl
from graph.store import open_store

DOC = "https://w3id.org/policykg/doc/"
HENAN = "6f3e5fa7997c"  # 河南省坚决遏制“两高”项目盲目发展行动方案, a part of the newsletter compilation
BEIJING = "4ba0278a6b30"  # 京经信发〔2025〕51号


@pytest.fixture(scope="module")
def store(corpus_db: Path):
    with open_store(f"oxigraph:{corpus_db}", read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def records(store) -> list[dict]:
    return list(export_jsonl(store))


@pytest.mark.parametrize(("doc_id", "iri"), [
    (BEIJING, DOC + BEIJING), (DOC + BEIJING, DOC + BEIJING),
    ("0123abcd/part/3", DOC + "0123abcd/part/3"),
])
def test_documents_id_forms(doc_id, iri):
    assert document_iri_of(doc_id) == iri


@pytest.mark.parametrize("doc_id", ["../etc/passwd", "..", "a/../b", "a\\b", "a%2Fb", DOC + "../x", "",
                                    "http://evil.example/doc/abc", "ABC DEF", "abc/part/x", "abc/"])
def test_documents_bad_ids_refused(doc_id):
    with pytest.raises(BadDocumentId):
        document_iri_of(doc_id)


def test_documents_list_matches_export(store, records):
    listed = {d["id"]: d for d in list_documents(store)}
    exported = {r["id"]: r for r in records if r["type"] == "document"}
    assert set(listed) == set(exported)
    clause_counts = Counter(r["doc"] for r in records if r["type"] == "clause")
    for iri, record in exported.items():
        for field in ("title", "issuer", "doc_number", "date", "region", "level", "valid_until", "source", "part_of"):
            assert listed[iri][field] == record[field], (iri, field)
        assert listed[iri]["clauses"] == clause_counts[iri]


@pytest.mark.parametrize(("filters", "expected_regions"), [
    ({"region": "北京市"}, {"北京市"}),
    ({"level": "provincial"}, {"河南省"}),
    ({"region": "全国", "level": "national"}, {"全国"}),
    ({"q": "温州"}, {"温州市"}),
    ({"region": "火星"}, set()),
])
def test_documents_list_filters(store, filters, expected_regions):
    found = list_documents(store, **filters)
    assert {d["region"] for d in found} == expected_regions
    if "q" in filters:
        assert all(filters["q"] in d["title"] for d in found)
    if expected_regions:
        assert found


def _walk(nodes: list[dict], parent: str | None, out: list[tuple[str, str | None, dict]]) -> None:
    for node in nodes:
        out.append((node["id"], parent, node["facts"]))
        _walk(node["children"], node["id"], out)


@pytest.mark.parametrize("doc_id", [HENAN, BEIJING, "1d162146be78"])
def test_documents_tree_matches_export(store, records, doc_id):
    doc = get_document(store, doc_id)
    iri = DOC + doc_id
    flat: list[tuple[str, str | None, dict]] = []
    _walk(doc["clause_tree"], None, flat)
    exported = [r for r in records if r["type"] == "clause" and r["doc"] == iri]
    assert [c for c, _, _ in flat] == [r["id"] for r in exported]  # every clause once, in document order
    assert {c: p for c, p, _ in flat} == {r["id"]: r["parent"] for r in exported}
    tasks = Counter(r["clause"] for r in records if r["type"] == "agency_task" and r["clause"].startswith(iri + "/"))
    assert {c: len(f["agency_tasks"]) for c, _, f in flat if f["agency_tasks"]} == dict(tasks)
    assert doc["clauses"] == len(flat)


def test_documents_henan_facts(store):
    doc = get_document(store, HENAN)
    assert doc["title"] == "河南省坚决遏制“两高”项目盲目发展行动方案"
    assert doc["part_of"] == DOC + "dec4bc84de43"
    flat: list[tuple[str, str | None, dict]] = []
    _walk(doc["clause_tree"], None, flat)
    names = {t["agency_name"] for _, _, f in flat for t in f["agency_tasks"]}
    assert "河南省发展和改革委员会" in names
    roles = {t["role"] for _, _, f in flat for t in f["agency_tasks"]}
    assert roles <= {"lead", "responsible", "co"} and roles
    deadlines = [d for _, _, f in flat for d in f["deadlines"]]
    assert any(d.get("date", "").startswith("2021-") for d in deadlines)


def test_documents_compilation_lists_parts(store):
    doc = get_document(store, "dec4bc84de43")
    assert doc["kind"] == "compilation"
    assert DOC + HENAN in doc["parts"] and len(doc["parts"]) >= 5


def test_documents_unknown_id(store):
    with pytest.raises(DocumentNotFound):
        get_document(store, "ffffffffffff")
