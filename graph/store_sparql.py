"""A remote store: any SPARQL 1.1 Query + Update endpoint (Virtuoso, Fuseki, Oxigraph server, …).

Chosen by ``graph.store.open_store`` for ``http(s)://`` URLs; same API as the embedded store.
Only the standard library speaks HTTP here, so no client package is needed.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef

from .errors import QueryError, StoreError
from .namespaces import bind_prefixes
from .store import _ALL_QUADS, _UNION, QueryResult, _Base, _literal, _ntriples, python_value


class SparqlStore(_Base):
    """A remote SPARQL 1.1 Query + Update endpoint (Virtuoso, Fuseki, Oxigraph server, …).

    Args:
        query_url: the query endpoint.
        update_url: the update endpoint, when it differs (Virtuoso: /sparql-auth).
        auth: (user, password) for HTTP basic or digest authentication.
        chunk_triples: triples per INSERT DATA request; a graph larger than that is staged in a
            temporary graph and moved over its old version, so it is still replaced at once.
    """

    def __init__(self, query_url: str, update_url: str | None = None, auth: tuple[str, str] | None = None,
                 timeout: float = 120, chunk_triples: int = 5000, read_only: bool = False) -> None:
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

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                         headers={"Accept": accept,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self._http.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            if e.code == 401 and self._basic and "Authorization" not in request.headers:
                request.add_header("Authorization", self._basic)
                with self._http.open(request, timeout=self.timeout) as response:
                    return response.read(), response.headers.get("Content-Type", "")
            detail = e.read().decode("utf-8", "replace")[:500]
            if e.code == 400:  # the endpoint refused the query or update itself
                raise QueryError(f"{url}: {detail}") from e
            raise StoreError(url, f"HTTP {e.code}: {detail}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(url, f"endpoint unreachable: {getattr(e, 'reason', e)}") from e

    def query(self, sparql: str) -> QueryResult:
        body, ctype = self._post(self.location, {"query": sparql},
                                 "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8")
        if "json" in ctype and "ld+json" not in ctype:
            data = json.loads(body)
            if "boolean" in data:
                return bool(data["boolean"])
            return [{k: python_value(v["type"].replace("typed-literal", "literal"), v["value"], v.get("datatype"))
                     for k, v in row.items()} for row in data["results"]["bindings"]]
        fmt = "nt" if "n-triples" in ctype or "text/plain" in ctype else "turtle"
        return Graph().parse(data=body.decode("utf-8"), format=fmt)

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(self.location, "opened read-only: updates are refused")
        self._post(self.update_url, {"update": sparql}, "*/*")

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """DROP + INSERT DATA in one request; a large graph via a staging graph and MOVE."""
        lines = list(_ntriples(graph))
        g = f"<{graph_iri}>"
        if len(lines) <= self.chunk:
            body = "\n".join(lines)
            self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            return
        staging = f"<{graph_iri}#staging>"
        self.update(f"DROP SILENT GRAPH {staging}")
        try:
            for i in range(0, len(lines), self.chunk):
                body = "\n".join(lines[i:i + self.chunk])
                self.update(f"INSERT DATA {{ GRAPH {staging} {{\n{body}\n}} }}")
            self.update(f"MOVE SILENT GRAPH {staging} TO GRAPH {g}")
        except (StoreError, QueryError):
            self.update(f"DROP SILENT GRAPH {staging}")
            raise

    def dump(self, fmt: str) -> bytes:
        """Everything: "nq" (quads with graph names) or "ttl" (the union), serialised by rdflib."""
        if fmt == "ttl":
            graph = self.query(_UNION)
            assert isinstance(graph, Graph)
            bind_prefixes(graph)
            return graph.serialize(format="turtle", encoding="utf-8")
        if fmt != "nq":
            raise ValueError(f"unknown RDF export format {fmt!r}: use ttl or nq")
        body, _ = self._post(self.location, {"query": _ALL_QUADS}, "application/sparql-results+json")
        dataset = Dataset()
        for row in json.loads(body)["results"]["bindings"]:
            s, p, o = (_rdflib_term(row[k]) for k in "spo")
            dataset.graph(URIRef(row["g"]["value"])).add((s, p, o))
        return dataset.serialize(format="nquads", encoding="utf-8")

    def close(self) -> None:
        pass


def _rdflib_term(binding: dict[str, str]) -> Any:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return _literal(value, binding.get("xml:lang"), binding.get("datatype"))


