"""SearchIndex with the hashing fake embedder: ranking, filters, highlighting, cache, storage."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import graph.fusion
import graph.lexical
import graph.search
from graph.embedder import load_embedder
from graph.search import ClauseRecord, SearchIndex, chunk_text, clause_records

BEIJING = "urn:doc:beijing"
WENZHOU = "urn:doc:wenzhou"
NATIONAL = "urn:doc:national"

CLAUSES = [
    (BEIJING, "北京市", "municipal", "2023-10-10", "八", "对于当年新增的绿色信贷固定资产投资贷款，按照不超过2%的贴息率给予贴息。"),
    (BEIJING, "北京市", "municipal", "2023-10-10", "一/（二）", "通过竞争机制遴选优质绿色诊断服务商，对绿色诊断服务商给予资金奖励。"),
    (WENZHOU, "温州市", "municipal", "2022-03-01", "三/（四）/9", "加快用户侧分布式储能项目落地，鼓励各地开展分布式储能项目建设。"),
    (WENZHOU, "温州市", "municipal", "2022-03-01", "四/（二）/1", "加大光伏项目建设支持，对屋顶分布式光伏项目给予补助。"),
    (NATIONAL, "全国", "national", "2021-11-15", "三/（九）", "健全绿色低碳标准体系，完善绿色评价和公共服务体系。"),
    (NATIONAL, "全国", "national", "2021-11-15", "五", "推动废旧动力电池回收利用，建设梯次利用和再生利用项目。"),
]


def records(doc: str | None = None) -> list[ClauseRecord]:
    return [
        ClauseRecord(iri=f"{d}/{path}", doc=d, text=text, doc_title=f"title of {d}", source=f"{d.rsplit(':', 1)[1]}.txt",
                     path=path, region=region, level=level, date=date)
        for d, region, level, date, path, text in CLAUSES
        if doc is None or d == doc
    ]


@pytest.fixture
def index(tmp_path) -> SearchIndex:
    idx = SearchIndex.open(tmp_path / "search", load_embedder("hashing"))
    idx.update({d: records(d) for d in (BEIJING, WENZHOU, NATIONAL)})
    return idx


def embedded_texts(index: SearchIndex) -> int:
    return index.embedder.model[0].calls


@pytest.mark.parametrize("module", [graph.fusion, graph.lexical, graph.search])
def test_search_doctests_pass(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("fusion", ["rrf", "weighted"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("绿色信贷贴息", f"{BEIJING}/八"),
        ("分布式储能项目", f"{WENZHOU}/三/（四）/9"),
        ("动力电池回收", f"{NATIONAL}/五"),
        ("绿色诊断服务商奖励", f"{BEIJING}/一/（二）"),
    ],
)
def test_search_ranks_matching_clause_first(index, query, expected, fusion):
    assert index.search(query, k=3, fusion=fusion)[0].clause == expected


@pytest.mark.parametrize(
    ("filters", "expected_docs"),
    [
        ({"region": "温州"}, {WENZHOU}),
        ({"level": "national"}, {NATIONAL}),
        ({"doc": BEIJING}, {BEIJING}),
        ({"date_from": "2022-01-01"}, {BEIJING, WENZHOU}),
        ({"date_to": "2022-12-31"}, {WENZHOU, NATIONAL}),
        ({"date_from": "2022-01-01", "date_to": "2022-12-31"}, {WENZHOU}),
        ({"region": "上海"}, set()),
    ],
)
def test_search_filters_restrict_hits(index, filters, expected_docs):
    hits = index.search("绿色 项目 建设", k=10, **filters)
    assert {h.doc for h in hits} == expected_docs


def test_search_hit_carries_clause_fields_and_highlight(index):
    hit = index.search("绿色信贷贴息", k=1)[0]
    assert (hit.doc, hit.path, hit.source, hit.doc_title) == (BEIJING, "八", "beijing.txt", f"title of {BEIJING}")
    assert set(hit.matched_terms) == {"绿色", "信贷", "贴息"}
    assert "<mark>绿色信贷</mark>" in hit.highlighted and "<mark>贴息</mark>" in hit.highlighted
    assert set(hit.to_dict()) >= {"clause", "doc", "doc_title", "source", "path", "text", "score"}


def test_search_returns_whole_long_clause_once(tmp_path):
    long_text = "本条规定储能项目补贴。" + "其他内容说明。" * 120 + "储能电站按放电量补贴。"
    idx = SearchIndex(tmp_path, load_embedder("hashing"))
    idx.update({d: records(d) for d in (BEIJING, NATIONAL)})
    idx.add_or_replace("urn:d", [ClauseRecord(iri="urn:d/1", doc="urn:d", text=long_text),
                                 ClauseRecord(iri="urn:d/2", doc="urn:d", text="无关条款。")])
    hits = idx.search("储能补贴", k=5)
    assert len(chunk_text(long_text)) > 1
    assert [h.clause for h in hits].count("urn:d/1") == 1 and hits[0].text == long_text


def test_search_reingest_embeds_only_changed_clauses(index):
    before = embedded_texts(index)
    changed = records(WENZHOU)
    changed[0].text = "新增条款：支持新型储能电站建设。"
    embedded = index.add_or_replace(WENZHOU, changed)
    assert embedded == 1 and embedded_texts(index) == before + 1
    assert len(index) == len(CLAUSES)
    assert index.search("新型储能电站", k=1)[0].text == "新增条款：支持新型储能电站建设。"


def test_search_remove_drops_document(index):
    index.remove(BEIJING)
    assert len(index) == len(CLAUSES) - 2
    assert BEIJING not in {h.doc for h in index.search("绿色信贷贴息", k=10)}


def test_search_save_and_load_round_trip(index, tmp_path):
    index.save()
    loaded = SearchIndex.load(index.directory, load_embedder("hashing"))
    assert isinstance(loaded._vectors, np.memmap)
    expected = [(h.clause, h.score) for h in index.search("分布式光伏", k=4)]
    assert [(h.clause, h.score) for h in loaded.search("分布式光伏", k=4)] == expected
    loaded.add_or_replace(NATIONAL, [])
    loaded.save()
    assert len(SearchIndex.load(index.directory, load_embedder("hashing"))) == len(CLAUSES) - 2


def test_search_load_refuses_index_of_other_model(index):
    index.save()
    with pytest.raises(graph.search.SearchIndexError, match="hashing"):
        SearchIndex.load(index.directory, load_embedder("hashing:64"))


@pytest.mark.parametrize("query", ["", "   "])
def test_search_empty_query_returns_nothing(index, query):
    assert index.search(query) == []


def test_search_empty_index_returns_nothing(tmp_path):
    assert SearchIndex(tmp_path, load_embedder("hashing")).search("储能") == []


def test_search_clause_records_from_document():
    from datetime import date

    from ingest.models import Clause, Document

    document = Document(source="a.txt", title="某市节能改造方案", date=date(2022, 3, 1), region="温州市",
                        level="municipal",
                        clauses=[Clause(key="一", marker="一、", heading="总体要求", text="一、总体要求", depth=1,
                                        pieces=[(0, 6)]),
                                 Clause(key="一/（一）", marker="（一）", heading=None, text=" ", depth=2,
                                        pieces=[(7, 8)], parent="一")])
    recs = clause_records(document, "urn:doc", lambda key: f"urn:doc/{key}")
    assert recs == [ClauseRecord(iri="urn:doc/一", doc="urn:doc", text="一、总体要求", doc_title="某市节能改造方案",
                                 source="a.txt", path="一", region="温州市", level="municipal", date="2022-03-01")]


def test_search_staged_replacements_keep_only_latest(index):
    first = index.add_or_replace(WENZHOU, [ClauseRecord(iri="urn:w/1", doc=WENZHOU, text="第一版：储能补贴。")])
    again = index.add_or_replace(WENZHOU, [ClauseRecord(iri="urn:w/1", doc=WENZHOU, text="第一版：储能补贴。"),
                                           ClauseRecord(iri="urn:w/2", doc=WENZHOU, text="新增：光伏补贴。")])
    assert (first, again) == (1, 1)
    assert sorted(r.iri for r in index.records if r.doc == WENZHOU) == ["urn:w/1", "urn:w/2"]
    assert len(index) == len(CLAUSES) - 2 + 2
