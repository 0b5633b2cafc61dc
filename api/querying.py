"""Running a user's SPARQL query: one execution path for /sparql and for ``policykg query``.

``execute`` returns raw RDF terms (pyoxigraph terms), not the python values of ``Store.query``,
so results can be written in the W3C result formats without losing datatypes or languages.
A small adapter per backend gets them: the embedded Oxigraph store is asked directly; a remote
endpoint is asked for SPARQL JSON results / N-Triples, which pyoxigraph parses back into terms.

Rows are read one by one in Python, so a row cap and a cancel flag (set when the HTTP request ran
over its time limit) are checked between rows. ``QueryRunner`` runs a query on a worker thread
with a time limit, so a slow query never blocks the event loop or other requests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

import pyoxigraph as ox

from api.sparql_protocol import csv_value, serialize_boolean, serialize_solutions, serialize_triples
from graph.errors import QueryError
from graph.namespaces import PREFIXES

T = TypeVar("T")
TABLE_CELL_WIDTH = 60  # display columns; longer cells are cut in the table format only


class TooManyRows(QueryError):
    """A result with more rows than the server's row cap."""

    code = "too_many_rows"


class QueryTimeout(QueryError):
    """A query that ran over its time limit (or waited too long for a free worker)."""

    code = "timeout"
    http_status = 503


class _Cancelled(Exception):
    """The caller gave up on this query; its worker stops at the next row."""


@dataclass
class Outcome:
    """The result of one query, as terms.

    Attributes:
        kind: "solutions" (SELECT), "boolean" (ASK) or "graph" (CONSTRUCT/DESCRIBE).
        variables: SELECT variable names, in the query's order.
        rows: one tuple of terms per solution (None where a variable is unbound).
        boolean: the ASK answer.
        triples: the CONSTRUCT/DESCRIBE triples.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)

    def serialize(self, fmt: str) -> bytes:
        """The result in a format key of ``api.sparql_protocol`` (json, xml, csv, tsv, turtle …)."""
        if self.kind == "boolean":
            return serialize_boolean(bool(self.boolean), fmt)
        if self.kind == "solutions":
            return serialize_solutions(self.variables, self.rows, fmt)
        return serialize_triples(self.triples, fmt, PREFIXES)


def _collect(result: Any, row_cap: int | None, cancel: threading.Event | None) -> Outcome:
    """Read a pyoxigraph result, checking the cap and the cancel flag between rows."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(result))
    is_solutions = isinstance(result, ox.QuerySolutions)
    items: list[Any] = []
    for item in result:
        if cancel is not None and cancel.is_set():
            raise _Cancelled
        if row_cap is not None and len(items) >= row_cap:
            what = "rows" if is_solutions else "triples"
            raise TooManyRows(f"the result has more than {row_cap} {what} (the server's cap): "
                              "add a LIMIT (and ORDER BY with OFFSET to page through it)")
        items.append(tuple(item[i] for i in range(len(result.variables))) if is_solutions else item)
    if is_solutions:
        return Outcome("solutions", variables=[v.value for v in result.variables], rows=items)
    # a remote endpoint's N-Triples come back as quads of the default graph
    return Outcome("graph", triples=[ox.Triple(t.subject, t.predicate, t.object) if isinstance(t, ox.Quad)
                                     else t for t in items])


def _oxigraph_result(store: Any, text: str) -> Any:
    raw = store._ox  # the pyoxigraph.Store inside graph.store.OxigraphStore: raw terms, lazily
    try:
        return raw.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"invalid SPARQL: {e}") from e


def _remote_result(store: Any, text: str) -> Any:
    body, ctype = store._post(store.location, {"query": text},
                              "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8")
    ctype = ctype.split(";")[0].strip().lower()
    if "json" in ctype and "ld+json" not in ctype:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if "xml" in ctype and "rdf+xml" not in ctype:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    fmt = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
    return ox.parse(body, format=fmt)


#: store class name -> how to get a raw pyoxigraph result from it (graph/store.py backends)
RESULT_ADAPTERS: dict[str, Callable[[Any, str], Any]] = {"OxigraphStore": _oxigraph_result,
                                                         "SparqlStore": _remote_result}


def execute(store: Any, text: str, *, row_cap: int | None = None,
            cancel: threading.Event | None = None) -> Outcome:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) and read its result as terms.

    Args:
        store: an open ``graph.store`` store.
        text: the query.
        row_cap: most rows (or triples) accepted; more raises ``TooManyRows``.
        cancel: when set by another thread, reading stops at the next row.

    Raises:
        QueryError: the query is malformed (the parser's message) or the store rejects it.
        TooManyRows: more than ``row_cap`` rows.
    """
    adapter = RESULT_ADAPTERS.get(type(store).__name__)
    if adapter is None:
        raise QueryError(f"raw SPARQL results are not available from a {type(store).__name__}")
    return _collect(adapter(store, text), row_cap, cancel)


def execute_update(store: Any, text: str) -> None:
    """Run a SPARQL 1.1 Update (the caller has checked it is allowed)."""
    store.update(text)


class QueryRunner:
    """Runs store work on worker threads with a time limit.

    At most ``workers`` queries touch the store at once. The threads are daemons started per
    query rather than a ``ThreadPoolExecutor``: a query that runs over cannot be killed (the
    store evaluates it in native code), and an executor would wait for it at shutdown. On timeout
    the cancel flag is set, so a query that streams rows stops at the next row; one that computes
    before its first row (an aggregate, ORDER BY) keeps its worker until it ends.
    """

    def __init__(self, workers: int = 4) -> None:
        self._slots = threading.BoundedSemaphore(workers)

    async def run(self, job: Callable[[threading.Event], T], timeout_s: float) -> T:
        """Run ``job(cancel_flag)`` on a worker thread; raise ``QueryTimeout`` after ``timeout_s``."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        cancel = threading.Event()

        def work() -> None:
            with self._slots:
                if cancel.is_set() or not future.set_running_or_notify_cancel():
                    return
                try:
                    future.set_result(job(cancel))
                except BaseException as e:  # handed to the awaiting request (gone, if it was cancelled)
                    _drop_frames(e)
                    future.set_exception(e)

        threading.Thread(target=work, name="policykg-query", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout_s)
        except TimeoutError:
            cancel.set()
            raise QueryTimeout(f"the query ran over the server's time limit of {timeout_s:g} s and was "
                               "stopped: make it more selective or add a LIMIT") from None


def _drop_frames(error: BaseException | None) -> None:
    """Free the locals of an error's frames on this thread: a pyoxigraph result must be dropped by
    the thread that made it, and a traceback would carry it to the event loop's thread."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__cause__ or error.__context__


# -- the command line --------------------------------------------------------------------------------
def print_results(store: Any, text: str, fmt: str, out: TextIO) -> None:
    """Print a query's result for ``policykg query --format table|json|csv``.

    SELECT: an aligned table, SPARQL JSON results, or SPARQL CSV results. ASK: true/false in the
    same three forms. CONSTRUCT/DESCRIBE: subject/predicate/object columns for table and csv,
    JSON-LD for json.

    Raises:
        QueryError: the query is malformed; the CLI prints it in one line and exits 1.
        ValueError: an unknown ``fmt``.
    """
    if fmt not in ("table", "json", "csv"):
        raise ValueError(f"unknown output format {fmt!r}: use table, json or csv")
    outcome = execute(store, text)
    if outcome.kind == "graph" and fmt != "json":
        outcome = Outcome("solutions", variables=["subject", "predicate", "object"],
                          rows=[(t.subject, t.predicate, t.object) for t in outcome.triples])
    if fmt == "table":
        if outcome.kind == "boolean":
            out.write(("true" if outcome.boolean else "false") + "\n")
        else:
            out.write(format_table(outcome.variables, [[_display(t) for t in row] for row in outcome.rows]))
        return
    if fmt == "csv" and outcome.kind == "solutions":  # the W3C CSV values, with plain line ends
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(outcome.variables)
        writer.writerows([csv_value(t) for t in row] for row in outcome.rows)
        return
    data = outcome.serialize("jsonld" if outcome.kind == "graph" else fmt).decode("utf-8")
    out.write(data if data.endswith("\n") else data + "\n")


def _display(term: Any) -> str:
    """A cell: IRIs shortened with the project's prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri) and len(term.value) > len(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, ox.Literal) else str(term)


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: CJK (wide and fullwidth) characters take two.

    >>> display_width("温州市abc"), display_width("（一）")
    (9, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())  # a clause text's line breaks would break the table's rows
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(header: list[str], rows: Iterable[list[str]], max_width: int = TABLE_CELL_WIDTH) -> str:
    """Columns aligned by display width (CJK-aware); cells longer than ``max_width`` are cut with "…".

    >>> print(format_table(["市", "n"], [["温州市", "1"], ["京", "22"]]), end="")
    市     | n
    -------+---
    温州市 | 1
    京     | 22
    """
    cells = [[_fit(c, max_width) for c in header]] + [[_fit(c, max_width) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    body = [line(cells[0]), rule, *(line(r) for r in cells[1:])]
    return "\n".join(body) + "\n"
