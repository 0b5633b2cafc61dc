"""The FastAPI application: ``create_app(settings)`` builds it; ``policykg serve`` runs it.

The store is opened once, in ``lifespan`` (STYLE.md §10), and closed at shutdown; routes take it
from ``request.app.state.store`` (api/deps.py). Without an admin token the embedded store is
opened read-only: that never takes the store's lock, so ``policykg ingest`` can still run, but a
read-only Oxigraph store is a snapshot of the data as it was when the server started: restart
the server after an ingest to serve the new data. With an admin token it is opened read-write
(and SPARQL UPDATE is allowed for requests that carry the token).
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api.errors import ApiError, error_body, install_error_handlers
from api.querying import QueryRunner
from api.settings import Settings, get_settings

#: api.routers.<name> modules, each exposing ``router``; a module not written yet is skipped.
ROUTERS = ("health", "sparql", "documents", "agencies", "compare", "search", "ask", "web")
QUERY_WORKERS = 4  # SPARQL queries running on the store at once (the rest wait for a worker)

DESCRIPTION = """Chinese government policy documents as a knowledge graph.

* **/sparql**: the SPARQL 1.1 Protocol (read-only unless the server has an admin token)
* **/documents**: documents with their metadata and clause trees, with the facts of each clause
* **/agencies**, **/compare**, **/search**, **/ask**: agency task boards, cross-region comparison,
  search over clauses and eligibility questions (when those modules are installed)

Every error is `{"error": {"status": int, "code": str, "message": str}}`.
"""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the store once for the app's life; close it at shutdown."""
    from graph.store import open_store

    settings: Settings = app.state.settings
    store = open_store(settings.store_url, update_url=settings.update_url, read_only=not settings.admin_token)
    app.state.store = store
    app.state.query_runner = QueryRunner(QUERY_WORKERS)
    if "search" in app.state.routers:
        from api.routers.search import load_search_index

        app.state.search = load_search_index(settings)  # loads the embedding model once
    try:
        yield
    finally:
        store.close()


class RequestSizeLimit:
    """Refuses request bodies over ``max_bytes`` with 413 (Content-Length, or counted as it streams)."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > self.max_bytes
        if too_large or len(scope.get("query_string") or b"") > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # raised inside the route, so the app's 413 handler answers
                raise ApiError(413, "too_large", self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"request larger than the server's limit of {self.max_bytes} bytes"

    async def _refuse(self, send: Send) -> None:
        from fastapi.responses import JSONResponse

        response = JSONResponse(error_body(413, "too_large", self._message()), status_code=413)
        await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:  # pragma: no cover - a JSONResponse never reads the request
    return {"type": "http.request", "body": b"", "more_body": False}


def _include_routers(app: FastAPI) -> list[str]:
    included = []
    for name in ROUTERS:
        module_name = f"api.routers.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # the module exists but something it imports is missing
                raise
            continue
        app.include_router(module.router)
        included.append(name)
    return included


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application, with its routers, error handlers and request-size limit.

    Args:
        settings: defaults to ``api.settings.get_settings()`` (environment ``POLICYKG_*``).
    """
    settings = settings or get_settings()
    app = FastAPI(title="policykg", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url="/docs", openapi_url="/openapi.json")
    app.state.settings = settings
    install_error_handlers(app)
    app.state.routers = _include_routers(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    return app
