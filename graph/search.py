"""Hybrid clause search: dense embeddings + BM25 on jieba tokens, fused, with filters.

A :class:`SearchIndex` lives in a directory beside the graph (e.g. ``<db>/search/``): numpy
arrays (memory-mapped on load) and JSON. Clauses are embedded in chunks of about
``CHUNK_CHARS`` characters (e5 reads at most 512 tokens and long inputs blur), a clause scores
as its best chunk, and results are whole clauses, one hit per clause. Chunk vectors are cached
by text hash, so re-ingesting a document embeds only the clauses whose text changed.

Typical use::

    index = SearchIndex.open(db / "search", load_embedder())   # empty when the directory is new
    index.add_or_replace(doc_iri, records)                      # at ingest, per document
    index.save()
    hits = index.search("energy storage subsidy per kWh", k=10, region="北京")
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from graph.embedder import Embedder
from graph.errors import GraphError
from graph.fusion import FUSIONS, fuse
from graph.lexical import LexicalIndex, QueryTerms, highlight, matched_terms, query_terms, tokenize
from ingest.models import Document

FORMAT_VERSION = 2
CHUNK_CHARS = 320  # ~250 e5 tokens of Chinese policy prose
CHUNK_OVERLAP = 60  # a sentence cut at a window edge is still whole in one window
CANDIDATES = 100  # from each ranking, before fusion
DEFAULT_FUSION = "weighted"  # measured: same recall@5 as RRF, better MRR (bench/bench_search.py)
_SENTENCE_END = re.compile(r"(?<=[。；！？;!?\n])")


class SearchIndexError(GraphError):
    """The index on disk cannot be used as asked (other model, other format)."""


@dataclass
class ClauseRecord:
    """One clause as search sees it; ``date`` is its document's date, ISO "YYYY-MM-DD"."""

    iri: str
    doc: str
    text: str
    doc_title: str | None = None
    source: str | None = None  # file name
    path: str | None = None  # numbering path: "三/（二）/4"
    region: str | None = None
    level: str | None = None
    date: str | None = None


@dataclass
class Hit:
    """A search result: a whole clause, its fused score and what matched the query."""

    clause: str
    doc: str
    doc_title: str | None
    source: str | None
    path: str | None
    text: str
    score: float
    highlighted: str  # HTML-escaped text, <mark> around matched query terms
    matched_terms: list[str] = field(default_factory=list)
    region: str | None = None
    level: str | None = None
    date: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def clause_records(document: Document, doc_iri: str, clause_iri: Callable[[str], str]) -> list[ClauseRecord]:
    """Search records of a document's clauses (not of its ``parts``: each part is a document).

    Args:
        document: an ingested document.
        doc_iri: its IRI.
        clause_iri: maps a clause key ("三/（二）/4") to the clause's IRI.
    """
    return [
        ClauseRecord(iri=clause_iri(c.key), doc=doc_iri, text=c.text, doc_title=document.title,
                     source=document.source, path=c.key, region=document.region, level=document.level,
                     date=document.date.isoformat() if document.date else None)
        for c in document.clauses
        if c.text.strip()
    ]


def chunk_text(text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Windows of at most ``size`` characters, cut after a sentence end when one is near.

    >>> chunk_text("短句。")
    ['短句。']
    >>> chunk_text("甲" * 5 + "。" + "乙" * 5 + "。", size=8, overlap=2)
    ['甲甲甲甲甲。', '甲。乙乙乙乙乙。']
    """
    if len(text) <= size:
        return [text]
    chunks, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cuts = [m.start() for m in _SENTENCE_END.finditer(text, start + size // 2, end)]
            end = cuts[-1] if cuts else end
        chunks.append(text[start:end])
        if end >= len(text):
            break
        start = max(end - overlap, start + 1)
    return chunks


def text_hash(text: str) -> int:
    """64-bit hash of a chunk's text, the key of the embedding cache (as an unsigned int, because
    numpy's fixed-width bytes type drops trailing NUL bytes)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class _Block:
    """A document's clauses waiting to enter the arrays: their chunks, hashes and vectors."""

    records: list[ClauseRecord]
    sizes: list[int]  # chunks per clause
    chunks: list[str]
    hashes: list[int]
    vectors: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def of(cls, records: list[ClauseRecord]) -> _Block:
        per_clause = [chunk_text(r.text) for r in records]
        chunks = [c for cs in per_clause for c in cs]
        return cls(records, [len(cs) for cs in per_clause], chunks, [text_hash(c) for c in chunks])


class SearchIndex:
    """Clauses, their chunk vectors and a BM25 index, searchable with filters.

    Row ``i`` of every per-clause array is ``records[i]``; the chunks of clause ``i`` are rows
    ``offsets[i]:offsets[i+1]`` of ``vectors``. Changes are applied in memory; :meth:`save`
    writes them.
    """

    def __init__(self, directory: str | Path, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}; expected one of {FUSIONS}")
        self.directory = Path(directory)
        self.embedder = embedder
        self.fusion = fusion
        self._records: list[ClauseRecord] = []
        self._tokens: list[list[str]] | None = []
        self._offsets = np.zeros(1, dtype=np.int64)
        self._hashes = np.zeros(0, dtype=np.uint64)
        self._vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        self._lexical: LexicalIndex | None = LexicalIndex.build([])
        self._columns: dict[str, tuple[list[str], np.ndarray]] | None = None
        self._staged: dict[str, _Block] = {}
        self._hash_rows: dict[int, int] | None = None

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: str | Path, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> SearchIndex:
        """The index saved in ``directory``, or a new empty one when there is none."""
        if (Path(directory) / "meta.json").exists():
            return cls.load(directory, embedder, fusion)
        return cls(directory, embedder, fusion)

    def add_or_replace(self, doc_iri: str, records: Iterable[ClauseRecord | dict]) -> int:
        """Replace every clause of ``doc_iri`` by ``records``; returns how many chunks were embedded."""
        return self.update({doc_iri: list(records)})

    def remove(self, doc_iri: str) -> None:
        """Drop every clause of a document."""
        self.update({doc_iri: []})

    def update(self, docs: Mapping[str, Sequence[ClauseRecord | dict]]) -> int:
        """Replace the clauses of several documents (one embedding batch for all of them).

        The new clauses are embedded now (except chunks whose text is already indexed or staged:
        the cache) and staged; the arrays are rebuilt once, at the next search, ``len`` or save,
        so calling this once per document while ingesting thousands stays linear.

        Returns:
            The number of chunks that had to be embedded.
        """
        known = self._known_hashes()
        staged = {h: v for block in self._staged.values() for h, v in zip(block.hashes, block.vectors, strict=True)}
        blocks = {doc: _Block.of([r if isinstance(r, ClauseRecord) else ClauseRecord(**r) for r in recs])
                  for doc, recs in docs.items()}
        missing = {h: c for b in blocks.values() for h, c in zip(b.hashes, b.chunks, strict=True)
                   if h not in known and h not in staged}
        fresh = dict(zip(missing, self.embedder.embed_passages(list(missing.values())), strict=True))
        for doc, block in blocks.items():
            block.vectors = [fresh[h] if h in fresh else staged[h] if h in staged else self._vectors[known[h]]
                             for h in block.hashes]
            self._staged[doc] = block
        return len(missing)

    def _known_hashes(self) -> dict[int, int]:
        """Chunk hash -> row of ``vectors`` for the consolidated part of the index."""
        if self._hash_rows is None:
            self._hash_rows = {h: i for i, h in enumerate(self._hashes.tolist())}
        return self._hash_rows

    def _consolidate(self) -> None:
        """Apply the staged documents to the arrays, in one pass."""
        if not self._staged:
            return
        staged, self._staged = self._staged, {}
        keep = np.array([r.doc not in staged for r in self._records], dtype=bool)
        chunk_keep = np.repeat(keep, np.diff(self._offsets))
        tokens = self._all_tokens()
        new = [r for b in staged.values() for r in b.records]
        sizes = [n for b in staged.values() for n in b.sizes]
        new_vectors = [v for b in staged.values() for v in b.vectors]
        self._records = [r for r, k in zip(self._records, keep, strict=True) if k] + new
        self._tokens = [t for t, k in zip(tokens, keep, strict=True) if k] + [tokenize(r.text) for r in new]
        kept_sizes = np.diff(self._offsets)[keep]
        self._offsets = np.concatenate([[0], np.cumsum(np.concatenate([kept_sizes, sizes]))]).astype(np.int64)
        self._hashes = np.concatenate([self._hashes[chunk_keep],
                                       np.array([h for b in staged.values() for h in b.hashes], dtype=np.uint64)])
        fresh = np.stack(new_vectors) if new_vectors else np.zeros((0, self.embedder.dim), np.float32)
        self._vectors = np.concatenate([np.asarray(self._vectors[chunk_keep]), fresh]).astype(np.float32)
        self._hash_rows = None
        self._lexical = None  # rebuilt on next search or save
        self._columns = None

    def _all_tokens(self) -> list[list[str]]:
        if self._tokens is None:  # loaded from disk: read the token file only when it is needed
            lines = (self.directory / "tokens.txt").read_text(encoding="utf-8").split("\n")
            self._tokens = [line.split(" ") if line else [] for line in lines[: len(self._records)]]
        return self._tokens

    # -- storage ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the index to its directory (replacing what was there)."""
        self._consolidate()
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        tokens = self._all_tokens()
        (d / "records.json").write_text(
            json.dumps([asdict(r) for r in self._records], ensure_ascii=False), encoding="utf-8"
        )
        (d / "tokens.txt").write_text("\n".join(" ".join(t) for t in tokens), encoding="utf-8")
        # arrays are written under new names then renamed: the old ones may be memory-mapped
        for name, array in (("offsets", self._offsets), ("hashes", self._hashes), ("vectors", self._vectors)):
            np.save(d / f"{name}.tmp.npy", np.asarray(array))
        for name in ("offsets", "hashes", "vectors"):
            (d / f"{name}.tmp.npy").replace(d / f"{name}.npy")
        # bm25s rewrites its files in place and the old ones may be memory-mapped: swap folders
        staging = d / "lexical.new"
        shutil.rmtree(staging, ignore_errors=True)
        self._lexical_index().save(staging)
        shutil.rmtree(d / "lexical", ignore_errors=True)
        staging.rename(d / "lexical")
        meta = {"format": FORMAT_VERSION, "model": self.embedder.name, "dim": self.embedder.dim,
                "chunk_chars": CHUNK_CHARS, "clauses": len(self._records), "chunks": len(self._hashes)}
        (d / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> SearchIndex:
        """Open a saved index; arrays are memory-mapped, so this is quick even at 100k clauses.

        Raises:
            SearchIndexError: the index was built with another model or format.
        """
        d = Path(directory)
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION or meta.get("model") != embedder.name:
            raise SearchIndexError(
                f"{d}: search index of format {meta.get('format')} built with model {meta.get('model')!r};"
                f" this code reads format {FORMAT_VERSION} with model {embedder.name!r}: rebuild the index"
            )
        index = cls(d, embedder, fusion)
        index._records = [ClauseRecord(**r) for r in json.loads((d / "records.json").read_text(encoding="utf-8"))]
        index._tokens = None
        index._offsets = np.load(d / "offsets.npy")
        index._hashes = np.load(d / "hashes.npy", mmap_mode="r")
        index._vectors = np.load(d / "vectors.npy", mmap_mode="r")
        index._lexical = LexicalIndex.load(d / "lexical")
        return index

    @property
    def records(self) -> list[ClauseRecord]:
        """The indexed clauses, in row order."""
        self._consolidate()
        return self._records

    def __len__(self) -> int:
        return len(self.records)

    # -- searching --------------------------------------------------------------------------

    def _lexical_index(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex.build(self._all_tokens())
        return self._lexical

    def _filter_columns(self) -> dict[str, tuple[list[str], np.ndarray]]:
        """Per filter field: its distinct values and each clause's value as an index into them
        (comparing small integer codes keeps a filtered query fast at 100k clauses)."""
        if self._columns is None:
            self._columns = {}
            for name in ("region", "level", "doc", "date"):
                values: dict[str, int] = {}
                codes = np.array([values.setdefault(getattr(r, name) or "", len(values)) for r in self._records],
                                 dtype=np.int32)
                self._columns[name] = (list(values), codes)
        return self._columns

    def _mask(self, region, level, doc, date_from, date_to) -> np.ndarray | None:
        """Clauses passing the filters, or None when no filter is set.

        Region matches by containment (北京 selects 北京市 and 北京市海淀区); a date filter
        drops clauses whose document has no date.
        """
        if not any((region, level, doc, date_from, date_to)):
            return None
        tests = {
            "region": (lambda v: bool(v) and region in v) if region else None,
            "level": (lambda v: v == level) if level else None,
            "doc": (lambda v: v == doc) if doc else None,
            "date": (lambda v: bool(v) and (not date_from or v >= str(date_from))
                     and (not date_to or v <= str(date_to))) if (date_from or date_to) else None,
        }
        mask = np.ones(len(self._records), dtype=bool)
        for name, (values, codes) in self._filter_columns().items():
            test = tests[name]
            if test is not None:
                allowed = np.array([test(v) for v in values] or [False], dtype=bool)
                mask &= allowed[codes]
        return mask

    def _scores(self, query: str, mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, QueryTerms]:
        """Per-clause dense (best chunk cosine) and BM25 scores; masked clauses score -inf / 0."""
        query_vector = self.embedder.embed_queries([query])[0]
        # einsum runs numpy's own single-threaded SIMD loop: half the CPU of BLAS's threaded gemv
        # here, and no BLAS threads left spinning between queries
        chunk_scores = np.einsum("ij,j->i", np.asarray(self._vectors), query_vector)
        dense = np.maximum.reduceat(chunk_scores, self._offsets[:-1]) if len(self._records) else chunk_scores
        terms = query_terms(query)
        lexical = self._lexical_index().scores(terms.tokens)
        if mask is not None:
            dense = np.where(mask, dense, -np.inf)
            lexical = np.where(mask, lexical, 0.0)
        return dense, lexical, terms

    def search(self, query: str, k: int = 10, region: str | None = None, level: str | None = None,
               doc: str | None = None, date_from: str | None = None, date_to: str | None = None,
               fusion: str | None = None) -> list[Hit]:
        """The ``k`` clauses that best match ``query`` (Chinese or English), best first.

        Args:
            query: free text.
            k: number of hits.
            region, level, doc, date_from, date_to: filters (see :meth:`_mask`); dates ISO.
            fusion: "rrf" or "weighted"; defaults to the index's.
        """
        self._consolidate()
        if not self._records or not query.strip():
            return []
        mask = self._mask(region, level, doc, date_from, date_to)
        dense, lexical, terms = self._scores(query, mask)
        allowed = len(self._records) if mask is None else int(mask.sum())
        n = min(CANDIDATES, allowed)
        if n == 0:
            return []
        candidates = np.argpartition(-dense, n - 1)[:n]
        lexical_hits = np.flatnonzero(lexical > 0)
        if len(lexical_hits) > n:
            lexical_hits = lexical_hits[np.argpartition(-lexical[lexical_hits], n - 1)[:n]]
        candidates = np.union1d(candidates, lexical_hits)
        coverage = self._lexical_index().coverage(terms)
        fused = fuse(dense[candidates], lexical[candidates], fusion or self.fusion, lexical_weight=coverage)
        order = np.argsort(-fused, kind="stable")[:k]
        return [self._hit(int(candidates[i]), float(fused[i]), terms.tokens) for i in order]

    def _hit(self, row: int, score: float, tokens: list[str]) -> Hit:
        r = self._records[row]
        terms = matched_terms(r.text, tokens)
        return Hit(clause=r.iri, doc=r.doc, doc_title=r.doc_title, source=r.source, path=r.path, text=r.text,
                   score=round(score, 6), highlighted=highlight(r.text, terms), matched_terms=terms,
                   region=r.region, level=r.level, date=r.date)
