"""Compare what different jurisdictions say on one topic: relevant clauses and targets, side by side.

``compare(store, "光伏")`` groups the clauses relevant to the topic, and the targets stated in them
or measuring it, by the region (or the level) of their document: national first, then provincial,
municipal and district, so a researcher reads the national plan, Beijing and Wenzhou together.

Relevance is pluggable: a *searcher* is any ``callable(topic) -> [hit dict]`` whose hits carry at
least "clause", "doc" and "score" (the other search-result fields, when present, are kept). The
default, ``lexical_searcher(store)``, asks the store for clauses whose text contains the topic or
a synonym (graph/data/topic_synonyms.tsv); ``index_searcher(index)`` adapts the semantic search
index (graph.search.SearchIndex) once the lead wires it in.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .namespaces import sparql_prefixes
from .queries import sparql_iri, sparql_literal
from .store import Store

Searcher = Callable[[str], list[dict[str, Any]]]
SYNONYMS_FILE = Path(__file__).parent / "data" / "topic_synonyms.tsv"
LEVEL_ORDER = ("national", "provincial", "municipal", "district")
GROUPINGS = ("region", "level")
SYNONYM_WEIGHT = 0.7  # a synonym is good evidence, but the researcher's own word is better
_SPLIT = re.compile(r"[\s,，、;；/]+")

_DOCS = """SELECT DISTINCT ?d ?title ?source ?region ?level WHERE { ?d a eli:LegalResource .
  OPTIONAL { ?d eli:title ?title } OPTIONAL { ?d pkg:sourceFile ?source }
  OPTIONAL { ?d pkg:region ?region } OPTIONAL { ?d pkg:level ?level } }"""
_MATCHING = """SELECT DISTINCT ?c ?doc ?path ?text WHERE {
  ?c a eli:LegalResourceSubdivision ; pkg:document ?doc ; pkg:text ?text .
  FILTER({condition}) OPTIONAL { ?c pkg:path ?path } }"""
_CLAUSES = """SELECT DISTINCT ?c ?doc ?path ?text WHERE { VALUES ?c { {values} }
  ?c pkg:document ?doc . OPTIONAL { ?c pkg:path ?path } OPTIONAL { ?c pkg:text ?text } }"""
_TARGETS = """SELECT DISTINCT ?t ?owner ?doc ?indicator ?value ?unit ?comparator ?year ?baseline ?nature ?text WHERE {
  ?t a pkg:Target ; prov:wasDerivedFrom ?owner ; pkg:indicator ?indicator .
  OPTIONAL { ?owner pkg:document ?ownerDoc } BIND(COALESCE(?ownerDoc, ?owner) AS ?doc)
  OPTIONAL { ?t pkg:value ?value } OPTIONAL { ?t pkg:unit ?unit } OPTIONAL { ?t pkg:comparator ?comparator }
  OPTIONAL { ?t pkg:targetYear ?year } OPTIONAL { ?t pkg:baselineYear ?baseline }
  OPTIONAL { ?t pkg:nature ?nature } OPTIONAL { ?t pkg:text ?text } }"""


def _select(store: Store, sparql: str) -> list[dict[str, Any]]:
    rows = store.query(sparql_prefixes() + sparql)
    assert isinstance(rows, list)
    return rows


@lru_cache(maxsize=1)
def synonym_groups(path: Path = SYNONYMS_FILE) -> tuple[tuple[str, ...], ...]:
    """Groups of interchangeable topic words, read strictly (the file and line in every error)."""
    groups = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        words = tuple(w.strip() for w in line.split("\t") if w.strip())
        if len(words) < 2:
            raise ValueError(f"{path}:{number}: a group needs two or more tab-separated words, got {line!r}")
        groups.append(words)
    return tuple(groups)


def topic_terms(topic: str) -> dict[str, float]:
    """The words to look for, each with its weight: the topic's own words 1, their synonyms less.

    >>> topic_terms("光伏")
    {'光伏': 1.0, '太阳能发电': 0.7, '太阳能电池': 0.7}
    >>> topic_terms(" 储能，氢能 ")
    {'储能': 1.0, '氢能': 1.0, '蓄能': 0.7}
    """
    words = [w for w in _SPLIT.split(topic.strip()) if w]
    terms = dict.fromkeys(words, 1.0)
    for word in words:
        for group in synonym_groups():
            if word in group:
                for other in group:
                    terms.setdefault(other, SYNONYM_WEIGHT)
    return terms


def lexical_score(text: str, terms: dict[str, float]) -> float:
    """Relevance of a clause: saturated counts of each term, weighted, lightly normalised by length.

    >>> lexical_score("推进光伏发电，建设分布式光伏。", {"光伏": 1.0}) > lexical_score("光伏", {"光伏": 1.0}) * 0.9
    True
    >>> lexical_score("无关的条款", {"光伏": 1.0})
    0.0
    """
    score = 0.0
    for term, weight in terms.items():
        tf = text.count(term)
        score += weight * tf / (tf + 1.0)
    return round(score / (1.0 + math.log1p(len(text) / 400.0)), 4) if score else 0.0


def lexical_searcher(store: Store) -> Searcher:
    """Relevance by plain text match in the store: clauses that contain a term of the topic."""

    def search(topic: str) -> list[dict[str, Any]]:
        terms = topic_terms(topic)
        if not terms:
            return []
        condition = " || ".join(f"CONTAINS(?text, {sparql_literal(t)})" for t in terms)
        hits = []
        for row in _select(store, _MATCHING.replace("{condition}", condition)):
            hits.append({"clause": row["c"], "doc": row["doc"], "path": row.get("path"), "text": row["text"],
                         "score": lexical_score(row["text"], terms)})
        return hits

    return search


def index_searcher(index: Any, k: int = 300, min_score: float | None = None) -> Searcher:
    """A searcher over a semantic search index (anything with ``search(query, k=) -> [Hit]``).

    Args:
        index: e.g. ``graph.search.SearchIndex``; its hits have ``to_dict()``.
        k: how many hits to take before grouping; large, so small regions still appear.
        min_score: drop hits scoring below it (dense retrieval always returns k hits).
    """

    def search(topic: str) -> list[dict[str, Any]]:
        hits = [h.to_dict() if hasattr(h, "to_dict") else dict(h) for h in index.search(topic, k=k)]
        return [h for h in hits if min_score is None or h["score"] >= min_score]

    return search


def _documents(store: Store) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for row in sorted(_select(store, _DOCS), key=lambda r: sorted((k, str(v)) for k, v in r.items())):
        d = docs.setdefault(row["d"], {})
        for key in ("title", "source", "region", "level"):
            d.setdefault(key, row.get(key))
            d[key] = d[key] or row.get(key)
    return docs


def _fill_clauses(store: Store, hits: list[dict[str, Any]]) -> None:
    """Complete hits that lack their text or path (a searcher may return only IRIs and scores)."""
    missing = [h for h in hits if not h.get("text") or "path" not in h or not h.get("doc")]
    for start in range(0, len(missing), 200):
        batch = missing[start:start + 200]
        values = " ".join(sparql_iri(h["clause"]) for h in batch)
        found = {r["c"]: r for r in _select(store, _CLAUSES.replace("{values}", values))}
        for h in batch:
            row = found.get(h["clause"], {})
            h.setdefault("doc", row.get("doc"))
            h["doc"] = h["doc"] or row.get("doc")
            h["path"] = h.get("path") or row.get("path")
            h["text"] = h.get("text") or row.get("text", "")


def _level_rank(level: str | None) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def _target_record(row: dict[str, Any]) -> dict[str, Any]:
    value = row.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {"clause": row["owner"], "doc": row["doc"], "indicator": row["indicator"], "value": value,
            "unit": row.get("unit", ""), "comparator": row.get("comparator", ""), "year": row.get("year"),
            "baseline_year": row.get("baseline"), "nature": row.get("nature"), "text": row.get("text", "")}


def compare(store: Store, topic: str, by: str = "region", searcher: Searcher | None = None,
            per_group: int = 20) -> dict[str, Any]:
    """Clauses and targets on ``topic`` grouped by the region (or level) of their document.

    Args:
        store: an open store.
        topic: a word or a few words (光伏; 储能 氢能).
        by: "region" (one group per jurisdiction) or "level" (national, provincial …).
        searcher: the relevance function (default: ``lexical_searcher(store)``).
        per_group: most clauses listed per group, best first.

    Returns:
        {"topic", "by", "groups": [{"region", "level", "documents", "matches", "clauses": [{"clause",
        "doc", "doc_title", "source", "path", "text", "score"}], "targets": [{...export target
        record, with "doc"...}]}]}; a target is listed when its indicator or text names the topic
        (or a synonym). National
        first, then provincial, municipal, district, then by how many clauses match. A document
        with no region (an article) is left out. With ``by="level"``, "region" joins the group's
        regions with 、.

    Raises:
        ValueError: ``by`` is neither "region" nor "level".
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    hits = [dict(h) for h in (searcher or lexical_searcher(store))(topic)]
    _fill_clauses(store, hits)
    docs = _documents(store)

    def key_of(doc: str | None) -> str | None:
        meta = docs.get(doc or "", {})
        return meta.get("region") if by == "region" else meta.get("level")

    groups: dict[str, dict[str, Any]] = {}
    for h in sorted(hits, key=lambda h: (-h["score"], h["clause"])):
        key = key_of(h.get("doc"))
        if key is None:
            continue
        meta = docs[h["doc"]]
        group = groups.setdefault(key, {"clauses": [], "levels": Counter(), "regions": Counter(), "docs": set()})
        group["levels"][meta.get("level")] += 1
        group["regions"][meta.get("region")] += 1
        group["docs"].add(h["doc"])
        group["clauses"].append({"clause": h["clause"], "doc": h["doc"], "doc_title": meta.get("title"),
                                 "source": meta.get("source"), "path": h.get("path"), "text": h.get("text", ""),
                                 "score": h["score"]})

    # a target counts when it measures the topic itself: a matched clause (主要目标) often states
    # targets on several topics at once
    terms = topic_terms(topic)
    targets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(_select(store, _TARGETS), key=lambda r: (r["doc"], r["owner"], r["t"])):
        key = key_of(row["doc"])
        if key in groups and any(t in row["indicator"] or t in row.get("text", "") for t in terms):
            record = _target_record(row)
            if record not in targets[key]:
                targets[key].append(record)

    out = []
    for key, g in groups.items():
        level = key if by == "level" else next((lv for lv, _ in g["levels"].most_common() if lv), None)
        region = key if by == "region" else "、".join(r for r, _ in g["regions"].most_common() if r)
        out.append({"region": region, "level": level, "documents": len(g["docs"]), "matches": len(g["clauses"]),
                    "clauses": g["clauses"][:per_group], "targets": targets.get(key, [])})
    out.sort(key=lambda g: (_level_rank(g["level"]), -g["matches"], g["region"] or ""))
    return {"topic": topic, "by": by, "groups": out}


__all__ = ["GROUPINGS", "LEVEL_ORDER", "Searcher", "compare", "index_searcher", "lexical_score", "lexical_searcher",
           "synonym_groups", "topic_terms"]
