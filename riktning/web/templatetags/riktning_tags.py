"""Small presentation helpers for the reading pages."""

import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from riktning.indicators.constants import SourceKind
from riktning.strategy import reading

register = template.Library()


@register.simple_tag
def main_menu(nav, is_coordinator) -> SafeString:
    """The main menu with `nav` marked as the current page. It holds no data, only the URL
    configuration and the words, so it is kept rendered in the process (a new process for each
    deployment) per page kind, role and language: every page renders it."""
    return _main_menu(str(nav or ""), bool(is_coordinator), get_language(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _main_menu(nav: str, is_coordinator: bool, _language: str, _prefix: str) -> SafeString:
    context = {"nav": nav, "is_coordinator": is_coordinator}
    html = render_to_string("web/includes/main_menu.html", context)
    return mark_safe(html)  # noqa: S308 (our own template)


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
