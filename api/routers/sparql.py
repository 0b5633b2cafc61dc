"""/sparql: the SPARQL 1.1 Protocol over the store.

Query via GET ``?query=``, POST form (``query=`` / ``update=``) or POST ``application/sparql-query``
/ ``application/sparql-update``. The result format follows the Accept header (or ``format=``, a
format key such as ``csv`` or a media type). Read-only: an update, or a SERVICE clause (which would
make this server call other hosts), needs the server's admin token in ``Authorization: Bearer``.

Limits: each query runs on a worker thread for at most ``query_timeout_s`` (then 503, code
``timeout``); a SELECT with more than ``query_row_cap`` rows (a CONSTRUCT with more triples) is
refused with 400, code ``too_many_rows``, rather than silently truncated, so a client never takes
a partial result for the whole answer.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.errors import ApiError
from api.querying import QueryTimeout, TooManyRows, execute, execute_update
from api.settings import Settings
from api.sparql_protocol import MEDIA_TYPE, ProtocolError, negotiate, read_request, uses_service
from graph.errors import QueryError, StoreError

router = APIRouter(tags=["sparql"])

_PROTOCOL_CODES = {400: "bad_request", 406: "not_acceptable", 415: "unsupported_media_type"}
_FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}
_POST_BODY = {
    "description": "a form (`query=` or `update=`), or the query / update itself",
    "content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"}, "format": {"type": "string"}}}},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    },
}


def is_admin(request: Request, settings: Settings) -> bool:
    """True when the server has an admin token and the request carries it as a Bearer token."""
    if not settings.admin_token:
        return False
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), settings.admin_token.encode())


async def _read(request: Request) -> tuple[Any, dict[str, str]]:
    """The Protocol request and the form fields (empty unless a form was posted)."""
    ctype = request.headers.get("content-type", "")
    form: dict[str, str] = {}
    body = b""
    if request.method == "POST":
        if ctype.split(";")[0].strip().lower() in _FORMS:
            form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        else:
            body = await request.body()
    try:
        return read_request(request.method, dict(request.query_params), form, body, ctype), form
    except ProtocolError as e:
        raise ApiError(e.status, _PROTOCOL_CODES.get(e.status, "bad_request"), str(e)) from None


def _format(request: Request, form: dict[str, str], graph_result: bool) -> str:
    wanted = request.query_params.get("format") or form.get("format")
    try:
        if wanted and "/" in wanted:  # a media type, as some endpoints accept in format=
            return negotiate(wanted, graph_result)
        return negotiate(request.headers.get("accept", "*/*"), graph_result, wanted or None)
    except ProtocolError as e:
        raise ApiError(e.status, _PROTOCOL_CODES.get(e.status, "bad_request"), str(e)) from None


async def _run(request: Request, job: Any) -> Any:
    settings: Settings = request.app.state.settings
    try:
        return await request.app.state.query_runner.run(job, settings.query_timeout_s)
    except QueryTimeout as e:
        raise ApiError(503, "timeout", str(e)) from None
    except TooManyRows as e:
        raise ApiError(400, "too_many_rows", str(e)) from None
    except QueryError as e:
        raise ApiError(400, "invalid_query", str(e)) from None
    except StoreError as e:
        raise ApiError(503, "store_unavailable", str(e)) from None


_RESPONSES: dict[int | str, dict] = {
    200: {"description": "SPARQL results (JSON, XML, CSV, TSV) or RDF (Turtle, N-Triples, JSON-LD), by the Accept header"},
    204: {"description": "the update was applied"},
}


@router.post("/sparql", summary="SPARQL 1.1 Protocol endpoint (query or update in the body)", response_class=Response,
             operation_id="sparql_post", openapi_extra={"requestBody": _POST_BODY}, responses=_RESPONSES)
@router.get("/sparql", summary="SPARQL 1.1 Protocol endpoint (query in the URL)", response_class=Response,
            operation_id="sparql_get", responses=_RESPONSES)
async def sparql(
    request: Request,
    query: Annotated[str | None, Query(description="the SPARQL query (GET)")] = None,
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld "
                                                    "or a media type; overrides Accept")] = None,
) -> Response:
    """Run a SPARQL query (or, with the admin token, an update) on the graph."""
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    sparql_request, form = await _read(request)
    admin = is_admin(request, settings)
    if sparql_request.is_update:
        if not admin:
            how = ("send the admin token as 'Authorization: Bearer TOKEN'" if settings.admin_token
                   else "the server was started without an admin token")
            raise ApiError(403, "forbidden", f"SPARQL Update is refused on this read-only endpoint: {how}")
        if request.method != "POST":
            raise ApiError(400, "bad_request", "SPARQL Update must be sent with POST")
        await _run(request, lambda _cancel: execute_update(store, sparql_request.text))
        return Response(status_code=204)
    if not admin and uses_service(sparql_request.text):
        raise ApiError(403, "forbidden", "SERVICE (federated query) is refused on this read-only endpoint: "
                                         "it would make the server query other hosts")
    outcome = await _run(request, lambda cancel: execute(store, sparql_request.text,
                                                         row_cap=settings.query_row_cap, cancel=cancel))
    fmt = _format(request, form, outcome.kind == "graph")
    return Response(outcome.serialize(fmt), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"})
