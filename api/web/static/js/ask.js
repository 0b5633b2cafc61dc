// The eligibility page: a question (or a structured profile) -> incentives, amounts, calculations, clauses.
import { clauseHref, clear, documentRegions, el, fillSelect, getJSON, postJSON, setStatus, showError, yuan } from "./api.js";

const EXAMPLES = [
  "2026年，北京一家制造业企业实施节能改造项目，总投资2000万元，年节能量3000吨标准煤，能获得多少奖励？",
  "在京绿色诊断服务商为3家企业提供绿色诊断服务，可以获得多少奖励资金？",
  "温州的制造业企业做节能改造，设备投资500万元，有什么补助？",
];
const ROLE_NAMES = { investment: "投资 Investment", energy_saved: "节能量 Energy saved", electricity: "电量 Electricity",
  capacity: "容量 Capacity", loan: "贷款 Loan", count: "数量 Count" };

function verdict(answer) {
  if (answer.eligible === true) return el("span", { class: "badge ok" }, "符合 Eligible");
  if (answer.eligible === false) return el("span", { class: "badge no" }, "不符合 Not eligible");
  return el("span", { class: "badge maybe" }, "待确认 To be confirmed");
}

function renderProfile(profile) {
  const box = clear(document.getElementById("profile"));
  const chips = [];
  if (profile.region) chips.push(`地区 Region: ${profile.region}`);
  if (profile.year) chips.push(`年份 Year: ${profile.year}`);
  if (profile.as_of) chips.push(`日期 As of: ${profile.as_of}`);
  for (const a of profile.applicant || []) chips.push(`申请主体 Applicant: ${a}`);
  for (const p of profile.project || []) chips.push(`项目 Project: ${p}`);
  for (const l of profile.listed || []) chips.push(`名单 Listed: ${l}`);
  for (const a of profile.amounts || []) chips.push(`${ROLE_NAMES[a.role] || a.role || "数额"}: ${a.text || `${a.value}${a.unit}`}`);
  box.append(el("h2", {}, "识别的条件 ", el("span", { class: "en" }, "What was understood")),
    el("p", { class: "profile" }, chips.length ? chips.map((c) => el("span", { class: "badge" }, c)) : el("span", { class: "muted" }, "未识别出条件 Nothing recognised")));
  box.classList.remove("hidden");
}

function renderAnswer(answer, i) {
  const href = clauseHref(answer.clause, answer.doc);
  return el("article", { class: "card answer", "data-eligible": String(answer.eligible) },
    el("div", { class: "row" }, el("strong", {}, `${i + 1}.`), verdict(answer),
      answer.valid_until ? el("span", { class: "badge date" }, `有效至 Valid until ${answer.valid_until}`) : null),
    answer.amount_yuan !== null && answer.amount_yuan !== undefined
      ? el("p", { class: "amount" }, yuan(answer.amount_yuan), " ",
        el("span", { class: "en" }, `(¥${Number(answer.amount_yuan).toLocaleString("en-US")})`))
      : null,
    el("h3", {}, "计算 ", el("span", { class: "en" }, "Calculation")),
    el("pre", { class: "calc" }, answer.calculation || "—"),
    (answer.missing || []).length ? el("p", {}, el("strong", {}, "还需确认 Still needed: "), answer.missing.join("；")) : null,
    el("h3", {}, "依据 ", el("span", { class: "en" }, "Cited clause")),
    el("p", {}, el("a", { href }, `${answer.doc_title || ""} ${answer.path ? `条款 ${answer.path}` : ""}`)),
    el("blockquote", {}, answer.sentence || answer.text || ""),
    answer.sentence && answer.text && answer.text !== answer.sentence
      ? el("details", {}, el("summary", { class: "small" }, "条款全文 Whole clause"), el("blockquote", {}, answer.text)) : null);
}

async function ask(body) {
  setStatus("计算中… Working…");
  const answers = clear(document.getElementById("answers"));
  try {
    const result = await postJSON("/ask", body);
    renderProfile(result.profile || {});
    answers.append(el("h2", {}, "结果 ", el("span", { class: "en" }, "Answers")));
    if (!result.answers.length) answers.append(el("p", { class: "muted" }, "没有找到适用的激励条款 No incentive clause fits."));
    result.answers.forEach((a, i) => answers.append(renderAnswer(a, i)));
    setStatus(`${result.answers.length} 条 answers`);
  } catch (err) {
    setStatus("");
    showError(answers, err, "无法回答 Cannot answer");
  }
}

function profileFromForm() {
  const value = (id) => document.getElementById(id).value.trim();
  const profile = {};
  if (value("p-region")) profile.region = value("p-region");
  if (value("p-as_of")) profile.as_of = value("p-as_of");
  for (const key of ["applicant", "project", "listed"]) if (value(`p-${key}`)) profile[key] = [value(`p-${key}`)];
  const amounts = [];
  for (const input of document.querySelectorAll("#profile-form input[data-role]")) {
    if (input.value === "") continue;
    amounts.push({ role: input.dataset.role, value: Number(input.value) * Number(input.dataset.scale || 1) });
  }
  if (amounts.length) profile.amounts = amounts;
  return profile;
}

async function loadOptions() {
  try {
    const [options, { regions }] = await Promise.all([getJSON("/web/ask-options.json"), documentRegions()]);
    fillSelect(document.getElementById("p-applicant"), options.applicants.map((a) => [a, a]));
    fillSelect(document.getElementById("p-project"), options.projects.map((p) => [p, p]));
    fillSelect(document.getElementById("p-listed"), options.statuses.map((s) => [s, s]));
    fillSelect(document.getElementById("regions"), regions.map((r) => [r, r]));
  } catch (err) {
    showError(document.getElementById("answers"), err, "无法载入选项 Cannot load the form's choices");
  }
}

const question = document.getElementById("question");
document.getElementById("question-form").addEventListener("submit", (e) => {
  e.preventDefault();
  if (question.value.trim()) ask({ question: question.value.trim() });
});
question.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) document.getElementById("ask-button").click();
});
document.getElementById("profile-form").addEventListener("submit", (e) => { e.preventDefault(); ask({ profile: profileFromForm() }); });
const examples = document.getElementById("question-examples");
EXAMPLES.forEach((text, i) => examples.append(el("button", { type: "button", class: "chip", title: text,
  onclick: () => { question.value = text; ask({ question: text }); } }, `示例 ${i + 1}`)));
loadOptions();
