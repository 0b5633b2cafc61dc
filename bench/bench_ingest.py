"""Ingest throughput on the scale corpus (bench/scale_corpus.py): files/s, documents/s, MB/s.

    .venv/bin/python bench/bench_ingest.py [--size 2000] [--sample 60] [--quick]

1. Without the search index: all ``--size`` files of the scale corpus into a fresh store
   (``ingest_paths(..., search_dir=None)``: parse, extract, build RDF, write the store).
2. With and without the search index on a fixed sample: embedding every clause with the real
   model on two shared cores would take far longer than the graph itself (about an hour for the
   whole corpus), so the sample's first ``--sample`` files (every k-th file of the corpus, so
   laws and policy variants mix) are ingested twice into fresh stores, once with
   ``search_dir=None`` and once with a search folder, and both rates are reported side by side.

``--quick``: 200 of the corpus's files (every k-th) and a sample of 12.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_corpus  # noqa: E402


def ingest_rate(files: list[Path], work: Path, with_index: bool) -> str:
    """Ingest ``files`` into a fresh store under ``work``; one report line."""
    from api.ingesting import ingest_paths
    from graph.store import open_store

    folder = work / ("with-index" if with_index else "graph-only")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    size = sum(f.stat().st_size for f in files)
    began = time.perf_counter()
    with open_store(f"oxigraph:{folder / 'db'}") as store:
        summary = ingest_paths(files, store, search_dir=folder / "search" if with_index else None,
                               log=lambda _: None)
        triples = store.counts()["triples"]
    seconds = time.perf_counter() - began
    what = "with search index" if with_index else "graph only"
    return (f"{what}: {len(files)} files ({size / 1e6:.1f} MB) in {seconds:.0f} s = "
            f"{len(files) / seconds:.2f} files/s, {summary.documents / seconds:.2f} documents/s, "
            f"{size / 1e6 / seconds:.3f} MB/s; {summary.documents} documents, {summary.clauses} clauses, "
            f"{summary.facts} facts, {triples} triples, {len(summary.failed)} failed")


def bench(size: int, sample: int, limit: int | None = None) -> list[str]:
    """Report lines; ``limit``: ingest only every k-th file of the corpus, this many (``--quick``)."""
    out = scale_corpus.DEFAULT_OUT
    built = scale_corpus.corpus_size(out)[0] if out.is_dir() else 0
    if built != size:
        scale_corpus.build(out, size)
    files = sorted(p for p in out.iterdir() if p.is_file())
    if limit:
        files = files[:: max(1, len(files) // limit)][:limit]
    files_n, size_bytes = scale_corpus.corpus_size(out)
    lines = [f"scale corpus: {files_n} files, {size_bytes / 1e6:.1f} MB at {out} (bench/scale_corpus.py)"]
    picked = files[:: max(1, len(files) // sample)][:sample]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines.append(("full corpus, " if not limit else f"{len(files)} of them, ")
                     + ingest_rate(files, work, with_index=False))
        lines.append(f"sample of {len(picked)}, " + ingest_rate(picked, work, with_index=False))
        lines.append(f"sample of {len(picked)}, " + ingest_rate(picked, work, with_index=True))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="files in the scale corpus")
    parser.add_argument("--sample", type=int, default=30, help="files ingested with and without the index")
    parser.add_argument("--quick", action="store_true", help="200 files, a sample of 12")
    args = parser.parse_args()
    sample, limit = (12, 200) if args.quick else (args.sample, None)
    for line in bench(args.size, sample, limit):
        print(line, flush=True)


if __name__ == "__main__":
    main()
