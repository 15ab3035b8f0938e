"""On the version page: the form that picks another version to compare with, and, on a version
created from a consultation round, the links to the comparison and the applied proposals."""

from django import template

from riktning.consultation import access as consultation_access
from riktning.strategy import access as strategy_access

register = template.Library()


@register.inclusion_tag("web/compare/_version_links.html", takes_context=True)
def compare_links(context, version):
    from riktning.consultation.models import NextVersion

    user = context["request"].user
    others = strategy_access.visible_versions(
        user, version.document.versions.exclude(pk=version.pk)
    ).order_by("number")
    record = NextVersion.objects.filter(version=version).select_related("round__version").first()
    if record is not None and not (
        consultation_access.can_view_round(user, record.round)
        and strategy_access.can_view_version(user, record.round.version)
    ):
        record = None
    return {"version": version, "others": list(others), "record": record}
