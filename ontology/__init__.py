"""The policykg vocabulary (policy.ttl) and its SHACL shapes (shapes.ttl), shipped as package data."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def _path(name: str) -> Path:
    # the package is installed as plain files (not zipped), so the resource has a stable path
    with as_file(files(__name__) / name) as path:
        return Path(path)


#: ontology/policy.ttl: every class and property, labelled in Chinese and English.
ONTOLOGY_PATH = _path("policy.ttl")
#: ontology/shapes.ttl: SHACL shapes of documents, clauses, agencies and facts.
SHAPES_PATH = _path("shapes.ttl")

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH"]
