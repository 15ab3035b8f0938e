"""The child-rights assessment on a page: its checklist rows, the same as the Word files."""

from django import template

from riktning.childrights import docx

register = template.Library()


@register.simple_tag
def child_rights_rows(assessment) -> list[tuple[str, list[str]]]:
    return docx.assessment_rows(assessment) if assessment else []
