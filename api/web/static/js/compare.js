// The compare page: what each region (or level) says on a topic, national first, side by side.
import { LEVELS, clauseHref, clear, el, getJSON, params, setParams, setStatus, showError } from "./api.js";
import { targetLine, targetsChart } from "./chart.js";

const PER_GROUP = "8"; // clauses shown per column; the header gives how many match in all
const EXAMPLES = ["光伏", "储能", "节能改造", "氢能", "数据中心"];
const [topic, by] = ["topic", "by"].map((id) => document.getElementById(id));

function groupLabel(g, grouping) {
  return grouping === "level" ? LEVELS[g.level] || g.level || "未知 Unknown" : g.region || "未知 Unknown";
}

function toggle(event) {
  const card = event.target.closest(".task");
  const open = card.classList.toggle("open");
  event.target.setAttribute("aria-expanded", String(open));
  event.target.textContent = open ? "收起 Less" : "展开 More";
}

function column(g, grouping) {
  const head = el("header", {},
    el("h3", {}, groupLabel(g, grouping)),
    el("p", { class: "small muted" }, [grouping === "region" ? LEVELS[g.level] || g.level : null,
      `${g.documents ?? "?"} 份文件 documents`, `${g.matches ?? g.clauses.length} 条相关 matching`].filter(Boolean).join(" · ")));
  const cards = g.clauses.map((c) => el("article", { class: "task" },
    el("p", { class: "small" }, el("a", { href: clauseHref(c.clause, c.doc) }, `${c.doc_title || c.source} ${c.path || ""}`)),
    el("div", { class: "clip excerpt" }, c.text),
    el("button", { type: "button", class: "chip", "aria-expanded": "false", onclick: toggle }, "展开 More")));
  return el("section", { class: "column", "data-region": g.region || "", "data-level": g.level || "" }, head, cards);
}

function fillTargets(groups, grouping) {
  const body = clear(document.querySelector("#targets tbody"));
  for (const g of groups) {
    for (const t of g.targets) {
      body.append(el("tr", {}, el("td", {}, groupLabel(g, grouping)), el("td", { class: "mono" }, t.year ?? "—"),
        el("td", {}, t.indicator || ""), el("td", {}, targetLine({ ...t, indicator: "" })),
        el("td", {}, t.clause ? el("a", { href: clauseHref(t.clause, t.doc) }, "条款 Clause") : "")));
    }
  }
  return body.children.length;
}

async function compare() {
  const text = topic.value.trim();
  setParams({ topic: text, by: by.value === "region" ? "" : by.value });
  if (!text) return;
  setStatus("比较中… Comparing…");
  const button = document.getElementById("compare-button");
  button.disabled = true;
  try {
    const result = await getJSON(`/compare?${new URLSearchParams({ topic: text, by: by.value, per_group: PER_GROUP })}`);
    const groups = result.groups || [];
    const columns = clear(document.getElementById("groups"));
    groups.forEach((g) => columns.append(column(g, by.value)));
    document.getElementById("groups-section").classList.toggle("hidden", !groups.length);
    const chart = targetsChart(groups.map((g) => ({ label: groupLabel(g, by.value), targets: g.targets })),
      `“${text}”的目标 Targets on ${text}`);
    clear(document.getElementById("chart"));
    if (chart) document.getElementById("chart").append(chart);
    document.getElementById("chart-section").classList.toggle("hidden", !chart);
    const nTargets = fillTargets(groups, by.value);
    document.getElementById("targets-section").classList.toggle("hidden", !nTargets);
    setStatus(groups.length ? `${groups.length} 组 groups · ${nTargets} 个目标 targets` : `没有相关条款 Nothing found on “${text}”`);
  } catch (err) {
    setStatus("");
    showError(document.getElementById("groups"), err, "比较失败 Compare failed");
    document.getElementById("groups-section").classList.remove("hidden");
  } finally {
    button.disabled = false;
  }
}

const examples = document.getElementById("examples");
for (const word of EXAMPLES) {
  examples.append(el("button", { type: "button", class: "chip", onclick: () => { topic.value = word; compare(); } }, word));
}
document.getElementById("compare-form").addEventListener("submit", (e) => { e.preventDefault(); compare(); });
by.addEventListener("change", compare);
const initial = params();
topic.value = initial.topic || "";
if (initial.by) by.value = initial.by;
if (topic.value) compare(); else topic.focus();
