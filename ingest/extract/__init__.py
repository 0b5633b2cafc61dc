"""Rule extractors, each a spaCy component ``policy_<kind>`` (see ``ingest.nlp``).

Importing this package registers every component that exists. A module that fails to import
is an error, not a missing component.
"""

from __future__ import annotations

import importlib

_MODULES = ("agencies", "responsibility", "dates", "targets", "incentives")

for _name in _MODULES:
    try:
        importlib.import_module(f"ingest.extract.{_name}")
    except ModuleNotFoundError as exc:  # not written yet: that component is simply absent
        if exc.name != f"ingest.extract.{_name}":
            raise
