"""The agency gazetteer (``data/agencies.json``) and how a mention's jurisdiction is resolved.

A mention of a local body is ``[prefix][form]``: 省发展改革委, 市经信局, 黄浦区发展和改革委员会,
or a bare form (工业和信息化厅) whose jurisdiction comes from the document. The gazetteer maps every
standard form (full name or short form such as 发改委, 经信局, 经济信息委) to a body kind by its full
name without the region (发展和改革委员会); the prefix or the document context
(``ingest.nlp.ExtractContext``) supplies the region, so 市经信局 in a Wenzhou plan becomes
温州市经济和信息化局 and in a Beijing plan 北京市经济和信息化局.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.extract.regions import Region, lookup, province_of
from ingest.models import Agency

DATA_FILE = Path(__file__).parent / "data" / "agencies.json"

GENERIC_PREFIXES = "省市区县"
_GENERIC_LEVEL = {"省": "provincial", "市": "municipal", "区": "district", "县": "district"}
_BODY_KEYS = {"name", "forms", "national", "level", "template", "needs_prefix"}
_BRANCH_KEYS = {"forms", "parent", "suffix", "scope", "needs_place"}


@dataclass(frozen=True)
class Body:
    """One kind of body: 发展和改革委员会 (local, region from context) or 工业和信息化部 (national)."""

    name: str
    scope: str  # national | local
    national: str | None = None  # what a bare form means in a national document
    level: str | None = None  # the level the form itself implies: 厅 -> provincial
    template: str | None = None  # "国家税务总局{region}税务局"; default "{region}{name}"
    needs_prefix: bool = False  # 政府, 委: only after 省/市/区/县 or a region name


@dataclass(frozen=True)
class Branch:
    """A branch of a national regulator: 河南银保监局 -> 中国银行保险监督管理委员会河南监管局."""

    parent: str
    suffix: str
    scope: str  # provincial | municipal: which region a branch without a written place belongs to
    needs_place: bool = False


@dataclass(frozen=True)
class Gazetteer:
    bodies: dict[str, Body]  # form -> body
    branches: dict[str, Branch]  # form -> branch
    branch_parents: dict[str, str]  # parent form -> parent full name
    grid_regions: tuple[str, ...]
    central_bank: tuple[str, ...]
    central_bank_branches: tuple[str, ...]
    groups: tuple[str, ...]
    zone_words: tuple[str, ...]
    zone_bodies: tuple[str, ...]
    function_stems: tuple[str, ...]
    government_words: tuple[str, ...]


def _strict(record: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = set(record) - allowed
    if extra or "forms" not in record:
        raise ValueError(f"{DATA_FILE}: {where}: unknown keys {sorted(extra)} or no 'forms' in {record}")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once; a malformed record names the file and the record."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    bodies: dict[str, Body] = {}
    for scope in ("national", "local"):
        for rec in data[scope]:
            _strict(rec, _BODY_KEYS, scope)
            body = Body(
                name=rec["name"],
                scope=scope,
                national=rec.get("national"),
                level=rec.get("level"),
                template=rec.get("template"),
                needs_prefix=bool(rec.get("needs_prefix", False)),
            )
            for form in rec["forms"]:
                if form in bodies:
                    raise ValueError(f"{DATA_FILE}: form {form!r} is listed twice")
                bodies[form] = body
    fin = data["financial_branches"]
    branches: dict[str, Branch] = {}
    for rec in fin["forms"]:
        _strict(rec, _BRANCH_KEYS, "financial_branches")
        branch = Branch(rec["parent"], rec["suffix"], rec["scope"], bool(rec.get("needs_place", False)))
        for form in rec["forms"]:
            branches[form] = branch
    parents = {form: full for full, forms in fin["parent_forms"].items() for form in forms}
    return Gazetteer(
        bodies=bodies,
        branches=branches,
        branch_parents=parents,
        grid_regions=tuple(fin["grid_regions"]),
        central_bank=tuple(fin["central_bank"]),
        central_bank_branches=tuple(fin["central_bank_branches"]),
        groups=tuple(data["groups"]),
        zone_words=tuple(data["zone_words"]),
        zone_bodies=tuple(data["zone_bodies"]),
        function_stems=tuple(data["function_stems"]),
        government_words=tuple(data["government_words"]),
    )


# --- jurisdictions -------------------------------------------------------------------------


def display_name(region: Region) -> str:
    """How a region stands in an agency's full name: a district carries its city.

    >>> display_name(lookup("黄浦区")), display_name(lookup("温州市"))
    ('上海市黄浦区', '温州市')
    """
    if region.level == "district" and region.parent:
        parent = lookup(region.parent)
        if parent is not None and parent.level == "municipal":
            return parent.name + region.name
    return region.name


def document_region(region: str | None, level: str | None, city: str | None) -> Region | None:
    """The region of a document context; an unknown name is kept as a Region of its own."""
    if not region:
        return None
    found = lookup(region)
    if found is not None:
        return found
    return Region(name=region, short=region, level=level or "municipal", parent=city)


def generic_jurisdiction(prefix: str, doc: Region | None) -> Region | None:
    """The region meant by a generic prefix (省/市/区/县) in a document of region ``doc``.

    >>> generic_jurisdiction("省", lookup("温州市")).name
    '浙江省'
    >>> generic_jurisdiction("市", lookup("黄浦区")).name, generic_jurisdiction("市", lookup("河南省"))
    ('上海市', None)
    """
    if doc is None or doc.level == "national":
        return None
    if prefix == "省":
        prov = province_of(doc) if lookup(doc.name) is not None else None
        return prov if prov is not None and prov.level == "provincial" else None
    if prefix == "市":
        if doc.level == "municipal":
            return doc
        if doc.level == "district" and doc.parent:
            parent = lookup(doc.parent)
            return parent if parent is not None and parent.level == "municipal" else None
        return None
    return doc if doc.level == "district" else None


def resolve_body(
    body: Body, mention: str, juris: Region | None, prefix: str | None, doc: Region | None
) -> Agency:
    """The Agency a gazetteer body stands for in jurisdiction ``juris``.

    ``prefix`` is the generic prefix written (省/市/区/县), if any; ``doc`` the document's region.

    >>> g = gazetteer()
    >>> resolve_body(g.bodies["经信局"], "市经信局", lookup("温州市"), "市", None).name
    '温州市经济和信息化局'
    >>> resolve_body(g.bodies["发展改革委"], "发展改革委", None, None, lookup("全国")).name
    '国家发展和改革委员会'
    """
    if body.scope == "national":
        return Agency(name=body.name, region="全国", level="national")
    if juris is None and doc is not None and doc.level == "national" and body.national and not prefix:
        return Agency(name=body.national, region="全国", level="national")
    if juris is None:
        # 各市发展改革委 in a provincial plan: the kind of body is known, the region is not.
        level = _GENERIC_LEVEL.get(prefix or "", body.level)
        return Agency(name=(prefix or "") + body.name, region=None, level=level, known=True)
    place = display_name(juris)
    name = (body.template or "{region}{name}").format(region=place, name=body.name)
    return Agency(name=name, region=juris.name, level=juris.level)


def resolve_branch(branch: Branch, place: Region | str | None, doc: Region | None) -> Agency | None:
    """A regulator's branch named by its place, or by the document's province or city.

    >>> g = gazetteer()
    >>> resolve_branch(g.branches["证监局"], None, lookup("河南省")).name
    '中国证券监督管理委员会河南监管局'
    >>> resolve_branch(g.branches["银保监分局"], lookup("温州市"), None).name
    '中国银行保险监督管理委员会温州监管分局'
    """
    if isinstance(place, str):
        return Agency(name=f"{branch.parent}{place}{branch.suffix}", region=None, level="provincial")
    region = place
    if region is None and doc is not None and doc.level != "national":
        if branch.scope == "provincial":
            region = province_of(doc) if lookup(doc.name) is not None else None
        else:
            region = doc if doc.level == "municipal" else generic_jurisdiction("市", doc)
    if region is None:
        return None
    return Agency(
        name=f"{branch.parent}{region.short}{branch.suffix}", region=region.name, level=region.level
    )
