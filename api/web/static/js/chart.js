// A targets chart drawn as inline SVG: one row per group (region or level), one column per target
// year; each cell has a circle whose area grows with the number of targets and the first targets
// written beside it. Values are not plotted on one axis because the targets of one topic come in
// different units (亿千瓦, %, 个); each circle's tooltip and the table below give every value.

const NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#1d4e89", "#1d7a3a", "#b35c00", "#7a3bb5", "#b3261e", "#00707a", "#8a6d00", "#5b6675"];
const LINES = 3; // targets written out per cell; the rest are counted in the circle
const LABEL_CHARS = 15;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function targetLine(t) {
  const cmp = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "" }[t.comparator] ?? (t.comparator || "");
  return `${t.indicator || t.text || ""} ${cmp}${t.value ?? ""}${t.unit || ""}`.trim();
}

function shortLine(t) {
  const name = t.indicator || t.text || "";
  const head = name.length > LABEL_CHARS ? name.slice(0, LABEL_CHARS - 1) + "…" : name;
  return `${head} ${targetLine({ ...t, indicator: " " }).trim()}`;
}

/** The chart for groups [{label, targets: [{year, …}]}], or null when no target has a year. */
export function targetsChart(groups, title) {
  const years = [...new Set(groups.flatMap((g) => g.targets.map((t) => t.year)).filter(Boolean))].sort();
  if (!years.length) return null;
  const left = 130;
  const top = 40;
  const colW = Math.max(230, Math.min(300, 1000 / years.length));
  const width = left + colW * years.length + 10;
  const heights = groups.map((g) => {
    const most = Math.max(1, ...years.map((y) => Math.min(LINES, g.targets.filter((t) => t.year === y).length)));
    return Math.max(54, 20 * most + 22);
  });
  const height = top + heights.reduce((a, b) => a + b, 0) + 10;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-labelledby": "chart-title" });
  root.append(svg("title", { id: "chart-title" }, title));
  const most = Math.max(...groups.flatMap((g) => years.map((y) => g.targets.filter((t) => t.year === y).length)));
  years.forEach((year, j) => {
    const x = left + colW * j + 24;
    root.append(svg("line", { x1: x, y1: top - 6, x2: x, y2: height - 10, stroke: "#d9dee5" }));
    root.append(svg("text", { x, y: top - 14, "text-anchor": "middle", "font-size": 15, "font-weight": 700, fill: "#1c2430" }, `${year}年`));
  });
  let y0 = top;
  groups.forEach((group, i) => {
    const h = heights[i];
    const y = y0 + h / 2;
    const colour = PALETTE[i % PALETTE.length];
    root.append(svg("rect", { x: 0, y: y0, width, height: h, fill: i % 2 ? "#fff" : "#f7f9fb" }));
    root.append(svg("text", { x: left - 16, y: y + 5, "text-anchor": "end", "font-size": 15, fill: "#1c2430" }, group.label));
    if (!group.targets.some((t) => t.year)) {
      root.append(svg("text", { x: left + 8, y: y + 5, "font-size": 13, fill: "#5b6675" }, "无带年份的量化目标 No dated targets"));
    }
    years.forEach((year, j) => {
      const here = group.targets.filter((t) => t.year === year);
      if (!here.length) return;
      const x = left + colW * j + 24;
      const r = 9 + 9 * Math.sqrt(here.length / most);
      const dot = svg("g", { class: "dot", "data-region": group.label, "data-year": year, tabindex: 0 });
      dot.append(svg("title", {}, `${group.label} ${year}年：\n${here.map(targetLine).join("\n")}`));
      dot.append(svg("circle", { cx: x, cy: y, r, fill: colour, "fill-opacity": 0.9 }));
      dot.append(svg("text", { x, y: y + 5, "text-anchor": "middle", "font-size": 13, fill: "#fff", "font-weight": 700 }, here.length));
      const shown = here.slice(0, LINES);
      shown.forEach((t, k) => {
        const ly = y - ((shown.length - 1) * 20) / 2 + k * 20 + 4;
        dot.append(svg("text", { x: x + 24, y: ly, "font-size": 12.5, fill: "#1c2430" }, shortLine(t)));
      });
      if (here.length > LINES) {
        dot.append(svg("text", { x: x + 24, y: y + LINES * 10 + 8, "font-size": 11, fill: "#5b6675" }, `另 ${here.length - LINES} 项 more`));
      }
      root.append(dot);
    });
    y0 += h;
  });
  return root;
}
