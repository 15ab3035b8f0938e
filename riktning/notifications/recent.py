"""What the start page shows of a person's notifications."""

from .models import Notification


def recent_notifications(user, limit: int = 5) -> list[Notification]:
    if not user.is_authenticated:
        return []
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])
