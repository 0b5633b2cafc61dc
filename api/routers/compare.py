"""/compare: what each jurisdiction says on a topic, national first."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from api.deps import get_store
from graph.compare import compare as compare_topic

router = APIRouter(tags=["compare"])
Store = Annotated[Any, Depends(get_store)]


@router.get("/compare", summary="Clauses and targets on a topic, grouped by region or level")
def compare(
    request: Request,
    store: Store,
    topic: Annotated[str, Query(min_length=1, max_length=200, description="a word or a few: 光伏; 储能 氢能")],
    by: Annotated[Literal["region", "level"], Query(description="one group per region, or per level")] = "region",
    per_group: Annotated[int, Query(ge=1, le=200, description="most clauses listed per group")] = 20,
) -> dict[str, Any]:
    """``{"topic", "by", "groups": [{region, level, documents, matches, clauses: [{clause, doc,
    doc_title, source, path, text, score}], targets: [...]}]}``, national first, then provincial,
    municipal, district.

    Relevance is the app's ``state.compare_searcher`` when one is set (e.g.
    ``graph.compare.index_searcher(search_index)``), else a text match on the topic and its synonyms.
    """
    searcher = getattr(request.app.state, "compare_searcher", None)
    return compare_topic(store, topic, by=by, searcher=searcher, per_group=per_group)
