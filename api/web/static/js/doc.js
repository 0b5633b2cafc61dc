// The document page: metadata, the clause tree, and the extracted facts marked in the text.
import {
  LEVELS, ROLES, agencyHref, clauseAnchor, clear, describeHref, el, getJSON, showError, yuan,
} from "./api.js";
import { KINDS, nestSpans, placeFacts, surface } from "./marks.js";

const docId = decodeURIComponent(location.pathname.replace(/^\/doc\//, ""));
const counts = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0]));
const KIND_NAMES = { policy: "政策文件 Policy", compilation: "汇编 Compilation", article: "文章 Article", news: "新闻 News" };

function metaRows(doc) {
  const valid = doc.valid_from || doc.valid_until ? `${doc.valid_from || "…"} 至 ${doc.valid_until || "…"}` : null;
  return [
    ["发文机关 Issuer", (doc.issuer || []).join("、")], ["文号 Number", doc.doc_number],
    ["成文日期 Date", doc.date], ["地区 Region", doc.region], ["层级 Level", LEVELS[doc.level] || doc.level],
    ["类型 Kind", KIND_NAMES[doc.kind] || doc.kind], ["有效期 Valid", valid],
    ["来源文件 Source", doc.source], ["条款数 Clauses", String(doc.clauses)],
  ].filter(([, v]) => v);
}

function renderMeta(doc) {
  const dl = document.getElementById("doc-meta");
  for (const [k, v] of metaRows(doc)) dl.append(el("dt", {}, k), el("dd", {}, v));
  if (doc.part_of) dl.append(el("dt", {}, "所属 Part of"), el("dd", {}, el("a", { href: `/doc/${doc.part_of.split("/doc/").pop()}` }, "汇编 Compilation")));
  if ((doc.parts || []).length) {
    dl.append(el("dt", {}, "组成部分 Parts"),
      el("dd", {}, el("ul", {}, doc.parts.map((p) => el("li", {}, el("a", { href: `/doc/${p.split("/doc/").pop()}` }, p.split("/doc/").pop()))))));
  }
}

function factRows(kind, f) {
  const rate = f.unit_rate ? `${f.unit_rate.value} ${f.unit_rate.unit || ""}${f.unit_rate.basis ? `（${f.unit_rate.basis}）` : ""}` : null;
  const rows = {
    agency_tasks: [["机构 Agency", f.agency_name], ["称谓 Mention", f.mention], ["角色 Role", ROLES[f.role] || f.role]],
    deadlines: [["表述 Expression", f.expression], ["日期 Date", f.date], ["周期 Recurring", f.recurring],
      ["相对 Relative", f.relative], ["任务 Task", f.task]],
    targets: [["指标 Indicator", f.indicator],
      ["目标值 Value", f.value !== undefined ? `${f.comparator || ""} ${f.value} ${f.unit || ""}`.trim() : null],
      ["目标年 Year", f.year], ["基期 Baseline", f.baseline_year], ["性质 Nature", f.nature], ["原文 Text", f.text]],
    incentives: [["对象 Beneficiary", f.beneficiary], ["项目 Project", f.project],
      ["比例上限 Ratio cap", f.ratio_cap !== undefined ? `${Math.round(f.ratio_cap * 1000) / 10}%` : null],
      ["单价 Unit rate", rate], ["上限 Cap", f.cap_yuan !== undefined ? yuan(f.cap_yuan) : null],
      ["下限 Floor", f.floor_yuan !== undefined ? yuan(f.floor_yuan) : null],
      ["定额 Fixed", f.fixed_yuan !== undefined ? yuan(f.fixed_yuan) : null], ["原文 Text", f.text]],
  }[kind];
  return rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
}

function showFact(kind, fact) {
  const panel = clear(document.getElementById("fact-panel"));
  const dl = el("dl", { class: "meta" });
  for (const [k, v] of factRows(kind, fact)) dl.append(el("dt", {}, k), el("dd", {}, String(v)));
  panel.classList.add("open");  // on a phone the panel is a sheet over the text, shown once a fact is chosen
  panel.append(
    el("button", { type: "button", class: "chip close", "aria-label": "关闭 Close",
      onclick: () => panel.classList.remove("open") }, "×"),
    el("h3", {}, el("span", { class: `swatch fact-${KINDS[kind].css}` }), " ", KINDS[kind].label),
    dl,
    el("p", {}, el("a", { href: describeHref(fact.id), id: "graph-node-link" }, "图谱节点 Graph node →")));
  if (kind === "agency_tasks" && fact.agency) {
    panel.append(el("p", {}, el("a", { href: agencyHref(fact.agency) }, "机构任务看板 Agency task board →")));
  }
  panel.append(el("p", { class: "mono small muted iri" }, fact.id));
}

function factLabel(kind, fact) {
  const detail = kind === "agency_tasks" ? `${fact.agency_name || ""} · ${ROLES[fact.role] || fact.role || ""}`
    : kind === "deadlines" ? fact.date || "" : kind === "targets" ? fact.indicator || "" : fact.beneficiary || "";
  return `${KINDS[kind].label}: ${detail}`;
}

function markNode(span, text) {
  const kind = span.kind;
  const node = el("span", {
    class: `fact fact-${KINDS[kind].css}`, tabindex: "0", role: "button", title: factLabel(kind, span.fact),
    "data-kind": KINDS[kind].css, "data-fact": span.fact.id,
  });
  const open = (event) => { event.stopPropagation(); showFact(kind, span.fact); };
  node.addEventListener("click", open);
  node.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(event); } });
  appendMarked(node, text, span.start, span.end, span.children);
  return node;
}

function appendMarked(parent, text, start, end, spans) {
  let at = start;
  for (const span of spans) {
    if (span.start > at) parent.append(text.slice(at, span.start));
    parent.append(markNode(span, text));
    at = span.end;
  }
  if (at < end) parent.append(text.slice(at, end));
}

function chip(kind, fact) {
  return el("span", { class: `fact fact-${KINDS[kind].css}`, tabindex: "0", role: "button", title: factLabel(kind, fact),
    "data-kind": KINDS[kind].css, "data-fact": fact.id, onclick: () => showFact(kind, fact),
    onkeydown: (e) => { if (e.key === "Enter") showFact(kind, fact); } }, surface(kind, fact) || KINDS[kind].label);
}

function renderClause(clause, docIri) {
  for (const [kind, list] of Object.entries(clause.facts || {})) counts[kind] += (list || []).length;
  const text = clause.text || "";
  const { spans, unplaced } = placeFacts(text, clause.facts);
  const { roots, crossing } = nestSpans(spans);
  const body = el("div", { class: "body" });
  appendMarked(body, text, 0, text.length, roots);
  const aside = [...unplaced, ...crossing];
  const anchor = clauseAnchor(clause.id, docIri);
  return el("section", { class: `clause depth-${clause.depth || 1}`, id: anchor, "data-path": clause.path || "" },
    el("div", { class: "path" }, el("a", { href: `#${anchor}` }, `条款 ${clause.path || clause.marker || ""}`)),
    body,
    aside.length ? el("div", { class: "unplaced" }, el("span", { class: "muted" }, "另见 Also:"), aside.map((s) => chip(s.kind, s.fact))) : null,
    (clause.children || []).length ? el("div", { class: "children" }, clause.children.map((c) => renderClause(c, docIri))) : null);
}

/** 第一条 总体要求 / 一、推动… : the marker and heading, else the start of the text (which holds the marker). */
function tocLabel(clause) {
  if (!clause.heading) return (clause.text || clause.path || "").split("\n")[0].slice(0, 28);
  const marker = clause.marker || "";
  const gap = marker && !/[、.．)）:：]$/.test(marker) ? " " : "";
  return `${marker}${gap}${clause.heading}`;
}

function renderToc(tree, docIri) {
  const toc = document.getElementById("toc");
  for (const clause of tree) {
    toc.append(el("li", {}, el("a", { href: `#${clauseAnchor(clause.id, docIri)}` }, tocLabel(clause))));
  }
}

function renderLegend() {
  const legend = document.getElementById("legend");
  for (const [kind, { css, label }] of Object.entries(KINDS)) {
    const box = el("input", { type: "checkbox", checked: true, "data-kind": css,
      onchange: (e) => document.body.classList.toggle(`hide-${css}`, !e.target.checked) });
    legend.append(el("label", {}, box, el("span", { class: `swatch fact-${css}` }), `${label}（${counts[kind]}）`));
  }
}

async function main() {
  const article = document.getElementById("doc");
  try {
    const doc = await getJSON(`/documents/${encodeURIComponent(docId).replace(/%2F/g, "/")}`);
    document.title = `${doc.title || doc.source} · policykg`;
    document.getElementById("doc-title").textContent = doc.title || doc.source;
    renderMeta(doc);
    const preamble = Object.entries(doc.facts || {}).flatMap(([kind, list]) => (list || []).map((fact) => ({ kind, fact })));
    for (const { kind } of preamble) counts[kind] += 1;
    if (preamble.length) {
      document.getElementById("doc-facts").append(el("section", { class: "card" },
        el("h3", {}, "文件级事实 ", el("span", { class: "en" }, "Facts of the preamble")),
        el("div", { class: "unplaced" }, preamble.map((p) => chip(p.kind, p.fact)))));
    }
    const clauses = document.getElementById("clauses");
    for (const clause of doc.clause_tree || []) clauses.append(renderClause(clause, doc.id));
    if (!(doc.clause_tree || []).length) clauses.append(el("p", { class: "muted" }, "此文件没有条款 This document has no clauses."));
    renderToc(doc.clause_tree || [], doc.id);
    renderLegend();
    document.getElementById("status").textContent = "";
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  } catch (err) {
    document.getElementById("status").textContent = "";
    showError(document.getElementById("clauses"), err, "无法载入文件 Cannot load the document");
  } finally {
    article.setAttribute("aria-busy", "false");
  }
}

main();
