"""Deadlines (policy_dates) on sentences from the corpus and ../shared/external."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.dates import find_deadlines
from ingest.nlp import ExtractContext, facts_of, run


def _dates(text: str, doc_date: date | None = None, plan_period: tuple[int, int] | None = None):
    return [
        (
            d.expression,
            d.date and d.date.isoformat(),
            d.start and d.start.isoformat(),
            d.recurring,
            d.relative,
        )
        for _, _, d in find_deadlines(text, doc_date, plan_period)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus/000 (Beijing manufacturing plan)
        (
            "到2025年累计创建国家级绿色工厂150家，绿色供应链管理企业30家。",
            [("到2025年", "2025-12-31", None, None, None)],
        ),
        # corpus/003 (Henan "two highs" action plan)
        (
            "到2021年年底,各地建立“两高”项目清单。2022—2023年,长效机制基本建立。",
            [
                ("到2021年年底", "2021-12-31", None, None, None),
                ("2022—2023年", "2023-12-31", "2022-01-01", None, None),
            ],
        ),
        (
            "2021年年底以前，各地要对存量“两高”项目节能审查和环评等进行检查复核",
            [("2021年年底以前", "2021-12-31", None, None, None)],
        ),
        (
            "2021年年底将存量“两高”项目全部纳入重点用能单位能耗在线监测系统。",
            [("2021年年底", "2021-12-31", None, None, None)],
        ),
        # corpus/001: the document's own validity is metadata (Document.valid_until), not a task's deadline
        (
            "本政策执行期至2027年底，具体措施明确执行期限的，从其规定。",
            [],
        ),
        # a measure's own period, stated inside the text, still bounds that measure
        (
            "阶段性降价政策执行期至2025年12月31日。",
            [("执行期至2025年12月31日", "2025-12-31", None, None, None)],
        ),
        # shanghai-construction-waste-opinions-2024
        (
            "2024年底前，市规划资源局、市绿化市容局要编制完成上海市土方消纳专项规划",
            [("2024年底前", "2024-12-31", None, None, None)],
        ),
        (
            "指导各区在2024年11月底前落实一批区级消纳场所",
            [("2024年11月底前", "2024-11-30", None, None, None)],
        ),
        # shanghai-lingang-pv-subsidy-rules-2023
        (
            "屋顶所在建筑在2022年7月前（含7月）建成",
            [("2022年7月前（含7月）", "2022-07-31", None, None, None)],
        ),
        (
            "（二）本操作办法自2023年4月19日起实施，有效期至2025年12月31日。",
            [("有效期至2025年12月31日", "2025-12-31", None, None, None)],
        ),
        (
            "（一）各区发展改革委应认真梳理并于每年8月底前编制下一年度专项资金申请计划",
            [("每年8月底前", None, None, "--08-31", None)],
        ),
        (
            "（一）每年4月底和10月底前，电网企业严格按照奖励目录报市发展改革委",
            [("每年4月底", None, None, "--04-30", None), ("10月底前", None, None, "--10-31", None)],
        ),
        # cn-reg-carbon-emissions-trading-2024
        (
            "并自核查完成之日起7个工作日内向重点排放单位反馈核查结果",
            [("7个工作日内", None, None, None, "P7D")],
        ),
        # beijing-ndrc-new-energy-heating-support-2026: "before May" allows April
        (
            "2.申报项目应于2026年5月前开工并形成实物工作量。",
            [("2026年5月前", "2026-04-30", None, None, None)],
        ),
        ("“十四五”期间，推进重点行业节能改造。", [("“十四五”期间", "2025-12-31", "2021-01-01", None, None)]),
        ("每年12月20日前报送", [("每年12月20日前", None, None, "--12-20", None)]),
    ],
)
def test_find_deadlines_normalises_expressions(text: str, expected: list[tuple]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("今年底前完成试点。", date(2021, 11, 15), [("今年底前", "2021-12-31", None, None, None)]),
        (
            "明年上半年完成验收。",
            date(2021, 11, 15),
            [("明年上半年", "2022-06-30", "2022-01-01", None, None)],
        ),
        ("今年底前完成试点。", None, []),  # no document date: 今年 cannot be placed
        # a bound already past when the document was issued is a review, not a deadline
        ("到2020年，乡村振兴取得重要进展。", date(2021, 3, 1), []),
    ],
)
def test_find_deadlines_resolves_against_document_date(text: str, doc_date, expected) -> None:
    assert _dates(text, doc_date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "工业和信息化部2021年11月15日",  # signature date
        "规模以上工业单位增加值能耗比2020年下降13.5%",  # baseline
        "截至2020年底，我国节能环保产业产值约7.5万亿元。",  # status (corpus/002)
        "关于印发《重庆市推动制造业高质量发展重点专项政策措施（2021—2023年）》的通知",  # title
        "北京市制造业绿色低碳发展行动方案（2021—2023年）",
        "工业锅炉分会2021年第6期总第115期",  # issue number
        "“十四五”时期是立足新发展阶段，推进制造业绿色低碳转型的关键时期。",  # corpus/000 preamble
        "落实“十四五”时期减污降碳协同增效工作要求",
        "本法自2018年1月1日起施行。",  # entry into force: a start, not a bound
        # tianjin-miit-demand-response-spring-festival-2021: a period that qualifies a noun
        "（2）连续参与天津市2018~2020年春节期间需求响应两次的用户",
        # corpus/003 (an article): from … to spans and the end of a rejected period
        "从2011年德国提出的工业4.0到2021年欧盟发布的工业5.0",
        "2010年至2019年间的集成电路产业销售额从1440.15亿元增长至7562.3亿元",
    ],
)
def test_find_deadlines_ignores_dates_that_bound_nothing(text: str) -> None:
    assert find_deadlines(text) == []


def test_find_deadlines_past_plan_period_is_no_deadline() -> None:
    assert find_deadlines("“十三五”时期，工业绿色发展取得明显成效。", date(2021, 11, 15)) == []


@pytest.mark.parametrize(
    ("text", "task"),
    [
        (
            "持续推进绿色工厂创建，到2025年累计创建国家级绿色工厂150家，绿色供应链管理企业30家。",
            "累计创建国家级绿色工厂150家，绿色供应链管理企业30家",
        ),
        ("对于新建和改建数据中心，力争到2025年绿电使用比例达到50%。", "绿电使用比例达到50%"),
        (
            "2021年年底以前，各地要对存量“两高”项目节能审查和环评等进行检查复核；已投入生产的，依法依规责令停止。",
            "各地要对存量“两高”项目节能审查和环评等进行检查复核",
        ),
        ("申报项目应于2026年5月前开工并形成实物工作量。", "申报项目开工并形成实物工作量"),
    ],
)
def test_find_deadlines_names_the_task(text: str, task: str) -> None:
    (_, _, deadline), *_ = find_deadlines(text)
    assert deadline.task == task


def test_find_deadlines_uses_heading_when_the_sentence_names_no_task() -> None:
    # beijing-ndrc-new-energy-heating-support-2026: "（一）申报时间。2026年3月20日前。"
    ((_, _, deadline),) = find_deadlines("（一）申报时间。2026年3月20日前。", heading="申报时间")
    assert (deadline.date, deadline.task) == (date(2026, 3, 20), "申报时间")


def test_policy_dates_component_records_spans_and_provenance() -> None:
    text = "（二）主要目标。到2021年年底,各地建立“两高”项目清单。"
    doc = run(text, ExtractContext(doc_date=date(2021, 11, 15)))
    ((start, end, deadline),) = facts_of(doc, "dates")
    assert text[start:end] == "到2021年年底"
    assert (deadline.prov.extractor, deadline.prov.span) == ("policy_dates", (start, end))
    assert deadline.clause is None
