// The search page: one box, filters (region, level, document), results with highlighted terms.
import {
  LEVELS, clauseHref, clear, documentRegions, el, fillSelect, getJSON, markedText, params, setParams,
  setStatus, showError,
} from "./api.js";

const form = document.getElementById("search-form");
const results = document.getElementById("results");
const fields = ["q", "region", "level", "doc", "k"].map((id) => document.getElementById(id));

function docLabel(d) {
  return `${d.title || d.source}${d.region ? `（${d.region}）` : ""}`;
}

async function loadFilters(initial) {
  const { documents, regions } = await documentRegions();
  fillSelect(fields[1], regions.map((r) => [r, r]), initial.region);
  const levels = [...new Set(documents.map((d) => d.level).filter(Boolean))];
  fillSelect(fields[2], levels.map((l) => [l, LEVELS[l] || l]), initial.level);
  const withClauses = documents.filter((d) => d.clauses > 0);
  fillSelect(fields[3], withClauses.map((d) => [d.id, docLabel(d)]), initial.doc);
  const list = document.getElementById("doc-list");
  for (const d of withClauses) {
    list.append(el("li", {}, el("a", { href: `/doc/${d.short_id}` }, d.title || d.source),
      " ", el("span", { class: "muted" }, [d.region, LEVELS[d.level], `${d.clauses} 条 clauses`].filter(Boolean).join(" · "))));
  }
}

function renderHit(hit, rank) {
  const href = clauseHref(hit.clause, hit.doc);
  const text = hit.highlighted ? markedText(hit.highlighted) : hit.text;
  return el("li", { class: "card result" },
    el("h3", {}, el("a", { href }, `${rank}. ${hit.doc_title || hit.source || "文件"}`)),
    el("div", { class: "meta" },
      hit.path ? el("span", { class: "badge" }, `条款 ${hit.path}`) : null,
      hit.region ? el("span", {}, hit.region) : null,
      hit.level ? el("span", {}, LEVELS[hit.level] || hit.level) : null,
      (hit.matched_terms || []).length ? el("span", {}, `命中 Matched: ${hit.matched_terms.join("、")}`) : null,
      el("span", { class: "mono" }, `score ${Number(hit.score).toFixed(3)}`)),
    el("p", { class: "text" }, text));
}

async function search() {
  const [q, region, level, doc, k] = fields.map((f) => f.value.trim());
  setParams({ q, region, level, doc, k: k === "10" ? "" : k });
  if (!q) return;
  const query = new URLSearchParams({ q, k });
  for (const [key, value] of Object.entries({ region, level, doc })) if (value) query.set(key, value);
  setStatus("检索中… Searching…");
  document.getElementById("search-button").disabled = true;
  try {
    const { results: hits } = await getJSON(`/search?${query}`);
    clear(results);
    hits.forEach((hit, i) => results.append(renderHit(hit, i + 1)));
    setStatus(hits.length ? `${hits.length} 条结果 results for “${q}”` : `没有结果 No results for “${q}”`);
    document.getElementById("intro").classList.toggle("hidden", hits.length > 0);
  } catch (err) {
    setStatus("");
    showError(results, err, "检索失败 Search failed");
  } finally {
    document.getElementById("search-button").disabled = false;
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
for (const f of fields.slice(1)) f.addEventListener("change", () => { if (fields[0].value.trim()) search(); });

const initial = params();
fields[0].value = initial.q || "";
if (initial.k) fields[4].value = initial.k;
loadFilters(initial)
  .catch((err) => showError(document.getElementById("doc-list"), err))
  .finally(() => { if (initial.q) search(); else fields[0].focus(); });
