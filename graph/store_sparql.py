"""A remote store: any SPARQL 1.1 Query + Update endpoint (Virtuoso, Fuseki, Oxigraph server, …).

Chosen by ``graph.store.open_store`` for ``http(s)://`` URLs; same API as the embedded store.
Only the standard library speaks HTTP here, so no client package is needed.

Tested against a real Virtuoso 7.2 (tests/virtuoso_server.py). What it needs, and why:

* The ``Accept`` header follows the query form (``query_form``): Virtuoso answers a CONSTRUCT
  asked with a results-first ``Accept`` as a table of ``?s ?p ?o`` rows.
* Virtuoso refuses blank nodes in ``INSERT DATA``; a graph holding blank nodes is sent as
  ``INSERT { … } WHERE {}`` (standard SPARQL 1.1, where they are allowed), in one request so that
  one blank node is never split into two.
* Virtuoso turns an integral ``"30"^^xsd:decimal`` into ``xsd:integer``; sent as ``"30.0"`` the
  type stays decimal and comes back in canonical form (``"30"^^xsd:decimal``). Only done when the
  server says it is Virtuoso, so other stores get the lexical forms unchanged.
* Virtuoso 7.2 cannot store xsd:duration or xsd:yearMonthDuration (error SR553) and rewrites an
  xsd:dayTimeDuration (P15D becomes PT1296000S). Such literals are stored under a stand-in
  datatype (``urn:policykg:virtuoso-xsd:duration``) with the lexical form untouched, and mapped
  back on every read (CONSTRUCT, dump); a SELECT gives the same string as on any store. A query
  sent straight to Virtuoso that compares with ``"P15D"^^xsd:duration`` does not see them.
* Its SPARQL parser runs out of stack ("memory exhausted") near 5,000 triples in one INSERT
  DATA, hence 2,000 per request; and it refuses an empty ``GRAPH <g> {}`` block.
* A Virtuoso "anytime" query (server-side MaxQueryExecutionTime) returns a *partial* result with
  an ``X-SQL-State`` header; that is refused as a QueryError rather than passed on as if whole.
* Its SELECT results give booleans as ``"0"``/``"1"`` (``python_value`` reads both) and lower-case
  language tags; the default graph of a query without FROM is the union of all graphs, as here.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .errors import QueryError, StoreError
from .namespaces import bind_prefixes
from .store import _ALL_QUADS, _UNION, QueryResult, _Base, _literal, _ntriples, python_value

_RESULTS = "application/sparql-results+json"
_STAND_IN = "urn:policykg:virtuoso-xsd:"
_UNSTORABLE = {str(XSD.duration), str(XSD.dayTimeDuration), str(XSD.yearMonthDuration)}
_TRIPLES = "application/n-triples, text/turtle;q=0.8"
# what may precede the query form: comments, PREFIX and BASE declarations (SPARQL 1.1 §4.1.1)
_PROLOGUE = re.compile(r"\s+|#[^\n]*|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>")
_FORM = re.compile(r"(?i:SELECT|ASK|CONSTRUCT|DESCRIBE)\b")


def query_form(sparql: str) -> str:
    """The form of a query, upper-case: SELECT, ASK, CONSTRUCT or DESCRIBE ("" when none of them).

    >>> query_form("PREFIX a: <urn:x#> # c\\n construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("BASE <urn:b> PREFIX : <urn:x> ASK {}")
    'ASK'
    >>> query_form("INSERT DATA {}")
    ''
    """
    pos = 0
    while match := _PROLOGUE.match(sparql, pos):
        pos = match.end()
    form = _FORM.match(sparql, pos)
    return form.group(0).upper() if form else ""


class SparqlStore(_Base):
    """A remote SPARQL 1.1 Query + Update endpoint (Virtuoso, Fuseki, Oxigraph server, …).

    Args:
        query_url: the query endpoint.
        update_url: the update endpoint, when it differs (Virtuoso: /sparql-auth).
        auth: (user, password) for HTTP basic or digest authentication.
        chunk_triples: triples per INSERT DATA request; a graph larger than that is staged in a
            temporary graph and moved over its old version, so it is still replaced at once.
            Virtuoso 7.2's SPARQL parser runs out of stack ("memory exhausted") near 5,000 triples
            in one INSERT DATA, hence 2,000.
    """

    def __init__(self, query_url: str, update_url: str | None = None, auth: tuple[str, str] | None = None,
                 timeout: float = 120, chunk_triples: int = 2000, read_only: bool = False) -> None:
        self.location = query_url
        self.read_only = read_only
        self.update_url = update_url or query_url
        self.timeout, self.chunk = timeout, chunk_triples
        handlers: list[urllib.request.BaseHandler] = []
        self._basic = None
        if auth:
            pwd = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            pwd.add_password(None, self.update_url, *auth)
            handlers.append(urllib.request.HTTPDigestAuthHandler(pwd))
            self._basic = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
        self._http = urllib.request.build_opener(*handlers)
        self._virtuoso: bool | None = None  # learnt from the Server header of the first answer

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                         headers={"Accept": accept,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        try:
            try:
                return self._read(request)
            except urllib.error.HTTPError as e:
                if not (e.code == 401 and self._basic and "Authorization" not in request.headers):
                    raise
                request.add_header("Authorization", self._basic)  # the endpoint wants basic, not digest
                return self._read(request)
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            if e.code == 400:  # the endpoint refused the query or update itself
                raise QueryError(f"{url}: {detail}") from e
            raise StoreError(url, f"HTTP {e.code}: {detail}") from e
        except TimeoutError as e:
            raise StoreError(url, f"no answer within {self.timeout:g} s") from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError):
                raise StoreError(url, f"no answer within {self.timeout:g} s") from e
            raise StoreError(url, f"endpoint unreachable: {reason}") from e

    def _read(self, request: urllib.request.Request) -> tuple[bytes, str]:
        with self._http.open(request, timeout=self.timeout) as response:
            body, headers = response.read(), response.headers
        if self._virtuoso is None:
            self._virtuoso = "virtuoso" in headers.get("Server", "").lower()
        if headers.get("X-SQL-State"):  # Virtuoso's anytime query: the answer is partial
            raise QueryError(f"{request.full_url}: the query ran out of time and the result is partial "
                             f"({headers.get('X-SQL-State')}: {headers.get('X-SQL-Message', '')})")
        return body, headers.get("Content-Type", "")

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query: SELECT -> list of {var: python value}; ASK -> bool; CONSTRUCT -> Graph."""
        form = query_form(sparql)
        body, ctype = self._post(self.location, {"query": sparql},
                                 _TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS)
        if "json" in ctype and "ld+json" not in ctype:
            data = json.loads(body)
            if "boolean" in data:
                return bool(data["boolean"])
            if form == "ASK":  # Virtuoso: a table of one row (__ASK_RETVAL 1) for true, none for false
                rows = data["results"]["bindings"]
                return any(v.get("value") not in ("0", "false") for row in rows for v in row.values())
            return [{k: python_value(v["type"].replace("typed-literal", "literal"), v["value"], v.get("datatype"))
                     for k, v in row.items()} for row in data["results"]["bindings"]]
        fmt = "nt" if "n-triples" in ctype or "text/plain" in ctype else "turtle"
        graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        return _restored(graph) if self._virtuoso else graph

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(self.location, "opened read-only: updates are refused")
        self._post(self.update_url, {"update": sparql}, "*/*")

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """DROP + INSERT in one request; a large graph via a staging graph and MOVE."""
        lines = list(_ntriples(self._portable(graph)))
        g = f"<{graph_iri}>"
        if not lines:  # Virtuoso refuses an empty GRAPH block in INSERT DATA
            self.drop_graph(graph_iri)
            return
        if len(lines) <= self.chunk or _has_blank_nodes(graph):
            self.update(f"DROP SILENT GRAPH {g} ;\n" + _insert(g, lines, _has_blank_nodes(graph)))
            return
        staging = f"<{graph_iri}#staging>"
        self.update(f"DROP SILENT GRAPH {staging}")
        try:
            for i in range(0, len(lines), self.chunk):
                self.update(_insert(staging, lines[i:i + self.chunk], blank_nodes=False))
            self.update(f"MOVE SILENT GRAPH {staging} TO GRAPH {g}")
        except (StoreError, QueryError):
            self.update(f"DROP SILENT GRAPH {staging}")
            raise

    def _portable(self, graph: Graph) -> Graph:
        """The graph as this server keeps it faithfully (see the module docstring on decimals)."""
        if self._virtuoso is None:
            self.query("ASK {}")  # learn who answers
        if not self._virtuoso:
            return graph
        out = Graph()
        for s, p, o in graph:
            out.add((s, p, _virtuoso_literal(o) if isinstance(o, Literal) else o))
        return out

    def dump(self, fmt: str) -> bytes:
        """Everything: "nq" (quads with graph names) or "ttl" (the union), serialised by rdflib."""
        if fmt == "ttl":
            graph = self.query(_UNION)
            assert isinstance(graph, Graph)
            bind_prefixes(graph)
            return graph.serialize(format="turtle", encoding="utf-8")
        if fmt != "nq":
            raise ValueError(f"unknown RDF export format {fmt!r}: use ttl or nq")
        body, _ = self._post(self.location, {"query": _ALL_QUADS}, _RESULTS)
        dataset = Dataset()
        for row in json.loads(body)["results"]["bindings"]:
            s, p, o = (_rdflib_term(row[k]) for k in "spo")
            dataset.graph(URIRef(row["g"]["value"])).add((s, p, o))
        return dataset.serialize(format="nquads", encoding="utf-8")

    def close(self) -> None:
        pass


def _virtuoso_literal(literal: Literal) -> Literal:
    """A literal as Virtuoso keeps it faithfully (module docstring).

    >>> _virtuoso_literal(Literal("30", datatype=XSD.decimal))
    rdflib.term.Literal('30.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    >>> str(_virtuoso_literal(Literal("P15D", datatype=XSD.duration)).datatype)
    'urn:policykg:virtuoso-xsd:duration'
    """
    datatype = str(literal.datatype or "")
    if datatype == str(XSD.decimal) and "." not in literal:
        return Literal(f"{literal}.0", datatype=XSD.decimal, normalize=False)
    if datatype in _UNSTORABLE:
        return Literal(str(literal), datatype=URIRef(_STAND_IN + datatype.rpartition("#")[2]), normalize=False)
    return literal


def _restored(graph: Graph) -> Graph:
    """The graph with stand-in datatypes mapped back to XSD (only built when there are any)."""
    if not any(isinstance(o, Literal) and str(o.datatype or "").startswith(_STAND_IN) for o in graph.objects()):
        return graph
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, _xsd_of_stand_in(o) if isinstance(o, Literal) else o))
    return out


def _xsd_of_stand_in(literal: Literal) -> Literal:
    datatype = str(literal.datatype or "")
    if not datatype.startswith(_STAND_IN):
        return literal
    return Literal(str(literal), datatype=XSD[datatype[len(_STAND_IN):]], normalize=False)


def _has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(t, BNode) for triple in graph for t in triple)


def _insert(graph: str, lines: list[str], blank_nodes: bool) -> str:
    """INSERT DATA, or ``INSERT … WHERE {}`` when blank nodes are in it (Virtuoso refuses them in DATA)."""
    body = "\n".join(lines)
    if blank_nodes:
        return f"INSERT {{ GRAPH {graph} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


def _rdflib_term(binding: dict[str, str]) -> Any:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    # "xml:lang" is the standard key; Virtuoso writes "lang" in some of its JSON
    literal = _literal(value, binding.get("xml:lang") or binding.get("lang"), binding.get("datatype"))
    return _xsd_of_stand_in(literal)


