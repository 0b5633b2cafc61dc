"""Cross references between subsidy rules of one document (参照第六条执行, 标准见二（一）).

A clause is extracted on its own, so a rule that only cites another ("参照第六条标准给予奖励")
comes out with its ``reference`` text and no figures. Once every clause of a document has been
read, :func:`resolve_references` copies the figures of the rule the reference names by its
clause number. A reference by kind of project ("按照绿色低碳改造项目给予资金奖励") names no clause:
it is kept as text, for the reader (and the eligibility answer) to follow.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from ingest.models import Incentive

_NUMERAL = "一二三四五六七八九十百零〇"
CLAUSE_REFERENCE = re.compile(
    rf"第[{_NUMERAL}\d]+条(?:第[{_NUMERAL}\d]+款)?(?:第[{_NUMERAL}\d]+项)?"
    rf"|[{_NUMERAL}]+、?[（(][{_NUMERAL}]+[）)](?:\d+[.、]?)?"
)
_FIGURES = (
    "unit_rate",
    "ratio_cap",
    "ratio_basis",
    "raised_ratio",
    "raised_for",
    "cap_yuan",
    "cap_scope",
    "floor_yuan",
    "fixed_yuan",
    "tiers",
    "tiers_inclusive",
    "interest_rate",
    "rate_reduction_bp",
)


def has_figures(incentive: Incentive) -> bool:
    """Whether a rule states any amount, ratio, rate or tier of its own."""
    return bool(incentive.tiers) or any(
        getattr(incentive, f) is not None
        for f in (
            "unit_rate",
            "ratio_cap",
            "cap_yuan",
            "floor_yuan",
            "fixed_yuan",
            "interest_rate",
            "rate_reduction_bp",
        )
    )


def reference_path(reference: str) -> list[str]:
    """The clause numbering a reference names, as path parts ('' parts dropped).

    >>> reference_path("参照第六条第二款执行"), reference_path("标准见二（一）")
    (['第六条', '第二款'], ['二', '（一）'])
    """
    m = CLAUSE_REFERENCE.search(reference)
    if not m:
        return []
    text = m.group(0).replace("(", "（").replace(")", "）")
    return [p for p in re.split(r"(?<=[条款项])|、|(?=（)|(?<=）)", text) if p]


def _norm(part: str) -> str:
    return re.sub(r"[、.．\s]", "", part).replace("(", "（").replace(")", "）")


def _key_has(key: str, path: list[str]) -> bool:
    parts = [_norm(p) for p in re.split(r"/", key)]
    want = [_norm(p) for p in path]
    return any(parts[i : i + len(want)] == want for i in range(len(parts) - len(want) + 1))


def resolve_references(incentives: Sequence[Incentive]) -> list[Incentive]:
    """The rules of one document, those that only cite a clause given the figures of the rule there.

    ``Incentive.clause`` must hold clause keys (numbering paths such as "第六条/（四）" or
    "二/（一）"). The citing rule keeps its own beneficiary, project, conditions and
    ``reference``; a rule that already states figures is left alone.

    >>> from ingest.models import Provenance
    >>> p = Provenance("policy_incentives", "1.0", (0, 1))
    >>> base = Incentive("第六条", "", "光伏", "…", p, ratio_cap=0.2, cap_yuan=1e6)
    >>> cite = Incentive("第九条", "", "储能", "…", p, reference="参照第六条标准执行")
    >>> [(i.ratio_cap, i.cap_yuan) for i in resolve_references([base, cite])]
    [(0.2, 1000000.0), (0.2, 1000000.0)]
    """
    out = list(incentives)
    for k, inc in enumerate(out):
        if not inc.reference or has_figures(inc):
            continue
        path = reference_path(inc.reference)
        if not path:
            continue
        source = next(
            (o for o in out if o is not inc and o.clause and has_figures(o) and _key_has(o.clause, path)),
            None,
        )
        if source is None:
            continue
        resolved = copy.copy(inc)
        for name in _FIGURES:
            setattr(resolved, name, copy.deepcopy(getattr(source, name)))
        out[k] = resolved
    return out
