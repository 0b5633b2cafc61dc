// Shared helpers of the pages: JSON calls with the API's error shape, DOM building, links between pages.

export const BASE = "https://w3id.org/policykg/";

export const LEVELS = {
  national: "国家级 National", provincial: "省级 Provincial", municipal: "市级 Municipal",
  district: "区县级 District",
};
export const ROLES = { lead: "牵头 Lead", responsible: "负责 Responsible", co: "配合 Co" };

/** An Error carrying the API's message (`{"error": {"status", "code", "message"}}`). */
async function failure(response) {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) message = body.error.message;
  } catch (_) { /* not JSON: keep the status line */ }
  const err = new Error(message);
  err.status = response.status;
  return err;
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function postJSON(url, body) {
  const response = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export { failure };

/** el("a", {href: "/"}, "text", child…): an element; attributes starting with "on" become listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function showError(container, err, what = "请求失败 Request failed") {
  clear(container).append(el("p", { class: "error", role: "alert" }, `${what}: ${err.message || err}`));
}

export function setStatus(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

/** The short id of a document IRI (…/doc/4ba0278a6b30 -> 4ba0278a6b30). */
export function docShortId(docIri) {
  const i = docIri.indexOf("/doc/");
  return i < 0 ? docIri : docIri.slice(i + 5);
}

/** The anchor of a clause on its document page: the IRI after the document's, "/" -> "-". */
export function clauseAnchor(clauseIri, docIri) {
  const rest = docIri && clauseIri.startsWith(docIri + "/") ? clauseIri.slice(docIri.length + 1)
    : clauseIri.replace(/^.*?\/(c\/)/, "$1");
  return rest.replace(/\//g, "-");
}

/** The document IRI a clause IRI belongs to (the part before "/c/"). */
export function docOfClause(clauseIri) {
  const i = clauseIri.indexOf("/c/");
  return i < 0 ? clauseIri : clauseIri.slice(0, i);
}

export function clauseHref(clauseIri, docIri) {
  const doc = docIri || docOfClause(clauseIri);
  return `/doc/${docShortId(doc)}#${clauseAnchor(clauseIri, doc)}`;
}

export function agencyHref(agencyIri) {
  return `/agency/${encodeURIComponent(agencyIri.split("/").pop())}`;
}

export function describeHref(iri) {
  return `/query?describe=${encodeURIComponent(iri)}`;
}

/** Where a graph IRI is best shown: its page (document, clause, agency) or a DESCRIBE. */
export function pageOf(iri) {
  if (!iri.startsWith(BASE)) return null;
  const rest = iri.slice(BASE.length);
  if (/^agency\/[^/]+$/.test(rest)) return agencyHref(iri);
  if (/^doc\/[^/]+(\/part\/\d+)?$/.test(rest)) return `/doc/${docShortId(iri)}`;
  if (/^doc\/.+\/c\/[^/]+(\/[^/]+)*$/.test(rest) && !/\/(responsibility|deadline|target|incentive)\//.test(rest)) {
    return clauseHref(iri);
  }
  return describeHref(iri);
}

/** 3600000 -> "360万元"; 123456789 -> "1.23亿元". */
export function yuan(value) {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  if (Math.abs(n) >= 1e8) return `${trim(n / 1e8)}亿元`;
  if (Math.abs(n) >= 1e4) return `${trim(n / 1e4)}万元`;
  return `${trim(n)}元`;
}

function trim(n) {
  return Number(n.toFixed(2)).toLocaleString("zh-CN");
}

/** Only text and <mark> survive from the server's highlighted HTML. */
export function markedText(html) {
  const parsed = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html").body.firstChild;
  const out = document.createDocumentFragment();
  for (const node of parsed.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") out.append(el("mark", {}, node.textContent));
    else out.append(node.textContent);
  }
  return out;
}

/** Light up the nav entry of this page. */
export function markNav() {
  const key = document.body.dataset.nav;
  for (const a of document.querySelectorAll("header.site nav a")) {
    if (a.dataset.key === key) a.setAttribute("aria-current", "page");
  }
}

/** The query-string parameters of the address as an object. */
export function params() {
  return Object.fromEntries(new URLSearchParams(location.search).entries());
}

/** Replace the address's query string (no reload) so a result can be bookmarked and shared. */
export function setParams(values) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  history.replaceState(null, "", `${location.pathname}${q.toString() ? "?" + q : ""}${location.hash}`);
}

/** Distinct regions of the stored documents, national first, for filter menus. */
export async function documentRegions() {
  const { documents } = await getJSON("/documents");
  const regions = [...new Set(documents.map((d) => d.region).filter(Boolean))];
  regions.sort((a, b) => (a === "全国" ? -1 : b === "全国" ? 1 : a.localeCompare(b, "zh-CN")));
  return { documents, regions };
}

export function fillSelect(select, options, selected) {
  for (const [value, label] of options) {
    select.append(el("option", { value, selected: value === selected }, label));
  }
}

markNav();
