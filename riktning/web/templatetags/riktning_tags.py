"""Small presentation helpers for the reading pages."""

from django import template
from django.utils.translation import gettext as _

from riktning.indicators.constants import SourceKind
from riktning.strategy import reading

register = template.Library()


@register.filter
def source_label(indicator) -> str:
    """Where an indicator's values come from, e.g. “Kolada N15418” or the survey's name."""
    if indicator is None:
        return ""
    if indicator.source_kind == SourceKind.KOLADA:
        return f"{_('Kolada')} {indicator.source_key}".strip()
    label = indicator.get_source_kind_display()
    if indicator.source_name and indicator.source_name.casefold() != str(label).casefold():
        return f"{label}: {indicator.source_name}"
    return label


@register.filter
def heading_tag(level) -> str:
    """The name of a heading element for a level, kept between h2 and h6."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 2
    return f"h{min(max(level, 2), 6)}"


@register.filter
def document_wording(link) -> str:
    """The steering document's own wording of a goal–indicator link where it differs from the
    catalogue entry's title (or the proposal); "" otherwise (strategy/reading.shown_wording)."""
    return reading.shown_wording(link) if link is not None else ""
