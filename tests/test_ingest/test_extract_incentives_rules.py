"""Subsidy rules read from real clauses: the corpus and ../shared/external documents.

Each case quotes the clause (cleaned as ``ingest.textmap.clean`` would give it) and states the
rules a reader works out by hand: amounts in yuan, ratios as fractions.
"""

from __future__ import annotations

import pytest

from ingest.extract.incentives import NAME, VERSION, find_incentives
from ingest.nlp import ExtractContext, facts_of, run


def _summary(inc):
    """The figures of a rule, in a form a case can state by hand."""
    return {
        "unit_rate": (inc.unit_rate.value, inc.unit_rate.unit) if inc.unit_rate else None,
        "ratio_cap": inc.ratio_cap,
        "cap_yuan": inc.cap_yuan,
        "floor_yuan": inc.floor_yuan,
        "fixed_yuan": inc.fixed_yuan,
        "tiers": [(t.min_yuan, t.max_yuan, t.ratio, t.cap_yuan) for t in inc.tiers],
        "raised_ratio": inc.raised_ratio,
        "interest_rate": inc.interest_rate,
        "rate_reduction_bp": inc.rate_reduction_bp,
    }


def _rule(**given):
    base = {
        "unit_rate": None,
        "ratio_cap": None,
        "cap_yuan": None,
        "floor_yuan": None,
        "fixed_yuan": None,
        "tiers": [],
        "raised_ratio": None,
        "interest_rate": None,
        "rate_reduction_bp": None,
    }
    base.update(given)
    return base


CASES = [
    pytest.param(  # corpus/001 二（一）: unit rate + ratio cap, a second rule, a cap for both
        "其中，对符合要求的节能改造项目，按照项目节能量给予不超过1200元/吨标准煤的资金奖励，且奖励金额不超过纳入奖励范围的"
        "项目总投资的25%；对符合要求的其他绿色低碳改造升级项目，给予不超过纳入奖励范围的项目总投资25%的奖励资金。"
        "单个项目奖励资金最高不超过3000万元。",
        [
            _rule(unit_rate=(1200.0, "元/吨标准煤"), ratio_cap=0.25, cap_yuan=3e7),
            _rule(ratio_cap=0.25, cap_yuan=3e7),
        ],
        id="001-retrofit-unit-rate-ratio-cap",
    ),
    pytest.param(  # corpus/001 一（二）: 每服务1家企业 -> a unit rate per enterprise served
        "根据被服务对象的规模和服务质量，对绿色诊断服务商给予资金奖励。其中每服务 1 家企业给予不超过 12 万元的奖励资金，"
        "每服务 1 个工业园区给予不超过 20 万元的奖励资金。".replace(" ", ""),
        [_rule(unit_rate=(120000.0, "元/家")), _rule(unit_rate=(200000.0, "元/个"))],
        id="001-diagnosis-per-enterprise-served",
    ),
    pytest.param(  # corpus/001 二（二）: floor and cap in one sentence
        "对符合要求的企业环保绩效评级提升项目给予资金奖励，奖励金额不超过纳入奖励范围的项目总投资的25%，奖励金额不足10万元"
        "项目的给予10万元奖励资金，单个项目奖励资金最高不超过3000万元。",
        [_rule(ratio_cap=0.25, floor_yuan=1e5, cap_yuan=3e7)],
        id="001-floor",
    ),
    pytest.param(  # corpus/001 三（三）: raised ratio for listed enterprises
        "对入围国家和市级绿色制造单位名单和国家能效水效领跑者名单的企业，以及空气重污染应急环保绩效评级A级、B级和绩效引领型"
        "企业，实施的绿色低碳改造升级项目，奖励资金支持比例提高至不超过项目总投资的30%。",
        [_rule(ratio_cap=0.3, raised_ratio=0.3)],
        id="001-raised-ratio",
    ),
    pytest.param(  # corpus/001 八: interest subsidy (贴息率2%) with a yearly cap per enterprise
        "对于当年固定资产投资超过500万元的制造业和信息软件业企业用于在京投资建设的绿色信贷固定资产投资贷款，按照不超过2%的"
        "贴息率给予贴息，单个企业年度贴息金额最高不超过1000万元。",
        [_rule(unit_rate=(2.0, "%"), interest_rate=0.02, cap_yuan=1e7)],
        id="001-interest-subsidy",
    ),
    pytest.param(  # corpus/003 (温州) 4.: money tiers, the last with its own cap
        "符合上述条件的，企业一年内生产性设备与信息化投入100万元至200万元的改造项目，按投资额的14%给予补助；200万元至500万元"
        "的改造项目，按投资额的17%给予补助；500万元以上的改造项目，按投资额的22%给予不超过500万元的补助。",
        [_rule(tiers=[(1e6, 2e6, 0.14, None), (2e6, 5e6, 0.17, None), (5e6, None, 0.22, 5e6)])],
        id="003-tiers",
    ),
    pytest.param(  # corpus/003 (温州) 5.: rate reduction in basis points
        "对节能改造项目的信贷需求给予优先保障，新增贷款最低利率可在同期LPR利率基础上下调20个基点。",
        [_rule(rate_reduction_bp=20.0)],
        id="003-lpr-basis-points",
    ),
    pytest.param(  # corpus/003 (温州) 6.: 分别 pairs three listings with three fixed rewards
        "新列入国家级绿色工厂、绿色供应链、绿色（设计）产品的，分别奖励100万元、60万元、30万元；新列入市级绿色工厂的，奖励5万元。",
        [_rule(fixed_yuan=1e6), _rule(fixed_yuan=6e5), _rule(fixed_yuan=3e5), _rule(fixed_yuan=5e4)],
        id="003-fixed-rewards-respectively",
    ),
    pytest.param(  # Chongqing commercial vehicles 一: graded fixed rewards by sales, yearly cap
        "对销量达一定规模的智能网联新能源商用车全新车型或新公告改款车型给予一次性产品研发激励，其中：年销量3000（含）—5000辆"
        "（不含）的车型，给予500万元激励；年销量5000辆以上的车型，给予1000万元激励。单个企业年度激励金额最高不超过2000万元，"
        "同一平台车型不重复给予激励。",
        [_rule(fixed_yuan=5e6, cap_yuan=2e7), _rule(fixed_yuan=1e7, cap_yuan=2e7)],
        id="chongqing-graded-fixed",
    ),
    pytest.param(  # Chongqing 二: half the loan rate, at most 2% of the loan, 1000万元 a year
        "对智能网联新能源商用车动力电池、电驱等核心零部件新建及技改项目，按照企业实际项目贷款利率的50%，最高不超过贷款金额的2%"
        "给予贴息，贴息期限不超过两年，单个企业的项目每年贴息上限为1000万元。",
        [_rule(ratio_cap=0.5, interest_rate=0.02, cap_yuan=1e7)],
        id="chongqing-interest",
    ),
    pytest.param(  # Chongqing 三: ratio of platform cost, cap
        "对新能源商用车整车企业自主开发和联合智能驾驶技术企业开发部分驾驶辅助及以上级别的智能驾驶系统平台，按照不超过平台建设"
        "费用的30%，给予新能源商用车整车企业最高1000万元的一次性平台开发激励。",
        [_rule(ratio_cap=0.3, cap_yuan=1e7)],
        id="chongqing-platform",
    ),
    pytest.param(  # Beijing new-energy heating 一（三）: three graded ratios, then a same-ratio reference
        "对新能源供热装机占比达到60%及以上的新能源供热新建及改扩建项目，给予新能源建设投资30%的市政府固定资产投资支持;"
        "装机占比30%至60%（不含）的给予20%资金支持；对新能源供热装机占比30%及以上的新技术应用项目、多能耦合综合能源站项目，"
        "给予新能源建设投资30%的资金支持。",
        [_rule(ratio_cap=0.3), _rule(ratio_cap=0.2), _rule(ratio_cap=0.3)],
        id="beijing-heating-graded-ratios",
    ),
    pytest.param(  # Shanghai Lingang PV 修订 2.: the old rates (由…) are not rules
        "2.分布式光伏奖励标准由0.1元/千瓦时（非学校类执行优惠电价的非居民用户）、0.15元/千瓦时（学校用户），均调整至0.25元/千瓦时；",
        [_rule(unit_rate=(0.25, "元/千瓦时"))],
        id="lingang-new-rate-only",
    ),
    pytest.param(  # Shanghai Lingang PV 修订 4.: per-watt one-off grant to the roof owner
        "针对新建全额上网光伏项目的存量屋顶（房屋2022年7月之前（含7月）建成）项目，按装机容量给予业主0.2元/瓦的一次性补贴；",
        [_rule(unit_rate=(0.2, "元/瓦"))],
        id="lingang-per-watt",
    ),
    pytest.param(  # Shanghai renewable fund 第五条（一）: per-kW reward with a yearly cap per project
        "（一）深远海海上风电项目和场址中心离岸距离大于等于50公里近海海上风电项目奖励标准为500元/千瓦。单个项目年度奖励金额不超过5000万元。",
        [_rule(unit_rate=(500.0, "元/千瓦"), cap_yuan=5e7)],
        id="shanghai-fund-offshore-wind",
    ),
    pytest.param(  # Shanghai renewable fund 第五条（二）: three rates in one sentence
        "（二）常规光伏项目，光伏电站奖励标准0.1元/千瓦时，执行居民用户电价的学校分布式光伏奖励标准0.12元/千瓦时，"
        "其他分布式光伏奖励标准0.05元/千瓦时。",
        [
            _rule(unit_rate=(0.1, "元/千瓦时")),
            _rule(unit_rate=(0.12, "元/千瓦时")),
            _rule(unit_rate=(0.05, "元/千瓦时")),
        ],
        id="shanghai-fund-three-rates",
    ),
    pytest.param(  # Hainan agricultural machinery plan 四（二）3.: per-machine caps, one rule per kind of machine
        "除上述提高补贴额测算比例的补贴机具以外，一般补贴机具单机补贴限额原则上不超过5万元；烘干机单机补贴限额不超过12万元；",
        [_rule(cap_yuan=5e4), _rule(cap_yuan=1.2e5)],
        id="hainan-per-machine-caps",
    ),
    pytest.param(  # Hainan 四（二）2.: ratio of last year's average price
        "补贴额测算比例不超过上年同档次产品市场销售均价的30%，通用类机具补贴额不超过农业农村部、财政部发布的最高补贴额。",
        [_rule(ratio_cap=0.3)],
        id="hainan-ratio-of-price",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_incentives_rules_figures(text, expected):
    found = [inc for _, _, inc in find_incentives(text)]
    assert [_summary(i) for i in found] == expected


NEGATIVE = [
    pytest.param("对符合条件的企业处以5万元罚款。", id="penalty"),
    pytest.param("2023年全市累计发放补贴资金2.5亿元。", id="past-amount"),
    pytest.param("市财政安排专项资金2亿元用于支持节能改造。", id="budget"),
    pytest.param("到2025年，全市光伏装机容量达到100万千瓦，对新建项目给予支持。", id="target"),
    pytest.param(  # Shanghai renewable fund 第五条（四）: a bound on revising rates, not a rule
        "（四）根据市场成本和国家政策变化，市发展改革委、市财政局可对年度新申请项目奖励标准进行适当调整，调整幅度不超过15%。",
        id="rate-revision-bound",
    ),
    pytest.param(  # Shanghai renewable fund 第四条（一）: a payment schedule, not a ratio
        "（一）对企业投资的深远海海上风电项目和场址中心离岸距离大于等于50公里近海海上风电项目，根据项目建设规模给予投资奖励，"
        "分5年拨付，每年拨付20%。对场址中心离岸距离小于50公里近海海上风电项目，不再奖励。",
        id="disbursement-schedule",
    ),
    # Beijing heating 二（二）3.
    pytest.param("3.项目已完工、试运行、投资完成率超过80%的项目不予以支持。", id="exclusion"),
    pytest.param(  # Henan energy-conservation regulation: rewards "按照…规定", no rule to follow
        "签订节能自愿协议的用能单位按照协议约定超额完成下达的节能目标的，县级以上人民政府可以按照超额完成的节能量给予奖励。",
        id="vague-reward",
    ),
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_extract_incentives_rules_none(text):
    assert find_incentives(text) == []


def test_extract_incentives_rules_conditions_and_subjects():
    """corpus/001 八 and 003 4.: machine-testable conditions, beneficiary and project."""
    ((_, _, loan),) = find_incentives(
        "对于当年固定资产投资超过500万元的制造业和信息软件业企业用于在京投资建设的绿色信贷固定资产投资贷款，按照不超过2%的"
        "贴息率给予贴息，单个企业年度贴息金额最高不超过1000万元。"
    )
    assert (loan.beneficiary, loan.project, loan.cap_scope) == (
        "制造业和信息软件业企业",
        "绿色信贷固定资产投资贷款",
        "单个企业年度",
    )
    money = [(c.indicator, c.comparator, c.value, c.unit) for c in loan.conditions if c.value is not None]
    assert money == [("当年固定资产投资", ">", 5e6, "元")]
    ((_, _, tiered),) = find_incentives(
        "节能改造项目须同时符合以下条件：（1）节能改造项目实施后，年节能量30吨标准煤以上或单位增加值能耗下降4%以上；"
        "（2）节能改造后全员劳动生产率提高20%以上。符合上述条件的，企业一年内生产性设备与信息化投入100万元至200万元的"
        "改造项目，按投资额的14%给予补助；"
    )
    either, productivity = tiered.conditions
    assert [(c.indicator, c.comparator, c.value, c.unit) for c in either.any_of] == [
        ("年节能量", ">=", 30.0, "吨标准煤"),
        ("单位增加值能耗下降", ">=", 4.0, "%"),
    ]
    assert (productivity.indicator, productivity.comparator, productivity.value) == (
        "节能改造后全员劳动生产率提高",
        ">=",
        20.0,
    )


@pytest.mark.parametrize(
    ("text", "beneficiary", "project"),
    [
        (
            "对符合要求的信息软件业企业数据中心节能改造项目，按照项目节能量给予不超过1200元/吨标准煤的资金奖励。",
            "信息软件业企业",
            "数据中心节能改造项目",
        ),
        (
            "对新能源商用车整车及其关键零部件获得出口目标国家（地区）认证的商用车整车企业，按照相关出口产品认证检测费用的10%"
            "给予激励，单个企业年度激励金额不超过300万元。",
            "商用车整车企业",
            "",
        ),
        (
            "针对新建全额上网光伏项目的存量屋顶（房屋2022年7月之前（含7月）建成）项目，按装机容量给予业主0.2元/瓦的一次性补贴；",
            "业主",
            "存量屋顶项目",
        ),
    ],
)
def test_extract_incentives_rules_subjects(text, beneficiary, project):
    ((_, _, inc),) = find_incentives(text)
    assert (inc.beneficiary, inc.project) == (beneficiary, project)


def test_extract_incentives_rules_pipeline_spans():
    """Through the spaCy pipeline: facts with provenance whose span quotes the rule."""
    text = "（二）全面实施绿色诊断根据被服务对象的规模和服务质量，对绿色诊断服务商给予资金奖励。其中每服务1家企业给予不超过12万元的奖励资金。"
    doc = run(text, ExtractContext(region="北京市", heading="全面实施绿色诊断"))
    ((start, end, inc),) = facts_of(doc, "incentives")
    assert (inc.prov.extractor, inc.prov.version, inc.clause) == (NAME, VERSION, None)
    assert "12万元" in text[start:end]
    assert (inc.beneficiary, inc.project, inc.unit_rate.basis) == (
        "绿色诊断服务商",
        "绿色诊断",
        "每服务1家企业",
    )
