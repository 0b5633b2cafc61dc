// The agencies index: find an agency by any form of its name, filter by region and level.
import { LEVELS, agencyHref, clear, el, fillSelect, getJSON, params, setParams, setStatus, showError } from "./api.js";

const [name, region, level] = ["name", "region", "level"].map((id) => document.getElementById(id));
const body = document.querySelector("#agency-table tbody");
let all = [];
let timer = null;

function row(a) {
  return el("tr", {},
    el("td", {}, el("a", { href: agencyHref(a.id) }, a.name)),
    el("td", {}, (a.aliases || []).join("、")),
    el("td", {}, a.region || "—"),
    el("td", {}, LEVELS[a.level] || a.level || "—"),
    el("td", { class: "mono" }, String(a.tasks)));
}

async function refresh() {
  const query = new URLSearchParams();
  for (const [key, input] of Object.entries({ q: name, region, level })) if (input.value.trim()) query.set(key, input.value.trim());
  setParams(Object.fromEntries(query));
  try {
    const { agencies } = await getJSON(`/agencies?${query}`);
    clear(body);
    agencies.forEach((a) => body.append(row(a)));
    setStatus(`${agencies.length} 个机构 agencies`);
  } catch (err) {
    setStatus("");
    showError(body.parentElement.parentElement, err);
  }
}

async function main() {
  const initial = params();
  name.value = initial.q || "";
  try {
    ({ agencies: all } = await getJSON("/agencies"));
    const regions = [...new Set(all.map((a) => a.region).filter(Boolean))].sort((a, b) => a.localeCompare(b, "zh-CN"));
    fillSelect(region, regions.map((r) => [r, r]), initial.region);
    const levels = Object.keys(LEVELS).filter((l) => all.some((a) => a.level === l));
    fillSelect(level, levels.map((l) => [l, LEVELS[l]]), initial.level);
  } catch (err) {
    showError(body.parentElement.parentElement, err);
    return;
  }
  await refresh();
}

name.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
region.addEventListener("change", refresh);
level.addEventListener("change", refresh);
document.getElementById("agency-filter").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
main();
