"""Keep the search index beside the graph in step with the store (graph.search.SearchIndex).

At ingest, the clauses of the documents just written are (re)indexed — only clauses whose text
is new are embedded (the index caches vectors by text hash) — and documents that are no longer
in the store (a file whose new version has other document IRIs) leave the index.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.embedder import load_embedder
from graph.iris import clause_iris, document_iri
from graph.search import ClauseRecord, SearchIndex, clause_records
from ingest.models import Document


def search_records(doc: Document) -> dict[str, list[ClauseRecord]]:
    """Search records of an ingested file's documents, by document IRI (the IRIs graph.build gives)."""
    root = document_iri(doc)
    out: dict[str, list[ClauseRecord]] = {}
    for iri, d in [(root, doc)] + [(document_iri(p, root, i), p) for i, p in enumerate(doc.parts)]:
        iris = clause_iris(iri, [c.key for c in d.clauses])
        out[iri] = clause_records(d, iri, iris.__getitem__)
        if d.preamble.strip():  # text before the first clause (definitions, purpose): found as the document
            out[iri].insert(0, ClauseRecord(iri=iri, doc=iri, text=d.preamble, doc_title=d.title, source=d.source,
                                            path="", region=d.region, level=d.level,
                                            date=d.date.isoformat() if d.date else None))
    return out


def update_search_index(
    store,
    search_dir: Path,
    embedder_name: str,
    docs: list[Document],
    log: Callable[[str], None] = print,
) -> int:
    """Index ``docs`` into ``search_dir`` and drop documents the store no longer has.

    Returns:
        The number of text chunks that had to be embedded.
    """
    index = SearchIndex.open(search_dir, load_embedder(embedder_name))
    updates: dict[str, list[ClauseRecord]] = {}
    for doc in docs:
        updates.update(search_records(doc))
    in_store = set(store.graph_hashes())
    for stale in {r.doc for r in index.records} - in_store - set(updates):
        updates[stale] = []
    embedded = index.update(updates)
    index.save()
    log(f"search index: {len(index)} clauses ({embedded} chunks embedded)")
    return embedded
