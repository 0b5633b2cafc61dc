"""The spaCy pipeline that reads facts out of one clause.

A blank Chinese pipeline (character tokens, so every character offset is a token boundary) with
one rule component per kind of fact, each named ``policy_<kind>`` (STYLE.md §5). A component
finds facts in ``doc.text`` (a clause's clean text, see ``ingest.textmap``) and records them with
:func:`add_facts`: the spans go to ``doc.spans["policy_<kind>"]`` (overlaps allowed) and the fact
objects, in the same order, to that group's ``attrs["facts"]``. Components read what earlier ones
found (responsibilities read the agencies) and the document's context from ``doc._.policy_ctx``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Order matters: responsibilities read agencies; incentives read dates and quantities.
COMPONENTS = (
    "policy_agencies",
    "policy_responsibility",
    "policy_dates",
    "policy_targets",
    "policy_incentives",
)

if not Doc.has_extension("policy_ctx"):
    Doc.set_extension("policy_ctx", default=None)


@dataclass(frozen=True)
class ExtractContext:
    """What an extractor may know about the document a clause belongs to."""

    region: str | None = None  # 河南省; resolves 省发展改革委 to 河南省发展和改革委员会
    level: str | None = None  # national | provincial | municipal | district
    city: str | None = None  # for a district document, the city it lies in
    plan_period: tuple[int, int] | None = None  # 十四五 -> (2021, 2025)
    doc_date: date | None = None
    title: str | None = None
    clause_key: str | None = None
    heading: str | None = None  # the clause's heading, and its parents' (indicator context)
    parent_headings: tuple[str, ...] = ()


def add_facts(doc: Doc, kind: str, found: list[tuple[int, int, Any]], label: str | None = None) -> None:
    """Record facts of one kind: (start_char, end_char, fact) in ``doc.text``."""
    key = f"policy_{kind}"
    group = doc.spans.get(key)
    spans = list(group) if group is not None else []
    facts = list(group.attrs.get("facts", [])) if group is not None else []
    for start, end, fact in found:
        span = doc.char_span(start, end, label=label or kind, alignment_mode="expand")
        if span is None:
            continue
        spans.append(span)
        facts.append(fact)
    doc.spans[key] = spans
    doc.spans[key].attrs["facts"] = facts


def facts_of(doc: Doc, kind: str) -> list[tuple[int, int, Any]]:
    """The facts a component recorded, with their char offsets in ``doc.text``."""
    group = doc.spans.get(f"policy_{kind}")
    if group is None:
        return []
    return [(s.start_char, s.end_char, f) for s, f in zip(group, group.attrs.get("facts", []), strict=True)]


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """The blank "zh" pipeline with every registered ``policy_*`` component (built once)."""
    # Importing the extractor modules registers their factories.
    import ingest.extract  # noqa: F401

    nlp = spacy.blank("zh")  # default segmenter "char": one token per character
    for name in COMPONENTS:
        if name in Language.factories:
            nlp.add_pipe(name)
    return nlp


def run(text: str, ctx: ExtractContext) -> Doc:
    """Run every component over one clause's clean text."""
    nlp = build_pipeline()
    doc = nlp.make_doc(text)
    doc._.policy_ctx = ctx
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
