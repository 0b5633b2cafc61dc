"""Document metadata: title, issuers, 文号, date, region and level, validity, plan period.

Read from where Chinese policy documents state them: the title line (发文机关 + 关于 + 事由 + 文种),
the 文号 line under it, the signature block (落款: issuing bodies, then the date), the closing
clause on validity (本政策执行期至2027年底), and for scraped pages their metadata fields. Nothing
is guessed: a field the text does not state stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.extract.regions import Region, find_regions, lookup

_AGENCY_END = (
    "委员会", "办公厅", "办公室", "管委会", "管理委员会", "人民政府", "政府", "中央", "国务院", "银行",
    "局", "委", "厅", "部", "院", "会", "署", "办", "行", "中心", "集团",
)  # fmt: skip
_NATIONAL_ISSUER = re.compile(
    r"^(?:中共中央|国务院|全国人民代表大会|全国人大|中央|国家|中国人民银行|人民银行|最高人民|"
    r"[^省市区县州盟]{1,12}(?:部|总局|总署|委员会|监管局|银保监会|证监会|发展改革委))"
)
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}\s*[〔\[［【（(]\s*(?:19|20)\d{2}\s*[〕\]］】）)]\s*第?\s*\d{1,5}\s*号"
)
_DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}"
    r"|[二〇○零一三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
_DATE_LINE = re.compile(rf"^[（(]?\s*{_DATE}\s*[）)]?$")
_FIELD = re.compile(
    r"^[\[［【]?\s*(标题|文号|发文字号|发布单位|发文机关|发文机构|发布日期|成文日期)\s*[\]］】:：]\s*(.*)$"
)
_TITLE_END = re.compile(
    r"(?:意见|方案|计划|规划|办法|通知|细则|决定|条例|纲要|措施|指引|规定|指南|决议|公告|通告|批复|通报|要点|规则"
    r"|解读|法)(?:\s*[（(][^（）()]{1,20}[）)])*$"
)
_SITE_SUFFIX = re.compile(
    r"^(.{6,}?(?:意见|方案|计划|规划|办法|通知|细则|决定|条例|措施|指引|规定|公告|通告))\s*[_|｜-].*$"
)
# national 文号 prefixes that begin with a character also used as a province abbreviation
_NATIONAL_NUMBER_PREFIX = tuple("国 中发 工信 发改 财 环 商 科 教 人社 住建 交 农 水 银".split())


@dataclass
class Metadata:
    """What a document says about itself; None / [] where the text does not say it."""

    title: str | None = None
    issuers: list[str] | None = None
    doc_number: str | None = None
    date: date | None = None
    region: str | None = None
    level: str | None = None
    city: str | None = None  # for a district document, the city it lies in
    valid_from: date | None = None
    valid_until: date | None = None
    validity_text: str | None = None
    plan_period: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.issuers is None:
            self.issuers = []


def clean_title(raw: str) -> str:
    """A title without markdown marks, a space kept only where it separates two issuing bodies.

    >>> clean_title("# 北京市促进制造业和信息软件业 绿色低碳发展的若干措施")
    '北京市促进制造业和信息软件业绿色低碳发展的若干措施'
    >>> clean_title("北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知")
    '北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知'
    >>> clean_title("**中共中央  国务院关于深入打好污染防治攻坚战的意见**")
    '中共中央 国务院关于深入打好污染防治攻坚战的意见'
    """
    text = re.sub(r"^\s*#{1,6}\s+|\*\*|__|<[^>\n]{1,200}>", "", raw).replace("\ufeff", "").strip()
    tokens = text.split()
    if not tokens:
        return ""
    out = tokens[0]
    for tok in tokens[1:]:
        keep = _is_agency(out.split(" ")[-1]) or (out[-1].isascii() and tok[0].isascii())
        out += (" " if keep else "") + tok
    return out


def _is_agency(name: str) -> bool:
    return 2 <= len(name) <= 30 and name.endswith(_AGENCY_END) and not re.search(r"[，。；：、,;:《》]", name)


def split_agencies(text: str) -> list[str]:
    """Issuing bodies written one after another, with or without spaces.

    >>> split_agencies("工业和信息化部 人民银行 银保监会 证监会")
    ['工业和信息化部', '人民银行', '银保监会', '证监会']
    >>> split_agencies("黄浦区发展和改革委员会黄浦区建设和管理委员会")
    ['黄浦区发展和改革委员会', '黄浦区建设和管理委员会']
    """
    out: list[str] = []
    for token in text.split():
        cuts = [0]
        for start, end, region in find_regions(token):
            # a new body begins with a full region name (黄浦区…); 国家金融监督管理总局重庆监管局 is one body
            if start > cuts[-1] and token[start:end] == region.name and token[:start].endswith(_AGENCY_END):
                cuts.append(start)
        cuts.append(len(token))
        out.extend(token[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if token[a:b])
    return out


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


def find_title(text: str, span: tuple[int, int]) -> tuple[str | None, tuple[int, int] | None]:
    """The title of the document in ``text[span]`` and its char range (None when not found)."""
    lines = _lines(text, span)
    offsets, pos = [], span[0]
    for raw in text[span[0] : span[1]].splitlines(keepends=True):
        offsets.append(pos)
        pos += len(raw)
    best, best_score = None, 0
    for i, line in enumerate(lines[:200]):
        cand = _SITE_SUFFIX.sub(r"\1", line)
        if i > 0 and cand.count("》") > cand.count("《") and lines[i - 1]:
            cand = lines[i - 1] + cand  # a title wrapped over two lines
        if (
            not _TITLE_END.search(cand)
            or len(cand) > 90
            or re.match(r"^[《“]|^[一二三四五六七八九十]+、|^第", cand)
        ):
            continue
        score = 2 if text[offsets[i] :].lstrip().startswith("#") else 0
        nxt = [x for x in lines[i + 1 : i + 5] if x]
        if nxt and (
            _DOC_NUMBER.fullmatch(nxt[0]) or _DATE_LINE.match(nxt[0]) or re.search(r"[：:]$", nxt[0])
        ):
            score += 3
        score += ("关于" in cand) + (i < 5) * 2
        if score > best_score:
            best, best_score = (cand, i), score
    if best is None:
        fields = _front_matter(lines)
        return (fields.get("标题"), None) if fields.get("标题") else (None, None)
    title, i = best
    raw = text[offsets[i] : offsets[i] + len(text[offsets[i] :].split("\n", 1)[0])]
    lead = len(raw) - len(raw.lstrip(" \t#*\ufeff"))
    return title, (offsets[i] + lead, offsets[i] + len(raw.rstrip(" \t*\r")))


def _signature(lines: list[str]) -> tuple[list[str], date | None]:
    """Issuers and date of the signature block: agency lines right above a date line."""
    for i, line in enumerate(lines):
        if not _DATE_LINE.match(line) or line.startswith(("（", "(")):
            continue
        names: list[str] = []
        for prev in reversed(lines[max(0, i - 40) : i]):
            if not prev:
                continue
            parts = split_agencies(prev)
            if not parts or not all(_is_agency(p) for p in parts):
                break
            names[:0] = parts
        if names:
            return names, parse_date(line)
    return [], None


def _head_date(lines: list[str], title: str | None) -> date | None:
    """A date standing alone under the title: "（2021年11月2日）"."""
    seen_title = title is None
    count = 0
    for line in lines:
        if not line:
            continue
        if not seen_title:
            seen_title = re.sub(r"\s", "", line) in re.sub(r"\s", "", title or "") or line in (title or "")
            continue
        count += 1
        if _DATE_LINE.match(line):
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
        found = [r for _s, _e, r in find_regions(title) if r.level != "national"]
        if found:
            return found[0]
        prefix = title.split("关于", 1)[0] if "关于" in title else ""
        if prefix and _NATIONAL_ISSUER.match(prefix.strip()):
            return lookup("全国")
        if title.startswith("中华人民共和国") or "全国" in title:
            return lookup("全国")
    if doc_number and not doc_number.startswith(_NATIONAL_NUMBER_PREFIX):
        for r in _provinces_by_abbr():
            if doc_number.startswith(r.abbr or "\0"):
                return r
    if re.search(r"各省、自治区、直辖市|党中央、国务院", head):
        return lookup("全国")
    return None


def _provinces_by_abbr() -> list[Region]:
    names = "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    names += "四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆"
    return [r for r in map(lookup, names.split()) if r is not None]


def document_metadata(
    text: str, span: tuple[int, int], title: str | None = None, kind: str = "policy"
) -> Metadata:
    """Metadata of the document standing at ``text[span]``.

    Args:
        text: the whole source text.
        span: where the document stands in it (a compilation's part, or the whole file).
        title: the title when the caller knows it (``ingest.split.Part.title``); else found here.
        kind: policy | article | news | other; only a policy has a level (articles and news: None).
    """
    lines = _lines(text, span)
    fields = _front_matter(lines)
    if title is None:
        title = find_title(text, span)[0] or fields.get("标题")
    title = clean_title(title) if title else None
    issuers: list[str] = []
    if title and "关于" in title:
        prefix = title.split("关于", 1)[0].strip()
        if prefix and all(_is_agency(p) for p in split_agencies(prefix)):
            issuers = split_agencies(prefix)
    signed_by, signed_on = _signature(lines)
    if not issuers:
        issuers = signed_by or split_agencies(fields.get("发布单位", "") or fields.get("发文机关", ""))
    when = (
        signed_on
        or _head_date(lines, title)
        or parse_date(fields.get("成文日期") or fields.get("发布日期") or "")
    )
    number = _doc_number(lines, fields)
    head = "".join(lines[:40])
    region = _region_of(issuers, title, number, head)
    validity = find_validity(lines, when)
    return Metadata(
        title=title,
        issuers=issuers,
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


# --- dates, validity and plan periods -------------------------------------------------------

_CN_DIGIT = dict(zip("〇○零一二三四五六七八九", (0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_DOC_WORD = (
    r"本(?:政策|办法|措施|方案|细则|规定|通知|条例|意见|指引|规则|计划|决定|指南|实施细则|若干措施|政策措施)"
)
_UNTIL = re.compile(
    r"(?:有效期|执行期|实施期|施行期)(?:限)?(?:为|自[^，。；]{2,24}?)?(?:至|到)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|底|末)"
    r"|(?:执行|实施|施行)(?:至|到)(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|底|末)"
)
_FROM = re.compile(
    r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|执行|生效)|自(?:印发|发布|公布)之日起(?:施行|实施|执行|生效)"
)
_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+条|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])"
)
_YEARS = re.compile(r"有效期(?:为)?([一二三四五六七八九十\d]{1,2})年")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[-—–－~～至到]\s*((?:19|20)\d{2})\s*年?")
_FIVE_YEAR = re.compile(r"“?十([一二三四五六七八九]?)五”?")


@dataclass(frozen=True)
class Validity:
    valid_from: date | None = None
    valid_until: date | None = None
    text: str | None = None


def _cn_number(s: str) -> int:
    """Small Chinese numerals: 十一 -> 11, 二十 -> 20, 五 -> 5; Arabic digits pass through."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(s, 0)


def parse_date(s: str) -> date | None:
    """A written date as a date.

    >>> parse_date("2025年12月18日"), parse_date("二〇二一年十一月十五日"), parse_date("（2021年11月2日）")
    (datetime.date(2025, 12, 18), datetime.date(2021, 11, 15), datetime.date(2021, 11, 2))
    >>> parse_date("2022-11-24")
    datetime.date(2022, 11, 24)
    """
    s = re.sub(r"\s", "", s or "")
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
        mo, d = _cn_number(m.group(2)), _cn_number(m.group(3))
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


def find_validity(lines: list[str], doc_date: date | None) -> Validity:
    """The document's own validity statement (本政策执行期至2027年底; 有效期至2023年12月31日).

    Only a sentence about the document itself counts (本政策/本办法… or a validity clause
    standing at the start of its sentence), so "证书有效期3年" in the body is not its validity.

    >>> find_validity(["本政策执行期至2027年底，具体措施明确执行期限的，从其规定。"], None)
    Validity(valid_from=None, valid_until=datetime.date(2027, 12, 31), text='本政策执行期至2027年底')
    >>> v = find_validity(["本办法自2024年1月1日起施行，有效期5年。"], None)
    >>> v.valid_from, v.valid_until
    (datetime.date(2024, 1, 1), datetime.date(2028, 12, 31))
    """
    for line in reversed(lines):
        flat = re.sub(r"\s", "", line)
        for sentence in re.split(r"(?<=[。；;])", flat):
            about_doc = re.search(_DOC_WORD, sentence) or re.match(
                r"^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])?(?:有效期|自)", sentence
            )
            if not about_doc:
                continue
            until_m, from_m, years_m = (
                _UNTIL.search(sentence),
                _FROM.search(sentence),
                _YEARS.search(sentence),
            )
            if not (until_m or from_m or years_m):
                continue
            start = None
            if from_m:
                start = date(*map(int, from_m.group(1, 2, 3))) if from_m.group(1) else doc_date
            until = None
            if until_m:
                g = until_m.groups()
                until = _end_of(*g[:3]) if g[0] else _end_of(*g[3:])
            elif years_m and start:
                n = _cn_number(years_m.group(1))
                until = date.fromordinal(date(start.year + n, start.month, start.day).toordinal() - 1)
            clauses = [_MARKER.sub("", c) for c in re.split(r"[，,。；;]", sentence) if c]
            wanted = r"有效期|执行期|至\d{4}年" if until else r"起施行|起实施|起执行|起生效|有效期"
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
