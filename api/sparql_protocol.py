"""The SPARQL 1.1 Protocol, without the store: reading a request and choosing a result format.

Reads the query from GET ``?query=``, a POST form (``query=`` or ``update=``) or a POST body of
``application/sparql-query`` / ``application/sparql-update``; picks the result serialisation from
the Accept header for the kind of result (solutions/boolean vs. triples); writes results in the
W3C formats (SPARQL JSON/XML/CSV/TSV results; Turtle, N-Triples, JSON-LD, RDF/XML through pyoxigraph)
and tells a SERVICE clause (federation) apart from the word inside strings and IRIs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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


# -- reading the query text ------------------------------------------------------------------------
# strings, IRIs and comments, so that a keyword inside them is not taken for an operator
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                     r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)


def uses_service(text: str) -> bool:
    """True when the query has a SERVICE clause (federation: it would make the server call other hosts).

    >>> uses_service("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
    False
    """
    return bool(_SERVICE.search(_OPAQUE.sub(" ", text)))


# -- writing results -------------------------------------------------------------------------------
# Terms are pyoxigraph terms (NamedNode, BlankNode, Literal); None is an unbound variable.
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _kind(term: Any) -> str:
    name = type(term).__name__
    return {"NamedNode": "uri", "BlankNode": "bnode", "Literal": "literal"}.get(name, "triple")


def _json_term(term: Any) -> dict[str, str]:
    kind = _kind(term)
    if kind == "triple":  # RDF-star: not in SPARQL 1.1 results; give its N-Triples text
        return {"type": "literal", "value": str(term)}
    out = {"type": kind, "value": term.value}
    if kind == "literal":
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Any) -> str:
    kind = _kind(term)
    if kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "triple":
        return f"<literal>{escape(str(term))}</literal>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def turtle_term(term: Any) -> str:
    """A term in N-Triples/Turtle syntax, every control character escaped (for TSV cells).

    >>> import pyoxigraph as ox
    >>> turtle_term(ox.Literal('a\\tb"', language="zh"))
    '"a\\\\tb\\\\""@zh'
    """
    if _kind(term) != "literal":
        return str(term) if _kind(term) != "bnode" else f"_:{term.value}"
    text = term.value.translate({0x5C: "\\\\", 0x22: '\\"', 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype.value != _XSD_STRING:
        return f'"{text}"^^<{term.datatype.value}>'
    return f'"{text}"'


def csv_value(term: Any) -> str:
    """A term as a SPARQL CSV results value: IRIs and literals bare, blank nodes as ``_:x``."""
    if term is None:
        return ""
    kind = _kind(term)
    return f"_:{term.value}" if kind == "bnode" else str(term) if kind == "triple" else term.value


def serialize_solutions(variables: list[str], rows: list[tuple[Any, ...]], fmt: str) -> bytes:
    """SELECT results in a W3C SPARQL results format: "json", "xml", "csv" or "tsv"."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row, strict=True) if t is not None) + "</result>\n"
                       for row in rows)
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_RESULTS_NS}">'
                f"<head>{head}</head>\n<results>\n{body}</results></sparql>\n").encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([csv_value(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else turtle_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ProtocolError(406, f"no serializer for query solutions as {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """ASK results: JSON and XML as the W3C formats say; CSV and TSV (which define no boolean) as
    one ``_askResult`` column, a common convention that CSV readers can load."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="{_RESULTS_NS}"><head/>'
                f"<boolean>{word}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return f"_askResult\n{word}\n".encode()
    raise ProtocolError(406, f"no serializer for a boolean result as {fmt!r}")


def serialize_triples(triples: list[Any], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE results (pyoxigraph Triples) as "turtle", "ntriples", "jsonld" or "rdfxml"."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
    if fmt not in formats:
        raise ProtocolError(406, f"no serializer for triples as {fmt!r}")
    with_prefixes = fmt in ("turtle", "rdfxml")
    data = ox.serialize(triples, format=formats[fmt], prefixes=prefixes if with_prefixes else None)
    return data or b""
