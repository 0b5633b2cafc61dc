"""Responsibility annotations and sentences give (clause, agency, role)."""

from __future__ import annotations

import pytest

from ingest.models import AgencyTask
from ingest.nlp import ExtractContext, facts_of, run

HENAN = ExtractContext(region="河南省", level="provincial")
WENZHOU = ExtractContext(region="温州市", level="municipal")
CHONGQING = ExtractContext(region="重庆市", level="municipal")
HUANGPU = ExtractContext(region="黄浦区", level="district", city="上海市")
BEIJING = ExtractContext(region="北京市", level="municipal")
NATIONAL = ExtractContext(region="全国", level="national")


def _tasks(text: str, ctx: ExtractContext) -> list[tuple[str, str, str]]:
    doc = run(text, ctx)
    tasks: list[AgencyTask] = [t for _, _, t in facts_of(doc, "responsibility")]
    return [(t.mention, t.agency.name, t.role) for t in tasks]


@pytest.mark.parametrize(
    ("ctx", "text", "expected"),
    [
        # corpus/003 Henan (十五): lead, then agencies listed after it are co
        (
            HENAN,
            "（十五）全面开展用能权交易。拟建“两高”项目新增用能指标要全额有偿购买。（省发展改革委牵头，省地方金融监管局等部门负责）",
            [
                ("省发展改革委", "河南省发展和改革委员会", "lead"),
                ("省地方金融监管局", "河南省地方金融监督管理局", "co"),
            ],
        ),
        # corpus/003 Henan (十七): 按职责分工负责 is a plain list
        (
            HENAN,
            "（十七）完善节能标准体系。严格落实强制性国家标准。（省市场监管局、发展改革委、工业和信息化厅等部门按职责分工负责）",
            [
                ("省市场监管局", "河南省市场监督管理局", "responsible"),
                ("发展改革委", "河南省发展和改革委员会", "responsible"),
                ("工业和信息化厅", "河南省工业和信息化厅", "responsible"),
            ],
        ),
        # corpus/003 Henan (十一): the annotation's role wins over 会同 in the running text,
        # and the descriptive 行业主管部门 is not added next to an annotation
        (
            HENAN,
            "（十一）完善项目审批制度。省发展改革委要会同行业主管部门建立部门联动机制。（省发展改革委、生态环境厅负责）",
            [
                ("省发展改革委", "河南省发展和改革委员会", "responsible"),
                ("生态环境厅", "河南省生态环境厅", "responsible"),
            ],
        ),
        # corpus/003 Wenzhou: （责任单位：…）
        (
            WENZHOU,
            "9.加快用户侧分布式储能项目落地。鼓励各地开展分布式储能推广应用。（责任单位：温州电力局、市发展改革委）",
            [
                ("温州电力局", "温州电力局", "responsible"),
                ("市发展改革委", "温州市发展和改革委员会", "responsible"),
            ],
        ),
        # corpus/003 Wenzhou 四(一): roles in running text; "办公室设在市经信局" assigns nothing
        (
            WENZHOU,
            "（一）加强组织领导成立市节能改造工作领导小组，领导小组办公室设在市经信局。其中，市发展改革委负责推进清洁能源应用，"
            "市经信局负责推进产线节能改造，温州电力局牵头推动储能设施建设。",
            [
                ("市发展改革委", "温州市发展和改革委员会", "responsible"),
                ("市经信局", "温州市经济和信息化局", "responsible"),
                ("温州电力局", "温州电力局", "lead"),
            ],
        ),
        # external: Chongqing measures
        (
            CHONGQING,
            "六、新能源商用车海外认证检测费用激励对…给予激励。（责任单位：市经济信息委、市商务委）",
            [
                ("市经济信息委", "重庆市经济和信息化委员会", "responsible"),
                ("市商务委", "重庆市商务委员会", "responsible"),
            ],
        ),
        # external: Huangpu plan, groups and unknown bodies in the list
        (
            HUANGPU,
            "（五）鼓励绿色低碳示范工程。（责任单位：区发展改革委、区房管局，各街道管理办，各区属集团）",
            [
                ("区发展改革委", "上海市黄浦区发展和改革委员会", "responsible"),
                ("区房管局", "上海市黄浦区住房保障和房屋管理局", "responsible"),
                ("各街道管理办", "各街道管理办", "responsible"),
                ("各区属集团", "各区属集团", "responsible"),
            ],
        ),
        # external: energy conservation law, descriptive bodies with 负责 and 会同
        (
            NATIONAL,
            "第三十条 国务院管理节能工作的部门会同国务院有关部门制定电力、钢铁等主要耗能行业的节能技术政策。",
            [
                ("国务院管理节能工作的部门", "国务院管理节能工作的部门", "lead"),
                ("国务院有关部门", "国务院有关部门", "co"),
            ],
        ),
        (
            NATIONAL,
            "第三十四条 国务院建设主管部门负责全国建筑节能的监督管理工作。",
            [("国务院建设主管部门", "国务院建设主管部门", "responsible")],
        ),
        # 由A负责解释
        (
            BEIJING,
            "本措施由市经济和信息化局负责解释。",
            [("市经济和信息化局", "北京市经济和信息化局", "responsible")],
        ),
        # （牵头单位：A；配合单位：B）
        (
            BEIJING,
            "（牵头单位：市发展改革委；配合单位：市财政局、市统计局）",
            [
                ("市发展改革委", "北京市发展和改革委员会", "lead"),
                ("市财政局", "北京市财政局", "co"),
                ("市统计局", "北京市统计局", "co"),
            ],
        ),
    ],
)
def test_roles(ctx: ExtractContext, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _tasks(text, ctx) == expected


@pytest.mark.parametrize(
    ("ctx", "text"),
    [
        # corpus/001: citing another document's issuers is no responsibility
        (
            BEIJING,
            "落实全国和北京市新型工业化推进大会部署，以及工业和信息化部等七部门《关于加快推动制造业绿色化发展的指导意见》",
        ),
        # corpus/003 Henan (六): reporting to a body is no responsibility
        (HENAN, "对在建、拟建“两高”项目清单实行动态调整，调整情况及时报省发展改革委。"),
        # corpus/003 Henan (十九): 省委 is mentioned, not tasked
        (HENAN, "将各地坚决遏制“两高”项目盲目发展情况纳入省委生态环境保护督查范围"),
        # a parenthetical that is no annotation
        (WENZHOU, "深化《温州市制造业高质量绿色发展专项金融服务方案（试行）》，推广绿色智改贷、碳汇贷"),
        # 负责人 is a person
        (NATIONAL, "将节能目标完成情况作为对地方人民政府及其负责人考核评价的内容"),
    ],
)
def test_no_responsibility(ctx: ExtractContext, text: str) -> None:
    assert _tasks(text, ctx) == []
