"""/documents and /documents/{id}: documents with metadata, and one document's clause tree with its facts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api.deps import get_store
from api.documents import BadDocumentId, DocumentNotFound, get_document, list_documents
from api.errors import ApiError

router = APIRouter(tags=["documents"])
Store = Annotated[Any, Depends(get_store)]


@router.get("/documents", summary="Documents with their metadata")
def documents(
    store: Store,
    region: Annotated[str | None, Query(description="exact region, e.g. 北京市 or 全国")] = None,
    level: Annotated[str | None, Query(description="national, provincial, municipal …")] = None,
    q: Annotated[str | None, Query(description="text the title contains")] = None,
    limit: Annotated[int | None, Query(ge=1, le=10_000, description="at most this many")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """``{"total": N, "documents": [{id, short_id, title, issuer, doc_number, date, region, level, kind,
    valid_from, valid_until, source, part_of, clauses}]}``, by source file then title."""
    found = list_documents(store, region=region, level=level, q=q)
    page = found[offset:offset + limit if limit is not None else None]
    return {"total": len(found), "documents": page}


@router.get("/documents/{doc_id:path}", summary="One document with its clause tree and facts")
def document(
    store: Store,
    doc_id: Annotated[str, Path(description="the document IRI or its short id (the part after doc/)")],
) -> dict[str, Any]:
    """The document's metadata, ``parts``, its preamble ``facts`` and ``clause_tree``: clauses with
    nested ``children`` and the ``facts`` of each (agency_tasks, targets, deadlines, incentives)."""
    try:
        return get_document(store, doc_id)
    except BadDocumentId as e:
        raise ApiError(400, "bad_request", str(e)) from None
    except DocumentNotFound as e:
        raise ApiError(404, "not_found", str(e)) from None
