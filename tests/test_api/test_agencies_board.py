"""graph.agencies on the corpus: finding agencies by any name form, and their task boards."""

from __future__ import annotations

import json
import unicodedata

import pytest

from graph.agencies import agency_tasks, find_agencies, get_agency, match_agencies
from graph.errors import NotFoundError
from graph.store import open_store

HENAN_NDRC = "河南省发展和改革委员会"


@pytest.fixture(scope="module")
def store(corpus_db):
    with open_store(corpus_db, read_only=True) as s:
        yield s


@pytest.mark.parametrize(("q", "region", "level", "expected"), [
    ("河南省发展和改革委员会", None, None, ["河南省发展和改革委员会"]),
    ("省发展改革委", None, None, ["河南省发展和改革委员会"]),  # an alias: the provincial one
    ("河南省发改委", None, None, ["河南省发展和改革委员会"]),  # resolved through the gazetteer
    ("发改委", "温州", None, ["温州市发展和改革委员会"]),
    ("发改委", None, "provincial", ["河南省发展和改革委员会"]),
    ("经信局", "温州市", None, ["温州市经济和信息化局"]),
    ("工信部", None, None, ["工业和信息化部"]),
    ("生态环境厅", None, None, ["河南省生态环境厅"]),
    ("没有这个机构", None, None, []),
])
def test_find_agencies_by_name_form(store, q, region, level, expected):
    assert [a["name"] for a in find_agencies(store, q, region=region, level=level)] == expected


def test_find_agencies_short_form_finds_every_jurisdiction(store):
    names = [a["name"] for a in find_agencies(store, "发改委")]
    assert names[:2] == ["温州市发展和改革委员会", "河南省发展和改革委员会"]  # most tasks first
    assert all(name.endswith("发展和改革委员会") for name in names)


def test_find_agencies_lists_counts_and_aliases(store):
    everyone = find_agencies(store)
    by_name = {a["name"]: a for a in everyone}
    assert by_name[HENAN_NDRC]["tasks"] == 15
    assert by_name[HENAN_NDRC]["aliases"] == ["发展改革委", "省发展改革委"]
    assert by_name["温州市经济和信息化局"]["tasks"] == 21
    assert [a["tasks"] for a in everyone] == sorted((a["tasks"] for a in everyone), reverse=True)
    assert len({a["id"] for a in everyone}) == len(everyone)


@pytest.mark.parametrize("ref", ["d895b90551b7", "https://w3id.org/policykg/agency/d895b90551b7", HENAN_NDRC])
def test_get_agency_by_id_iri_or_name(store, ref):
    assert get_agency(store, ref)["name"] == HENAN_NDRC


@pytest.mark.parametrize(("ref", "message"), [
    ("000000000000", "no agency"), ("发改委", "agencies match"), ("x> } DROP ALL", "no agency")])
def test_get_agency_refuses_unknown_or_ambiguous(store, ref, message):
    with pytest.raises(NotFoundError, match=message) as info:
        get_agency(store, ref)
    assert info.value.http_status == 404


def test_match_agencies_lists_candidates(store):
    assert len(match_agencies(store, "发改委")) >= 2
    assert [a["name"] for a in match_agencies(store, "市经信局")] == ["温州市经济和信息化局"]


def _gold_clauses(gold_dir, agency):
    records = [json.loads(line) for line in (gold_dir / "003.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["clause"], r["role"]) for r in records if r["type"] == "agency_task" and r["agency"] == agency]


def _fold(text):
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_henan_ndrc_board_has_every_gold_clause(store, gold_dir):
    """Done-when of issue 4: every clause the Henan plan gives 河南省发改委, with its role."""
    board = agency_tasks(store, "d895b90551b7")
    gold = _gold_clauses(gold_dir, HENAN_NDRC)
    assert len(gold) == 15
    for snippet, role in gold:
        found = [t for t in board["tasks"] if _fold(snippet) in _fold(t["text"])]
        assert [t["role"] for t in found] == [role], snippet
    assert len(board["tasks"]) == len(gold)


def test_task_board_fields_and_order(store):
    board = agency_tasks(store, HENAN_NDRC)
    tasks = board["tasks"]
    assert board["agency"]["name"] == HENAN_NDRC
    assert {t["doc_title"] for t in tasks} == {"河南省坚决遏制“两高”项目盲目发展行动方案"}
    # the two clauses with a dated deadline (2021年年底以前 …) come first, then clause order
    assert [t["deadline"] for t in tasks[:3]] == ["2021-12-31", "2021-12-31", None]
    assert [t["path"] for t in tasks[:4]] == ["三/(九)", "五/（十六）", "二/(三)", "二/(四)"]
    assert {t["path"]: t["role"] for t in tasks if t["role"] == "lead"} == {"四/（十五）": "lead", "六/（二十）": "lead"}
    assert tasks[-1]["path"] == "六/（二十）"
    assert all(t["clause"].startswith(t["doc"] + "/c/") and t["source"].endswith(".txt") for t in tasks)
    assert tasks[0]["text"].startswith("(九)严肃查处违规审批")
