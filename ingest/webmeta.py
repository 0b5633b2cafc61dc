"""Fill document fields a web page states only in its info table or scraper front matter.

The text is the better witness: these fields only fill what the text itself does not say.
"""

from __future__ import annotations

import re

from ingest.extract.metadata import parse_date, split_agencies
from ingest.models import Document

_NUMBER_KEYS = ("发文字号", "文号")
_DATE_KEYS = ("成文日期", "发布日期")
_ISSUER_KEYS = ("发文机构", "发布机构", "发布单位", "发文机关")
# a complete 文号: issuer code, year in brackets, serial number (京发改〔2026〕3号); "京发改" alone is not one
_DOC_NUMBER = re.compile(r"^\S{1,20}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key, "").strip():
            return meta[key].strip()
    return None


def fill_from_page_meta(doc: Document, meta: dict[str, str]) -> Document:
    """Set doc_number, date and issuers from ``meta`` where the text left them empty.

    >>> d = fill_from_page_meta(Document(source="x"), {"发文字号": "津工信电力〔2021〕3号", "成文日期": "2021年02月02日"})
    >>> d.doc_number, d.date.isoformat()
    ('津工信电力〔2021〕3号', '2021-02-02')
    """
    if not meta:
        return doc
    number = _first(meta, _NUMBER_KEYS)
    if not doc.doc_number and number and _DOC_NUMBER.match(number):
        doc.doc_number = number
    when = _first(meta, _DATE_KEYS)
    if doc.date is None and when:
        doc.date = parse_date(when.replace("-", "年", 1).replace("-", "月", 1) + ("日" if "-" in when else ""))
    issuers = _first(meta, _ISSUER_KEYS)
    if not doc.issuers and issuers:
        doc.issuers = split_agencies(issuers) or [issuers]
    return doc
