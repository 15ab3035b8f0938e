"""A child-rights assessment in a Word file, in the checklist's order: which children are
affected, how their views were heard, the child's best interests and the articles concerned,
conflicts with other interests and how they were weighed, the conclusion, who assessed and when.
Used by the action plan's and the proposal for a decision's Word files (they start the document
with `reports/docx.py:new_document`)."""

from django.utils.translation import gettext as _

from .constants import AffectsChildren
from .models import ChildRightsAssessment


def heading() -> str:
    return _("Child-rights assessment")


def affects_line(assessment: ChildRightsAssessment | None) -> str:
    value = assessment.affects_children if assessment else AffectsChildren.NOT_ASSESSED
    return _("Affects children: %(answer)s.") % {"answer": AffectsChildren(value).label.lower()}


def assessment_rows(assessment: ChildRightsAssessment) -> list[tuple[str, list[str]]]:
    """(label, lines) in the checklist's order, leaving out what is empty; also what the pages
    show."""
    groups = assessment.age_group_labels()
    if assessment.other_groups.strip():
        groups.append(assessment.other_groups.strip())
    heard = []
    if assessment.views_method.strip():
        heard.append(assessment.views_method.strip())
    if assessment.views_heard_on:
        heard.append(_("When: %(date)s.") % {"date": assessment.views_heard_on.isoformat()})
    if assessment.views_result.strip():
        heard.append(_("Result: %(result)s") % {"result": assessment.views_result.strip()})
    assessed = ", ".join(
        part
        for part in (
            assessment.assessed_by.strip(),
            assessment.assessed_on.isoformat() if assessment.assessed_on else "",
        )
        if part
    )
    rows = [
        (_("Which children are affected"), groups),
        (_("How the children's views were heard"), heard),
        (_("The child's best interests"), [assessment.best_interests.strip()]),
        (_("Articles of the Convention on the Rights of the Child"), assessment.article_labels()),
        (
            _("Conflicts with other interests and how they were weighed"),
            [assessment.conflicts.strip()],
        ),
        (_("Conclusion"), [assessment.conclusion.strip()]),
        (_("Assessed by"), [assessed]),
    ]
    return [(label, [line for line in lines if line]) for label, lines in rows if any(lines)]


def status_line(assessment: ChildRightsAssessment) -> str:
    if assessment.completed:
        return _("The assessment is done.")
    return _("The assessment is not done yet.")


def add_assessment(document, assessment: ChildRightsAssessment | None, *, level: int = 1) -> None:
    """The assessment under a heading of `level`; for none, the line "affects children: not
    assessed"."""
    document.add_heading(heading(), level=level)
    add_assessment_body(document, assessment)


def add_assessment_body(document, assessment: ChildRightsAssessment | None) -> None:
    if assessment is not None and assessment.is_example:
        document.add_paragraph().add_run(_("Example data")).bold = True
    document.add_paragraph(affects_line(assessment))
    if assessment is None:
        return
    for label, lines in assessment_rows(assessment):
        paragraph = document.add_paragraph()
        if len(lines) == 1:
            paragraph.add_run(label + ": ").bold = True
            paragraph.add_run(lines[0])
            continue
        paragraph.add_run(label + ":").bold = True
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(status_line(assessment))
