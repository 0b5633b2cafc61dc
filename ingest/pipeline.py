"""From a file on disk to Documents with clauses and facts (no RDF here: see graph.build).

    read (ingest.readers) -> split compilations (ingest.split) -> per document: metadata
    (ingest.extract.metadata, corpus sidecar YAML) -> clause tree (ingest.segment) -> facts per
    clause and preamble (ingest.nlp components) -> ingest.models.Document

A file holding one document gives one Document; a compilation gives a Document of kind
"compilation" whose ``parts`` are the documents it holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from ingest import nlp
from ingest.extract.agencies import find_agencies
from ingest.extract.incentive_refs import resolve_references
from ingest.extract.metadata import document_metadata
from ingest.models import Agency, Clause, Document, SourceText, Span
from ingest.paragraphs import paragraphs
from ingest.readers import SUFFIXES, read
from ingest.segment import preamble, segment
from ingest.sidecar import apply, load_sidecar, part_overrides
from ingest.split import Part, split
from ingest.textmap import clean

FACT_FIELDS = {
    "agencies": None,  # agencies are carried by the responsibilities that cite them
    "responsibility": "agency_tasks",
    "dates": "deadlines",
    "targets": "targets",
    "incentives": "incentives",
}


def find_files(paths: list[str | Path]) -> list[Path]:
    """The readable files named by ``paths`` (folders are walked, sorted; hidden files skipped).

    A path that does not exist is returned as is, so the caller reports it like any bad file.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(x.startswith(".") for x in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def ingest_file(path: str | Path) -> Document:
    """Read one file into a Document (a compilation Document when it holds several)."""
    path = Path(path)
    source = read(path)
    overrides = load_sidecar(path) or {}
    parts = split(source.text)
    if len(parts) == 1:
        return _document(source, parts[0], {k: v for k, v in overrides.items() if k != "parts"}, source.meta)
    # The compilation itself has only a title: its text holds other documents' signatures and dates.
    whole = Document(source=source.name, span=(0, len(source.text)), sha256=source.sha256, kind="compilation",
                     title=_compilation_title(source, parts))
    apply(whole, {k: v for k, v in overrides.items() if k != "parts"})
    for part in parts:
        whole.parts.append(_document(source, part, part_overrides(overrides, part.title)))
    return whole


def _compilation_title(source: SourceText, parts: list[Part]) -> str | None:
    """The heading that stands before the first contained document (a newsletter's masthead)."""
    first = min(p.span[0] for p in parts)
    for line in source.text[:first].splitlines():
        title = line.strip().lstrip("#").strip().strip("*").strip()
        if title:
            return title
    return source.name


def _document(source: SourceText, part: Part, overrides: dict, page_meta: dict[str, str] | None = None) -> Document:
    kind = part.kind if part.kind in ("policy", "article", "news") else "policy"
    meta = document_metadata(source.text, part.span, part.title, kind=kind, page_meta=page_meta)
    doc_fields = {f.name for f in dataclasses.fields(Document)}
    fields = {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta) if f.name in doc_fields}
    doc = Document(source=source.name, span=part.span, sha256=source.sha256, kind=kind, **fields)
    apply(doc, overrides)  # before extraction: agencies resolve in the document's region
    doc.issuer_agencies = [_issuer_agency(name, doc) for name in doc.issuers]
    doc.clauses = segment(source.text, part.span)
    preamble_pieces = preamble(source.text, part.span, doc.clauses)
    doc.preamble = _plain(source.text, preamble_pieces)
    if kind == "policy":  # articles and news report on policies; their figures set no targets, assign no tasks
        _extract_facts(doc, source.text, preamble_pieces)
    # 参照第六条…: a rule that cites another clause takes its figures, once every clause is read
    doc.incentives = resolve_references(doc.incentives)
    return doc


def _plain(text: str, pieces: list[Span]) -> str:
    """The pieces' text, one paragraph a line, without markdown marks or HTML (ingest.paragraphs)."""
    return "\n".join(p.text for start, end in pieces for p in paragraphs(text, (start, end)) if p.text.strip())


def _issuer_agency(name: str, doc: Document) -> Agency:
    """The agency an issuer name stands for, resolved like any mention (黄浦区发展和改革委员会 in a 黄浦区
    document -> 上海市黄浦区发展和改革委员会); a name the gazetteer does not cover whole is kept as written."""
    found = find_agencies(name, _context(doc, None, {}))
    if len(found) == 1 and found[0][1] - found[0][0] == len(name) and found[0][2].known:
        return found[0][2]
    return Agency(name, region=doc.region, level=doc.level, known=False)


def _context(doc: Document, clause: Clause | None, by_key: dict[str, Clause]) -> nlp.ExtractContext:
    parents: list[str] = []
    key = clause.parent if clause else None
    while key is not None and key in by_key:
        parent = by_key[key]
        if parent.heading:
            parents.append(parent.heading)
        key = parent.parent
    return nlp.ExtractContext(
        region=doc.region,
        level=doc.level,
        city=doc.city,
        plan_period=doc.plan_period,
        doc_date=doc.date,
        title=doc.title,
        clause_key=clause.key if clause else None,
        heading=clause.heading if clause else None,
        parent_headings=tuple(reversed(parents)),
    )


def _units(doc: Document, preamble_pieces: list[Span]) -> Iterator[tuple[Clause | None, list[Span]]]:
    if preamble_pieces:
        yield None, preamble_pieces
    for clause in doc.clauses:
        yield clause, clause.pieces


def _extract_facts(doc: Document, source_text: str, preamble_pieces: list[Span]) -> None:
    """Run the spaCy components over the preamble and every clause; map spans back to the source."""
    by_key = {c.key: c for c in doc.clauses}
    for clause, pieces in _units(doc, preamble_pieces):
        text = clean(source_text, pieces)
        if not text.text:
            continue
        sdoc = nlp.run(text.text, _context(doc, clause, by_key))
        for kind, field in FACT_FIELDS.items():
            if field is None:
                continue
            target = getattr(doc, field)
            for start, end, fact in nlp.facts_of(sdoc, kind):
                span = text.source_span(start, end)
                prov = dataclasses.replace(fact.prov, span=span)
                target.append(dataclasses.replace(fact, clause=clause.key if clause else None, prov=prov))
