"""The follow-up's words in templates: statuses, trends, gender gaps and comparisons, from
riktning.followup.wording (the same sentences the snapshot and the reports carry)."""

from django import template
from django.utils.html import format_html

from riktning.followup import status, wording

register = template.Library()

for name in ("status_label", "status_icon", "arrow", "number"):
    register.filter(name, getattr(wording, name))
for name in ("change_text", "gap_text", "comparison_text"):
    register.simple_tag(getattr(wording, name), name=name)


@register.filter
def deterioration_note(row) -> str:
    """What a goal's or area's mean status could hide: "1 av 2 indikatorer försämras" ("" if
    nothing deteriorates). `row`: a roll-up GoalStatus or AreaStatus."""
    summary = status.area_summary(row) if hasattr(row, "goals") else status.goal_summary(row)
    return status.deterioration_text(summary)


@register.filter
def summary_note(summary) -> str:
    """The same for a status.Summary (the status grid's rows)."""
    return status.deterioration_text(summary)


@register.simple_tag
def status_badge(code: str, note: str = ""):
    """The same markup as web/followup/status.html (symbol hidden from screen readers, the word,
    a deterioration note), without an include per badge: the status grid has many."""
    html = format_html(
        '<span class="progress-status progress-{}"><span class="progress-icon" aria-hidden="true">'
        "{}</span> {}</span>",
        code,
        status.symbol(code),
        status.label(code),
    )
    if note:
        html += format_html(
            ' <span class="progress-note"><span aria-hidden="true">⚠</span> {}</span>', note
        )
    return html
