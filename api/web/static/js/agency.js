// An agency's task board: lead / responsible / co columns, deadlines in order, documents, partners.
import {
  LEVELS, ROLES, agencyHref, clauseHref, docShortId, el, getJSON, showError,
} from "./api.js";

const agencyId = decodeURIComponent(location.pathname.replace(/^\/agency\//, ""));
const EXCERPT = 140;

/** The clause text around the agency's mention, with the mention marked. */
function excerpt(task) {
  const text = (task.text || "").replace(/\s+/g, " ");
  const at = task.mention ? text.indexOf(task.mention) : -1;
  if (at < 0) return text.length > EXCERPT ? text.slice(0, EXCERPT) + "…" : text;
  const from = Math.max(0, Math.min(at - 60, text.length - EXCERPT));
  const to = Math.min(text.length, from + EXCERPT);
  return [from > 0 ? "…" : "", text.slice(from, at), el("mark", {}, task.mention),
    text.slice(at + task.mention.length, to), to < text.length ? "…" : ""];
}

function deadlineBadge(task) {
  return task.deadline ? el("span", { class: "badge date" }, `期限 ${task.deadline}`)
    : el("span", { class: "badge none" }, "无期限 No deadline");
}

function card(task) {
  return el("article", { class: "task", "data-role": task.role },
    el("div", { class: "row" }, deadlineBadge(task), el("span", { class: "badge" }, `条款 ${task.path || ""}`)),
    el("p", { class: "small muted", style: null }, el("a", { href: clauseHref(task.clause, task.doc) }, task.doc_title || task.source)),
    el("p", { class: "excerpt" }, excerpt(task)));
}

function renderBoard(tasks) {
  for (const role of Object.keys(ROLES)) {
    const mine = tasks.filter((t) => t.role === role);
    document.querySelector(`[data-count="${role}"]`).textContent = String(mine.length);
    const column = document.querySelector(`[data-role="${role}"]`);
    if (!mine.length) column.append(el("p", { class: "muted small" }, "无 None"));
    mine.forEach((t) => column.append(card(t)));
  }
}

function renderTimeline(tasks) {
  const dated = tasks.filter((t) => t.deadline).sort((a, b) => a.deadline.localeCompare(b.deadline));
  const list = document.getElementById("timeline");
  if (!dated.length) list.append(el("li", { class: "muted" }, "没有带期限的任务 No dated tasks"));
  for (const t of dated) {
    list.append(el("li", {}, el("strong", { class: "mono" }, t.deadline),
      el("span", {}, el("span", { class: `badge ${t.role}` }, ROLES[t.role] || t.role), " ",
        el("a", { href: clauseHref(t.clause, t.doc) }, `${t.doc_title || ""} ${t.path || ""}`), " ",
        el("span", { class: "muted small" }, (t.text || "").replace(/\s+/g, " ").slice(0, 60) + "…"))));
  }
}

function renderDocuments(tasks) {
  const byDoc = new Map();
  for (const t of tasks) {
    const entry = byDoc.get(t.doc) || { title: t.doc_title || t.source, n: 0 };
    entry.n += 1;
    byDoc.set(t.doc, entry);
  }
  const list = document.getElementById("agency-docs");
  for (const [doc, { title, n }] of byDoc) {
    list.append(el("li", {}, el("a", { href: `/doc/${docShortId(doc)}` }, title), ` — ${n} 项任务 tasks`));
  }
}

async function renderPartners(agency) {
  const query = agency.region ? `?region=${encodeURIComponent(agency.region)}` : "";
  const img = document.getElementById("network");
  img.src = `/agencies/network.svg${query}`;
  if (agency.region) document.getElementById("network-caption").prepend(`${agency.region} · `);
  const target = document.getElementById("partners");
  try {
    const { nodes, edges } = await getJSON(`/agencies/network${query}${query ? "&" : "?"}all_kinds=true`);
    const names = Object.fromEntries(nodes.map((n) => [n.id, n.name]));
    const partners = edges.filter((e) => e.source === agency.id || e.target === agency.id)
      .map((e) => ({ id: e.source === agency.id ? e.target : e.source, weight: e.weight }))
      .sort((a, b) => b.weight - a.weight);
    if (!partners.length) target.append(el("span", { class: "muted" }, "没有共同承担的条款 No shared clauses"));
    for (const p of partners) {
      target.append(el("a", { class: "badge", href: agencyHref(p.id) }, `${names[p.id] || p.id} × ${p.weight}`));
    }
  } catch (err) {
    showError(target, err);
  }
}

async function main() {
  try {
    const { agency, tasks } = await getJSON(`/agencies/${encodeURIComponent(agencyId)}/tasks`);
    document.title = `${agency.name} · policykg`;
    document.getElementById("agency-name").textContent = agency.name;
    const meta = document.getElementById("agency-meta");
    meta.append(
      agency.region ? el("span", { class: "badge" }, `地区 ${agency.region}`) : null,
      agency.level ? el("span", { class: "badge" }, LEVELS[agency.level] || agency.level) : null,
      el("span", { class: "badge" }, `${tasks.length} 项任务 tasks`),
      (agency.aliases || []).length ? el("span", { class: "muted" }, `又称 Also: ${agency.aliases.join("、")}`) : null);
    renderBoard(tasks);
    renderTimeline(tasks);
    renderDocuments(tasks);
    document.getElementById("status").textContent = "";
    await renderPartners(agency);
  } catch (err) {
    document.getElementById("status").textContent = "";
    showError(document.getElementById("board"), err, "无法载入机构 Cannot load the agency");
  }
}

main();
