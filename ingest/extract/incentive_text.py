"""How a subsidy clause is laid out: sentences, phrases, graded conditions, lists, references.

Helpers of ``ingest.extract.incentives`` that read the shape of the text, not its figures.
"""

from __future__ import annotations

import re

from ingest.extract.incentive_items import Item
from ingest.models import Condition

REFERENCE = re.compile(
    r"(?:参照|比照|依照|按照)(?P<ref>[^，,；;。]{2,40}?)(?:的)?(?:标准|规定|执行|给予)|(?P<same>[^，,；;。给予]{0,8}同(?:比例|标准))"
)


def split_at(text: str, start: int, end: int, marks: str) -> list[tuple[int, int]]:
    """Spans of text[start:end] cut after each mark outside brackets."""
    out, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”" and depth:
            depth -= 1
        elif ch in marks and depth == 0:
            out.append((begin, i))
            begin = i + 1
    out.append((begin, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def money_bounds(conditions: list[Condition]) -> tuple[float | None, float | None, list[Condition]]:
    """(min, max) of money conditions (a tier's range) and the other conditions."""
    low = high = None
    rest = []
    for c in conditions:
        if c.unit == "元" and c.comparator in (">=", ">"):
            low = c.value
        elif c.unit == "元" and c.comparator in ("<=", "<"):
            high = c.value
        else:
            rest.append(c)
    return low, high, rest


def sentences(text: str, heading: str | None) -> list[tuple[int, int]]:
    """Sentence spans; a heading run into its body ("二、…项目激励对…项目，按照…") ends a sentence."""
    cut = text.find(heading) + len(heading) if heading and 0 <= text.find(heading) <= 8 else 0
    head = split_at(text, 0, cut, "。；;！？!?") if cut else []
    return head + split_at(text, cut, len(text), "。；;！？!?")


def names_rule(reference: str) -> bool:
    """Whether a reference names a rule one can follow (a 标准, a clause, a kind of project), not
    merely "the rules" (按照有关规定, 按照国家和本省规定, 按照一定比例)."""
    if re.search(r"\d", reference):
        return False
    return bool(
        re.search(
            r"标准|第[^，,；。]{1,6}[条款]|[一二三四五六七八九十]+（[一二三四五六七八九十]+）|项目|同比例",
            reference,
        )
    )


def enumerated(subject: list[str], paying: list[Item]) -> list[str] | None:
    """The listed subjects that 分别 pairs with the figures, when their counts agree."""
    if len(paying) < 2 or not subject or len({i.kind for i in paying}) != 1:
        return None
    last = subject[-1].rstrip("的")
    parts = [p for p in re.split(r"、(?![^（(]*[）)])", last) if p]
    return parts if len(parts) == len(paying) else None


def lead_phrase(text: str) -> str:
    """A short opening sentence that only names a thing ("2、光伏电站。"), else ''."""
    m = re.match(
        r"^(?:\d+[、.．]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)?([^，,；;。\d]{2,12})。",
        text,
    )
    return m.group(1) if m else ""


def phrase_end(text: str, end: int) -> int:
    """Where the phrase holding offset ``end - 1`` ends (after its comma or full stop)."""
    m = re.compile(r"[，,。；;]").search(text, max(0, end - 1))
    return m.end() if m else len(text)
