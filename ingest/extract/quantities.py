"""Numbers and units in Chinese policy text: 12万元, 一千二百家, 1.5亿千瓦时, 百分之二十, 100万—200万元.

Pure functions shared by the target and incentive extractors (no spaCy). Units, multiplier words
(万/亿 …) and the units allowed after a slash in a rate (1200元/吨标准煤) live in
``data/units.json``. Every quantity carries its value as written (12, "万元") and its value in a
base unit (120000, "元"), so figures written in different scales compare directly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cn2an

UNITS_FILE = Path(__file__).parent / "data" / "units.json"

# Full-width digits and marks map one-to-one onto ASCII, so offsets do not move.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％～－", "0123456789.%~-")
_CN_DIGITS = "〇零一二两三四五六七八九"
# A Chinese numeral starts with a digit or 十 (a bare 万/千/百 is a word: 万家灯火, 千家万户).
_CN_NUMERAL = f"[{_CN_DIGITS}十][{_CN_DIGITS}十百千万亿]*"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RANGE_SEPARATORS = ("—", "——", "–", "-", "~", "〜", "至")
# Units after a one-character Chinese numeral that usually make a word, not a figure: 二元结构, 三元催化.
_WORDLIKE_AFTER_SINGLE_CN = {"元"}

_BEFORE = (  # comparator words written before a figure, longest first when matched
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("≥", ">="),
    ("≧", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不大于", "<="),
    ("不多于", "<="),
    ("最高", "<="),
    ("最多", "<="),
    ("≤", "<="),
    ("≦", "<="),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("多于", ">"),
    (">", ">"),
    ("＞", ">"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("<", "<"),
    ("＜", "<"),
    ("大约", "~"),
    ("约占", "~"),
    ("约为", "~"),
    ("约", "~"),
    ("近", "~"),
)
_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("左右", "~"))


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, at [start, end) of the text it was found in.

    ``value``/``unit`` are as written (12, "万元"); ``base_value``/``base_unit`` normalised
    (120000, "元"). A range (100万—200万元) has ``low``/``base_low`` set and its upper bound in
    ``value``. ``more`` marks "100余家"/"100多家" (more than the number).
    """

    start: int
    end: int
    value: float
    unit: str
    base_value: float
    base_unit: str
    low: float | None = None
    base_low: float | None = None
    more: bool = False


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, float], dict[str, tuple[str, float]], list[str]]:
    try:
        data = json.loads(UNITS_FILE.read_text(encoding="utf-8"))
        scales = {k: float(v) for k, v in data["scales"].items()}
        units = {k: (str(v[0]), float(v[1])) for k, v in data["units"].items()}
        per = [str(p) for p in data["per_units"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{UNITS_FILE}: bad units file: {exc}") from exc
    return scales, units, per


def _alternation(words: list[str] | dict) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    scales, units, per = _units()
    unit, scale = _alternation(units), _alternation(scales)
    return re.compile(
        rf"(?:(?<![\d.A-Za-z第])(?P<ar>{_ARABIC})(?:(?P<unit>{unit})|(?P<scale>{scale})(?P<more1>余|多)?(?P<sunit>{unit})?|(?P<more2>余|多)(?P<munit>{unit}))?"
        rf"|百分之(?P<pct>{_ARABIC}|{_CN_NUMERAL})"
        rf"|(?<![第{_CN_DIGITS}十百千万])(?P<cn>{_CN_NUMERAL})(?P<cnunit>{unit}))"
        rf"(?:/(?P<per>{_alternation(per)}))?"
    )


def parse_number(s: str) -> float:
    """The value of a number written in Arabic or Chinese numerals (commas, 万/亿 allowed).

    ``百分之二十`` gives 20 (the number of percent).

    >>> parse_number("3,000"), parse_number("1.5亿"), parse_number("12万")
    (3000.0, 150000000.0, 120000.0)
    >>> parse_number("一千二百"), parse_number("两万"), parse_number("百分之二十")
    (1200.0, 20000.0, 20.0)
    >>> parse_number("十四")
    14.0
    """
    text = s.strip().translate(_FULLWIDTH).replace(",", "")
    if text.startswith("百分之"):
        text = text[3:]
    scales = _units()[0]
    hit = re.fullmatch(rf"(\d+(?:\.\d+)?)({_alternation(scales)})?", text)
    if hit:
        return float(hit[1]) * scales.get(hit[2] or "", 1.0)
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a number: {s!r}") from exc


def _build(m: re.Match[str]) -> Quantity | None:
    scales, units, _ = _units()
    more = bool(m["more1"] or m["more2"])
    if m["pct"] is not None:
        value, scale_word, unit_word = parse_number(m["pct"]), "", "%"
    elif m["cn"] is not None:
        if len(m["cn"]) == 1 and (m["cn"] == "一" or m["cnunit"] in _WORDLIKE_AFTER_SINGLE_CN):
            return None  # 一种/一项 … are articles, not figures
        value, scale_word, unit_word = parse_number(m["cn"]), "", m["cnunit"]
    else:
        value, scale_word = parse_number(m["ar"]), m["scale"] or ""
        unit_word = m["unit"] or m["sunit"] or m["munit"] or ""
    written = scale_word + unit_word
    base_unit, factor = units.get(unit_word, ("", 1.0))
    base_value = value * scales.get(scale_word, 1.0) * factor
    if m["per"]:
        per_base, per_factor = units.get(m["per"], (m["per"], 1.0))
        written = f"{written}/{m['per']}"
        base_unit, base_value = f"{base_unit}/{per_base}", base_value / per_factor
    return Quantity(m.start(), m.end(), value, written, round(base_value, 9), base_unit, more=more)


def _merge_range(text: str, low: Quantity, high: Quantity) -> Quantity | None:
    """100万—200万元, 100—200万元, 5%-10% -> one quantity from low to high (None: no range)."""
    if text[low.end : high.start] not in _RANGE_SEPARATORS or not high.unit:
        return None
    if low.base_unit and low.base_unit != high.base_unit:
        return None
    if low.base_unit:
        base_low = low.base_value
    elif low.unit:  # 100万—200万元: the low bound has the scale, the unit comes from the high one
        base_low = low.base_value * _unit_factor(high)
    else:  # 100—200万元: the low bound takes the high bound's whole unit
        base_low = low.value * high.base_value / high.value if high.value else 0.0
    return Quantity(
        low.start,
        high.end,
        high.value,
        high.unit,
        high.base_value,
        high.base_unit,
        low=low.value,
        base_low=round(base_low, 9),
        more=high.more,
    )


def _scale_of(unit: str) -> float:
    """The multiplier word a written unit starts with (万元 -> 1e4, 万 -> 1e4, 千瓦 -> 1)."""
    scales, units, _ = _units()
    for word in sorted(scales, key=len, reverse=True):
        rest = unit[len(word) :].split("/")[0]
        if unit.startswith(word) and (rest == "" or rest in units):
            return scales[word]
    return 1.0


def _unit_factor(q: Quantity) -> float:
    """Base units per one unit of the quantity, without its scale word (元 for 万元 -> 1)."""
    scale = _scale_of(q.unit)
    return q.base_value / (q.value * scale) if q.value else 1.0


def unit_of(word: str) -> tuple[str, float] | None:
    """(base unit, factor) of a written unit, with its multiplier word; None if no unit.

    >>> unit_of("万吨标准煤"), unit_of("%"), unit_of("年")
    (('吨标准煤', 10000.0), ('%', 1.0), None)
    """
    scales, units, _ = _units()
    if word in units:
        return units[word]
    for scale in sorted(scales, key=len, reverse=True):
        if word.startswith(scale) and word[len(scale) :] in units:
            base, factor = units[word[len(scale) :]]
            return base, factor * scales[scale]
    return None


def find_quantities(text: str, include_bare: bool = False) -> list[Quantity]:
    """Every figure with a unit in ``text``, ranges merged, in text order.

    Bare numbers (no unit, no 万/亿) are left out unless ``include_bare``: they are mostly years,
    article numbers and dates.

    >>> [(q.value, q.unit, q.base_value, q.base_unit) for q in find_quantities("节能量30吨标准煤，奖励12万元")]
    [(30.0, '吨标准煤', 30.0, '吨标准煤'), (12.0, '万元', 120000.0, '元')]
    >>> q = find_quantities("投资额100万—200万元的")[0]
    >>> (q.low, q.value, q.unit, q.base_low, q.base_value)
    (100.0, 200.0, '万元', 1000000.0, 2000000.0)
    >>> [(q.base_low, q.base_value) for q in find_quantities("100万–200万（含）")]
    [(1000000.0, 2000000.0)]
    >>> [(q.value, q.unit) for q in find_quantities("新增装机一千二百万千瓦，占比百分之二十")]
    [(12000000.0, '千瓦'), (20.0, '%')]
    >>> [(q.base_value, q.base_unit) for q in find_quantities("按1200元/吨标煤奖励")]
    [(1200.0, '元/吨标准煤')]
    >>> find_quantities("到2025年，一种新模式")
    []
    """
    normal = text.translate(_FULLWIDTH)
    found: list[Quantity] = []
    for m in _pattern().finditer(normal):
        q = _build(m)
        if q is None:
            continue
        if found:
            merged = _merge_range(normal, found[-1], q)
            if merged is not None:
                found[-1] = merged
                continue
        found.append(q)
    return [q for q in found if include_bare or q.unit]


def comparator_around(text: str, q: Quantity) -> tuple[str, int, int]:
    """The comparator a figure is stated with, and the span of figure plus comparator words.

    ">=" for 不低于/≥/以上, "<=" for 不超过/≤/以内/以下, ">" for 超过/余/多, "~" for 约/左右,
    "=" otherwise (达到 states the value itself).

    >>> t = "水泥产能压减30%以上，控制在5万吨以内，约20%，不超过3000万元"
    >>> [comparator_around(t, q)[0] for q in find_quantities(t)]
    ['>=', '<=', '~', '<=']
    """
    start, end = q.start, q.end
    before = after = None
    for word, comp in sorted(_BEFORE, key=lambda w: -len(w[0])):
        if text.startswith(word, max(0, q.start - len(word))) and q.start >= len(word):
            before, start = comp, q.start - len(word)
            break
    for word, comp in _AFTER:
        if text.startswith(word, q.end):
            after, end = comp, q.end + len(word)
            break
    if before and before != "~":
        return before, start, end
    if after:
        return after, start, end
    if before == "~":
        return "~", start, end
    return (">" if q.more else "="), start, end
