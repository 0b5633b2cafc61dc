"""The web pages: search, documents, agency task boards, comparison, eligibility and SPARQL.

Each page is the shared shell ``api/web/layout.html`` around a fragment ``api/web/pages/<name>.html``
and one JavaScript module (``api/web/static/js/<name>.js``) that calls the JSON API from the
browser. Nothing is fetched from another host: the Content-Security-Policy header allows this
server only, so a page that tried to load a CDN asset would fail loudly in the browser tests.

The JSON API owns ``/agencies`` and ``/compare`` (GET), so their pages live at ``/agency`` and
``/comparison``; ``GET /ask`` is the page, ``POST /ask`` the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from api.errors import ApiError

router = APIRouter(include_in_schema=False)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
# the browser may load scripts, styles, images and data from this server only (no CDN, no inline code)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_EXAMPLE_VALUE = re.compile(r"\be\.g\.\s*(\S+)")


@dataclass(frozen=True)
class Page:
    """One page: its fragment/script name, the nav key it lights up and its title."""

    name: str
    nav: str
    title: str


PAGES = {
    "search": Page("search", "search", "检索 Search"),
    "doc": Page("doc", "search", "文件 Document"),
    "agencies": Page("agencies", "agency", "机构 Agencies"),
    "agency": Page("agency", "agency", "机构任务 Agency tasks"),
    "compare": Page("compare", "compare", "比较 Compare"),
    "ask": Page("ask", "ask", "政策适用 Eligibility"),
    "query": Page("query", "query", "SPARQL 查询 Query"),
}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")  # small files, read per request so edits show at once


def render(page: Page) -> str:
    """The page's HTML: the layout with its title, nav state, fragment and script filled in."""
    html = _read(WEB_DIR / "layout.html")
    for key, value in (("title", page.title), ("nav", page.nav), ("script", page.name),
                       ("main", _read(WEB_DIR / "pages" / f"{page.name}.html"))):
        html = html.replace("{{" + key + "}}", value)
    return html


def _html(name: str) -> HTMLResponse:
    return HTMLResponse(render(PAGES[name]), headers={"Content-Security-Policy": CSP,
                                                      "X-Content-Type-Options": "nosniff"})


@router.get("/", response_class=HTMLResponse)
def search_page() -> HTMLResponse:
    return _html("search")


@router.get("/doc/{doc_id:path}", response_class=HTMLResponse)
def document_page(doc_id: str) -> HTMLResponse:
    return _html("doc")  # the script reads the id from the address and asks /documents/{id}


@router.get("/agency", response_class=HTMLResponse)
def agencies_page() -> HTMLResponse:
    return _html("agencies")


@router.get("/agency/{agency_id:path}", response_class=HTMLResponse)
def agency_page(agency_id: str) -> HTMLResponse:
    return _html("agency")


@router.get("/comparison", response_class=HTMLResponse)
def compare_page() -> HTMLResponse:
    return _html("compare")


@router.get("/ask", response_class=HTMLResponse)
def ask_page() -> HTMLResponse:
    return _html("ask")


@router.get("/query", response_class=HTMLResponse)
def query_page() -> HTMLResponse:
    return _html("query")


@router.get("/web/static/{asset:path}")
def static_asset(asset: str) -> FileResponse:
    """A file under api/web/static (CSS, JS, vendored assets); nothing outside it."""
    path = (STATIC_DIR / asset).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        raise ApiError(404, "not_found", f"no asset {asset!r}")
    return FileResponse(path, headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


def example_sparql(text: str, params: list[tuple[str, str, bool, str | None, str]]) -> str:
    """A named query's SPARQL, ready to run: parameters take their default, a required one without
    a default the example of its help ("e.g. …"); optional ones stay unbound (no filter).

    ``params`` are (name, type, required, default, help).

    >>> example_sparql('SELECT * { ?a ?b $agency }', [("agency", "string", True, None, "full name, e.g. 某某局")])
    'SELECT * { ?a ?b "某某局" }'
    >>> example_sparql('SELECT * { ?a ?b $year }', [("year", "integer", False, "2025", "the year")])
    'SELECT * { ?a ?b 2025 }'
    >>> example_sparql('SELECT * { ?a ?b $region }', [("region", "string", False, None, "e.g. 河南省")])
    'SELECT * { ?a ?b $region }'
    """
    from graph.errors import QueryError
    from graph.queries import term

    for name, type_, required, default, help_text in params:
        found = _EXAMPLE_VALUE.search(help_text) if required else None
        value = default if default is not None else (found.group(1).rstrip(",.;)") if found else None)
        if value is None:
            continue
        try:
            sparql_term = term(value, type_)
        except QueryError:
            continue  # an example that is not of the declared type: leave the variable unbound
        text = sparql_term.join(re.split(rf"\${name}\b", text))
    return text


@router.get("/web/examples.json")
def examples() -> dict[str, Any]:
    """The named queries of graph/queries, ready to run (parameters filled with their examples)."""
    try:
        from graph import queries
    except ModuleNotFoundError:
        return {"examples": []}
    out = []
    for name in queries.names():
        q = queries.get(name)
        params = [(p.name, p.type, p.required, p.default, p.help) for p in q.params]
        out.append({"name": name, "title": q.title, "description": q.description,
                    "query": example_sparql(q.text, params)})
    return {"examples": out}


@router.get("/web/ask-options.json")
def ask_options() -> dict[str, Any]:
    """The applicant kinds, project kinds and listed statuses the eligibility form offers."""
    from graph.eligibility_lexicon import lexicon

    lex = lexicon()

    def kinds(table: dict[str, Any]) -> list[str]:
        return [k for k in table if not k.startswith("_")]

    return {"applicants": kinds(lex.applicants), "projects": kinds(lex.projects), "statuses": kinds(lex.statuses)}
