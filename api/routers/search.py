"""GET /search: hybrid semantic + lexical search over clauses (graph.search)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, Request

from api.errors import ApiError
from api.settings import Settings

router = APIRouter(tags=["search"])


def load_search_index(settings: Settings):
    """The saved index beside the graph with its embedding model, or None when none was built."""
    from graph.embedder import load_embedder
    from graph.search import SearchIndex

    directory = Path(settings.search_dir)
    if not (directory / "meta.json").is_file():
        return None
    return SearchIndex.load(directory, load_embedder(settings.embedder))


@router.get("/search", summary="Search clauses by meaning, in Chinese or English")
def search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=500, description="free text, Chinese or English"),
    k: int = Query(10, ge=1, le=100, description="number of results"),
    region: str | None = Query(None, description="only documents of this region (北京市, 全国 …)"),
    level: str | None = Query(None, pattern="^(national|provincial|municipal|district)$"),
    doc: str | None = Query(None, description="only this document (IRI)"),
    date_from: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
    date_to: str | None = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
) -> dict:
    index = getattr(request.app.state, "search", None)
    if index is None:
        raise ApiError(503, "unavailable", "no search index: run `policykg ingest` without --no-index first")
    hits = index.search(q, k=k, region=region, level=level, doc=doc, date_from=date_from, date_to=date_to)
    return {"query": q, "results": [h.to_dict() for h in hits]}
