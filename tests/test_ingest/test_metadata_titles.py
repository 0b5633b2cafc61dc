"""Titles broken over lines, letter-spaced, under a decree header, or missing; issuers in a title."""

from __future__ import annotations

import pytest

from ingest.extract.titles import clean_title, find_title, title_issuers

# Heads of real documents (../shared/external), as the readers give them.
HAINAN = "\n".join([
    "海南省农业农村厅 海南省财政厅",
    "关于印发2024-2026 年海南省农机",
    "购置与应用补贴实施方案的通知",
    "各市、县、自治县农业农村局、财政局：",
    "为规范实施农机购置与应用补贴政策，充分发挥政策效益，推动农业机械化全程全面高质量发展。",
])  # fmt: skip
TIANJIN = "\n".join([
    "市工业和信息化局关于印发2021年春节期间",
    "电力需求响应实施细则的通知",
    "国网天津市电力公司，有关单位：",
    "为落实国家和我市关于春节期间能源保供工作部署要求，充分保障群众用电用热需求。",
])  # fmt: skip
CHONGQING = "\n".join([
    "重庆市经济和信息化委员会",
    "重庆市财政局",
    "中共重庆市委金融委员会办公室",
    "国家金融监督管理总局重庆监管局",
    "重庆市商务委员会",
    "关于印发《重庆市支持智能网联新能源商用车",
    "产业发展政策措施（2025—2027年）》的通知",
    "渝经信规范〔2025〕13号",
    "各有关单位：",
])  # fmt: skip
MOFCOM = "\n".join([
    "中华人民共和国商务部令",
    "（2014年第3号） 境外投资管理办法__2014年第35号国务院公报_中国政府网",
    "中华人民共和国商务部令",
    "2014 年 第 3 号",
    "《境外投资管理办法》已经2014年8月19日商务部第27次部务会议审议通过，现予发布，自2014年10月6日起施行。",
    "部 长 高虎城",
    "2014年9月6日",
    "境 外 投 资 管 理 办 法",
    "第一章 总 则",
])  # fmt: skip
CIVIL_CODE = "\n".join([
    "中华人民共和国民法典",
    "（２０２０年５月２８日第十三届全国人民代表大会第三次会议通过）",
    "目 录",
    "第一编 总 则",
])  # fmt: skip
CSRC = "\n".join([
    "2018年3季度上市公司行业分类结果",
    "门类名称及代码 | 行业大类代码 | 行业大类名称 | 上市公司代码 | 上市公司简称",
    "农、林、牧、渔业(A) | 01 | 农业 | 000998 | 隆平高科",
])  # fmt: skip
# a gov site's info table above the title: its last value is no part of the title
BEIJING_PAGE = "\n".join([
    "[有效性]",
    "现行有效",
    "北京市发展和改革委员会关于公开征集市政府固定资产投资支持新能源供热项目的通知",
    "分享:",
    "各有关单位：",
])  # fmt: skip


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (HAINAN, "海南省农业农村厅 海南省财政厅关于印发2024-2026年海南省农机购置与应用补贴实施方案的通知"),
        (TIANJIN, "市工业和信息化局关于印发2021年春节期间电力需求响应实施细则的通知"),
        (CHONGQING, "关于印发《重庆市支持智能网联新能源商用车产业发展政策措施（2025—2027年）》的通知"),
        (MOFCOM, "境外投资管理办法"),
        (CIVIL_CODE, "中华人民共和国民法典"),
        (BEIJING_PAGE, "北京市发展和改革委员会关于公开征集市政府固定资产投资支持新能源供热项目的通知"),
        (CSRC, None),  # no line ends like a title
    ],
    ids=[
        "two-line-break",
        "break-after-year",
        "stacked-issuers",
        "decree-letter-spaced",
        "law",
        "page-table",
        "table",
    ],
)
def test_metadata_titles_find(text: str, title: str | None) -> None:
    found, span = find_title(text, (0, len(text)))
    assert found == title
    if title:
        assert "".join(text[span[0] : span[1]].split()).replace("__", "") == title.replace(" ", "")


def test_metadata_titles_first_line_fallback() -> None:
    assert find_title(CSRC, (0, len(CSRC)), first_line_fallback=True)[0] == "2018年3季度上市公司行业分类结果"
    assert find_title("为落实部署，现通知如下：\n一、总体要求", (0, 20), first_line_fallback=True) == (
        None,
        None,
    )


@pytest.mark.parametrize(
    ("title", "issuers"),
    [
        ("国务院办公厅转发国家发展改革委商务部人民银行外交部关于进一步引导和规范境外投资方向指导意见的通知", ["国务院办公厅"]),
        ("海南省农业农村厅 海南省财政厅关于印发2024-2026年海南省农机购置与应用补贴实施方案的通知", ["海南省农业农村厅", "海南省财政厅"]),
        ("市工业和信息化局关于印发2021年春节期间电力需求响应实施细则的通知", ["市工业和信息化局"]),
        ("关于印发《上海市零碳园区建设工作方案》的通知", []),
        ("推动“一带一路”关于境外投资的思考", []),
    ],
)  # fmt: skip
def test_metadata_titles_issuers(title: str, issuers: list[str]) -> None:
    assert title_issuers(title) == issuers


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("境 外 投 资 管 理 办 法", "境外投资管理办法"),
        ("北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知", "北京市经济和信息化局 北京市生态环境局 关于印发《指引》的通知"),
        ("关于印发2024-2026 年海南省农机", "关于印发2024-2026年海南省农机"),
    ],
)  # fmt: skip
def test_metadata_titles_clean(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean
