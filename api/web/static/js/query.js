// The SPARQL page: an editor with example queries (graph/queries/*.rq) and a results table.
import { clear, el, failure, getJSON, pageOf, params, setStatus, showError } from "./api.js";
import { parseNTriples } from "./ntriples.js";

const PREFIXES = {
  "https://w3id.org/policykg/ontology#": "pkg:", "http://data.europa.eu/eli/ontology#": "eli:",
  "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/org#": "org:",
  "http://www.w3.org/ns/prov#": "prov:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
  "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "http://www.w3.org/2001/XMLSchema#": "xsd:",
  "https://w3id.org/policykg/": "kg:",
};
const STARTER = `PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>

# 各文件的条款数 Clauses per document
SELECT ?title (COUNT(?clause) AS ?clauses) WHERE {
  ?clause a eli:LegalResourceSubdivision ; pkg:document ?doc .
  ?doc eli:title ?title .
}
GROUP BY ?title
ORDER BY DESC(?clauses)`;
const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
const editor = document.getElementById("sparql");
let examples = [];

function short(iri) {
  for (const [ns, prefix] of Object.entries(PREFIXES)) if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  return iri;
}

function cell(term) {
  if (!term) return el("td", {}, "");
  if (term.type === "uri") {
    const href = pageOf(term.value);
    return el("td", { class: "iri" }, href ? el("a", { href, title: term.value }, short(term.value)) : short(term.value));
  }
  if (term.type === "bnode") return el("td", { class: "mono" }, `_:${term.value}`);
  const tag = term["xml:lang"] ? `@${term["xml:lang"]}` : term.datatype ? ` ${short(term.datatype)}` : "";
  return el("td", {}, term.value, tag ? el("span", { class: "dt" }, tag) : null);
}

function table(vars, rows) {
  return el("table", { class: "data", id: "result-table" },
    el("thead", {}, el("tr", {}, vars.map((v) => el("th", { scope: "col" }, `?${v}`)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, vars.map((v) => cell(row[v]))))));
}

async function run() {
  const text = editor.value.trim();
  if (!text) return;
  history.replaceState(null, "", `/query?${new URLSearchParams({ query: text })}`);
  const results = clear(document.getElementById("results"));
  setStatus("运行中… Running…");
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST", body: new URLSearchParams({ query: text }),
      headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
    });
    if (!response.ok) throw await failure(response);
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("content-type") || "";
    if (type.includes("n-triples")) {
      const triples = parseNTriples(await response.text());
      results.append(table(["subject", "predicate", "object"], triples));
      setStatus(`${triples.length} 条三元组 triples · ${ms} ms`);
      return;
    }
    const data = await response.json();
    if ("boolean" in data) {
      results.append(el("p", { class: "card", id: "ask-result" }, `ASK → ${data.boolean ? "true 是" : "false 否"}`));
      setStatus(`${ms} ms`);
      return;
    }
    results.append(table(data.head.vars, data.results.bindings));
    setStatus(`${data.results.bindings.length} 行 rows · ${ms} ms`);
  } catch (err) {
    setStatus("");
    showError(results, err, "查询失败 Query failed");
  }
}

function choose(name) {
  const example = examples.find((e) => e.name === name);
  document.getElementById("example-help").textContent = example ? example.description : "";
  if (example) editor.value = example.query;
}

async function loadExamples() {
  try {
    ({ examples } = await getJSON("/web/examples.json"));
  } catch (err) {
    examples = [];
  }
  const select = document.getElementById("examples");
  for (const e of examples) select.append(el("option", { value: e.name }, `${e.title}（${e.name}）`));
  select.addEventListener("change", () => { choose(select.value); if (select.value) run(); });
}

editor.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
});
document.getElementById("query-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });

const initial = params();
if (initial.describe) editor.value = `DESCRIBE <${initial.describe}>`;
else if (initial.query) editor.value = initial.query;
else editor.value = STARTER;
loadExamples().then(() => { if (initial.describe || initial.query) run(); });
