"""Gazetteer of Chinese administrative divisions (行政区划) and a finder for their mentions.

The data (``data/regions.jsonl``) holds 全国, the 34 provincial-level units, the prefecture-level
units (地级市, 自治州, 地区, 盟) with the province-administered cities (济源, 仙桃 …), the districts
and counties of the four municipalities, and the state-level new areas and zones. Levels follow
gold/SCHEMA.md: provinces and autonomous regions are provincial; the four municipalities and
prefecture cities municipal; districts, counties and new areas inside a city district.

One-character abbreviations (京, 沪, 豫) are kept as ``abbr`` for reading 文号 but never count as a
mention: 京津冀 or 在京 names no region by itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "regions.jsonl"


@dataclass(frozen=True)
class Region:
    """One administrative unit by its full name (温州市), with its enclosing unit (浙江省)."""

    name: str
    short: str
    level: str  # national | provincial | municipal | district
    parent: str | None = None
    abbr: str | None = None  # one-character abbreviation (京) used in 文号
    aliases: tuple[str, ...] = ()

    @property
    def city(self) -> str | None:
        """The municipal-level unit a district lies in (its parent), else None."""
        return self.parent if self.level == "district" else None


@dataclass(frozen=True)
class _Gazetteer:
    by_name: dict[str, Region]  # every form lookup() accepts
    matchable: dict[str, Region]  # forms that count as a mention in running text
    max_len: int


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    by_name: dict[str, Region] = {}
    matchable: dict[str, Region] = {}
    with DATA_FILE.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    regions = [
        Region(
            name=r["name"],
            short=r["short"],
            level=r["level"],
            parent=r.get("parent"),
            abbr=r.get("abbr"),
            aliases=tuple(r.get("aliases", ())),
        )
        for r in records
    ]
    # Full names first, then aliases, then short forms, so a full name always wins a clash
    # (吉林 is the province; the city is only 吉林市).
    for reg in regions:
        by_name.setdefault(reg.name, reg)
        matchable.setdefault(reg.name, reg)
    for reg, rec in zip(regions, records, strict=True):
        for alias in reg.aliases:
            by_name.setdefault(alias, reg)
            matchable.setdefault(alias, reg)
        for alias in rec.get("lookup_only", ()):
            by_name.setdefault(alias, reg)
    for reg, rec in zip(regions, records, strict=True):
        if len(reg.short) < 2:
            continue
        by_name.setdefault(reg.short, reg)
        if not rec.get("short_is_word"):
            matchable.setdefault(reg.short, reg)
    return _Gazetteer(by_name, matchable, max(map(len, matchable)))


def lookup(name: str) -> Region | None:
    """The region a full name, short form or alias stands for.

    >>> lookup("温州").name, lookup("温州").parent
    ('温州市', '浙江省')
    >>> lookup("河南省").level, lookup("北京").level, lookup("全国").level
    ('provincial', 'municipal', 'national')
    >>> lookup("京") is None
    True
    """
    return _gazetteer().by_name.get(name.strip())


def find_regions(text: str) -> list[tuple[int, int, Region]]:
    """Every region mentioned in ``text`` as (start, end, Region), leftmost-longest, no overlaps.

    >>> [(s, e, r.name) for s, e, r in find_regions("北京市经信局和河南省、温州联合")]
    [(0, 3, '北京市'), (7, 10, '河南省'), (11, 13, '温州市')]
    >>> find_regions("推进京津冀协同")
    []
    """
    gaz = _gazetteer()
    found: list[tuple[int, int, Region]] = []
    i, n = 0, len(text)
    while i < n:
        for length in range(min(gaz.max_len, n - i), 1, -1):
            region = gaz.matchable.get(text[i : i + length])
            if region is not None:
                found.append((i, i + length, region))
                i += length
                break
        else:
            i += 1
    return found


def province_of(region: Region) -> Region | None:
    """The provincial-level unit enclosing ``region`` (itself when it is one), else None.

    >>> province_of(lookup("浦东新区")).name, province_of(lookup("温州市")).name
    ('上海市', '浙江省')
    """
    current: Region | None = region
    while current is not None and current.parent not in (None, "全国"):
        current = lookup(current.parent)
    return current if current is not None and current.level != "national" else None
