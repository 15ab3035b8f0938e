"""{% history_link obj %}: the "History" link of an object's page, for those who may read it."""

from django import template
from django.urls import reverse

from riktning.accounts import access
from riktning.audit.history import history_label

register = template.Library()


@register.inclusion_tag("web/includes/history_link.html", takes_context=True)
def history_link(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    url = ""
    label = history_label(obj) if obj is not None and obj.pk else None
    if label and access.can_view_history(user):
        app_label, model_name = label.split(".", 1)
        url = reverse("web:object_history", args=[app_label, model_name, obj.pk])
    return {"url": url, "title": str(obj) if url else ""}
