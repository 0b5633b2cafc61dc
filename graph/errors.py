"""Domain errors of the graph layer; they know nothing of HTTP or of the command line."""

from __future__ import annotations


class GraphError(Exception):
    """Base class of every error raised by ``graph``."""


class StoreError(GraphError):
    """A store that cannot be opened or used: not a store, not writable, locked, unreachable.

    Args:
        path: the store's directory or endpoint URL, repeated in the message.
        message: what is wrong and, when known, what to do about it.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class BuildError(GraphError):
    """A Document that cannot become RDF, e.g. a fact that points at a clause key the document lacks."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class QueryError(GraphError):
    """A SPARQL query or update the store rejects (syntax error, unsupported form).

    Args:
        message: the store's explanation.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFoundError(GraphError):
    """Something asked for by id or name (an agency, a named query) that the graph does not hold.

    Args:
        what: the kind of thing ("agency", "named query").
        key: the id or name that was asked for, repeated in the message.
    """

    http_status = 404  # a hint for api/errors.py; the graph layer itself knows nothing of HTTP
    code = "not_found"

    def __init__(self, what: str, key: str, hint: str = "") -> None:
        self.what, self.key = what, key
        super().__init__(f"no {what} {key!r}" + (f": {hint}" if hint else ""))
