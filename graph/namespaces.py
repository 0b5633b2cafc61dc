"""RDF namespaces of policykg: the project's own vocabulary and the standard ones it reuses.

Resources (documents, clauses, agencies, facts) live under ``BASE``; the vocabulary (classes and
properties, documented in ontology/policy.ttl) under ``PKG``. Standard terms come from ELI
(documents and subdivisions), W3C ORG (agencies), SKOS (labels), PROV-O (provenance) and
CCCEV (criteria of incentive conditions).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/policykg/"
PKG = Namespace(BASE + "ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CCCEV = Namespace("http://data.europa.eu/m8g/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Prefixes bound in every graph and prepended to the project's SPARQL queries.
PREFIXES: dict[str, str] = {
    "pkg": str(PKG),
    "eli": str(ELI),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "cccev": str(CCCEV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for every namespace in ``PREFIXES``.

    >>> sparql_prefixes().splitlines()[0]
    'PREFIX pkg: <https://w3id.org/policykg/ontology#>'
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph so Turtle output is readable."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


__all__ = ["BASE", "CCCEV", "DCTERMS", "ELI", "ORG", "OWL", "PKG", "PREFIXES", "PROV", "RDF", "RDFS", "SH",
           "SKOS", "XSD", "bind_prefixes", "sparql_prefixes"]
