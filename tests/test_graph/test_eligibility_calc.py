"""Amounts of single rules (graph/eligibility_calc.py) on hand-made rules: rates, ratios, tiers, floors, caps."""

from __future__ import annotations

import pytest

from graph.eligibility_calc import calculate
from graph.question import Amount, Profile
from ingest.models import Incentive, Provenance, Tier, UnitRate

PROV = Provenance("test", "0", (0, 0))


def rule(**fields) -> Incentive:
    return Incentive(clause=None, beneficiary="", project="", text="", prov=PROV, **fields)


def profile(*amounts: tuple[str, float, str]) -> Profile:
    return Profile(amounts=[Amount(role, value, unit, "") for role, value, unit in amounts])


RETROFIT = rule(unit_rate=UnitRate(1200, "元/吨标准煤", "项目节能量"), ratio_cap=0.25, ratio_basis="项目总投资",
                cap_yuan=3e7)
TIERED = rule(ratio_basis="投资额", tiers=[Tier(1e6, 2e6, 0.14), Tier(2e6, 5e6, 0.17), Tier(5e6, None, 0.22, 5e6)])
FLOORED = rule(ratio_cap=0.25, ratio_basis="项目总投资", floor_yuan=1e5, cap_yuan=3e7)


@pytest.mark.parametrize(("incentive", "amounts", "amount", "steps"), [
    (RETROFIT, [("investment", 8e6, "元"), ("energy_saved", 500, "吨标准煤")], 6e5,
     "min(1200元/吨标准煤 × 500吨标准煤 = 60万元, 25% × 800万元 = 200万元, 3000万元) = 60万元"),
    (RETROFIT, [("investment", 1e6, "元"), ("energy_saved", 500, "吨标准煤")], 2.5e5, None),
    (RETROFIT, [("investment", 2e8, "元"), ("energy_saved", 5e4, "吨标准煤")], 3e7, None),
    (TIERED, [("investment", 1.5e6, "元")], 2.1e5, "14% × 150万元 = 21万元"),
    (TIERED, [("investment", 5e6, "元")], 1.1e6, "22% × 500万元 = 110万元"),
    (TIERED, [("investment", 3e7, "元")], 5e6, "min(22% × 3000万元 = 660万元, 500万元)"),
    (FLOORED, [("investment", 3e5, "元")], 1e5, None),
    (FLOORED, [("investment", 4e5, "元")], 1e5, None),
    (rule(fixed_yuan=1e6), [], 1e6, "固定奖励100万元"),
    (rule(interest_rate=0.02, cap_yuan=1e7), [("loan", 6e8, "元")], 1e7, "min(2% × 6亿元 = 1200万元, 1000万元) = 1000万元"),
    (rule(interest_rate=0.02, ratio_cap=0.5, ratio_basis="企业实际项目贷款利率", cap_yuan=1e7),
     [("loan", 2e8, "元"), ("loan_rate", 3, "%")], 3e6, None),
    (rule(unit_rate=UnitRate(0.2, "元/瓦", "装机容量")), [("capacity", 500, "千瓦")], 1e5, None),
    (rule(unit_rate=UnitRate(200000, "元/个", "每服务1个工业园区")), [("count", 2, "个")], 4e5, None),
])
def test_eligibility_calc_amounts(incentive: Incentive, amounts, amount: float, steps: str | None) -> None:
    calc = calculate(incentive, profile(*amounts))
    assert calc.amount == pytest.approx(amount)
    assert not calc.fails
    if steps:
        assert calc.steps.startswith(steps), calc.steps


def test_eligibility_calc_raised_ratio_replaces_the_rules() -> None:
    calc = calculate(RETROFIT, profile(("investment", 4e6, "元"), ("energy_saved", 2000, "吨标准煤")), 0.3, "（提高）")
    assert calc.amount == pytest.approx(1.2e6)
    assert "30%（提高） × 400万元 = 120万元" in calc.steps


@pytest.mark.parametrize(("incentive", "amounts", "missing", "upper"), [
    (RETROFIT, [("investment", 4e6, "元")], "项目节能量（吨标准煤）", False),
    (RETROFIT, [("energy_saved", 200, "吨标准煤")], "项目总投资", True),
    (rule(interest_rate=0.02), [], "贷款金额", False),
])
def test_eligibility_calc_names_missing_facts(incentive: Incentive, amounts, missing: str, upper: bool) -> None:
    calc = calculate(incentive, profile(*amounts))
    assert missing in calc.missing
    assert calc.upper_bound is upper
    assert (calc.amount is not None) is upper


def test_eligibility_calc_below_every_tier_fails() -> None:
    calc = calculate(TIERED, profile(("investment", 8e5, "元")))
    assert calc.amount is None and calc.fails and "不在任何档次内" in calc.fails[0]
