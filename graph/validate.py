"""SHACL validation of the graph against ontology/shapes.ttl (pyshacl, no inference)."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from ontology import ONTOLOGY_PATH, SHAPES_PATH

from .store import Store

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


@lru_cache(maxsize=1)
def _shapes_and_ontology() -> tuple[Graph, Graph]:
    return Graph().parse(SHAPES_PATH, format="turtle"), Graph().parse(ONTOLOGY_PATH, format="turtle")


def validate(data: Store | Graph) -> tuple[bool, str]:
    """Check a graph, or everything in a store (its union graph), against the SHACL shapes.

    The ontology is given as ``ont_graph`` so class hierarchies are known; no inference is run,
    so only what the data states is checked.

    Args:
        data: an rdflib Graph (e.g. one document's graph from ``graph.build``) or an open store.

    Returns:
        ``(conforms, report_text)``; the text lists each violation with its focus node, path
        and message.
    """
    import pyshacl

    if isinstance(data, Graph):
        graph = data
    else:
        result = data.query(_UNION)
        assert isinstance(result, Graph)
        graph = result
    shapes, ontology = _shapes_and_ontology()
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                         abort_on_first=False, allow_warnings=False)
    return bool(conforms), str(text)
