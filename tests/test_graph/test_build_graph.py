"""graph.build: hand-made Documents become the vocabulary of ontology/policy.ttl.

The sample documents here (a municipal plan with every kind of fact, and a newsletter
compilation holding two documents) are also used by the store, export and SHACL tests.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from graph.build import document_graph, document_graphs
from graph.errors import BuildError
from graph.namespaces import ELI, ORG, PKG
from ingest.models import (
    Agency,
    AgencyTask,
    Clause,
    Condition,
    Deadline,
    Document,
    Incentive,
    Provenance,
    Target,
    Tier,
    UnitRate,
)

PLAN_TEXT = (
    "温州市工业节能降碳行动方案\n"
    "温政办〔2022〕15号\n"
    "到2025年，全市规上工业单位增加值能耗比2020年下降14%。\n"
    "一、主要任务\n"
    "（一）推进工业节能。2023年底前完成重点企业节能诊断。（责任单位：市经信局、市发展改革委）\n"
    "1.对年节能量30吨标准煤以上或单位增加值能耗下降4%以上的技改项目，按1200元/吨标准煤给予奖励，"
    "单个项目最高不超过300万元。\n"
    "2.投资额100万元至500万元的项目按14%补助，500万元以上的按17%补助。\n"
    "二、保障措施\n"
    "由市经信局牵头，市财政局配合。\n"
)


def span_of(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def prov(extractor: str, piece: str, text: str = PLAN_TEXT) -> Provenance:
    return Provenance(extractor, "1.0", span_of(text, piece))


def clause(key: str, marker: str | None, text: str, depth: int, parent: str | None,
           heading: str | None = None, source: str = PLAN_TEXT) -> Clause:
    return Clause(key=key, marker=marker, heading=heading, text=text, depth=depth,
                  pieces=[span_of(source, text)], parent=parent)


def wenzhou_plan() -> Document:
    """A municipal plan with a preamble target, nested clauses and every kind of fact."""
    t = PLAN_TEXT
    item1 = t.splitlines()[5]
    item2 = t.splitlines()[6]
    wzjx = Agency("温州市经济和信息化局", "温州市", "municipal")
    return Document(
        source="wenzhou_plan.txt", title="温州市工业节能降碳行动方案", issuers=["温州市人民政府办公室"],
        doc_number="温政办〔2022〕15号", date=date(2022, 3, 1), region="温州市", level="municipal",
        valid_until=date(2025, 12, 31), validity_text="有效期至2025年12月31日", span=(0, len(t)),
        sha256="a" * 64, plan_period=(2021, 2025),
        clauses=[
            clause("一", "一、", "一、主要任务", 1, None, heading="主要任务"),
            clause("一/（一）", "（一）", t.splitlines()[4], 2, "一", heading="推进工业节能"),
            clause("一/（一）/1", "1.", item1, 3, "一/（一）"),
            clause("一/（一）/2", "2.", item2, 3, "一/（一）"),
            clause("二", "二、", "二、保障措施\n由市经信局牵头，市财政局配合。", 1, None, heading="保障措施"),
        ],
        agency_tasks=[
            AgencyTask("一/（一）", wzjx, "市经信局", "responsible", prov("policy_responsibility", "市经信局、")),
            AgencyTask("一/（一）", Agency("温州市发展和改革委员会", "温州市", "municipal"), "市发展改革委",
                       "responsible", prov("policy_responsibility", "市发展改革委")),
            AgencyTask("二", wzjx, "市经信局", "lead", prov("policy_responsibility", "市经信局牵头")),
            AgencyTask("二", Agency("温州市财政局", "温州市", "municipal"), "市财政局", "co",
                       prov("policy_responsibility", "市财政局配合")),
        ],
        targets=[Target(None, "规上工业单位增加值能耗比2020年下降", 14.0, "%", ">=", 2025, 2020, None,
                        "下降14%", prov("policy_targets", "下降14%"))],
        deadlines=[Deadline("一/（一）", "2023年底前", date(2023, 12, 31), "完成重点企业节能诊断",
                            prov("policy_dates", "2023年底前"))],
        incentives=[
            Incentive("一/（一）/1", "企业", "技改项目", item1, prov("policy_incentives", item1),
                      unit_rate=UnitRate(1200.0, "元/吨标准煤", "annual energy saved, tce"), cap_yuan=3000000.0,
                      cap_scope="单个项目",
                      conditions=[Condition("年节能量30吨标准煤以上或单位增加值能耗下降4%以上", any_of=[
                          Condition("年节能量30吨标准煤以上", "年节能量", ">=", 30.0, "吨标准煤"),
                          Condition("单位增加值能耗下降4%以上", "单位增加值能耗下降率", ">=", 4.0, "%")])]),
            Incentive("一/（一）/2", "企业", "项目", item2, prov("policy_incentives", item2),
                      tiers=[Tier(1000000.0, 5000000.0, 0.14), Tier(5000000.0, None, 0.17)]),
        ],
    )


NEWS_TEXT = (
    "节能简报 2022年第3期\n"
    "关于推进绿色工厂建设的通知\n"
    "工信厅节〔2022〕8号\n"
    "各地要在2022年11月底前报送名单。\n"
    "本市召开节能工作会议\n"
    "会议要求各区抓好落实。\n"
)


def newsletter() -> Document:
    """A compilation: a ministry notice with a 文号 and an undated news item."""
    t = NEWS_TEXT
    notice_end = t.index("本市召开")
    notice = Document(source="", title="关于推进绿色工厂建设的通知", issuers=["工业和信息化部办公厅"],
                      doc_number="工信厅节〔2022〕8号", region="全国", level="national", span=(t.index("关于"), notice_end),
                      deadlines=[Deadline(None, "2022年11月底前", date(2022, 11, 30), "报送名单",
                                          prov("policy_dates", "2022年11月底前", t))])
    news = Document(source="", title="本市召开节能工作会议", kind="news", span=(notice_end, len(t)),
                    region="鹿城区", level="district", city="温州市",
                    agency_tasks=[AgencyTask(None, Agency("各区", "温州市", kind="group"), "各区", "responsible",
                                             prov("policy_responsibility", "各区", t))])
    return Document(source="newsletter_2022_3.txt", title="节能简报 2022年第3期", kind="compilation",
                    span=(0, len(t)), sha256="b" * 64, parts=[notice, news])


def test_build_document_record_uses_eli_terms():
    doc = wenzhou_plan()
    iri, g = document_graph(doc, PLAN_TEXT)
    d = URIRef(iri)
    assert g.identifier == d
    assert (d, RDF.type, ELI.LegalResource) in g
    assert g.value(d, ELI.title) == Literal("温州市工业节能降碳行动方案", lang="zh")
    assert g.value(d, ELI.id_local) == Literal("温政办〔2022〕15号")
    assert g.value(d, ELI.date_document) == Literal(date(2022, 3, 1))
    assert g.value(d, PKG.validUntil).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert str(g.value(g.value(d, ELI.passed_by), SKOS.prefLabel)) == "温州市人民政府办公室"
    assert str(g.value(d, PKG.sourceSha256)) == "a" * 64


@pytest.mark.parametrize("key, parent_key, depth, order", [
    ("一", None, 1, 0), ("一/（一）", "一", 2, 1), ("一/（一）/1", "一/（一）", 3, 2), ("二", None, 1, 4)])
def test_build_clause_tree_links_parent_and_document(key, parent_key, depth, order):
    doc = wenzhou_plan()
    iri, g = document_graph(doc, PLAN_TEXT)
    node = next(s for s in g.subjects(PKG.path, Literal(key)))
    parent = URIRef(iri) if parent_key is None else next(g.subjects(PKG.path, Literal(parent_key)))
    assert (node, RDF.type, ELI.LegalResourceSubdivision) in g
    assert g.value(node, ELI.is_part_of) == parent
    assert g.value(node, PKG.document) == URIRef(iri)
    assert g.value(node, PKG.depth).toPython() == depth
    assert g.value(node, PKG.order).toPython() == order
    start, end = doc.clause(key).span
    assert PLAN_TEXT[g.value(node, PKG.spanStart).toPython():g.value(node, PKG.spanEnd).toPython()] == \
        PLAN_TEXT[start:end]


def test_build_responsibility_is_qualified_and_has_shortcut():
    iri, g = document_graph(wenzhou_plan(), PLAN_TEXT)
    section_two = next(g.subjects(PKG.path, Literal("二")))
    roles = {(str(g.value(g.value(r, PKG.agency), SKOS.prefLabel)), str(g.value(r, PKG.role)))
             for r in g.subjects(PKG.clause, section_two) if (r, RDF.type, PKG.Responsibility) in g}
    assert roles == {("温州市经济和信息化局", "lead"), ("温州市财政局", "co")}
    lead = g.value(section_two, PKG.leadAgency)
    assert str(g.value(lead, SKOS.prefLabel)) == "温州市经济和信息化局"
    assert (lead, RDF.type, ORG.Organization) in g
    assert set(map(str, g.objects(lead, SKOS.altLabel))) == {"市经信局"}


@pytest.mark.parametrize("cls", [PKG.Responsibility, PKG.Target, PKG.Deadline, PKG.Incentive])
def test_build_every_fact_has_provenance(cls):
    _, g = document_graph(wenzhou_plan(), PLAN_TEXT)
    facts = list(g.subjects(RDF.type, cls))
    assert facts
    for f in facts:
        owner = g.value(f, PROV.wasDerivedFrom)
        assert owner in (g.value(f, PKG.clause), g.value(f, PKG.document))
        assert g.value(f, PKG.spanStart).toPython() < g.value(f, PKG.spanEnd).toPython()
        extractor = g.value(f, PROV.wasGeneratedBy)
        assert (extractor, RDF.type, PKG.Extractor) in g
        assert str(g.value(extractor, PKG.version)) == "1.0"


def test_build_preamble_target_points_at_document():
    iri, g = document_graph(wenzhou_plan(), PLAN_TEXT)
    target = next(g.subjects(RDF.type, PKG.Target))
    assert g.value(target, PKG.document) == URIRef(iri)
    assert g.value(target, PKG.clause) is None
    assert g.value(target, PKG.value) == Literal("14", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
    assert g.value(target, PKG.baselineYear).toPython() == 2020


def test_build_incentive_nested_nodes():
    _, g = document_graph(wenzhou_plan(), PLAN_TEXT)
    rated = next(i for i in g.subjects(RDF.type, PKG.Incentive) if g.value(i, PKG.unitRate))
    rate = g.value(rated, PKG.unitRate)
    assert g.value(rate, PKG.value).toPython() == 1200
    assert g.value(rated, PKG.capYuan).toPython() == 3000000
    condition = g.value(rated, PKG.condition)
    alternatives = sorted(str(g.value(a, PKG.indicator)) for a in g.objects(condition, PKG.anyOf))
    assert alternatives == ["单位增加值能耗下降率", "年节能量"]
    tiered = next(i for i in g.subjects(RDF.type, PKG.Incentive) if g.value(i, PKG.tier))
    ratios = sorted(float(g.value(t, PKG.ratio)) for t in g.objects(tiered, PKG.tier))
    assert ratios == [0.14, 0.17]


def test_build_same_document_twice_gives_identical_graph():
    iri1, g1 = document_graph(wenzhou_plan(), PLAN_TEXT)
    iri2, g2 = document_graph(wenzhou_plan(), None)
    assert iri1 == iri2
    assert set(g1) == set(g2)


def test_build_compilation_parts_get_own_graphs():
    graphs = document_graphs(newsletter(), NEWS_TEXT)
    assert len(graphs) == 3
    (comp_iri, comp), (notice_iri, notice), (news_iri, news) = graphs
    assert {str(o) for o in comp.objects(URIRef(comp_iri), ELI.has_part)} == {notice_iri, news_iri}
    assert notice.value(URIRef(notice_iri), ELI.is_part_of) == URIRef(comp_iri)
    assert str(notice.value(URIRef(notice_iri), PKG.sourceFile)) == "newsletter_2022_3.txt"
    assert str(news.value(URIRef(news_iri), PKG.sourceSha256)) == "b" * 64
    assert str(comp.value(URIRef(comp_iri), PKG.documentKind)) == "compilation"


@pytest.mark.parametrize("mutate, message", [
    (lambda d: setattr(d.targets[0], "clause", "九"), "not in the document"),
    (lambda d: setattr(d.deadlines[0], "prov", Provenance("policy_dates", "1", (5, 10_000))), "outside"),
])
def test_build_rejects_inconsistent_documents(mutate, message):
    doc = wenzhou_plan()
    mutate(doc)
    with pytest.raises(BuildError, match=message):
        document_graph(doc, PLAN_TEXT)
