"""Optional metadata sidecar: ``<file>.yaml`` beside a source file supplies what its text lacks.

``corpus/003_x.txt`` may have ``corpus/003_x.yaml``::

    title: 北京市促进制造业和信息软件业绿色低碳发展的若干措施
    issuers: [北京市经济和信息化局]
    doc_number: 京经信发〔2025〕51号
    date: 2025-12-18
    region: 北京市
    level: municipal
    valid_until: 2027-12-31
    plan_period: [2021, 2025]
    parts:                       # compilations: fields per contained document, by its title
      河南省坚决遏制“两高”项目盲目发展行动方案:
        issuers: [河南省人民政府办公厅]

It is loaded strictly (STYLE.md §7): an unknown key, a date not written YYYY-MM-DD, an unknown
level or a value of the wrong type raises :class:`SidecarError` naming the file and the key.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ingest.errors import IngestError
from ingest.extract.regions import lookup
from ingest.models import LEVELS

FIELDS = tuple("title issuers doc_number date region level valid_from valid_until plan_period".split())
SUFFIXES = (".yaml", ".yml")

T = TypeVar("T")


class SidecarError(IngestError):
    """A metadata sidecar that is not valid: ``str(err)`` names the file and the key."""


def sidecar_path(source_path: str | Path) -> Path | None:
    """The sidecar beside ``source_path`` (corpus/a.txt -> corpus/a.yaml), if one exists."""
    source = Path(source_path)
    for suffix in SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.is_file() and candidate != source:
            return candidate
    return None


def load_sidecar(source_path: str | Path) -> dict[str, Any] | None:
    """The validated overrides for ``source_path``, or None when it has no sidecar.

    Dates come back as ``datetime.date``, ``plan_period`` as a tuple, ``parts`` as a mapping of
    title -> validated fields.

    Raises:
        SidecarError: the sidecar is not YAML, not a mapping, or holds a bad key or value.
    """
    path = sidecar_path(source_path)
    if path is None:
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SidecarError(str(path), f"not valid YAML: {exc}") from exc
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SidecarError(str(path), "must be a mapping of metadata keys")
    out = _fields(raw, str(path), "", allow_parts=True)
    return out


def _fields(raw: dict[Any, Any], path: str, where: str, allow_parts: bool) -> dict[str, Any]:
    allowed = FIELDS + (("parts",) if allow_parts else ())
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{where}{key}"
        if key not in allowed:
            raise SidecarError(path, f"unknown key {name!r}; allowed: {', '.join(allowed)}")
        if key == "parts":
            out["parts"] = _parts(value, path)
        else:
            out[key] = _value(key, value, path, name)
    return out


def _parts(value: Any, path: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise SidecarError(path, "key 'parts' must map a part title to its fields")
    parts: dict[str, dict[str, Any]] = {}
    for title, fields in value.items():
        if not isinstance(title, str) or not isinstance(fields, dict):
            raise SidecarError(path, f"key 'parts.{title}' must map a title to a mapping of fields")
        parts[title] = _fields(fields, path, f"parts.{title}.", allow_parts=False)
    return parts


def _value(key: str, value: Any, path: str, name: str) -> Any:
    if value is None:
        return None
    if key in ("date", "valid_from", "valid_until"):
        return _date(value, path, name)
    if key == "issuers":
        items = _typed([value] if isinstance(value, str) else value, list, path, name, "a list of names")
        return [_typed(x, str, path, name, "a list of names").strip() for x in items]
    if key == "level":
        if value not in LEVELS:
            raise SidecarError(path, f"key {name!r}: level {value!r} is not one of {', '.join(LEVELS)}")
        return value
    if key == "plan_period":
        return _period(value, path, name)
    return _typed(value, str, path, name, "a string").strip()


def _typed(value: Any, kind: type[T], path: str, name: str, what: str) -> T:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise SidecarError(path, f"key {name!r} must be {what}, not {value!r}")
    return value


def _date(value: Any, path: str, name: str) -> date:
    if isinstance(value, date):  # YAML reads an unquoted 2025-12-18 as a date already
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SidecarError(path, f"key {name!r}: {value!r} is not a date written YYYY-MM-DD")


def _period(value: Any, path: str, name: str) -> tuple[int, int]:
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*[-—–]\s*(\d{4})\s*", value)
        value = [int(m.group(1)), int(m.group(2))] if m else value
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in value)
        and value[0] <= value[1]
    ):
        return value[0], value[1]
    raise SidecarError(path, f"key {name!r}: {value!r} is not a period [start_year, end_year]")


def part_overrides(overrides: dict[str, Any] | None, title: str | None) -> dict[str, Any]:
    """The ``parts:`` fields for the part titled ``title`` (whitespace ignored), else {}."""
    if not overrides or not title:
        return {}
    want = re.sub(r"\s", "", title)
    for key, fields in overrides.get("parts", {}).items():
        if re.sub(r"\s", "", key) == want:
            return fields
    return {}


def apply(meta: T, overrides: dict[str, Any] | None) -> T:
    """Set on ``meta`` (a Metadata or a Document) every field the sidecar gives; returns ``meta``.

    A region given without a level takes the gazetteer's level for it.
    """
    if not overrides:
        return meta
    for key in FIELDS:
        if key in overrides:
            setattr(meta, key, list(overrides[key]) if key == "issuers" else overrides[key])
    if "region" in overrides and "level" not in overrides and overrides["region"]:
        region = lookup(overrides["region"])
        if region is not None:
            meta.level = region.level  # type: ignore[attr-defined]
            if hasattr(meta, "city"):
                meta.city = region.city  # type: ignore[attr-defined]
    return meta
