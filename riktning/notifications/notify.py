"""Making notifications: one per person and event, delivered as each person chose (at once by
e-mail through the task queue, in the daily digest, or only on the start page)."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .constants import DEFAULT_MODES, MailStatus, Mode
from .models import Notification, Preferences
from .tasks import enqueue_delivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What to tell: the subject (no personal data: what happened and to what), a sentence or
    two for the e-mail and the start page, and the page it concerns (a path of this site)."""

    subject: str
    text: str
    path: str


def _status(mode: str, user) -> str:
    if mode == Mode.OFF or not user.email:
        return MailStatus.NOT_SENT
    if mode == Mode.DIGEST:
        return MailStatus.IN_DIGEST
    return MailStatus.QUEUED


def notify(users, kind: str, key: str, message: Message, *, actor_id=None) -> list[Notification]:
    """One notification of `kind` for the event `key` to each person who has none yet, except the
    person who acted (`actor_id`: nobody needs telling what they did themselves); those who
    want it at once get an e-mail job on the queue, in the caller's transaction (the worker sends
    it once that commits; nothing here talks to the mail server). Returns the new ones."""
    users = [user for user in users if actor_id is None or user.pk != actor_id]
    if not users:
        return []
    preferences = {
        p.user_id: p for p in Preferences.objects.filter(user_id__in=[u.pk for u in users])
    }
    made = []
    for user in users:
        chosen = preferences.get(user.pk)
        mode = chosen.mode(kind) if chosen else DEFAULT_MODES[kind]
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    key=key[:120],
                    subject=message.subject[:200],
                    text=message.text,
                    path=message.path[:300],
                    mode=mode,
                    mail_status=_status(mode, user),
                )
        except IntegrityError:
            continue  # told already: the same event seen again, or the daily job run twice
        if notification.mail_status == MailStatus.QUEUED:
            enqueue_delivery(notification.pk)
        made.append(notification)
    return made
