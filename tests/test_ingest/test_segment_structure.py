"""Own text, pieces, annotations, inline enumerations, boxes and the parts that are no clauses."""

from __future__ import annotations

import pytest

from ingest.segment import preamble, segment

HENAN = (
    "## 二、加强“两高”项目管理\n\n"
    "(四)严格“两高”项目准入条件。有下列情形之一的为不符合要求。\n\n"
    "1. 大气环境质量未达标地区新建项目未达到要求的;\n"
    "2. 钢铁、焦化行业新增产能项目未落实产能置换要求的。\n\n"
    "(各省辖市政府，省发展改革委、工业和信息化厅、生态环境厅等部门负责)\n\n"
    "(五)强化规划管理约束。各地要加强规划管理。\n"
)


def by_key(text: str) -> dict:
    return {c.key: c for c in segment(text)}


def test_segment_structure_annotation_after_unannotated_list_belongs_to_list_owner() -> None:
    clauses = by_key(HENAN)
    owner = clauses["二/(四)"]
    assert len(owner.pieces) == 2
    assert owner.text.endswith("生态环境厅等部门负责)")
    assert "负责" not in clauses["二/(四)/2"].text
    assert clauses["二/(五)"].parent == "二"
    a, b = owner.pieces[1]
    assert HENAN[a:b].startswith("(各省辖市政府")


HUANGPU = (
    "（一）全面实施“光伏+”专项工程\n\n结合空间资源，推进光伏建设。\n\n（责任单位：区发展改革委、区建管委）\n\n"
    "（二）开展新建建筑光伏项目建设工程\n\n落实屋顶安装比例。\n\n（责任单位：区建管委）\n"
)


@pytest.mark.parametrize("key,tail", [("（一）", "（责任单位：区发展改革委、区建管委）"), ("（二）", "（责任单位：区建管委）")])
def test_segment_structure_annotation_closes_its_clause(key: str, tail: str) -> None:
    clause = by_key(HUANGPU)[key]
    assert clause.text.endswith(tail)
    assert clause.heading and clause.text.count("\n") == 2  # heading, body, annotation


def test_segment_structure_items_annotated_each_keep_their_own() -> None:
    text = "（一）任务\n\n1.甲任务。内容。\n\n（责任单位：市经信局）\n\n2.乙任务。内容。\n\n（责任单位：市财政局）\n"
    clauses = by_key(text)
    assert clauses["（一）/1"].text.endswith("（责任单位：市经信局）")
    assert clauses["（一）/2"].text.endswith("（责任单位：市财政局）")
    assert "责任单位" not in clauses["（一）"].text


def test_segment_structure_inline_enumeration() -> None:
    text = ("4. 优化产线节能改造项目支持。节能改造项目须同时符合以下条件：（1）年节能量 30 吨标准煤以上；"
            "（2）全员劳动生产率提高 20% 以上。按照投资额的 10% 给予补助。\n")
    clauses = segment(text)
    assert [(c.key, c.inline, c.depth, c.parent) for c in clauses] == [
        ("4", False, 1, None), ("4/（1）", True, 2, "4"), ("4/（2）", True, 2, "4")]
    parent, first, second = clauses
    assert first.text == "（1）年节能量 30 吨标准煤以上；"
    assert second.text == "（2）全员劳动生产率提高 20% 以上。"
    assert parent.text.endswith("以下条件：\n按照投资额的 10% 给予补助。")
    assert len(parent.pieces) == 2


def test_segment_structure_stray_breaks_rejoined_and_continuations_kept() -> None:
    text = ("（一）总体思路\n\n以习近平新时代中国特色社会主义思想为指导，全面贯\n\n彻党的十九大精神。\n\n"
            "推动高质量发展。\n\n（二）基本原则\n\n整体谋划。\n")
    clauses = by_key(text)
    own = clauses["（一）"]
    assert own.text == "（一）总体思路\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。\n推动高质量发展。"
    assert own.pieces == [(0, text.index("（二）") - 2)]


def test_segment_structure_box_and_named_parts() -> None:
    text = (
        "（四）生产过程清洁优化行动\n\n12.加强其他污染物排放控制。支持企业。\n\n专栏 重点行业绿色提升工程\n"
        "<p>汽车制造行业绿色提升工程。积极开展产品绿色设计。</p> <p>电子制造行业绿色提升工程。生产过程优先使用符合要求</p>\n\n"
        "的再生水。鼓励企业。\n\n医药行业绿色提升工程。加强评估。\n\n（五）生产方式数字化转型行动\n\n13.构建体系。内容。\n"
    )
    got = [(c.key, c.kind, c.parent) for c in segment(text)]
    assert got == [
        ("（四）", "item", None), ("（四）/12", "item", "（四）"), ("（四）/专栏", "box", "（四）"),
        ("（四）/专栏/汽车制造行业绿色提升工程", "heading", "（四）/专栏"),
        ("（四）/专栏/电子制造行业绿色提升工程", "heading", "（四）/专栏"),
        ("（四）/专栏/医药行业绿色提升工程", "heading", "（四）/专栏"),
        ("（五）", "item", None), ("（五）/13", "item", "（五）"),
    ]
    electronics = by_key(text)["（四）/专栏/电子制造行业绿色提升工程"]
    assert electronics.text == "电子制造行业绿色提升工程。生产过程优先使用符合要求的再生水。鼓励企业。"


def test_segment_structure_repeated_box_heading_is_one_box() -> None:
    text = ("（一）任务\n\n专栏 5 工业节水增效工程\n\n优化取水结构。引导企业。\n\n加大废水循环利用。建设一批废水循环利\n\n"
            "专栏5 工业节水增效工程\n\n用示范企业和园区。\n\n开展节水评价。加强标准。\n")
    clauses = segment(text)
    assert [c.key for c in clauses if c.kind == "box"] == ["（一）/专栏5"]
    parts = [c for c in clauses if c.kind == "heading"]
    assert [p.heading for p in parts] == ["优化取水结构", "加大废水循环利用", "开展节水评价"]
    assert parts[1].text.endswith("建设一批废水循环利\n用示范企业和园区。")


NOTICE = (
    "北京市经济和信息化局关于印发《行动方案》的通知\n\n各有关单位：\n\n现将方案印发给你们。\n\n特此通知。\n\n"
    "附件：北京市行动方案\n\n北京市行动方案\n\n为落实要求，到2027年建成一批美丽工厂。\n\n"
    "一、建设绿色高效之美\n\n(一) 加强固定源污染排放控制。持续降低排放。\n\n"
    "附件：\n\n1.上海市零碳园区建设基本条件\n\n2.上海市零碳园区建设指标体系\n\n"
    "北京市经济和信息化局\n\n2025年12月18日\n\n抄送：市政府办公厅。\n"
)


def test_segment_structure_notice_signature_and_attachments_are_no_clauses() -> None:
    clauses = segment(NOTICE)
    assert [c.key for c in clauses] == ["一", "一/(一)"]
    assert clauses[-1].text == "(一) 加强固定源污染排放控制。持续降低排放。"


def test_segment_structure_preamble_spans() -> None:
    spans = preamble(NOTICE, None, segment(NOTICE))
    texts = [NOTICE[a:b] for a, b in spans]
    assert "为落实要求，到2027年建成一批美丽工厂。" in texts
    assert "各有关单位：" in texts
    assert not any("零碳园区" in t or "2025年12月18日" in t for t in texts)


def test_segment_structure_span_limits_the_document() -> None:
    text = "一、甲文件\n\n内容。\n\n## 乙文件标题\n\n一、乙任务\n\n（一）乙子项。内容。\n"
    start = text.index("## 乙文件标题")
    clauses = segment(text, (start, len(text)))
    assert [c.key for c in clauses] == ["一", "一/（一）"]
    assert all(a >= start for c in clauses for a, _ in c.pieces)
    assert text[slice(*clauses[0].pieces[0])] == "一、乙任务"
