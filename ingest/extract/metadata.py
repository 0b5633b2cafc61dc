"""Document metadata: title, issuers, 文号, date, region and level, validity, plan period.

Read from where Chinese policy documents state them: the title line (发文机关 + 关于 + 事由 + 文种),
the 文号 line under it, the signature block (落款: issuing bodies, then the date), the closing
clause on validity (本政策执行期至2027年底), and for scraped pages their metadata fields. Nothing
is guessed: a field the text does not state stays empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date

from ingest.extract.enactment import DATE_LINE, adoption, decree, signature
from ingest.extract.regions import Region, find_regions, lookup
from ingest.extract.titles import clean_title, find_title, split_agencies, title_issuers
from ingest.extract.validity import find_validity, parse_date, plan_period

__all__ = [
    "Metadata", "clean_title", "document_metadata", "find_title", "find_validity", "parse_date",
    "plan_period", "split_agencies",
]  # fmt: skip

_NATIONAL_ISSUER = re.compile(
    r"^(?:中共中央|国务院|全国人民代表大会|全国人大|中央|国家|中国人民银行|人民银行|最高人民|"
    r"[^省市区县州盟]{1,12}(?:部|总局|总署|委员会|监管局|银保监会|证监会|发展改革委))"
)
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}\s*[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]\s*第?\s*\d{1,5}\s*号"
)
_FIELD = re.compile(
    r"^[\[［【]?\s*(标题|文号|发文字号|发布单位|发文机关|发文机构|发布日期|成文日期)\s*[\]］】:：]\s*(.*)$"
)
# A law (法) or regulation (条例) whose title names no region is national: local regulations and
# rules always carry their region (河南省节约能源条例), national ones never do.
_LAW_TITLE = re.compile(r"(?:(?<!办)法|法典|条例)(?:\s*[（(][^（）()]{1,10}[）)])?$")
# the level a short-form issuer (省财政厅, 市工业和信息化局, 区发展改革委) leaves unnamed
_SHORT_FORM_LEVEL = {"省": "provincial", "市": "municipal", "区": "district", "县": "district"}
# national 文号 prefixes that begin with a character also used as a province abbreviation
_NATIONAL_NUMBER_PREFIX = tuple("国 中发 工信 发改 财 环 商 科 教 人社 住建 交 农 水 银".split())


@dataclass
class Metadata:
    """What a document says about itself; None / [] where the text does not say it."""

    title: str | None = None
    issuers: list[str] | None = None
    doc_number: str | None = None
    date: dt.date | None = None
    region: str | None = None
    level: str | None = None
    city: str | None = None  # for a district document, the city it lies in
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    validity_text: str | None = None
    plan_period: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.issuers is None:
            self.issuers = []


def _lines(text: str, span: tuple[int, int]) -> list[str]:
    return [clean_title(x) for x in text[span[0] : span[1]].splitlines()]


def _front_matter(lines: list[str]) -> dict[str, str]:
    """Labelled fields of a scraped page (YAML front matter 标题:, or [发文字号] blocks)."""
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:400]):
        m = _FIELD.match(line)
        if not m or m.group(1) in fields:
            continue
        value = m.group(2).strip()
        if not value:  # value on the following lines ([发文字号] / 京发改 / 〔2026〕 / 341号)
            following = [x for x in lines[i + 1 : i + 6] if x][:3]
            value = "".join(following)
        fields[m.group(1)] = value
    return fields


def _head_date(lines: list[str], title: str | None) -> date | None:
    """A date standing alone under the title: "（2021年11月2日）"."""
    flat_title = re.sub(r"\s", "", title or "")
    seen_title = title is None
    count = 0
    for line in lines:
        flat = re.sub(r"\s", "", line)
        if not flat:
            continue
        if not seen_title or (count == 0 and flat in flat_title):  # every line of a broken title
            seen_title = seen_title or flat in flat_title
            continue
        count += 1
        if DATE_LINE.match(line):
            return parse_date(line)
        if count >= 3:
            return None
    return None


def _doc_number(lines: list[str], fields: dict[str, str]) -> str | None:
    for key in ("文号", "发文字号"):
        m = _DOC_NUMBER.search(fields.get(key, ""))
        if m:
            return re.sub(r"\s", "", m.group(0))
    for line in lines[:120]:
        m = _DOC_NUMBER.fullmatch(line.strip("（）() "))
        if m:
            return re.sub(r"\s", "", m.group(0))
    return None


def _region_of(issuers: list[str], title: str | None, doc_number: str | None, head: str) -> Region | None:
    for issuer in issuers[:1]:
        found = find_regions(issuer)
        if found and found[0][0] == 0:
            return found[0][2]
        if _NATIONAL_ISSUER.match(issuer):
            return lookup("全国")
    if title:
        in_title = [r for _s, _e, r in find_regions(title) if r.level != "national"]
        if in_title:
            return in_title[0]
        prefix = title.split("关于", 1)[0] if "关于" in title else ""
        if prefix and _NATIONAL_ISSUER.match(prefix.strip()):
            return lookup("全国")
        if title.startswith("中华人民共和国") or "全国" in title or _LAW_TITLE.search(title):
            return lookup("全国")
    if doc_number and not doc_number.startswith(_NATIONAL_NUMBER_PREFIX):
        for r in _provinces_by_abbr():
            if doc_number.startswith(r.abbr or "\0"):
                return r
    if re.search(r"各省、自治区、直辖市|党中央、国务院", head):
        return lookup("全国")
    level = _SHORT_FORM_LEVEL.get(issuers[0][:1]) if issuers else None
    if level:  # 市工业和信息化局: the body of the city the document names for itself
        return next((r for _s, _e, r in find_regions(head) if r.level == level), None)
    return None


def _provinces_by_abbr() -> list[Region]:
    names = "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    names += "四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆"
    return [r for r in map(lookup, names.split()) if r is not None]


def _qualified(issuers: list[str], region: Region | None) -> list[str]:
    """Short forms that leave out their own region (市工业和信息化局 in a Tianjin notice) with it.

    >>> _qualified(["市工业和信息化局"], lookup("天津市")), _qualified(["省财政厅"], lookup("天津市"))
    (['天津市工业和信息化局'], ['省财政厅'])
    """
    if region is None:
        return issuers
    prefix = {"provincial": ("省",), "municipal": ("市",), "district": ("区", "县")}.get(region.level)
    if prefix is None:
        return issuers
    return [region.name + x[1:] if x.startswith(prefix) and len(x) > 2 else x for x in issuers]


# labels of the issuing body in scraper front matter and gov sites' info tables
_ISSUER_LABELS = ("发布单位", "发文机关", "发文机构", "发布机构")


def document_metadata(
    text: str,
    span: tuple[int, int],
    title: str | None = None,
    kind: str = "policy",
    page_meta: dict[str, str] | None = None,
) -> Metadata:
    """Metadata of the document standing at ``text[span]``.

    Args:
        text: the whole source text.
        span: where the document stands in it (a compilation's part, or the whole file).
        title: the title when the caller knows it (``ingest.split.Part.title``); else found here.
        kind: policy | article | news | other; only a policy has a level (articles and news: None).
        page_meta: fields a web page states outside the text (``SourceText.meta``: 发文字号, 发布单位 …);
            the text's own front matter wins over them.
    """
    lines = _lines(text, span)
    fields = {**(page_meta or {}), **_front_matter(lines)}
    if title is None:
        title = (
            find_title(text, span)[0]
            or fields.get("标题")
            or find_title(text, span, first_line_fallback=True)[0]
        )
    title = clean_title(title) if title else None
    signed, ordered, adopted = signature(lines), decree(lines), adoption(lines)
    issuers = (
        title_issuers(title or "")
        or list(signed.issuers or ordered.issuers or adopted.issuers)
        or split_agencies(next((fields[k] for k in _ISSUER_LABELS if fields.get(k, "").strip()), ""))
    )
    when = (
        signed.date
        or _head_date(lines, title)
        or adopted.date
        or parse_date(fields.get("成文日期") or fields.get("发布日期") or "")
    )
    number = _doc_number(lines, fields) or ordered.number
    head = "".join(lines[:40])
    region = _region_of(issuers, title, number, head)
    validity = find_validity(lines, when, title)
    return Metadata(
        title=title,
        issuers=_qualified(issuers, region),
        doc_number=number,
        date=when,
        region=region.name if region else None,
        level=region.level if region and kind == "policy" else None,
        city=region.city if region else None,
        valid_from=validity.valid_from,
        valid_until=validity.valid_until,
        validity_text=validity.text,
        plan_period=plan_period(title or ""),
    )
