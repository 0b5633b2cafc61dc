"""Agency mentions resolve to canonical full names in the document's jurisdiction."""

from __future__ import annotations

import pytest

from ingest.extract.agencies import find_agencies
from ingest.nlp import ExtractContext, facts_of, run

HENAN = ExtractContext(region="河南省", level="provincial")
WENZHOU = ExtractContext(region="温州市", level="municipal")
CHONGQING = ExtractContext(region="重庆市", level="municipal")
HUANGPU = ExtractContext(region="黄浦区", level="district", city="上海市")
BEIJING = ExtractContext(region="北京市", level="municipal")
NATIONAL = ExtractContext(region="全国", level="national")


def _names(text: str, ctx: ExtractContext) -> dict[str, str]:
    return {text[s:e]: a.name for s, e, a in find_agencies(text, ctx)}


@pytest.mark.parametrize(
    ("ctx", "text", "mention", "name"),
    [
        # corpus/003, Henan two-highs plan
        (HENAN, "（省发展改革委、工业和信息化厅、生态环境厅负责）", "省发展改革委", "河南省发展和改革委员会"),
        (HENAN, "（省发展改革委、工业和信息化厅、生态环境厅负责）", "工业和信息化厅", "河南省工业和信息化厅"),
        (HENAN, "（省自然资源厅、应急厅、市场监管局等部门负责）", "应急厅", "河南省应急管理厅"),
        (HENAN, "（省自然资源厅、应急厅、市场监管局等部门负责）", "市场监管局", "河南省市场监督管理局"),
        (
            HENAN,
            "（省地方金融监管局、人行郑州中心支行、河南银保监局、证监局、省发展改革委负责）",
            "人行郑州中心支行",
            "中国人民银行郑州中心支行",
        ),
        (
            HENAN,
            "（省地方金融监管局、人行郑州中心支行、河南银保监局、证监局、省发展改革委负责）",
            "河南银保监局",
            "中国银行保险监督管理委员会河南监管局",
        ),
        (
            HENAN,
            "（省地方金融监管局、人行郑州中心支行、河南银保监局、证监局、省发展改革委负责）",
            "证监局",
            "中国证券监督管理委员会河南监管局",
        ),
        (HENAN, "（省发展改革委、市场监管局、统计局负责）", "统计局", "河南省统计局"),
        (
            HENAN,
            "(各省辖市政府、济源示范区管委会、各省直管县〔市〕政府，省发展改革委负责)",
            "各省直管县〔市〕政府",
            "各省直管县〔市〕政府",
        ),
        (
            HENAN,
            "(各省辖市政府、济源示范区管委会、各省直管县〔市〕政府，省发展改革委负责)",
            "济源示范区管委会",
            "济源示范区管委会",
        ),
        (HENAN, "纳入省委生态环境保护督查范围", "省委", "中共河南省委"),
        # corpus/003, Wenzhou plan
        (WENZHOU, "（责任单位：市经信局、市发展改革委）", "市经信局", "温州市经济和信息化局"),
        (
            WENZHOU,
            "（责任单位：市经信局、人行温州市中心支行、温州银保监分局）",
            "温州银保监分局",
            "中国银行保险监督管理委员会温州监管分局",
        ),
        (
            WENZHOU,
            "（责任单位：市发展改革委、市住建局、市消防救援支队）",
            "市住建局",
            "温州市住房和城乡建设局",
        ),
        (WENZHOU, "（责任单位：市发展改革委、温州电力局）", "温州电力局", "温州电力局"),
        # external: Chongqing measures, Huangpu plan, Beijing notices
        (
            CHONGQING,
            "（责任单位：市经济信息委、市委金融办、重庆金融监管局）",
            "市经济信息委",
            "重庆市经济和信息化委员会",
        ),
        (
            CHONGQING,
            "（责任单位：市经济信息委、市委金融办、重庆金融监管局）",
            "市委金融办",
            "中共重庆市委金融委员会办公室",
        ),
        (
            CHONGQING,
            "（责任单位：市经济信息委、市委金融办、重庆金融监管局）",
            "重庆金融监管局",
            "国家金融监督管理总局重庆监管局",
        ),
        (
            HUANGPU,
            "（责任单位：区发展改革委、区建管委、区规划资源局、区城管执法局）",
            "区发展改革委",
            "上海市黄浦区发展和改革委员会",
        ),
        (
            HUANGPU,
            "（责任单位：区发展改革委、区建管委、区规划资源局、区城管执法局）",
            "区规划资源局",
            "上海市黄浦区规划和自然资源局",
        ),
        (
            HUANGPU,
            "黄浦区发展和改革委员会黄浦区建设和管理委员会",
            "黄浦区建设和管理委员会",
            "上海市黄浦区建设和管理委员会",
        ),
        (BEIJING, "各有关单位：经市政府同意，现将《行动方案》印发给你们", "市政府", "北京市人民政府"),
        (BEIJING, "北京市经济和信息化局 北京市生态环境局 关于印发", "北京市生态环境局", "北京市生态环境局"),
        # the same short form in another jurisdiction
        (BEIJING, "（责任单位：市经信局）", "市经信局", "北京市经济和信息化局"),
        (WENZHOU, "由省经信厅统一部署", "省经信厅", "浙江省经济和信息化厅"),
        # national bodies keep their national name
        (
            BEIJING,
            "以及工业和信息化部等七部门《关于加快推动制造业绿色化发展的指导意见》",
            "工业和信息化部",
            "工业和信息化部",
        ),
        (
            NATIONAL,
            "国家发展改革委 国家能源局关于加快建设全国统一电力市场体系的指导意见",
            "国家发展改革委",
            "国家发展和改革委员会",
        ),
        (NATIONAL, "人民银行、银保监会要加强指导", "人民银行", "中国人民银行"),
    ],
)
def test_mention_resolves_to_full_name(ctx: ExtractContext, text: str, mention: str, name: str) -> None:
    assert _names(text, ctx)[mention] == name


@pytest.mark.parametrize(
    ("ctx", "text", "mention", "kind", "known"),
    [
        (
            HUANGPU,
            "（责任单位：区发展改革委、打浦桥街道管理办、半淞园路街道管理办）",
            "打浦桥街道管理办",
            "unknown",
            False,
        ),
        (
            HUANGPU,
            "（责任单位：区发展改革委、区房管局、区国资委，各街道管理办，各区属集团）",
            "各区属集团",
            "group",
            True,
        ),
        (HENAN, "各地、各有关部门要严把“两高”项目准入关", "各有关部门", "group", True),
        (HENAN, "各地、各有关部门要严把“两高”项目准入关", "各地", "group", True),
        (
            NATIONAL,
            "第十条 国务院管理节能工作的部门主管全国的节能监督管理工作。",
            "国务院管理节能工作的部门",
            "unknown",
            False,
        ),
        (
            NATIONAL,
            "国务院和省、自治区、直辖市人民政府推进能源资源优化开发利用",
            "省、自治区、直辖市人民政府",
            "group",
            True,
        ),
    ],
)
def test_unknown_and_group_bodies_are_kept(
    ctx: ExtractContext, text: str, mention: str, kind: str, known: bool
) -> None:
    found = {text[s:e]: a for s, e, a in find_agencies(text, ctx)}
    assert (found[mention].kind, found[mention].known) == (kind, known)


@pytest.mark.parametrize(
    ("ctx", "text"),
    [
        # corpus/003 Henan (十四): banks and enterprises are no government bodies
        (HENAN, "银行等金融机构要严格控制“两高”项目信贷规模，违规实施“两高”项目的企业不得利用资本市场融资。"),
        # corpus/002: a 文号 names a document, not a body at work
        (NATIONAL, "工信部规〔2021〕178号"),
        # corpus/001 and 000: centres and parks are no agencies
        (BEIJING, "鼓励数据中心积极创建国家绿色数据中心，以企业为主体建设产业创新中心、技术创新中心。"),
        (BEIJING, "加强部门联动和协调配合，统筹产业布局、结构调整与绿色园区建设。"),
        (WENZHOU, "推进我市制造业节能改造，对市场化机制合理控制，市级节能改造试点示范项目"),
    ],
)
def test_no_agency_in_non_agency_words(ctx: ExtractContext, text: str) -> None:
    assert find_agencies(text, ctx) == []


def test_component_records_agencies_at_mention_spans() -> None:
    text = "（十五）全面开展用能权交易。（省发展改革委牵头，省地方金融监管局等部门负责）"
    doc = run(text, HENAN)
    found = [(doc.text[s:e], a.name) for s, e, a in facts_of(doc, "agencies")]
    assert found == [
        ("省发展改革委", "河南省发展和改革委员会"),
        ("省地方金融监管局", "河南省地方金融监督管理局"),
    ]
