"""The SPARQL 1.1 Protocol, without the store: reading a request and choosing a result format.

Reads the query from GET ``?query=``, a POST form (``query=`` or ``update=``) or a POST body of
``application/sparql-query`` / ``application/sparql-update``; picks the result serialisation from
the Accept header for the kind of result (solutions/boolean vs. triples).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# result kind -> [(media type, format key)], the first is the default
SOLUTION_FORMATS = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
GRAPH_FORMATS = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("text/plain", "ntriples"),
]
MEDIA_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

_UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


class ProtocolError(ValueError):
    """A request that is not a SPARQL Protocol request (400/415), or asks for no format we have (406)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SparqlRequest:
    text: str
    is_update: bool


def looks_like_update(text: str) -> bool:
    """True when the text is a SPARQL Update (so a query endpoint must refuse it).

    >>> looks_like_update("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")
    True
    >>> looks_like_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    return bool(_UPDATE_WORDS.match(_strip_comments(text)))


def _strip_comments(text: str) -> str:
    # a '#' inside an IRI or a string is not a comment; good enough for telling the operation
    return re.sub(r"(?m)^\s*#.*$", "", text)


def read_request(method: str, params: dict[str, str], form: dict[str, str], body: bytes, content_type: str) -> SparqlRequest:
    """Read a Protocol request; raises ProtocolError when there is none."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    if method == "GET":
        if "update" in params:
            raise ProtocolError(400, "SPARQL Update must be sent with POST")
        text = params.get("query")
        if not text:
            raise ProtocolError(400, "missing 'query' parameter")
        return SparqlRequest(text, looks_like_update(text))
    if ctype == "application/x-www-form-urlencoded" or ctype == "multipart/form-data":
        if form.get("update"):
            return SparqlRequest(form["update"], True)
        if form.get("query"):
            return SparqlRequest(form["query"], looks_like_update(form["query"]))
        raise ProtocolError(400, "missing 'query' or 'update' form field")
    if ctype in ("application/sparql-query", "application/sparql-update"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"request body is not UTF-8: {exc}") from None
        if not text.strip():
            raise ProtocolError(400, "empty request body")
        return SparqlRequest(text, ctype == "application/sparql-update" or looks_like_update(text))
    raise ProtocolError(415, f"unsupported content type {ctype or '(none)'}: use a form, "
                             "application/sparql-query or application/sparql-update")


def _accepted(accept: str) -> list[tuple[str, float]]:
    out = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0]:
            out.append((fields[0].lower(), q - i * 1e-6))  # earlier wins among equals
    return sorted(out, key=lambda x: -x[1])


def negotiate(accept: str, graph_result: bool, requested: str | None = None) -> str:
    """The format key for a result, from the Accept header (or an explicit ``format=`` key).

    >>> negotiate("text/csv", graph_result=False)
    'csv'
    >>> negotiate("*/*", graph_result=True)
    'turtle'
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", graph_result=False)
    'json'
    """
    table = GRAPH_FORMATS if graph_result else SOLUTION_FORMATS
    if requested:
        keys = {k for _, k in table}
        if requested in keys:
            return requested
        raise ProtocolError(406, f"format {requested!r} is not available for this result; use one of {sorted(keys)}")
    for media, q in _accepted(accept):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return table[0][1]
        for m, key in table:
            if m == media:
                return key
    raise ProtocolError(406, "none of the accepted media types can carry this result; acceptable: "
                             + ", ".join(m for m, _ in table))
