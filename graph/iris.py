"""Stable IRIs: the same document, clause, agency or fact gets the same IRI on every ingest.

Identity never comes from a file path or from ingest order (DESIGN.md):

- a document from its 文号 (document number), else its title + date, normalised (NFKC, no
  whitespace) and hashed to a short slug: ``doc/<12 hex of sha1>``;
- a clause from its document IRI + ``/c/`` + a readable ASCII form of its numbering path;
- an agency from its canonical full name (one node per real agency across all documents);
- a fact from the IRI of what it belongs to + its kind + a hash of extractor, span (relative to
  its clause, so edits elsewhere in the file do not move it) and values.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from ingest.models import Agency, Document

from .namespaces import BASE

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "〇零一二三四五六七八九十百千两"
# 第X编/章/节/条/款/部分 -> short ASCII prefixes (编 = part of a code, 款 = paragraph of an article)
_ORDINAL_UNITS = {"编": "pt", "章": "ch", "节": "sec", "条": "art", "款": "para", "部分": "part"}
_ORDINAL = re.compile(rf"^第([{_CN_NUM}\d]+)(编|章|节|条|款|部分)$")
_BARE = re.compile(rf"^([{_CN_NUM}]+|\d+)[、.]?$")
_PAREN = re.compile(rf"^\(([{_CN_NUM}]+|\d+)\)[、.]?$")
_BOX = re.compile(rf"^专栏([{_CN_NUM}]*|\d*)$")
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳


def normalise(text: str) -> str:
    """NFKC with every whitespace removed: the form identities are computed from.

    >>> normalise("京经信发 〔2025〕51号")
    '京经信发〔2025〕51号'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def slug(key: str, length: int = 12) -> str:
    """Short hex digest of ``key``.

    >>> slug("no:京经信发〔2025〕51号")
    '4ba0278a6b30'
    """
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:length]


def chinese_number(text: str) -> int:
    """Value of a Chinese (or Arabic) numeral as used in clause numbers.

    >>> [chinese_number(s) for s in ("三", "十二", "二十", "一百零五", "17")]
    [3, 12, 20, 105, 17]
    """
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = digit * 10 + _CN_DIGITS[ch] if ch not in "〇零" else digit * 10
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


def key_segment(segment: str) -> str:
    """Readable ASCII form of one numbering-path segment; ``_`` + percent-encoding when not a number.

    >>> [key_segment(s) for s in ("三", "（二）", "4", "4.", "第十二条", "①", "专栏3", "第一编#2", "总体要求")]
    ['3', 'p2', '4', '4', 'art12', 'c1', 'box3', 'pt1-2', '_%E6%80%BB%E4%BD%93%E8%A6%81%E6%B1%82']
    """
    base, hash_sign, repeat = segment.rpartition("#")
    if hash_sign and base and repeat.isdigit():  # a marker repeated in one document: "第一编#2"
        return f"{key_segment(base)}-{repeat}"
    raw = re.sub(r"\s+", "", segment)
    if raw in _CIRCLED:  # before NFKC, which turns ① into 1
        return f"c{_CIRCLED[raw]}"
    s = normalise(segment)
    if m := _ORDINAL.match(s):
        return f"{_ORDINAL_UNITS[m.group(2)]}{chinese_number(m.group(1))}"
    if m := _BARE.match(s):
        return str(chinese_number(m.group(1)))
    if m := _PAREN.match(s):
        return f"p{chinese_number(m.group(1))}"
    if m := _BOX.match(s):
        return f"box{chinese_number(m.group(1)) if m.group(1) else ''}"
    return "_" + quote(s, safe="")


def key_path(key: str) -> str:
    """ASCII path of a clause key ("三/（二）/4" -> "3/p2/4").

    >>> key_path("三/（二）/4")
    '3/p2/4'
    """
    return "/".join(key_segment(s) for s in key.split("/"))


def _exact_path(key: str) -> str:
    # Injective fallback (percent-encoding of every segment) used when two readable paths collide.
    return "/".join("_" + quote(re.sub(r"\s+", "", s), safe="") for s in key.split("/"))


def clause_iris(doc_iri: str, keys: Iterable[str]) -> dict[str, str]:
    """IRIs of a document's clauses; readable paths, the exact encoding where two would collide.

    >>> clause_iris("https://w3id.org/policykg/doc/x", ["三", "3"])["3"]
    'https://w3id.org/policykg/doc/x/c/_3'
    """
    keys = list(keys)
    readable: dict[str, list[str]] = {}
    for k in keys:
        readable.setdefault(key_path(k), []).append(k)
    out = {}
    for path, ks in readable.items():
        for k in ks:
            out[k] = f"{doc_iri}/c/{path if len(ks) == 1 else _exact_path(k)}"
    return out


def document_iri(doc: Document, parent_iri: str | None = None, index: int = 0) -> str:
    """IRI of a document (or of a compilation, or of one of its parts).

    Identity: the 文号 when there is one; else the title + date; a dated-less part of a
    compilation (an article, a news item) is identified by its title inside that compilation;
    without a title, a part by its position and a file by its source file name.

    >>> from ingest.models import Document
    >>> document_iri(Document(source="a.txt", doc_number="京经信发〔2025〕51号"))
    'https://w3id.org/policykg/doc/4ba0278a6b30'
    >>> document_iri(Document(source="b.pdf", doc_number="京经信发 〔2025〕51号", title="x"))
    'https://w3id.org/policykg/doc/4ba0278a6b30'
    """
    if doc.doc_number and normalise(doc.doc_number):
        key = "no:" + normalise(doc.doc_number)
    elif doc.title and normalise(doc.title):
        title = normalise(doc.title)
        if doc.date:
            key = f"t:{title}|{doc.date.isoformat()}"
        elif parent_iri:
            key = f"in:{parent_iri}|t:{title}"
        else:
            key = f"t:{title}|"
    elif parent_iri:
        return f"{parent_iri}/part/{index}"
    else:
        key = "src:" + normalise(doc.source)
    return f"{BASE}doc/{slug(key)}"


def agency_iri(agency: Agency) -> str:
    """IRI of an agency from its canonical name; a group or unknown-kind mention also from its region.

    >>> from ingest.models import Agency
    >>> agency_iri(Agency("温州市经济和信息化局")) == agency_iri(Agency("温州市经济和信息化局", "温州市"))
    True
    >>> agency_iri(Agency("各区", "北京市", kind="group")) == agency_iri(Agency("各区", "上海市", kind="group"))
    False
    """
    key = normalise(agency.name)
    # a group ("各区") or an unresolved form ("市经信局") names different bodies in every jurisdiction
    if agency.kind != "body":
        key += "|" + normalise(agency.region or "")
    return f"{BASE}agency/{slug(key)}"


def extractor_iri(name: str, version: str) -> str:
    """IRI of one version of an extractor (a spaCy component)."""
    return f"{BASE}extractor/{quote(name, safe='')}/{quote(version, safe='')}"


def fact_iri(owner_iri: str, kind: str, fact: object, owner_start: int = 0) -> str:
    """IRI of a fact dataclass (AgencyTask, Target, Deadline, Incentive) under its clause or document.

    The hash covers the extractor name, the span relative to ``owner_start`` and every value
    except the provenance version, so the same statement in the same clause keeps its IRI.
    """
    values = dataclasses.asdict(fact)  # type: ignore[call-overload]
    prov = values.pop("prov")
    values.pop("clause", None)
    span = [prov["span"][0] - owner_start, prov["span"][1] - owner_start]
    key = json.dumps([prov["extractor"], span, values], sort_keys=True, ensure_ascii=False, default=str)
    return f"{owner_iri}/{kind}/{slug(key, 10)}"
