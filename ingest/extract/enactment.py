"""Who issued a document and when, from the places official texts state it.

- the signature block (落款): the issuing bodies above the date, or the signing official
  ("部长 高虎城", "国务院国有资产监督管理委员会主任") above it, or the date alone after the
  closing formula (特此通知。) when the seal stands for the signature;
- the decree header of a rule or regulation (中华人民共和国商务部令 / 2014年第3号);
- the adoption history under a law's title ("2018年10月26日 第十三届全国人民代表大会常务委员会
  第六次会议…修正"): the legislature that adopted the version and its date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ingest.extract.titles import is_agency, split_agencies
from ingest.extract.validity import parse_date

_DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}"
    r"|[二〇○零一三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
DATE_LINE = re.compile(rf"^[（(]?\s*{_DATE}\s*[）)]?$")
# the signing official: an optional body, the office, an optional name ("部长高虎城")
_OFFICIAL = re.compile(
    r"^(?P<body>[\u4e00-\u9fff（）()]{0,30}?)(?:部长|主任|总理|主席|委员长|局长|厅长|署长|行长|省长|市长|区长|县长|署长|书记)"
    r"(?P<name>[\u4e00-\u9fff·]{2,4})?$"
)
_CLOSING = re.compile(r"^(?:特此|此复|专此|此致)")
_DECREE = re.compile(r"^(?:中华人民共和国)?(?P<body>[\u4e00-\u9fff]{2,30}?)令$")
_DECREE_NUMBER = re.compile(r"^[（(]?(?P<number>(?:\d{4}年)?第[\d一二三四五六七八九十百零〇]{1,6}号)[）)]?$")
_ADOPTION = re.compile(
    r"(?P<date>\d{4}年\d{1,2}月\d{1,2}日)(?:在)?(?P<region>[\u4e00-\u9fff]{0,12}?)第[一二三四五六七八九十]+届"
    r"(?P<congress>全国人民代表大会|人民代表大会)(?P<standing>常务委员会)?第[一二三四五六七八九十]+次(?:全体)?会议"
    r"(?:《[^》]{1,100}》)?(?:第[一二三四五六七八九十]+次)?(?P<verb>通过|批准|修正|修订)"
)
_BODY_START = re.compile(r"^(?:#+\s*)?第[一二三四五六七八九十]+[章条编]")


@dataclass(frozen=True)
class Enactment:
    """Issuers and date from one of the places above; ``number`` for a decree (商务部令2014年第3号)."""

    issuers: tuple[str, ...] = ()
    date: date | None = None
    number: str | None = None


def _squash(line: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", line))


def signature(lines: list[str]) -> Enactment:
    """Issuers and date of the signature block.

    >>> signature(["特此通知。", "海南省农业农村厅 海南省财政厅", "2024年7月1日"])
    Enactment(issuers=('海南省农业农村厅', '海南省财政厅'), date=datetime.date(2024, 7, 1), number=None)
    >>> signature(["现予发布。", "部 长 高虎城", "2014年9月6日"]).date
    datetime.date(2014, 9, 6)
    >>> signature(["特此通知。", "2021年2月2日", "（联系人：电力处）"]).date
    datetime.date(2021, 2, 2)
    """
    closing: Enactment | None = None
    for i, line in enumerate(lines):
        if not DATE_LINE.match(line) or line.startswith(("（", "(")):
            continue
        names: list[str] = []
        above = [x for x in lines[max(0, i - 40) : i] if x]
        for prev in reversed(above):
            parts = split_agencies(prev)
            if not parts or not all(is_agency(p) for p in parts):
                break
            names[:0] = parts
        if names:
            return Enactment(tuple(names), parse_date(line))
        official = _OFFICIAL.match(_squash(above[-1])) if above else None
        if official:
            body = official.group("body")
            return Enactment((body,) if is_agency(body) else (), parse_date(line))
        if closing is None and above and _CLOSING.match(above[-1]):
            closing = Enactment((), parse_date(line))
    return closing or Enactment()


def decree(lines: list[str]) -> Enactment:
    """The body and number of a decree header at the top of a rule or regulation.

    >>> decree(["中华人民共和国商务部令", "2014 年 第 3 号", "《境外投资管理办法》已经…"])
    Enactment(issuers=('商务部',), date=None, number='商务部令2014年第3号')
    """
    head = [_squash(x) for x in lines[:30] if x.strip()][:12]
    for line, nxt in zip(head, head[1:], strict=False):
        m, n = _DECREE.match(line), _DECREE_NUMBER.match(nxt)
        if m and n:
            body = m.group("body")
            return Enactment((body,) if is_agency(body) else (), None, f"{body}令{n.group('number')}")
    return Enactment()


def adoption(lines: list[str]) -> Enactment:
    """The legislature that adopted the latest version of a law or regulation, and its date.

    Read from the history under the title, before the first 第一章/第一条; an approval (批准) by
    the province does not make it the issuer of a city's regulation.

    >>> adoption(["（２０２０年５月２８日第十三届全国人民代表大会第三次会议通过）", "第一编 总则"])
    Enactment(issuers=('全国人民代表大会',), date=datetime.date(2020, 5, 28), number=None)
    >>> adoption(["2017年12月1日 河南省第十二届人民代表大会常务委员会第三十二次会议通过", "## 第一章 总则"]).issuers
    ('河南省人民代表大会常务委员会',)
    """
    head: list[str] = []
    for line in lines[:60]:
        if _BODY_START.match(line.strip()):
            break
        head.append(_squash(line))
    events = [
        (parse_date(m.group("date")), m.group("region") + m.group("congress") + (m.group("standing") or ""))
        for m in _ADOPTION.finditer("".join(head))
        if m.group("verb") != "批准"
    ]
    dated = [(d, body) for d, body in events if d is not None]
    if not dated:
        return Enactment()
    when, body = max(dated, key=lambda e: e[0])
    return Enactment((body,), when)
