"""SPARQL latency: the embedded Oxigraph store against rdflib's in-memory Dataset, same data, one run.

    .venv/bin/python bench/bench_sparql.py [--scale N] [--reps 20] [--budget 30] [--quick]

1. Data: the corpus (corpus/, five files) ingested with ``api.ingesting.ingest_paths`` into a
   temporary Oxigraph store, exactly as ``policykg ingest`` does (about 9,400 triples).
2. ``--scale N``: the ingested quads copied N times. Copy k (k = 0 … N-1; copy 0 is the original)
   moves every project IRI but the ontology's (``https://w3id.org/policykg/KIND/REST``: documents,
   their named graphs, clauses, facts, agencies, extractors) to ``…/KIND/r{k}/REST`` and renames
   blank nodes; literals are unchanged. Each copy is thus a separate set of documents with its
   own agencies, as if N regions had issued the same plans: a query's answer grows N-fold, its
   work should too. N = 110 gives about 1.04 M triples.
   Why agencies are copied too: each document graph repeats the description of the agencies it
   names, and a union default graph yields a triple once per graph that holds it (Oxigraph: a
   bag, not a set; rdflib's Dataset: a set). Shared agencies would make the two engines answer
   differently and make joins through an agency grow as N², which is a property of the data
   model measured elsewhere, not of the engines.
3. The same quads are bulk-loaded into a fresh Oxigraph store and added to an rdflib
   ``Dataset(default_union=True)`` (both answer a query without GRAPH over the union of the
   document graphs, as the API does).
4. Each query (``QUERIES``) runs once per engine to warm up and to compare the answers (same rows
   as a multiset of lexical forms), then ``--reps`` times on Oxigraph and as many times on rdflib
   as fit in ``--budget`` seconds (at least the warm-up run is kept, so a slow query is still
   measured, on fewer runs; the table says how many). Rows are fully materialised on both.
   Reports p50 and p95 wall time and the ratio of the p50s (rdflib / Oxigraph). rdflib runs in
   a forked child given up after ``--timeout`` seconds (the table then says "> timeout").

Writes bench/out/sparql.json (or ``--out``) and prints a markdown table. ``--quick``: scale 1,
5 repetitions, 5 s budget, 20 s timeout (well under a minute).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import multiprocessing
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import Dataset, URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.ingesting import ingest_paths  # noqa: E402
from graph import queries  # noqa: E402
from graph.namespaces import sparql_prefixes  # noqa: E402
from graph.store import _rdflib_of, open_store  # noqa: E402

print = functools.partial(print, flush=True)  # noqa: A001  progress shows when piped

BASE = "https://w3id.org/policykg/"
ONTOLOGY = BASE + "ontology"
AGENCY = "河南省发展和改革委员会"

#: name -> (what it measures, SPARQL). The first two are the project's named queries (graph/queries).
QUERIES: dict[str, tuple[str, str]] = {
    "agency_tasks": (f"tasks of {AGENCY}: clause, role, text excerpt, earliest deadline (named query)",
                     queries.load("agency_tasks", agency=AGENCY)),
    "targets_year_region": ("targets due in 2025 set by national documents (named query)",
                            queries.load("targets_by_year_region", year=2025, region="全国")),
    # no rdf:type patterns: rdflib orders a BGP by the variables each pattern leaves unbound, so
    # "?deadline a pkg:Deadline" would run first, unconnected: a cross product (128 s instead of
    # 0.4 s at scale 1). The properties imply the types; the answer is the same.
    "join_doc_clause_agency_deadline": ("document–clause–agency–deadline join", sparql_prefixes() + """
SELECT ?title ?path ?agency ?date WHERE {
  ?clause pkg:document ?doc ; pkg:path ?path .
  ?doc eli:title ?title .
  ?task prov:wasDerivedFrom ?clause ; pkg:agency ?a .
  ?a skos:prefLabel ?agency .
  ?deadline prov:wasDerivedFrom ?clause ; pkg:date ?date }"""),
    "aggregate_tasks_per_agency": ("tasks per agency: GROUP BY / COUNT, ordered", sparql_prefixes() + """
SELECT ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
  ?task a pkg:Responsibility ; pkg:agency ?a . ?a skos:prefLabel ?agency }
GROUP BY ?agency ORDER BY DESC(?tasks) ?agency"""),
    "text_contains": ("clauses whose text CONTAINS 光伏 (no index: a scan of every clause text)",
                      sparql_prefixes() + """
SELECT ?clause ?text WHERE { ?clause a eli:LegalResourceSubdivision ; pkg:text ?text .
  FILTER(CONTAINS(?text, "光伏")) }"""),
}


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation): with few samples, a value that was measured.

    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5), percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.95)
    (3.0, 5.0)
    >>> percentile([7.0], 0.95)
    7.0
    """
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ingest_corpus(directory: Path) -> ox.Store:
    """The corpus ingested by the project's own code; returns the pyoxigraph store under it."""
    store = open_store(f"oxigraph:{directory}")
    summary = ingest_paths([ROOT / "corpus"], store, search_dir=None, log=lambda _: None)
    if summary.failed:
        raise SystemExit(f"ingest failed: {summary.failed}")
    return store._ox  # type: ignore[attr-defined]


def replicated(base: list[ox.Quad], copies: int) -> Iterator[ox.Quad]:
    """The quads ``copies`` times, copy k under ``…/KIND/r{k}/…`` (module docstring, point 2)."""

    def rename(term: Any, k: int) -> Any:
        if isinstance(term, ox.NamedNode) and term.value.startswith(BASE) and not term.value.startswith(ONTOLOGY):
            kind, _, rest = term.value[len(BASE):].partition("/")
            return ox.NamedNode(f"{BASE}{kind}/r{k}/{rest}")
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}r{k}")
        return term

    for k in range(copies):
        for q in base:
            if k == 0:
                yield q
            else:
                yield ox.Quad(rename(q.subject, k), rename(q.predicate, k), rename(q.object, k),
                              rename(q.graph_name, k))


def load_rdflib(quads: list[ox.Quad]) -> Dataset:
    """An rdflib in-memory Dataset (default graph = union) holding the same quads."""
    dataset = Dataset(default_union=True)
    terms: dict[Any, Any] = {}
    graphs: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        found = terms.get(t)
        if found is None:
            found = terms[t] = _rdflib_of(t)
        return found

    def graph(name: Any) -> Any:
        found = graphs.get(name)
        if found is None:
            found = graphs[name] = dataset.graph(URIRef(name.value))
        return found

    dataset.addN((term(q.subject), term(q.predicate), term(q.object), graph(q.graph_name)) for q in quads)
    return dataset


def run_oxigraph(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [tuple(_lexical(row[n]) for n in names) for row in result]


def run_rdflib(dataset: Dataset, sparql: str) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else str(t) for t in row) for row in dataset.query(sparql)]


def _lexical(term: Any) -> str:
    return "" if term is None else term.value


def measure(run: Any, reps: int, budget: float) -> tuple[list[float], list[tuple[str, ...]]]:
    """(wall times in ms, rows of the warm-up run); stops after ``budget`` seconds of runs."""
    start = time.perf_counter()
    rows = run()
    samples = [(time.perf_counter() - start) * 1000]
    timed: list[float] = []
    began = time.perf_counter()
    for _ in range(reps):
        if time.perf_counter() - began > budget:
            break
        t = time.perf_counter()
        run()
        timed.append((time.perf_counter() - t) * 1000)
    return (timed or samples), rows


def measure_in_child(run: Any, reps: int, budget: float, timeout: float) -> Any:
    """``measure`` in a forked child (it shares the loaded data), killed after ``timeout`` seconds:
    an rdflib query cannot be interrupted otherwise. None when it timed out."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        send.send(measure(run, reps, budget))

    process = context.Process(target=child, daemon=True)
    process.start()
    result = receive.recv() if receive.poll(timeout) else None
    if process.is_alive():
        process.kill()
    process.join()
    return result


def _numbers(result: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(result, 0.5), 2), "p95_ms": round(percentile(result, 0.95), 2),
            "mean_ms": round(statistics.fmean(result), 2), "runs": len(result)}


def _same_answers(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> bool:
    # numbers by value: the engines may print a decimal differently (30 / 30.0)
    def norm(rows: list[tuple[str, ...]]) -> Counter:
        return Counter(tuple(_number_or_text(v) for v in row) for row in rows)

    return norm(a) == norm(b)


def _number_or_text(value: str) -> Any:
    try:
        return float(value)
    except ValueError:
        return value


def table(report: dict[str, Any]) -> str:
    lines = [f"SPARQL latency, scale {report['scale']} ({report['triples']:,} triples); ms, wall time",
             "", "| query | rows | same answers | Oxigraph p50 | p95 | rdflib p50 | p95 | rdflib runs | ratio p50 |",
             "|---|---:|:---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in report["queries"].items():
        ox_, rd = r["oxigraph"], r["rdflib"]
        if r["ratio_p50"] is None:
            lines.append(f"| {name} | {r['rows']} | – | {ox_['p50_ms']:.1f} | {ox_['p95_ms']:.1f} | "
                         f"> {rd['timed_out_s']:g} s | – | 0 | > {rd['timed_out_s'] * 1000 / ox_['p50_ms']:.0f}× |")
            continue
        lines.append(f"| {name} | {r['rows']} | {'yes' if r['same_answers'] else 'NO'} | {ox_['p50_ms']:.1f} | "
                     f"{ox_['p95_ms']:.1f} | {rd['p50_ms']:.1f} | {rd['p95_ms']:.1f} | {rd['runs']} | "
                     f"{r['ratio_p50']:.1f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpus (110 -> ~1.04 M triples)")
    parser.add_argument("--reps", type=int, default=20, help="timed runs per query and engine")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of timed runs per query on rdflib")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before an rdflib query is given up")
    parser.add_argument("--quick", action="store_true", help="scale 1, 5 runs, 5 s budget, 20 s timeout")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "sparql.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.reps, args.budget, args.timeout = 1, 5, 5.0, 20.0

    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        t = time.perf_counter()
        base = list(ingest_corpus(Path(tmp) / "ingested"))
        ingest_s = time.perf_counter() - t
        quads = list(replicated(base, args.scale))
        print(f"ingested the corpus in {ingest_s:.1f} s: {len(base):,} quads; scale {args.scale}: {len(quads):,}")

        t = time.perf_counter()
        oxigraph = ox.Store(str(Path(tmp) / "bench"))
        oxigraph.bulk_extend(quads)
        oxigraph.flush()
        ox_load_s = time.perf_counter() - t
        t = time.perf_counter()
        dataset = load_rdflib(quads)
        rdflib_load_s = time.perf_counter() - t
        print(f"loaded: Oxigraph {ox_load_s:.1f} s, rdflib {rdflib_load_s:.1f} s")
        del quads

        report: dict[str, Any] = {
            "scale": args.scale, "triples": len(oxigraph), "reps": args.reps, "rdflib_budget_s": args.budget,
            "rdflib_timeout_s": args.timeout,
            "load_s": {"ingest_corpus": round(ingest_s, 2), "oxigraph_bulk": round(ox_load_s, 2),
                       "rdflib": round(rdflib_load_s, 2)},
            "versions": {"python": platform.python_version(), "pyoxigraph": ox.__version__,
                         "rdflib": rdflib.__version__},
            "queries": {}}
        for name, (what, sparql) in QUERIES.items():
            ox_ms, ox_rows = measure(lambda s=sparql: run_oxigraph(oxigraph, s), args.reps, budget=math.inf)
            rd = measure_in_child(lambda s=sparql: run_rdflib(dataset, s), args.reps, args.budget, args.timeout)
            ox_n = _numbers(ox_ms)
            entry: dict[str, Any] = {"what": what, "rows": len(ox_rows), "oxigraph": ox_n}
            if rd is None:
                entry.update(same_answers=None, rdflib={"timed_out_s": args.timeout}, ratio_p50=None)
            else:
                rd_n = _numbers(rd[0])
                entry.update(same_answers=_same_answers(ox_rows, rd[1]), rdflib=rd_n,
                             ratio_p50=round(rd_n["p50_ms"] / max(ox_n["p50_ms"], 1e-3), 1))
            report["queries"][name] = entry
            rd_text = (f"rdflib timed out after {args.timeout:g} s" if rd is None else
                       f"rdflib p50 {entry['rdflib']['p50_ms']:.1f} ms ({entry['rdflib']['runs']} runs)")
            print(f"  {name}: {len(ox_rows)} rows, Oxigraph p50 {ox_n['p50_ms']:.1f} ms, {rd_text}")
        oxigraph = None  # type: ignore[assignment]  # release RocksDB before the directory goes

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print()
    print(table(report))
    print(f"\nwritten: {args.out}")
    return report


if __name__ == "__main__":
    main()
