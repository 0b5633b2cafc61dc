"""GET /health: the server is up and the store answers, with what it holds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from api.deps import get_store

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    documents: int
    clauses: int
    triples: int


@router.get("/health", response_model=Health, summary="Liveness and store counts")
def health(store: Annotated[Any, Depends(get_store)]) -> Health:
    """``{"status": "ok", "documents": N, "clauses": N, "triples": N}``; a compilation is not a document.

    A plain function: FastAPI runs it on its thread pool, so it answers while SPARQL queries run.
    """
    return Health(status="ok", **store.counts())
