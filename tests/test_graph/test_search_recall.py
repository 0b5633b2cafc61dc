"""Search quality with the real model: recall@5 on our query set and on the shared gold queries.

The index covers the bundled corpus and the real documents of ../shared/external/texts, read by
the real pipeline (clauses and preambles, as `policykg ingest` indexes them). It is kept in pytest's
cache directory: chunk vectors are cached by text hash, so only the first run embeds everything.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from api.indexing import search_records
from graph.embedder import load_embedder
from graph.search import ClauseRecord, SearchIndex, SearchIndexError
from ingest.pipeline import ingest_file

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
QUERIES = Path(__file__).with_name("search_queries.jsonl")
GOLD_QUERIES = SHARED / "eval" / "gold" / "search.jsonl"


def corpus_files() -> list[Path]:
    texts = SHARED / "external" / "texts"
    return sorted((ROOT / "corpus").glob("*.txt")) + sorted(texts.glob("*.md")) + sorted(texts.glob("*.txt"))


def file_records(path: Path) -> dict[str, list[ClauseRecord]]:
    """The search records ingest makes for a file: its documents' clauses and preambles, by document."""
    return search_records(ingest_file(path))


def build_eval_index(directory: Path, embedder) -> SearchIndex:
    try:
        index = SearchIndex.open(directory, embedder)
    except SearchIndexError:  # a cache left by another model or format
        shutil.rmtree(directory)
        index = SearchIndex(directory, embedder)
    docs = {doc: records for p in corpus_files() for doc, records in file_records(p).items()}
    stale = {r.doc for r in index.records} - set(docs)
    index.update({**docs, **{d: [] for d in stale}})
    index.save()
    return index


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(index: SearchIndex, queries: list[dict], fusion: str, k: int = 5) -> dict:
    """recall@k (share of queries with a relevant clause in the top k) and MRR@k."""
    found, reciprocal, misses = 0, 0.0, []
    for q in queries:
        hits = index.search(q["query"], k=k, fusion=fusion)
        rank = next((i + 1 for i, h in enumerate(hits) if q["relevant_substring"] in h.text), None)
        found += rank is not None
        reciprocal += 1 / rank if rank else 0.0
        if rank is None:
            misses.append(q["query"])
    return {"recall": found / len(queries), "mrr": reciprocal / len(queries), "misses": misses}


@pytest.fixture(scope="module")
def eval_index(request) -> SearchIndex:
    directory = Path(request.config.cache.mkdir("policykg-search-eval"))
    return build_eval_index(directory, load_embedder())


@pytest.mark.slow
def test_search_query_set_is_large_and_bilingual():
    queries = load_queries(QUERIES)
    english = [q for q in queries if re.fullmatch(r"[\x20-\x7e]+", q["query"])]
    assert len(queries) >= 30
    assert 10 <= len(english) <= len(queries) - 10


@pytest.mark.slow
@pytest.mark.parametrize("fusion", ["rrf", "weighted"])
def test_search_recall_at_5_on_query_set(eval_index, fusion):
    result = evaluate(eval_index, load_queries(QUERIES), fusion)
    assert result["recall"] >= 0.9, result["misses"]


@pytest.mark.slow
def test_search_gold_queries_all_in_top_5(eval_index):
    result = evaluate(eval_index, load_queries(GOLD_QUERIES), eval_index.fusion)
    assert result["recall"] == 1.0, result["misses"]
