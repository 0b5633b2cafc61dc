"""One JSON error shape for every route, and the mapping of domain errors to HTTP (STYLE.md §8).

Every error response is ``{"error": {"status": int, "code": str, "message": str}}``. Domain
errors (``ingest.errors``, ``graph.errors``) know nothing of HTTP; this module decides their status.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import GraphError
from ingest.errors import IngestError

DomainError: tuple[type[Exception], ...] = (IngestError, GraphError)


class ApiError(Exception):
    """An error a route raises on purpose, with its HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status: int, code: str, message: str) -> dict:
    """The one error shape.

    >>> error_body(404, "not_found", "no such document")
    {'error': {'status': 404, 'code': 'not_found', 'message': 'no such document'}}
    """
    return {"error": {"status": status, "code": code, "message": message}}


def _status_of(exc: Exception) -> tuple[int, str]:
    status = getattr(exc, "http_status", None)  # a domain error may suggest one (e.g. query timeout)
    code = getattr(exc, "code", None) or type(exc).__name__.removesuffix("Error").lower() or "error"
    return (status or 400), code


_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
          408: "timeout", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request", 503: "unavailable"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.status, exc.code, exc.message), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        return JSONResponse(error_body(exc.status_code, code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return JSONResponse(error_body(422, "invalid_request", "; ".join(parts) or "invalid request"), status_code=422)

    for cls in DomainError:
        @app.exception_handler(cls)
        async def _domain(_: Request, exc: Exception) -> JSONResponse:
            status, code = _status_of(exc)
            return JSONResponse(error_body(status, code, str(exc)), status_code=status)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(500, "internal", f"internal error: {type(exc).__name__}"), status_code=500)
