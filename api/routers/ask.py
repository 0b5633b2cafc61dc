"""POST /ask: an eligibility question (or a structured profile) -> amounts, calculations, citations.

Shape: CONTRACT.md §2 ``{"profile": {...}, "answers": [...]}``; the work is graph.eligibility.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import get_store
from api.errors import ApiError
from graph.eligibility import answer_question

router = APIRouter(tags=["ask"])


class AskRequest(BaseModel):
    question: str | None = Field(None, description="the question, Chinese or English")
    as_of: date | None = Field(None, description="judge validity on this day (default: the year asked, else today)")
    profile: dict[str, Any] | None = Field(
        None, description="instead of a question: region, year, as_of, applicant, project, listed, amounts")


@router.post("/ask", summary="Answer an eligibility question")
def ask(body: AskRequest, store: Annotated[Any, Depends(get_store)]) -> dict[str, Any]:
    """Every incentive that fits, best first: eligible, amount_yuan, calculation, clause, text, valid_until, missing."""
    if body.profile is None and not (body.question or "").strip():
        raise ApiError(400, "bad_request", "give a question or a profile")
    try:
        return answer_question(store, body.question, as_of=body.as_of, profile=body.profile)
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc)) from exc
