"""graph.iris: identities come from the document's own data, never from file paths or order."""

from __future__ import annotations

from datetime import date

import pytest

from graph.iris import agency_iri, chinese_number, clause_iris, document_iri, fact_iri, key_path
from ingest.models import Agency, Document, Provenance, Target


@pytest.mark.parametrize("a, b", [
    (Document(source="a.txt", doc_number="京经信发〔2025〕51号"),
     Document(source="dir/b.pdf", doc_number="京经信发 〔2025〕 51号", title="另一个标题")),
    (Document(source="a.txt", title="河南省 节能方案", date=date(2022, 1, 5)),
     Document(source="b.md", title="河南省节能方案", date=date(2022, 1, 5))),
    (Document(source="a.txt", title="ＡＢＣ行动方案"), Document(source="z.txt", title="ABC行动方案")),
])
def test_iris_same_document_from_any_file_gets_same_iri(a, b):
    assert document_iri(a) == document_iri(b)


@pytest.mark.parametrize("a, b", [
    (Document(source="x.txt", title="节能方案", date=date(2022, 1, 5)),
     Document(source="x.txt", title="节能方案", date=date(2023, 1, 5))),
    (Document(source="x.txt", doc_number="浙政办发〔2021〕1号"), Document(source="x.txt", doc_number="浙政办发〔2021〕2号")),
    (Document(source="x.txt"), Document(source="y.txt")),
])
def test_iris_different_documents_get_different_iris(a, b):
    assert document_iri(a) != document_iri(b)


def test_iris_undated_part_is_identified_inside_its_compilation():
    news = Document(source="n.txt", title="工作动态", kind="news")
    assert document_iri(news, "https://w3id.org/policykg/doc/a") != document_iri(news, "https://w3id.org/policykg/doc/b")
    assert document_iri(Document(source="n.txt"), "https://w3id.org/policykg/doc/a", 3).endswith("/part/3")


@pytest.mark.parametrize("key, path", [
    ("三/（二）/4", "3/p2/4"),
    ("第二章/第十五条", "ch2/art15"),
    ("第一编/第三节/第一百零二条", "pt1/sec3/art102"),
    ("专栏2/①", "box2/c1"),
    ("二/(3)", "2/p3"),
    ("第一编#2/第一章", "pt1-2/ch1"),  # segment.py marks a repeated marker with #n
    ("保障措施", "_%E4%BF%9D%E9%9A%9C%E6%8E%AA%E6%96%BD"),
])
def test_iris_clause_paths_are_readable_ascii(key, path):
    assert key_path(key) == path


def test_iris_clause_paths_stay_unique_when_readable_forms_collide():
    keys = ["一", "1", "一/（一）", "一/(1)", "一/①"]
    iris = clause_iris("https://w3id.org/policykg/doc/x", keys)
    assert len(set(iris.values())) == len(keys)
    assert all(iri.isascii() for iri in iris.values())


@pytest.mark.parametrize("text, value", [("十", 10), ("十九", 19), ("二十一", 21), ("一百", 100), ("一千零一", 1001)])
def test_iris_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_iris_agency_is_one_node_per_canonical_name():
    assert agency_iri(Agency("温州市经济和信息化局", "温州市", "municipal")) == agency_iri(Agency("温州市经济和信息化局"))
    assert agency_iri(Agency("温州市经济和信息化局")) != agency_iri(Agency("北京市经济和信息化局"))
    assert agency_iri(Agency("各区", "温州市", kind="group")) != agency_iri(Agency("各区", "北京市", kind="group"))


def _target(start: int, value: float = 14.0, version: str = "1.0") -> Target:
    return Target("一", "能耗下降", value, "%", ">=", 2025, 2020, None, "下降14%",
                  Provenance("policy_targets", version, (start, start + 5)))


def test_iris_fact_stable_when_text_moves_and_extractor_version_changes():
    owner = "https://w3id.org/policykg/doc/x/c/1"
    assert fact_iri(owner, "target", _target(100), 90) == fact_iri(owner, "target", _target(210, version="2.0"), 200)
    assert fact_iri(owner, "target", _target(100), 90) != fact_iri(owner, "target", _target(100, 13.5), 90)
    assert fact_iri(owner, "target", _target(100), 90) != fact_iri(owner, "target", _target(104), 90)
