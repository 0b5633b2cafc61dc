"""Every numbering style nests by the order of first use, with snippets from real documents."""

from __future__ import annotations

import pytest

from ingest.segment import segment

STYLES = {
    "law chapters, sections and articles (cn-law-energy-conservation-2018)": (
        "## 第二章 节能管理\n\n第十一条 国务院和县级以上地方各级人民政府应当加强对节能工作的领导。\n\n"
        "## 第三章 合理使用与节约能源\n\n### 第一节 一般规定\n\n第二十四条 用能单位应当按照合理用能的原则，加强节能管理。\n\n"
        "### 第二节 工业节能\n\n第二十九条 国务院推进能源资源优化开发利用。\n",
        [("第二章", 1, None), ("第二章/第十一条", 2, "第二章"), ("第三章", 1, None),
         ("第三章/第一节", 2, "第三章"), ("第三章/第一节/第二十四条", 3, "第三章/第一节"),
         ("第三章/第二节", 2, "第三章"), ("第三章/第二节/第二十九条", 3, "第三章/第二节")],
    ),
    "article items （一） (cn-reg-carbon-emissions-trading-2024)": (
        "第二十二条 重点排放单位有下列情形之一的，责令改正：\n\n（一）未按照规定统计核算温室气体排放量；\n\n"
        "（二）未按照规定制作和送检样品。\n\n第二十三条 技术服务机构出具不实报告的，依法处罚。\n",
        [("第二十二条", 1, None), ("第二十二条/（一）", 2, "第二十二条"), ("第二十二条/（二）", 2, "第二十二条"),
         ("第二十三条", 1, None)],
    ),
    "一、 （一） 1. with numbers running on across sections (corpus 000)": (
        "三、主要任务\n\n（一）产业结构优化升级行动\n\n1.推进一般生产制造环节疏解退出。牢牢把握。\n\n"
        "2.优化高精尖产业体系。贯彻规划。\n\n（二）制造业企业节能降碳行动\n\n3.推进用能结构低碳化。有序推进。\n",
        [("三", 1, None), ("三/（一）", 2, "三"), ("三/（一）/1", 3, "三/（一）"), ("三/（一）/2", 3, "三/（一）"),
         ("三/（二）", 2, "三"), ("三/（二）/3", 3, "三/（二）")],
    ),
    "half-width (一) and full-width （十二） are one style (corpus 003 Henan)": (
        "## 四、建立健全政策机制\n\n(十一)完善项目审批制度。各级投资主管部门要严格执行规定。\n\n"
        "（十二）加强产业政策约束。各地要按照目录实施项目。\n\n## 五、加强节能能力建设\n\n（十六）加强能源计量统计。强化计量。\n",
        [("四", 1, None), ("四/(十一)", 2, "四"), ("四/（十二）", 2, "四"), ("五", 1, None), ("五/（十六）", 2, "五")],
    ),
    "1、 and （1） and ① nest under their first parent": (
        "一、申报条件\n\n1、企业条件\n\n（1）在本市注册；\n\n①年产值2000万元以上；\n\n②无违法记录。\n\n"
        "（2）信用良好。\n\n2、项目条件\n\n二、申报程序\n\n企业自愿申报。\n",
        [("一", 1, None), ("一/1", 2, "一"), ("一/1/（1）", 3, "一/1"), ("一/1/（1）/①", 4, "一/1/（1）"),
         ("一/1/（1）/②", 4, "一/1/（1）"), ("一/1/（2）", 3, "一/1"), ("一/2", 2, "一"), ("二", 1, None)],
    ),
    "⑴ is the (1) style": (
        "（一）支持对象\n\n⑴制造业企业；\n\n⑵软件企业。\n",
        [("（一）", 1, None), ("（一）/⑴", 2, "（一）"), ("（一）/⑵", 2, "（一）")],
    ),
    "markdown heading levels do not set depth (corpus 001)": (
        "## 二、推动企业园区绿色低碳改造提升\n\n### （一）支持制造业企业绿色低碳改造升级\n\n鼓励企业开展改造。\n\n"
        "#### （二）推动空气重污染应急重点行业企业提升环保绩效评级\n\n开展专项行动。\n\n"
        "### **三、梯度培育促进企业全面绿色达标**\n\n#### **（一）开展制造业企业绿色发展分级评价**\n\n全面开展评价。\n",
        [("二", 1, None), ("二/（一）", 2, "二"), ("二/（二）", 2, "二"), ("三", 1, None), ("三/（一）", 2, "三")],
    ),
    "a higher style closes a deeper one it never enclosed": (
        "一、任务\n\n（一）甲\n\n1.子项。内容。\n\n二、保障\n\n1.直接编号。内容。\n\n（一）再现。内容。\n",
        [("一", 1, None), ("一/（一）", 2, "一"), ("一/（一）/1", 3, "一/（一）"), ("二", 1, None),
         ("二/1", 2, "二"), ("二/（一）", 2, "二")],
    ),
}


@pytest.mark.parametrize("text,expected", STYLES.values(), ids=STYLES.keys())
def test_segment_styles_nest(text: str, expected: list[tuple[str, int, str | None]]) -> None:
    got = [(c.key, c.depth, c.parent) for c in segment(text)]
    assert got == expected


MARKERS_AND_HEADINGS = [
    ("一、总体要求\n\n（一）总体思路\n\n以习近平新时代中国特色社会主义思想为指导。\n", "一/（一）", "（一）", "总体思路"),
    ("一、总体要求\n\n(一)指导思想。以习近平新时代中国特色社会主义思想为指导。\n", "一/(一)", "(一)", "指导思想"),
    ("第二条（资金来源）\n\n在市节能减排专项资金中安排。\n", "第二条", "第二条", "资金来源"),
    ("第四条 节约资源是我国的基本国策。国家实施节约与开发并举的战略。\n", "第四条", "第四条", None),
    ("三、提升农业发展质量，培育乡村发展新动能\n\n乡村振兴，产业兴旺是重点。\n", "三", "三、", "提升农业发展质量，培育乡村发展新动能"),
    ("#### （六）培育人才队伍。\n\n用好用活人才政策。\n", "（六）", "（六）", "培育人才队伍"),
    ("第一条 为了推动全社会节约能源，提高能源利用效率，制定本法。\n", "第一条", "第一条", None),
]


@pytest.mark.parametrize("text,key,marker,heading", MARKERS_AND_HEADINGS)
def test_segment_styles_marker_and_heading(text: str, key: str, marker: str, heading: str | None) -> None:
    clause = next(c for c in segment(text) if c.key == key)
    assert (clause.marker, clause.heading) == (marker, heading)


@pytest.mark.parametrize(
    "text",
    [
        "一、任务\n\n（一）至（三）项规定的情形除外。\n",
        "一、任务\n\n2.5万吨标准煤以上的项目纳入管理。\n",
        "一、任务\n\n1、2号机组完成改造。\n",
        "一、任务\n\n第十条规定的部门负责监督。\n",
    ],
)
def test_segment_styles_citation_is_no_clause(text: str) -> None:
    clauses = segment(text)
    assert [c.key for c in clauses] == ["一"]
    assert clauses[0].text.endswith("。")
