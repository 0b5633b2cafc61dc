"""Targets (policy_targets) in running text and indicator tables, from the corpus and ../shared/external."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.targets import find_targets
from ingest.nlp import ExtractContext, facts_of, run

PLAN_2021_2025 = ExtractContext(plan_period=(2021, 2025), doc_date=date(2021, 11, 15))


def _targets(text: str, ctx: ExtractContext = PLAN_2021_2025) -> list[tuple]:
    return [
        (t.value, t.unit, t.comparator, t.year, t.baseline_year, t.nature)
        for _, _, t in find_targets(text, ctx)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus/000: no year in the sentence -> end of the plan period
        ("严控、压减在京石化生产规模和水泥产能，水泥产能压减30%以上。", [(30, "%", ">=", 2025, None, None)]),
        (
            "持续推进绿色工厂创建，到2025年累计创建国家级绿色工厂150家，绿色供应链管理企业30家。",
            [(150, "家", "=", 2025, None, None), (30, "家", "=", 2025, None, None)],
        ),
        # corpus/001
        ("对于新建和改建数据中心，力争到2025年绿电使用比例达到50%。", [(50, "%", "=", 2025, None, None)]),
        # corpus/002 (national plan): reductions keep the positive number
        (
            "能源效率稳步提升。规模以上工业单位增加值能耗降低13.5%，粗钢等单耗达到世界先进水平。",
            [(13.5, "%", "=", 2025, None, None)],
        ),
        ("绿色环保产业产值达到11万亿元。", [(11, "万亿元", "=", 2025, None, None)]),
        ("到2025年，完成4000台左右有色金属窑炉清洁生产改造。", [(4000, "台", "~", 2025, None, None)]),
        (
            "到2025年，冶炼渣、工业副产石膏综合利用率分别达到73%、75%。",
            [(73, "%", "=", 2025, None, None), (75, "%", "=", 2025, None, None)],
        ),
        ("单位国内生产总值二氧化碳排放比2020年下降18%（约束性）。", [(18, "%", "=", 2025, 2020, "binding")]),
        ("到2030年，非化石能源消费比重达到25%左右。", [(25, "%", "~", 2030, None, None)]),
    ],
)
def test_find_targets_running_text(text: str, expected: list[tuple]) -> None:
    assert _targets(text) == [
        tuple(float(x) if isinstance(x, int) and i == 0 else x for i, x in enumerate(e)) for e in expected
    ]


def test_find_targets_indicator_phrases() -> None:
    text = "到2025年累计创建国家级绿色工厂150家。单位国内生产总值能源消耗比2020年下降13.5%。到2025年，建设50个工业资源综合利用基地。"
    assert [t.indicator for _, _, t in find_targets(text, PLAN_2021_2025)] == [
        "累计创建国家级绿色工厂",
        "单位国内生产总值能源消耗比2020年下降",
        "建设工业资源综合利用基地",
    ]


# corpus/000, section 二、主要目标: the indicator table as it reads in clean text (cells glued).
TABLE = (
    "二、主要目标到2025年，制造业绿色低碳发展水平得到整体提升。表“十四五”制造业绿色发展主要指标和任务目标"
    "指标2025年指标性质工业能源消费总量（万吨标准煤）达到本市要求约束性万元工业增加值能耗降低率≥12%约束性"
    "万元工业增加值碳排放降低率20%左右预期性万元工业增加值用水量降低率≥10%预期性工业用水重复利用率≥95%预期性"
    "累计创建国家级绿色工厂（家）150预期性累计创建国家级绿色供应链管理企业（家）30预期性"
)


def test_find_targets_reads_indicator_table() -> None:
    found = [
        (t.indicator, t.value, t.unit, t.comparator, t.year, t.nature)
        for _, _, t in find_targets(TABLE, PLAN_2021_2025)
    ]
    assert found == [
        ("万元工业增加值能耗降低率", 12.0, "%", ">=", 2025, "binding"),
        ("万元工业增加值碳排放降低率", 20.0, "%", "~", 2025, "expected"),
        ("万元工业增加值用水量降低率", 10.0, "%", ">=", 2025, "expected"),
        ("工业用水重复利用率", 95.0, "%", ">=", 2025, "expected"),
        ("累计创建国家级绿色工厂", 150.0, "家", "=", 2025, "expected"),
        ("累计创建国家级绿色供应链管理企业", 30.0, "家", "=", 2025, "expected"),
    ]


def test_find_targets_table_year_comes_from_header() -> None:
    text = "指标2020年2030年属性单位GDP能耗降低（%）13.5 20约束性非化石能源消费比重（%）15.9 25预期性"
    found = [(t.value, t.unit, t.year, t.nature) for _, _, t in find_targets(text, ExtractContext())]
    assert found == [(20.0, "%", 2030, "binding"), (25.0, "%", 2030, "expected")]


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        # corpus/002, 发展基础: the past, by sentence markers and by heading
        (
            "“十三五”以来，高技术制造业增加值占比分别达到15.1%、33.7%，分别提高了3.3和1.9个百分点。",
            PLAN_2021_2025,
        ),
        ("2020年，十种主要品种再生资源回收利用量达到3.8亿吨。", PLAN_2021_2025),
        (
            "规模以上工业单位增加值能耗降低约16%。",
            ExtractContext(
                plan_period=(2021, 2025), heading="能源资源利用效率显著提升", parent_headings=("发展基础",)
            ),
        ),
        # corpus/001: subsidy amounts and ratio caps are incentives
        (
            "按照项目节能量给予不超过1200元/吨标准煤的资金奖励，且奖励金额不超过纳入奖励范围的项目总投资的25%。",
            PLAN_2021_2025,
        ),
        ("单个项目奖励资金最高不超过3000万元。", PLAN_2021_2025),
        # corpus/003 Henan: a threshold that defines a class of projects
        ("“两高”项目暂以煤电、钢铁等行业年综合能源消费量1万吨标准煤及以上的项目为重点。", PLAN_2021_2025),
        # corpus/002: a figure that names a zone
        ("长江干支流1公里范围内严禁新建扩建化工项目。", PLAN_2021_2025),
        # shanghai-zero-carbon-park-plan-2026: a definition
        (
            "工业园区是指以工业生产为核心功能的园区，零碳工业园区建成期的年综合能耗原则上应不小于5万吨标准煤。",
            PLAN_2021_2025,
        ),
        # cpc-sc-rural-revitalization-opinions-2018: a quoted slogan
        ("是实现“两个一百年”奋斗目标的必然要求。", PLAN_2021_2025),
        # cn-law-energy-conservation-2018: no time horizon, a criterion
        ("年综合能源消费总量五千吨以上不满一万吨标准煤的用能单位", ExtractContext()),
        # corpus/003 (Wenzhou plan): conditions of a subsidy, alternatives joined by 或
        ("（1）节能改造项目实施后，年节能量30吨标准煤以上或单位增加值能耗下降4%以上；", PLAN_2021_2025),
        # corpus/003 (an article): statistics of the past
        ("2020年全年销售额达到8848亿元，较2019年增长17%。", ExtractContext(plan_period=(2021, 2025))),
        ("我国工业增加值从23.5万亿元增加到31.3万亿元，同期占比达到27.7%。", PLAN_2021_2025),
        # cpc-sc-rural-revitalization-opinions-2018: small counts written in words
        ("到2020年，分两个阶段实现第二个百年奋斗目标。", ExtractContext()),
        # chongqing-icv-nev-commercial-vehicle-measures-2025: incentive cap
        ("单个企业年度激励金额最高不超过2000万元。", PLAN_2021_2025),
    ],
)
def test_find_targets_rejects_non_targets(text: str, ctx: ExtractContext) -> None:
    assert find_targets(text, ctx) == []


def test_policy_targets_component_records_spans() -> None:
    text = "1.推进一般生产制造环节疏解退出。水泥产能压减30%以上。"
    doc = run(text, ExtractContext(plan_period=(2021, 2025)))
    ((start, end, target),) = facts_of(doc, "targets")
    assert text[start:end] == "水泥产能压减30%以上" == target.text
    assert (target.prov.extractor, target.prov.version) == ("policy_targets", "1.0")
