"""The amount one incentive rule gives one applicant, with its calculation written out.

The rule model (ingest.models.Incentive): a fixed reward, a unit rate × a basis (1200元/吨标准煤 ×
tce saved), an interest subsidy (贴息率 × loan), tiers by a basis, or a ratio of a basis. The
amount is what the rule *gives* (fixed, rate, interest, tier), bounded by the ratio cap
(不超过项目总投资的25%) and the cap (单个项目最高3000万元), and raised to the floor (不足10万元的给予
10万元). When the rule gives nothing but a ratio, the ratio is the amount. "min(1200元/吨标准煤 ×
500吨标准煤 = 60万元, 25% × 800万元 = 200万元, 3000万元) = 60万元".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.extract.quantities import unit_of
from ingest.models import Incentive

from .eligibility_lexicon import bigram_overlap, lexicon, role_of
from .question import Amount, Profile

# per-units a rate may name that the quantities table has no entry for: 元/瓦 of a capacity in 千瓦
_PER_UNITS = {"瓦": ("千瓦", 0.001), "W": ("千瓦", 0.001)}
_ROLE_NAMES = {"investment": "项目投资额", "fixed_asset_investment": "固定资产投资", "loan": "贷款金额",
               "loan_rate": "贷款利率", "energy_saved": "节能量", "electricity": "电量", "capacity": "装机容量",
               "sales": "销量", "cost": "费用", "premium": "保费金额", "financing": "融资金额", "price": "价格",
               "share": "占比", "count": "数量"}


def _trim(value: float) -> str:
    """A number without trailing zeros, to 6 decimals: 12.50005 stays, 12.0 -> 12."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def fmt_yuan(value: float) -> str:
    """An amount of money as policy texts write it.

    >>> fmt_yuan(600000), fmt_yuan(2500000), fmt_yuan(5000), fmt_yuan(125000.5), fmt_yuan(3e8)
    ('60万元', '250万元', '5000元', '12.50005万元', '3亿元')
    """
    if value >= 1e8 and round(value / 1e8, 4) == value / 1e8:
        return f"{_trim(value / 1e8)}亿元"
    if value >= 1e4:
        return f"{_trim(value / 1e4)}万元"
    return f"{_trim(round(value, 2))}元"


def fmt_number(value: float) -> str:
    """A count or measure as policy texts write it.

    >>> fmt_number(1e6), fmt_number(2500), fmt_number(0.5), fmt_number(123456)
    ('100万', '2500', '0.5', '12.3456万')
    """
    if abs(value) >= 1e4:
        return f"{_trim(value / 1e4)}万"
    return _trim(value)


def fmt_amount(a: Amount) -> str:
    return fmt_yuan(a.value) if a.unit == "元" else f"{fmt_number(a.value)}{a.unit}"


def fmt_ratio(ratio: float) -> str:
    """A share as a percentage.

    >>> fmt_ratio(0.25), fmt_ratio(0.035)
    ('25%', '3.5%')
    """
    return f"{_trim(ratio * 100)}%"


@dataclass
class Calc:
    """The outcome of one rule for one profile."""

    amount: float | None = None
    steps: str = ""
    missing: list[str] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)
    upper_bound: bool = False  # a bounding fact was not given: the amount is at most this


def role_name(role: str | None) -> str:
    return _ROLE_NAMES.get(role or "", role or "基数")


def find_amount(profile: Profile, unit: str, role: str | None, phrase: str = "") -> Amount | None:
    """The figure of the profile a basis or indicator refers to: same unit, then same role or wording."""
    same_unit = [a for a in profile.amounts if a.unit == unit]
    if role:
        for a in same_unit:
            if a.role == role:
                return a
    if phrase:
        # a figure whose own words name another role (a loan) never stands for this one (an investment)
        free = [a for a in same_unit if not role or a.role in (None, role, "count")]
        scored = [(bigram_overlap(phrase, a.context + a.counted), a) for a in free]
        scored = [s for s in scored if s[0] >= 0.5]
        if scored:
            return max(scored, key=lambda s: s[0])[1]
    if role is None and len(same_unit) == 1 and same_unit[0].role in (None, lexicon().default_units.get(unit)):
        return same_unit[0]
    return None


def _per_unit(rate_unit: str) -> tuple[float, str, float, str] | None:
    """元/吨标准煤 -> (yuan factor of the numerator, per base unit, per factor, per as written)."""
    if "/" not in rate_unit:
        return None
    top, per = rate_unit.split("/", 1)
    top_base = unit_of(top) or ("元", 1.0)
    per_base = _PER_UNITS.get(per) or unit_of(per) or (per, 1.0)
    return top_base[1], per_base[0], per_base[1], per


def _count_amount(profile: Profile, per_unit: str, basis: str) -> Amount | None:
    """A count of the question for a per-head rate: 每服务1个工业园区 needs "2个…工业园区"."""
    noun = basis.split(per_unit, 1)[-1] if per_unit in basis else ""
    for a in profile.amounts:
        if a.unit != per_unit:
            continue
        if not noun or not a.counted or noun in a.counted or bigram_overlap(noun, a.counted) >= 0.5:
            return a
    return None


def _rate_term(i: Incentive, profile: Profile) -> tuple[float | None, str, str | None]:
    """(amount, step, missing fact) of a unit rate."""
    rate = i.unit_rate
    assert rate is not None
    parts = _per_unit(rate.unit)
    if parts is None:
        return None, "", None
    factor, per_base, per_factor, per = parts
    if per_base in lexicon().count_units:
        a = _count_amount(profile, per_base, rate.basis)
    else:
        a = find_amount(profile, per_base, role_of(rate.basis), rate.basis)
    label = f"{_trim(rate.value * factor)}元/{per}"
    if a is None:
        return None, label, f"{rate.basis or role_name(None)}（{per}）"
    quantity = a.value / per_factor
    value = rate.value * factor * quantity
    return value, f"{label} × {fmt_number(quantity)}{per} = {fmt_yuan(value)}", None


def _basis(i: Incentive, profile: Profile) -> tuple[Amount | None, str]:
    basis_text = i.ratio_basis or "项目总投资"
    role = role_of(basis_text) or "investment"
    return find_amount(profile, "元", role, basis_text), basis_text


def _tier_term(i: Incentive, profile: Profile) -> tuple[float | None, str, str | None, str | None]:
    """(amount, step, missing, failure) of tiered ratios; on a shared bound the better tier applies."""
    a, basis_text = _basis(i, profile)
    if a is None:
        return None, "", basis_text, None
    x = a.value
    matches = []
    for t in i.tiers:
        low_ok = t.min_yuan is None or x > t.min_yuan or (i.tiers_inclusive and x == t.min_yuan)
        high_ok = t.max_yuan is None or x < t.max_yuan or (i.tiers_inclusive and x == t.max_yuan)
        if low_ok and high_ok:
            value = t.ratio * x
            step = f"{fmt_ratio(t.ratio)} × {fmt_yuan(x)} = {fmt_yuan(value)}"
            if t.cap_yuan is not None and value > t.cap_yuan:
                value, step = t.cap_yuan, f"min({step}, {fmt_yuan(t.cap_yuan)})"
            matches.append((value, step))
    if not matches:
        bounds = ", ".join(f"{fmt_yuan(t.min_yuan) if t.min_yuan is not None else ''}–"
                           f"{fmt_yuan(t.max_yuan) if t.max_yuan is not None else ''}" for t in i.tiers)
        return None, "", None, f"{basis_text} {fmt_yuan(x)} 不在任何档次内（{bounds}）"
    value, step = max(matches)
    return value, step, None, None


def _interest_term(i: Incentive, profile: Profile) -> tuple[float | None, str, str | None]:
    """贴息: the subsidised rate × the loan; a share of the actual loan rate (实际贷款利率的50%) bounds it."""
    loan = find_amount(profile, "元", "loan", "贷款")
    if loan is None:
        return None, f"{fmt_ratio(i.interest_rate or 0)}贴息率", "贷款金额"
    rate = i.interest_rate or 0.0
    step_rate = fmt_ratio(rate)
    if i.ratio_cap is not None and role_of(i.ratio_basis or "") == "loan_rate":
        actual = find_amount(profile, "%", "loan_rate", "利率")
        if actual is not None:
            share = i.ratio_cap * actual.value / 100
            if share < rate:
                rate, step_rate = share, f"{fmt_ratio(i.ratio_cap)} × {actual.value:g}%"
    value = rate * loan.value
    return value, f"{step_rate} × {fmt_yuan(loan.value)} = {fmt_yuan(value)}", None


def calculate(i: Incentive, profile: Profile, ratio: float | None = None, ratio_note: str = "") -> Calc:
    """The amount rule ``i`` gives ``profile``.

    Args:
        i: the rule.
        profile: the applicant.
        ratio: a ratio cap replacing the rule's (a raised ratio for listed applicants).
        ratio_note: why the ratio was replaced, written after it in the calculation.
    """
    calc = Calc()
    gives: list[tuple[float | None, str]] = []  # what the rule pays
    bounds: list[tuple[float, str]] = []
    ratio = ratio if ratio is not None else i.ratio_cap
    interest_on_rate = i.interest_rate is not None and role_of(i.ratio_basis or "") == "loan_rate"
    if i.fixed_yuan is not None:
        gives.append((i.fixed_yuan, f"固定奖励{fmt_yuan(i.fixed_yuan)}"))
    if i.interest_rate is not None:
        value, step, missing = _interest_term(i, profile)
        gives.append((value, step))
        if missing:
            calc.missing.append(missing)
    if i.unit_rate is not None and not (i.interest_rate is not None and i.unit_rate.unit.startswith("%")):
        value, step, missing = _rate_term(i, profile)
        if step:
            gives.append((value, step))
        if missing:
            calc.missing.append(missing)
    if i.tiers:
        value, step, missing, failure = _tier_term(i, profile)
        if failure:
            calc.fails.append(failure)
            return calc
        gives.append((value, step))
        if missing:
            calc.missing.append(missing)
    if ratio is not None and not interest_on_rate:
        a, basis_text = _basis(i, profile)
        label = f"{fmt_ratio(ratio)}{ratio_note}"
        if a is None:
            if not gives:
                gives.append((None, label))
            calc.missing.append(basis_text)
            calc.upper_bound = bool(gives and any(v is not None for v, _ in gives))
        else:
            value = ratio * a.value
            step = f"{label} × {fmt_yuan(a.value)} = {fmt_yuan(value)}"
            if gives:
                bounds.append((value, step))
            else:
                gives.append((value, step))
    if i.cap_yuan is not None:
        bounds.append((i.cap_yuan, fmt_yuan(i.cap_yuan)))
    if not gives and i.cap_yuan is None and i.rate_reduction_bp is not None:
        calc.steps = f"贷款利率可在LPR基础上下调{i.rate_reduction_bp:g}个基点（不是一笔资金）"
        return calc
    if not gives and i.cap_yuan is not None:
        # a bare 限额 (最高不超过X万元): at most the cap, what is actually paid needs the rule it bounds
        calc.amount, calc.steps, calc.upper_bound = i.cap_yuan, f"最高{fmt_yuan(i.cap_yuan)}", True
        return calc
    if not gives or any(v is None for v, _ in gives):
        calc.steps = " ; ".join(s for _, s in gives if s)
        return calc
    value = min(v for v, _ in gives if v is not None)
    terms = [s for _, s in gives] + [s for _, s in bounds]
    value = min([value] + [b for b, _ in bounds])
    steps = f"min({', '.join(terms)}) = {fmt_yuan(value)}" if len(terms) > 1 else terms[0]
    if i.floor_yuan is not None and value < i.floor_yuan:
        steps += f"；不足{fmt_yuan(i.floor_yuan)}按{fmt_yuan(i.floor_yuan)} = {fmt_yuan(i.floor_yuan)}"
        value = i.floor_yuan
    calc.amount, calc.steps = value, steps
    return calc
