"""Who is responsible for a clause (``policy_responsibility``): (clause, agency, role).

Reads the agencies found by ``policy_agencies`` and the way Chinese plans assign work:

- annotations closing a clause: （责任单位：A、B）, （A、B负责）, （A牵头，B、C负责）,
  （牵头单位：A；配合单位：B）: plain lists are ``responsible``, 牵头 is ``lead``, and agencies
  listed after a lead (or marked 配合/参与) are ``co``;
- running text: "A负责…", "由A负责解释", "A牵头", "A会同B…" (A lead, B co), "B配合".

An agency named both in running text and in an annotation takes the annotation's role. In a clause
that carries an annotation, descriptive or group bodies met only in running text (会同有关部门) are
not added: the annotation names the units. Agencies merely mentioned (工业和信息化部等七部门《…》)
are no responsibilities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract.agencies import FILLERS, LABELS, ROLE_WORDS, SEPARATORS, parentheticals
from ingest.models import Agency, AgencyTask, Provenance
from ingest.nlp import add_facts, facts_of

NAME = "policy_responsibility"
VERSION = "1.0"

_PRIORITY = {"lead": 0, "responsible": 1, "co": 2}
_LABEL_ROLE = {"牵头": "lead", "配合": "co", "参与": "co", "协办": "co"}
# Words that may stand between an agency list and its verb: 省发展改革委要会同…, 有关部门在各自的职责范围内负责….
_FILL = (
    r"(?:等[一二三四五六七八九十\d]*[个家]?(?:部门|单位)?)?"
    r"(?:要|应|应当|将|具体|统一|共同|分别|主要|依法|在各自的?职责范围内|按照?各自的?职责(?:分工)?|按职责分工|按职责)*"
)
_VERB = re.compile(_FILL + r"(牵头|会同|负责(?!人)|配合|参与|协助|主管(?!部门))")
_VERB_ROLE = {
    "牵头": "lead",
    "会同": "lead",
    "负责": "responsible",
    "配合": "co",
    "参与": "co",
    "协助": "co",
    "主管": "responsible",
}
_LIST_GAP = re.compile(rf"[{SEPARATORS}]?|等[{SEPARATORS}]")
_SENTENCE_END = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    agency: Agency


def _role_of_word(word: str) -> str:
    for key, role in (("牵头", "lead"), ("配合", "co"), ("参与", "co"), ("协办", "co")):
        if key in word:
            return role
    return "responsible"


def _is_annotation(text: str, start: int, end: int, inside: list[_Mention]) -> bool:
    """An annotation holds agencies, separators, labels and role words, and nothing else."""
    content = text[start:end]
    if not inside or not (LABELS.match(content) or re.search(rf"(?:{ROLE_WORDS.pattern})$", content)):
        return False
    residue = list(content)
    for m in inside:
        residue[m.start - start : m.end - start] = [""] * (m.end - m.start)
    rest = "".join(residue)
    for pat in (LABELS.pattern.lstrip("^"), ROLE_WORDS.pattern, FILLERS.pattern, rf"[{SEPARATORS}]"):
        rest = re.sub(pat, "", rest)
    return len(rest) <= 2


def annotation_roles(text: str, start: int, end: int, inside: list[_Mention]) -> list[tuple[_Mention, str]]:
    """Roles of the agencies listed in the annotation ``text[start:end]``."""
    label = LABELS.match(text[start:end])
    label_role = _LABEL_ROLE.get(label.group()[:2], "responsible") if label else "responsible"
    out: list[tuple[_Mention, str, bool]] = []  # (mention, role, said by a role word)
    pending: list[_Mention] = []
    for i, m in enumerate(inside):
        pending.append(m)
        gap = text[m.end : inside[i + 1].start if i + 1 < len(inside) else end]
        new_label = LABELS.match(gap.lstrip(SEPARATORS))
        word = ROLE_WORDS.search(gap) if new_label is None else None
        if word:
            out += [(p, _role_of_word(word.group()), True) for p in pending]
            pending = []
        elif new_label:
            out += [(p, label_role, False) for p in pending]
            pending, label_role = [], _LABEL_ROLE.get(new_label.group()[:2], "responsible")
    out += [(p, label_role, False) for p in pending]
    return _after_lead_is_co(out)


def _after_lead_is_co(found: list[tuple[_Mention, str, bool]]) -> list[tuple[_Mention, str]]:
    """（A牵头，B、C负责）: agencies listed after a lead are co-responsible."""
    seen_lead, result = False, []
    for m, role, _ in found:
        if role == "lead":
            seen_lead = True
        elif role == "responsible" and seen_lead:
            role = "co"
        result.append((m, role))
    return result


def _runs(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Agencies written as one list (A、B和C) form a run."""
    runs: list[list[_Mention]] = []
    for m in mentions:
        if runs and _LIST_GAP.fullmatch(text[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def running_text_roles(text: str, mentions: list[_Mention]) -> list[tuple[_Mention, str]]:
    """Roles stated in sentences: A负责…, A牵头, A会同B…, B配合."""
    out: list[tuple[_Mention, str, bool]] = []
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for s, e in zip(bounds, bounds[1:], strict=False):
        sentence = [m for m in mentions if s <= m.start and m.end <= e]
        found: list[tuple[_Mention, str, bool]] = []
        runs = _runs(text, sentence)
        for i, run in enumerate(runs):
            verb = _VERB.match(text, run[-1].end)
            if verb is None:
                continue
            word = verb.group(1)
            found += [(m, _VERB_ROLE[word], True) for m in run]
            if word == "会同" and i + 1 < len(runs) and runs[i + 1][0].start == verb.end():
                found += [(m, "co", True) for m in runs[i + 1]]
        found.sort(key=lambda f: f[0].start)
        out += found
    return _after_lead_is_co(out)


def find_responsibilities(
    text: str, agencies: list[tuple[int, int, Agency]]
) -> list[tuple[int, int, AgencyTask]]:
    """One AgencyTask per agency that the clause ``text`` makes lead, responsible or co.

    >>> from ingest.models import Agency
    >>> t = "（省发展改革委牵头，省地方金融监管局等部门负责）"
    >>> found = [(1, 7, Agency("河南省发展和改革委员会")), (10, 18, Agency("河南省地方金融监督管理局"))]
    >>> [(task.mention, task.role) for _, _, task in find_responsibilities(t, found)]
    [('省发展改革委', 'lead'), ('省地方金融监管局', 'co')]
    """
    mentions = [_Mention(s, e, a) for s, e, a in agencies]
    annotated: list[tuple[_Mention, str]] = []
    masked = list(text)
    for s, e in parentheticals(text):
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        if _is_annotation(text, s, e, inside):
            annotated += annotation_roles(text, s, e, inside)
            masked[s:e] = ["。"] * (e - s)  # annotations are no running text
    outside = [m for m in mentions if masked[m.start] != "。"]
    running = running_text_roles("".join(masked), outside)
    if annotated:
        running = [(m, r) for m, r in running if m.agency.known and m.agency.kind == "body"]
    chosen: dict[str, tuple[_Mention, str]] = {}
    for source in (annotated, running):
        best: dict[str, tuple[_Mention, str]] = {}
        for m, role in source:
            key = m.agency.name
            if key in chosen:
                continue
            if key not in best or _PRIORITY[role] < _PRIORITY[best[key][1]]:
                best[key] = (m, role)
        chosen.update(best)
    tasks = [
        (
            m.start,
            m.end,
            AgencyTask(
                None, m.agency, text[m.start : m.end], role, Provenance(NAME, VERSION, (m.start, m.end))
            ),
        )
        for m, role in chosen.values()
    ]
    return sorted(tasks, key=lambda t: t[0])


@Language.factory(NAME, assigns=["doc.spans"])
def make_responsibility(nlp: Language, name: str) -> ResponsibilityComponent:
    return ResponsibilityComponent()


class ResponsibilityComponent:
    """spaCy component: reads ``policy_agencies`` and records AgencyTasks under ``policy_responsibility``."""

    def __call__(self, doc: Doc) -> Doc:
        add_facts(doc, "responsibility", find_responsibilities(doc.text, facts_of(doc, "agencies")))
        return doc
