from django.db import models

from .models import Event


def record_event(verb: str, obj: models.Model, summary: str, *, actor=None, **data) -> Event:
    """Append one event about `obj`. Call inside the transaction that made the change."""
    return Event.objects.create(
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        data=data,
    )
