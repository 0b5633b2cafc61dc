"""Written dates, a document's own validity statement and the period a plan covers.

Validity is read from the closing clause a policy or a law writes about itself (本政策执行期至
2027年底; 本办法自2024年1月1日起施行，有效期5年; 本法自2021年1月1日起施行), never from a
validity mentioned in the body (证书有效期3年).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

_CN_DIGIT = dict(zip("〇○零一二三四五六七八九", (0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
# 本政策 / 本办法 / 本操作办法 / 本实施细则 / 本法 / 本文件 …; 本市 / 本省 name a place, not the document
_DOC_WORD = (
    r"本(?![市省区县镇])[\u4e00-\u9fff]{0,4}?(?:政策|办法|措施|方案|细则|规定|通知|条例|意见|指引|规则|计划|决定"
    r"|指南|文件|规划|法)"
)
_UNTIL = re.compile(
    r"(?:有效期|执行期|实施期|施行期)(?:限)?(?:为|自[^，。；]{2,24}?)?(?:至|到|截至|截止(?:到|至)?)"
    r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|底|末)"
    r"|(?:执行|实施|施行)(?:至|到)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|底|末)"
)
_FROM_DATE = re.compile(r"[自从](?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:起(?:施行|实施|执行|生效|计算)|起算)")
_FROM_ISSUE = re.compile(r"自(?:印发|发布|公布)之日起(?:(\d{1,3})日后)?(?:施行|实施|执行|生效)")
_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇\d]+条|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])"
)
_YEARS = re.compile(r"有效期(?:为)?([一二三四五六七八九十\d]{1,2})年")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[-—–－~～至到]\s*((?:19|20)\d{2})\s*年?")
_FIVE_YEAR = re.compile(r"“?十([一二三四五六七八九]?)五”?")


@dataclass(frozen=True)
class Validity:
    valid_from: date | None = None
    valid_until: date | None = None
    text: str | None = None


def cn_number(s: str) -> int:
    """Small Chinese numerals: 十一 -> 11, 二十 -> 20, 五 -> 5; Arabic digits pass through.

    >>> cn_number("十一"), cn_number("二十"), cn_number("5")
    (11, 20, 5)
    """
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(s, 0)


def parse_date(s: str) -> date | None:
    """A written date as a date (full-width digits too).

    >>> parse_date("2025年12月18日"), parse_date("二〇二一年十一月十五日"), parse_date("（2021年11月2日）")
    (datetime.date(2025, 12, 18), datetime.date(2021, 11, 15), datetime.date(2021, 11, 2))
    >>> parse_date("2022-11-24"), parse_date("（２０２０年５月２８日）")
    (datetime.date(2022, 11, 24), datetime.date(2020, 5, 28))
    """
    s = re.sub(r"\s", "", unicodedata.normalize("NFKC", s or ""))
    m = re.search(r"(\d{4})(?:年|-)(\d{1,2})(?:月|-)(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.search(
            r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日",
            s,
        )
        if not m:
            return None
        y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        mo, d = cn_number(m.group(2)), cn_number(m.group(3))
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _end_of(year: str, month: str | None, day: str | None) -> date | None:
    y = int(year)
    try:
        if month and day:
            return date(y, int(month), int(day))
        if month:
            nxt = date(y + int(month) // 12, int(month) % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(y, 12, 31)
    except ValueError:
        return None


def _start(sentence: str, doc_date: date | None) -> date | None:
    """When the sentence says the document takes effect: a stated date first, else its issue date.

    A date without its year (自12月1日起施行) is in the year the document is dated.
    """
    m = _FROM_DATE.search(sentence)
    if m:
        year = int(m.group(1)) if m.group(1) else (doc_date.year if doc_date else None)
        if year is None:
            return None
        try:
            return date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _FROM_ISSUE.search(sentence)
    if m and doc_date:
        return doc_date + timedelta(days=int(m.group(1) or 0))
    return None


def find_validity(lines: list[str], doc_date: date | None, title: str | None = None) -> Validity:
    """The document's own validity statement (本政策执行期至2027年底; 有效期至2023年12月31日).

    Only a sentence about the document itself counts (本政策/本办法/本法…, the document's own
    title in 《》 as in a decree's "《XX办法》…现予公布，自公布之日起施行", or a validity clause
    standing at the start of its sentence), so "证书有效期3年" in the body is not its validity.

    >>> find_validity(["本政策执行期至2027年底，具体措施明确执行期限的，从其规定。"], None)
    Validity(valid_from=None, valid_until=datetime.date(2027, 12, 31), text='本政策执行期至2027年底')
    >>> v = find_validity(["本办法自2024年1月1日起施行，有效期5年。"], None)
    >>> v.valid_from, v.valid_until
    (datetime.date(2024, 1, 1), datetime.date(2028, 12, 31))
    >>> find_validity(["第一千二百六十条 本法自２０２１年１月１日起施行。"], None).valid_from
    datetime.date(2021, 1, 1)
    """
    own_title = "《" + re.sub(r"\s", "", title) + "》" if title else None
    for line in reversed(lines):
        flat = re.sub(r"\s", "", unicodedata.normalize("NFKC", line))
        for sentence in re.split(r"(?<=[。；;])", flat):
            about_doc = (
                re.search(_DOC_WORD, sentence)
                or (own_title and own_title in sentence)
                or re.match(r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])?(?:有效期|自)", sentence)
            )
            if not about_doc:
                continue
            until_m, years_m = _UNTIL.search(sentence), _YEARS.search(sentence)
            from_m = _FROM_DATE.search(sentence) or _FROM_ISSUE.search(sentence)
            if not (until_m or from_m or years_m):
                continue
            start = _start(sentence, doc_date)
            until = None
            if until_m:
                g = until_m.groups()
                until = _end_of(*g[:3]) if g[0] else _end_of(*g[3:])
            elif years_m and start:
                n = cn_number(years_m.group(1))
                until = date.fromordinal(date(start.year + n, start.month, start.day).toordinal() - 1)
            clauses = [_MARKER.sub("", c) for c in re.split(r"[，,。；;]", sentence) if c]
            wanted = r"有效期|执行期|至\d{4}年" if until else r"起施行|起实施|起执行|起生效|起算|有效期"
            hit = next((c for c in clauses if re.search(wanted, c)), sentence)
            return Validity(start, until, hit)
    return Validity()


def plan_period(title: str) -> tuple[int, int] | None:
    """The years a plan covers, from its title: 十四五 -> (2021, 2025); （2021-2023） -> (2021, 2023).

    >>> plan_period("北京市“十四五”时期制造业绿色低碳发展行动方案"), plan_period("行动计划（2021—2025年）")
    ((2021, 2025), (2021, 2025))
    """
    m = _PERIOD.search(title)
    if m and int(m.group(1)) < int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    m = _FIVE_YEAR.search(title)
    if m and m.group(1):
        n = 10 + _CN_DIGIT[m.group(1)]  # the n-th five-year plan; the 6th began in 1981
        return 1981 + 5 * (n - 6), 1985 + 5 * (n - 6)
    return None
