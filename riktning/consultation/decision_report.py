"""The proposal for a decision (förslag till beslut) after a round, as a Word file for the case:
the heading, the round, Sammanfattning, the proposed decision with its att-clauses,
Beslutsunderlag (the proposed version and the compiled summary of the answers, by name) and
"Beslutet skickas till" (the organisations picked on the proposal's form, in the bodies' order).
A proposal with a child-rights assessment (barnkonsekvensanalys, riktning/childrights, offered
through reports/sections.py) carries it after the proposed decision.

`riktning report decision latest --format docx -o forslag-till-beslut.docx`
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Mm

from riktning.reports import sections
from riktning.reports.docx import add_paragraphs, new_document, paragraphs, to_bytes
from riktning.reports.registry import ReportNotFound, pick

from .models import DecisionProposal, Round
from .summary import body_order_key, compile_summary

FORMATS = ("docx",)

# An att-clause: a line starting with "att" (after an optional bullet or dash).
_CLAUSE = re.compile(r"^[\s•\-–*]*(att)\b", re.IGNORECASE)


def decision_parts(text: str) -> list[tuple[str, str]]:
    """The proposed decision as ("paragraph" | "clause", text) in order: a line starting with
    "att" starts a clause (the lines after it, up to a blank line or the next clause, belong to
    it); other lines form paragraphs, split at blank lines. Any line ending (CRLF, CR, LF)."""
    parts: list[tuple[str, str]] = []
    current: list[str] | None = None
    kind = ""

    def close():
        if current:
            parts.append((kind, " ".join(current)))

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
            current = None
            continue
        match = _CLAUSE.match(line)
        if match:
            close()
            kind, current = "clause", [line[match.start(1) :]]
        elif current is None:
            kind, current = "paragraph", [line]
        else:
            current.append(line)
    close()
    return parts


def decision_blocks(text: str) -> list[tuple[str, object]]:
    """decision_parts with consecutive clauses grouped: ("paragraph", text) or
    ("clauses", [text, …]), for a page that lists the clauses as one list."""
    blocks: list[tuple[str, object]] = []
    for kind, part in decision_parts(text):
        if kind == "clause" and blocks and blocks[-1][0] == "clauses":
            blocks[-1][1].append(part)
        elif kind == "clause":
            blocks.append(("clauses", [part]))
        else:
            blocks.append(("paragraph", part))
    return blocks


def att_clauses(text: str) -> list[str]:
    return [part for kind, part in decision_parts(text) if kind == "clause"]


def resolve(ref: str) -> Round:
    """The round (an id, or "latest": the newest round that has a proposal)."""
    rounds = Round.objects.select_related("version__document").filter(
        decision_proposal__isnull=False
    )
    round = pick(rounds, ref, latest_by=("-created_at", "-id"))
    if round is None:
        raise ReportNotFound(f"Det finns inget förslag till beslut för remissomgång {ref!r}.")
    return round


def summary_name(round: Round) -> str:
    return _("Summary of the received statements, %(round)s") % {"round": round.title}


def basis_names(proposal: DecisionProposal) -> list[str]:
    """What the proposal lists under "Beslutsunderlag", in order: the proposed version (the
    consulted one while none is chosen) and the summary of the answers, by name."""
    version = proposal.proposed_version or proposal.round.version
    names = [version.title, summary_name(proposal.round)]
    return names


# The earlier name, kept for callers.
attachment_names = basis_names


def recipients(proposal: DecisionProposal) -> list:
    """The organisations the decision is sent to, in the bodies' order."""
    return sorted(proposal.send_to.all(), key=body_order_key)


def default_summary(round: Round) -> str:
    """What Sammanfattning says when the coordinator wrote none: the round in one paragraph."""
    summary = compile_summary(round)
    return _(
        "The draft “%(version)s” was sent for consultation to %(total)s bodies "
        "(“%(round)s”, last day to reply %(date)s). %(answered)s of them answered; "
        "%(changes)s points were taken in, in whole or in part."
    ) % {
        "version": round.version.title,
        "total": len(summary.rows),
        "round": round.title,
        "date": round.reply_by.isoformat(),
        "answered": len(summary.answered),
        "changes": len(summary.changes),
    }


def render(obj: Round, fmt: str, *, progress=None) -> bytes:
    if fmt != "docx":
        raise ValueError(fmt)
    with translation.override("sv"):
        return _docx(obj, obj.decision_proposal)


def _docx(round: Round, proposal: DecisionProposal) -> bytes:
    title = _("Proposal for a decision")
    document = new_document(title)
    document.add_heading(title, level=0)
    document.add_paragraph(round.title)
    facts = [
        _("Consulted version: %(version)s.") % {"version": round.version.title},
    ]
    if proposal.case_number:
        facts.append(_("Case number: %(number)s.") % {"number": proposal.case_number})
    document.add_paragraph(" ".join(facts))
    document.add_heading(_("Summary of the case"), level=1)
    add_paragraphs(document, proposal.summary or default_summary(round))
    document.add_heading(_("Proposed decision"), level=1)
    for kind, text in decision_parts(proposal.text):
        if kind == "clause":
            document.add_paragraph(text).paragraph_format.left_indent = Mm(10)
        else:
            add_paragraphs(document, text)
    assessment = getattr(proposal, "child_rights", None)
    child_rights = sections.get("child_rights")
    if assessment is not None and child_rights is not None:
        child_rights.add(document, assessment, level=1)
    document.add_heading(_("Basis for the decision"), level=1)
    for name in basis_names(proposal):
        for line in paragraphs(name):
            document.add_paragraph(line, style="List Number")
    document.add_heading(_("The decision is sent to"), level=1)
    sent_to = recipients(proposal)
    if not sent_to:
        document.add_paragraph(_("(no one chosen yet)"))
    for organisation in sent_to:
        document.add_paragraph(organisation.name, style="List Bullet")
    return to_bytes(document)
