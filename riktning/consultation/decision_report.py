"""The proposal for a decision (förslag till beslut) after a round, as a Word file for the case:
the heading, the round, the proposed decision and the list of its attachments (the proposed
version and the compiled summary of the answers).

`riktning report decision latest --format docx -o forslag-till-beslut.docx`
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from riktning.reports.registry import ReportNotFound, pick

from .models import DecisionProposal, Round

FORMATS = ("docx",)


def resolve(ref: str) -> Round:
    """The round (an id, or "latest": the newest round that has a proposal)."""
    rounds = Round.objects.select_related("version__document").filter(
        decision_proposal__isnull=False
    )
    round = pick(rounds, ref, latest_by=("-created_at", "-id"))
    if round is None:
        raise ReportNotFound(f"Det finns inget förslag till beslut för remissomgång {ref!r}.")
    return round


def attachment_names(proposal: DecisionProposal) -> list[str]:
    """What the proposal lists under "Bilagor", in order."""
    names = []
    if proposal.proposed_version is not None:
        names.append(proposal.proposed_version.title)
    names.append(_("Summary of the received statements"))
    return names


def render(obj: Round, fmt: str, *, progress=None) -> bytes:
    if fmt != "docx":
        raise ValueError(fmt)
    with translation.override("sv"):
        return _docx(obj, obj.decision_proposal)


def _docx(round: Round, proposal: DecisionProposal) -> bytes:
    from docx import Document

    document = Document()
    title = _("Proposal for a decision")
    document.core_properties.title = title
    document.core_properties.language = "sv-SE"
    document.add_heading(title, level=0)
    document.add_paragraph(round.title)
    facts = [
        _("Consulted version: %(version)s.") % {"version": round.version.title},
    ]
    if proposal.case_number:
        facts.append(_("Case number: %(number)s.") % {"number": proposal.case_number})
    document.add_paragraph(" ".join(facts))
    document.add_heading(_("Proposed decision"), level=1)
    for paragraph in proposal.text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.add_heading(_("Attachments"), level=1)
    for name in attachment_names(proposal):
        document.add_paragraph(name, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
