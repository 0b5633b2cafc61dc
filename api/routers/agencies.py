"""/agencies: find agencies, an agency's task board, and the agency co-responsibility network."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from api.deps import get_store
from graph.agencies import agency_tasks, find_agencies
from graph.network import agency_network, network_svg

router = APIRouter(tags=["agencies"])
Store = Annotated[Any, Depends(get_store)]
Level = Literal["national", "provincial", "municipal", "district"]
Region = Annotated[str | None, Query(description="region, e.g. 河南省 (北京 finds 北京市)")]
Top = Annotated[int | None, Query(ge=1, le=1000, description="keep the N agencies with most tasks")]
AllKinds = Annotated[bool, Query(description="also groups (各区) and vague mentions (有关部门)")]


@router.get("/agencies", summary="Find agencies by any form of their name")
def agencies(
    store: Store,
    q: Annotated[str | None, Query(description="any part of a name, full or short: 发改委, 河南省发展改革委")] = None,
    region: Region = None,
    level: Annotated[Level | None, Query(description="the agency's level")] = None,
) -> dict[str, Any]:
    """``{"agencies": [{id, name, aliases, region, level, kind, tasks}]}``, whole-name matches
    first, then by number of tasks."""
    return {"agencies": find_agencies(store, q=q, region=region, level=level)}


def _network(store: Any, region: str | None, level: str | None, top: int | None, all_kinds: bool) -> dict[str, Any]:
    return agency_network(store, region=region, level=level, top=top, kinds=None if all_kinds else ("body",))


@router.get("/agencies/network", summary="Agency co-responsibility network: who works with whom")
def network(store: Store, region: Region = None,
            level: Annotated[Level | None, Query(description="only documents of this level")] = None,
            top: Top = None, all_kinds: AllKinds = False) -> dict[str, Any]:
    """Agencies linked when they share a clause (``weight`` = shared clauses), with per-agency
    ``tasks``, ``leads``, ``partners``, ``weighted_degree``, ``betweenness`` and ``pagerank``;
    ``region``/``level`` select the documents, ``top`` the agencies with most tasks."""
    return _network(store, region, level, top, all_kinds)


@router.get("/agencies/network.svg", summary="The agency network as a picture (SVG)",
            response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
def network_picture(store: Store, region: Region = None,
                    level: Annotated[Level | None, Query(description="only documents of this level")] = None,
                    top: Top = 40, all_kinds: AllKinds = False) -> Response:
    """Node size ~ tasks, colour ~ level, edge width ~ shared clauses; Chinese labels."""
    title = "机构协同网络" + (f"（{region}）" if region else "")
    svg = network_svg(_network(store, region, level, top, all_kinds), title=title)
    return Response(svg, media_type="image/svg+xml")


@router.get("/agencies/{agency_id:path}/tasks", summary="An agency's task board")
def tasks(
    store: Store,
    agency_id: Annotated[str, Path(description="the agency IRI, its last path segment, or its canonical name")],
) -> dict[str, Any]:
    """``{"agency": {...}, "tasks": [{clause, doc, doc_title, source, path, text, role, mention,
    deadline}]}``: every clause that gives the agency a task, earliest deadline first."""
    return agency_tasks(store, agency_id)
