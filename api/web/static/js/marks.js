// Where each extracted fact sits in its clause's text, so the document page can mark it.
//
// Facts carry their surface text (an agency's mention, a deadline's expression, a target's or an
// incentive's sentence) but the extractors read a cleaned text: spaces between Chinese and digits
// are gone ("1 家企业" -> "1家企业") and full-width forms may be folded. So both sides are compared
// after dropping whitespace and applying NFKC, with a map back to the clause's own characters.

export const KINDS = {
  agency_tasks: { css: "agency", label: "机构 Agency" },
  deadlines: { css: "deadline", label: "期限 Deadline" },
  targets: { css: "target", label: "目标 Target" },
  incentives: { css: "incentive", label: "激励 Incentive" },
};

/** The text a fact of this kind quotes. */
export function surface(kind, fact) {
  if (kind === "agency_tasks") return fact.mention || fact.agency_name || "";
  if (kind === "deadlines") return fact.expression || "";
  return fact.text || "";
}

/** {norm, starts, ends}: the comparable form of text and, per character of it, the original span. */
export function comparable(text) {
  const norm = [];
  const starts = [];
  const ends = [];
  let i = 0;
  for (const ch of text) {
    if (!/\s/u.test(ch)) {
      for (const n of ch.normalize("NFKC")) {
        norm.push(n);
        starts.push(i);
        ends.push(i + ch.length);
      }
    }
    i += ch.length;
  }
  return { norm: norm.join(""), starts, ends };
}

/** [start, end) of needle in the text whose comparable form is `hay`, searching from `from`. */
export function locate(hay, needle, from = 0) {
  const wanted = comparable(needle).norm;
  if (!wanted) return null;
  let k = 0;
  while (k < hay.starts.length && hay.starts[k] < from) k += 1;
  // hay.norm is made of code points; indexOf counts code units, so compare on arrays of them
  const at = hay.norm.indexOf(wanted, codeUnitOffset(hay.norm, k));
  if (at < 0) return null;
  const first = codePointIndex(hay.norm, at);
  const last = first + [...wanted].length - 1;
  return [hay.starts[first], hay.ends[last]];
}

function codeUnitOffset(text, points) {
  let units = 0;
  let n = 0;
  for (const ch of text) {
    if (n === points) break;
    units += ch.length;
    n += 1;
  }
  return units;
}

function codePointIndex(text, units) {
  return [...text.slice(0, units)].length;
}

/**
 * Spans of the clause's facts: {spans: [{start, end, kind, fact}], unplaced: [{kind, fact}]}.
 * Facts are searched in position order, each from where the previous one started, so the second
 * of two identical mentions lands on the second occurrence.
 */
export function placeFacts(text, facts) {
  const hay = comparable(text);
  const all = [];
  for (const [kind, list] of Object.entries(facts || {})) {
    for (const fact of list || []) all.push({ kind, fact });
  }
  all.sort((a, b) => (a.fact.position ?? 0) - (b.fact.position ?? 0));
  const spans = [];
  const unplaced = [];
  let cursor = 0;
  for (const item of all) {
    const needle = surface(item.kind, item.fact);
    const found = locate(hay, needle, cursor) || locate(hay, needle, 0);
    if (!found) {
      unplaced.push(item);
      continue;
    }
    cursor = found[0];
    spans.push({ start: found[0], end: found[1], ...item });
  }
  return { spans, unplaced };
}

/**
 * The spans as a forest: a span inside another becomes its child; one crossing another's edge
 * cannot be drawn as nested marks and goes to `crossing` (shown beside the text instead).
 */
export function nestSpans(spans) {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const roots = [];
  const stack = [];
  const crossing = [];
  for (const span of sorted) {
    const node = { ...span, children: [] };
    while (stack.length && stack[stack.length - 1].end <= span.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && span.end > parent.end) {
      crossing.push(span);
      continue;
    }
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return { roots, crossing };
}
