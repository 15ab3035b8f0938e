"""The follow-up's words in templates: statuses, trends, gender gaps and comparisons, from
riktning.followup.wording (the same sentences the snapshot and the reports carry)."""

from django import template

from riktning.followup import wording

register = template.Library()

for name in ("status_label", "status_icon", "arrow", "number"):
    register.filter(name, getattr(wording, name))
for name in ("change_text", "gap_text", "comparison_text"):
    register.simple_tag(getattr(wording, name), name=name)
