"""Web-page noise in the real scraped files of ../shared/external/texts, and the pure helpers."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import ingest.normalize
from ingest.normalize import clean_web_text, drop_repeated_runs, is_boilerplate, is_page_number
from ingest.readers import read

TEXTS = Path(__file__).resolve().parents[3] / "shared" / "external" / "texts"
pytestmark = pytest.mark.skipif(not TEXTS.is_dir(), reason="external corpus not present")

# file -> (kept: title and body sentences; gone: noise seen in the raw file)
CASES = {
    "ndrc-nea-unified-power-market-2022.txt": (
        [
            "国家发展改革委 国家能源局关于加快建设全国统一电力市场体系的指导意见",
            "发改体改〔2022〕118号",
            "（三）及时跟踪评估。",
            "国 家 能 源 局\n2022年1月18日",
        ],
        ["首页", "扫一扫", "版权所有", "京ICP备", "发文机关：", "主题分类", "_中国政府网", "回到顶部"],
    ),
    "beijing-ndrc-new-energy-heating-support-2026.txt": (
        [
            "北京市发展和改革委员会关于公开征集市政府固定资产投资支持新能源供热项目的通知",
            "各有关单位：",
            "（一）申报时间。2026年3月20日前。",
            "（联系人：李老师；联系电话：55590470）",
        ],
        [
            "访问我的专属空间",
            "[发文字号]",
            "当前位置",
            "分享:",
            "我在听",
            "天津市发展和改革委员会",
            "网站标识码",
            "市监狱局",
        ],
    ),
    "chongqing-icv-nev-commercial-vehicle-measures-2025.txt": (
        [
            "渝经信规范〔2025〕13号",
            "产业发展政策措施（2025—2027年）》的通知",
            "六、新能源商用车海外认证检测费用激励",
        ],
        ["下载文字版", "一图读懂", "政策问答", "市级部门相关网站", "重庆工信职业学院", "渝ICP备", "官方微信"],
    ),
    "tianjin-miit-demand-response-spring-festival-2021.txt": (
        [
            "本次需求响应实施时间为2021年2月13日至2021年2月15日",
            "补贴价格为1.2元/",
            "1.2\n2.0",
            "附录3：效果评估与补贴发放流程图",
        ],
        ["天津政务网", "索 引 号", "长者模式", "网站地图", "........", "- 1 -", "系统检测到", "1.22.0"],
    ),
    "shanghai-zero-carbon-park-plan-2026.md": (
        ["# 关于印发《上海市零碳园区建设工作方案》的通知", "各有关单位："],
        ["---", "标题:", "官方链接", "仅供检索查阅", "不适用著作权法"],
    ),
    "cn-law-energy-conservation-2018.md": (
        [
            "# 中华人民共和国节约能源法",
            "2018年10月26日 第十三届全国人民代表大会常务委员会第六次会议",
            "## 第一章 总则",
            "第一条 为了推动全社会节约能源",
        ],
        ["<!--", "INFO END"],
    ),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request):
    name = request.param
    return name, read(TEXTS / name).text


def test_normalize_web_keeps_title_and_body(case):
    name, text = case
    for kept in CASES[name][0]:
        assert kept in text, (name, kept)


def test_normalize_web_drops_noise(case):
    name, text = case
    for gone in CASES[name][1]:
        assert gone not in text, (name, gone)


def test_normalize_web_body_repeated_twice_kept_once():
    text = read(TEXTS / "ndrc-nea-unified-power-market-2022.txt").text
    assert text.count("（一）指导思想。") == 1
    assert text.count("发改体改〔2022〕118号") == 1
    assert text.rstrip().endswith("2022年1月18日")


@pytest.mark.parametrize("path", sorted(TEXTS.glob("*")), ids=lambda p: p.name)
def test_normalize_web_every_external_text_reads(path):
    text = read(path).text
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert len(text) > 1000
    assert not any(is_boilerplate(ln) for ln in lines), [ln for ln in lines if is_boilerplate(ln)]
    assert "<!--" not in text and not text.startswith("---")


def test_normalize_web_metadata_of_info_table():
    raw = (TEXTS / "tianjin-miit-demand-response-spring-festival-2021.txt").read_text("utf-8")
    fields = ingest.normalize.web_metadata(raw)
    assert fields["发文字号"] == "津工信电力〔2021〕3号"
    assert fields["发布机构"] == "天津市工业和信息化局"
    front = ingest.normalize.web_metadata(
        (TEXTS / "shanghai-zero-carbon-park-plan-2026.md").read_text("utf-8")
    )
    assert front["文号"] == "沪发改环资〔2026〕130号"


def test_normalize_web_clean_text_untouched():
    text = "关于印发某方案的通知\n\n各有关单位：\n\n一、总体要求\n到2025年，能耗下降13.5%。\n"
    assert clean_web_text(text) == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("— 3 —", True),
        ("- １２ -", True),
        ("第3页", True),
        ("3/20", True),
        ("2021年", False),
        ("（三）", False),
    ],
)
def test_normalize_page_numbers(line, expected):
    assert is_page_number(line) is expected


def test_normalize_repeated_runs_short_repeats_stay():
    lines = ["专栏1 重点工程", "内容甲。", "专栏1 重点工程", "内容乙。"]
    assert drop_repeated_runs(lines) == lines


def test_normalize_doctests():
    result = doctest.testmod(ingest.normalize)
    assert result.attempted >= 8 and result.failed == 0
