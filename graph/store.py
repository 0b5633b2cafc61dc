"""Where the graph lives: an embedded Oxigraph store on disk, or any SPARQL 1.1 endpoint.

``open_store(url)`` picks the backend by the URL's scheme (``BACKENDS``): ``oxigraph:DIR`` or a
bare directory -> ``OxigraphStore``; ``http(s)://host:port/sparql`` -> ``SparqlStore`` (SPARQL 1.1
Protocol + Update, e.g. Virtuoso; in graph/store_sparql.py, imported only when used). Both offer the same API, so the same code and the same tests
run on both. One named graph per document; for queries the default graph is the union of them.

Concurrency of the embedded store: RocksDB under pyoxigraph takes an exclusive lock on the
directory, so one process at a time opens it read-write. A second writer (an ``ingest`` while
``serve`` runs on the same directory) gets a ``StoreError`` saying so: stop the server, or send
the ingest through the server's SPARQL endpoint (``--store http://host:port/sparql``, with an
admin token). ``open_store(path, read_only=True)`` (``pyoxigraph.Store.read_only``) never takes
the lock and sees the data as it was when opened; pyoxigraph calls reading while another process
writes undefined, so a read-only server should be reopened after an ingest, not run during it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .errors import QueryError, StoreError
from .namespaces import PREFIXES, sparql_prefixes

Row = dict[str, Any]
QueryResult = list[Row] | bool | Graph

_HASHES = "SELECT ?g ?sha WHERE { GRAPH ?g { ?g pkg:sourceSha256 ?sha } }"
_SOURCES = "SELECT ?g ?src WHERE { GRAPH ?g { ?g pkg:sourceFile ?src } }"
_SOURCE_HASHES = "SELECT DISTINCT ?src ?sha WHERE { GRAPH ?g { ?g pkg:sourceFile ?src ; pkg:sourceSha256 ?sha } }"
_COUNTS = """SELECT ?documents ?clauses WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE {
      ?d a eli:LegalResource . FILTER NOT EXISTS { ?d pkg:documentKind "compilation" } } }
  { SELECT (COUNT(DISTINCT ?c) AS ?clauses) WHERE { ?c a eli:LegalResourceSubdivision } } }"""
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


class Store(Protocol):
    """What every backend offers; use it as a context manager (``with open_store(url) as s:``)."""

    location: str

    def replace_graph(self, graph_iri: str, graph: Graph) -> None: ...
    def drop_graph(self, graph_iri: str) -> None: ...
    def replace_source(self, source: str, graphs: list[tuple[str, Graph]]) -> None: ...
    def graph_hashes(self) -> dict[str, str]: ...
    def source_hashes(self) -> dict[str, str]: ...
    def source_graphs(self) -> dict[str, set[str]]: ...
    def query(self, sparql: str) -> QueryResult: ...
    def update(self, sparql: str) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def dump(self, fmt: str) -> bytes: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...


def python_value(kind: str, value: str, datatype: str | None = None) -> Any:
    """An RDF term as a python value: IRI -> str, typed literal -> int/float/bool/date/str.

    >>> python_value("literal", "12", "http://www.w3.org/2001/XMLSchema#integer")
    12
    >>> python_value("literal", "2025-12-31", "http://www.w3.org/2001/XMLSchema#date")
    datetime.date(2025, 12, 31)
    >>> python_value("bnode", "b0")
    '_:b0'
    """
    if kind == "bnode":
        return f"_:{value}"
    if kind != "literal" or not datatype:
        return value
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == f"{_XSD}boolean":
            return value in ("true", "1")
        if datatype == f"{_XSD}date":
            return date.fromisoformat(value)
    except ValueError:  # an ill-typed literal stays text rather than failing the whole query
        pass
    return value


class _Base:
    """The parts of the API both backends compute with SPARQL."""

    location = ""

    def query(self, sparql: str) -> QueryResult:  # pragma: no cover - every backend overrides these
        raise NotImplementedError

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:  # pragma: no cover
        raise NotImplementedError

    def drop_graph(self, graph_iri: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def graph_hashes(self) -> dict[str, str]:
        """{graph IRI: sha256 of the source file}, so ingest can skip files it already holds."""
        return {r["g"]: r["sha"] for r in self._rows(_HASHES)}

    def source_hashes(self) -> dict[str, str]:
        """{source file name: sha256 of the version in the store}; ingest skips unchanged files."""
        return {r["src"]: r["sha"] for r in sorted(self._rows(_SOURCE_HASHES), key=lambda r: r["sha"])}

    def replace_source(self, source: str, graphs: list[tuple[str, Graph]]) -> None:
        """Put a file's documents in place of its previous ones (also those whose IRI changed)."""
        new = {iri for iri, _ in graphs}
        for stale in sorted(self.source_graphs().get(source, set()) - new):
            self.drop_graph(stale)
        for iri, graph in graphs:
            self.replace_graph(iri, graph)

    def source_graphs(self) -> dict[str, set[str]]:
        """{source file name: graph IRIs}, to drop a changed file's old documents."""
        out: dict[str, set[str]] = {}
        for r in self._rows(_SOURCES):
            out.setdefault(r["src"], set()).add(r["g"])
        return out

    def counts(self) -> dict[str, int]:
        """{"documents", "clauses", "triples"}; a compilation file is not counted as a document."""
        row = self._rows(_COUNTS)[0]
        return {"documents": int(row.get("documents", 0)), "clauses": int(row.get("clauses", 0)),
                "triples": self._triples()}

    def _triples(self) -> int:
        return int(self._rows(_QUADS)[0]["n"])

    def _rows(self, sparql: str) -> list[Row]:
        result = self.query(sparql_prefixes() + sparql)
        assert isinstance(result, list)
        return result

    def __enter__(self) -> Any:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self.close()  # type: ignore[attr-defined]
        except StoreError:
            if exc is None:
                raise
            # closing after a failure (a full disk) fails the same way: the error in flight says it first


def _ntriples(graph: Graph) -> Iterator[str]:
    # pyoxigraph prints terms in N-Triples syntax, escapes included
    from oxrdflib._converter import to_ox

    for s, p, o in graph:
        yield f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ."


class OxigraphStore(_Base):
    """Embedded pyoxigraph store in a directory (created when missing)."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._ox = _open_oxigraph(Path(path), read_only)

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph in one transaction: readers see it fully old or fully new."""
        self._replace([], [(graph_iri, graph)])

    def replace_source(self, source: str, graphs: list[tuple[str, Graph]]) -> None:
        """Replace all of a file's graphs (dropping those it no longer yields) in one transaction."""
        stale = sorted(self.source_graphs().get(source, set()) - {iri for iri, _ in graphs})
        self._replace(stale, graphs)

    def _replace(self, drop: list[str], graphs: list[tuple[str, Graph]]) -> None:
        drops = [f"DROP SILENT GRAPH <{iri}> ;" for iri in [*drop, *(iri for iri, _ in graphs)]]
        inserts = "\n".join(f"GRAPH <{iri}> {{\n" + "\n".join(_ntriples(g)) + "\n}" for iri, g in graphs)
        self.update("\n".join(drops) + f"\nINSERT DATA {{\n{inserts}\n}}")

    def bulk_load(self, graphs: Iterable[tuple[str, Graph]]) -> None:
        """Load many graphs fast (pyoxigraph bulk loader); each is dropped first. Not atomic: for
        first loads and rebuilds, when no reader depends on the old contents."""
        from oxrdflib._converter import to_ox

        def quads() -> Iterator[ox.Quad]:
            for iri, graph in graphs:
                self.drop_graph(iri)
                name = ox.NamedNode(iri)
                for s, p, o in graph:
                    yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]

        self._guard(lambda: self._ox.bulk_extend(quads()))

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query: SELECT -> list of {var: python value}; ASK -> bool; CONSTRUCT -> Graph."""
        result = self._guard(lambda: self._ox.query(sparql, use_default_graph_as_union=True))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: _ox_value(row[n]) for n in names if row[n] is not None} for row in result]
        out = Graph()
        for t in result:
            out.add((_rdflib_of(t.subject), _rdflib_of(t.predicate), _rdflib_of(t.object)))
        return out

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""
        if self.read_only:
            raise StoreError(self.location, "opened read-only: updates are refused")
        self._guard(lambda: self._ox.update(sparql))

    def dataset(self) -> Dataset:
        """The same data through the rdflib API (oxrdflib); its default graph is the union."""
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self._ox), default_union=True)

    def dump(self, fmt: str) -> bytes:
        """Everything, serialised by pyoxigraph: "nq" (quads with graph names) or "ttl" (the union)."""
        if fmt == "nq":
            return self._guard(lambda: self._ox.dump(format=ox.RdfFormat.N_QUADS))
        if fmt != "ttl":
            raise ValueError(f"unknown RDF export format {fmt!r}: use ttl or nq")
        triples = self._guard(lambda: self._ox.query(_UNION, use_default_graph_as_union=True))
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        assert data is not None  # no output file given: the bytes come back
        return data

    def _triples(self) -> int:
        return len(self._ox)

    def _guard(self, action: Any) -> Any:
        try:
            return action()
        except SyntaxError as e:
            raise QueryError(f"invalid SPARQL: {e}") from e
        except OSError as e:
            raise StoreError(self.location, f"store I/O failed: {e}") from e

    def close(self) -> None:
        """Flush and let go of the store (its lock goes when the pyoxigraph store is dropped).

        Raises:
            StoreError: the flush failed (a full disk): the data written so far stays consistent.
        """
        store, self._ox = getattr(self, "_ox", None), None  # type: ignore[assignment]
        if store is not None and not self.read_only:
            self._guard(store.flush)


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    if path.exists() and not path.is_dir():
        raise StoreError(str(path), "is a file, not a store directory")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise StoreError(str(path), "is a directory that holds other files, not an Oxigraph store; "
                                    "give an empty or new directory")
    if read_only:
        if not (path / "CURRENT").exists():
            raise StoreError(str(path), "no store here to open read-only (run an ingest first)")
        try:
            return ox.Store.read_only(str(path))
        except OSError as e:
            raise StoreError(str(path), f"cannot open the store read-only: {e}") from e
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(str(path), f"cannot create the store directory: {e.strerror or e}") from e
    if not os.access(path, os.W_OK | os.X_OK):
        raise StoreError(str(path), "store directory is not writable")
    try:
        return ox.Store(str(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreError(str(path), "store is locked by another process (a running `policykg serve` "
                                        "or ingest?): stop it, or ingest through its SPARQL endpoint") from e
        raise StoreError(str(path), f"cannot open the store: {e}") from e


def _rdflib_of(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return _literal(term.value, term.language, term.datatype.value)


def _literal(value: str, lang: str | None, datatype: str | None) -> Literal:
    # RDF 1.1: a plain literal is an xsd:string; rdflib compares them as different terms
    if lang or datatype == f"{_XSD}string":
        datatype = None
    return Literal(value, lang=lang, datatype=datatype)


def _ox_value(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return python_value("bnode", term.value)
    if isinstance(term, ox.Literal):
        return python_value("literal", term.value, term.datatype.value)
    return str(term)


#: scheme -> "module:Class" of its backend, imported when used; a bare directory is "oxigraph".
BACKENDS: dict[str, str] = {"oxigraph": "graph.store:OxigraphStore", "http": "graph.store_sparql:SparqlStore",
                            "https": "graph.store_sparql:SparqlStore"}


def open_store(url: str | os.PathLike[str], *, update_url: str | None = None, read_only: bool = False,
               auth: tuple[str, str] | None = None) -> Store:
    """Open a store by URL: ``oxigraph:DIR``, a bare ``DIR``, or ``http(s)://host:port/sparql``.

    Raises:
        StoreError: the directory is not a store or not writable, it is locked, or the scheme is unknown.
    """
    text = str(url)
    scheme, sep, rest = text.partition(":")
    if not (sep and scheme in BACKENDS):
        if sep and rest.startswith("//"):
            raise StoreError(text, f"unknown store kind {scheme!r}; use one of {', '.join(sorted(BACKENDS))}")
        scheme, rest = "oxigraph", text  # a bare directory
    module, _, name = BACKENDS[scheme].partition(":")
    backend = getattr(importlib.import_module(module), name)
    if scheme == "oxigraph":
        return backend(rest, read_only=read_only)
    return backend(text, update_url=update_url, auth=auth, read_only=read_only)
