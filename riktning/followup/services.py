"""Every write of a yearly follow-up. Each runs in one transaction, keeps the status as rows and
records the events that matter in the audit log.

Who may call a function is decided by its caller, which fetched the objects through
followup/access.py; each docstring names the rule. `by` is the person acting, recorded on the
rows and as the event's actor."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from riktning.audit.services import record_event

from . import tasks, yearly
from .models import (
    FOLLOWUP_TRANSITIONS,
    AreaAnalysis,
    FollowUp,
    FollowUpStatus,
    FollowUpStatusChange,
)


class AnalysisConflict(Exception):
    """Someone else saved the analysis after the form was opened. The message is Swedish;
    `current` is the stored analysis (text and revision) to show beside the user's own text."""

    def __init__(self, message: str, current: AreaAnalysis):
        super().__init__(message)
        self.message = message
        self.current = current


def followup_title(year: int) -> str:
    """“Uppföljning 2025”: the title is stored, so it is written in Swedish."""
    with translation.override("sv"):
        return _("Follow-up %(year)s") % {"year": year}


@transaction.atomic
def start_followup(version, year: int, *, by, introduction: str = "") -> FollowUp:
    """The year's follow-up of `version`, a draft with an empty analysis per area. The
    coordinator's (access.can_manage_followups)."""
    if FollowUp.objects.filter(version=version, year=year).exists():
        raise ValidationError(
            _("There is already a follow-up for %(year)s of this version.") % {"year": year}
        )
    followup = FollowUp.objects.create(
        version=version,
        year=year,
        title=followup_title(year),
        introduction=introduction,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    FollowUpStatusChange.objects.create(
        followup=followup, from_status="", to_status=FollowUpStatus.DRAFT, by=followup.created_by
    )
    for area in version.areas.order_by("order", "id"):
        AreaAnalysis.objects.create(followup=followup, area=area)
    record_event("followup_started", followup, f"{followup.title}, {version.title}", actor=by)
    return followup


@transaction.atomic
def save_area_analysis(analysis: AreaAnalysis, *, by, text: str, revision: int) -> AreaAnalysis:
    """Save the text if nobody else saved since `revision` was read; else AnalysisConflict
    (nothing is written, and the caller keeps the user's text). For whoever may write the area's
    analysis (access.can_write_area_analysis); refused once the follow-up is no longer a draft."""
    current = (
        AreaAnalysis.objects.select_for_update().select_related("followup").get(pk=analysis.pk)
    )
    if not current.followup.is_draft:
        raise ValidationError(_("The follow-up is no longer a draft; the analysis is locked."))
    if current.revision != revision:
        raise AnalysisConflict(
            _(
                "Someone else saved this analysis while you were writing. Your text is kept "
                "below; compare it with the saved text, merge them and save again."
            ),
            current,
        )
    current.text = text
    current.revision = revision + 1
    current.updated_by = by if getattr(by, "is_authenticated", False) else None
    current.save()
    return current


def _move(followup: FollowUp, to: str, *, by) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if to not in FOLLOWUP_TRANSITIONS[FollowUpStatus(followup.status)]:
        raise ValidationError(
            _("A follow-up cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": FollowUpStatus(followup.status).label,
                "to": FollowUpStatus(to).label,
            }
        )
    FollowUpStatusChange.objects.create(
        followup=followup,
        from_status=followup.status,
        to_status=to,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    followup.status = to
    return followup


@transaction.atomic
def submit_for_review(followup: FollowUp, *, by) -> FollowUp:
    """For the coordinator and the editors who write an analysis (access.can_submit_followup)."""
    followup = _move(followup, FollowUpStatus.READY_FOR_REVIEW, by=by)
    followup.save()
    record_event("followup_submitted", followup, followup.title, actor=by)
    return followup


@transaction.atomic
def return_to_draft(followup: FollowUp, *, by) -> FollowUp:
    """The coordinator's (access.can_manage_followups)."""
    followup = _move(followup, FollowUpStatus.DRAFT, by=by)
    followup.save()
    record_event("followup_returned", followup, followup.title, actor=by)
    return followup


@transaction.atomic
def approve_followup(followup: FollowUp, *, by, now: datetime.datetime | None = None) -> FollowUp:
    """Approve and freeze: the roll-up as it is now goes into the snapshot. The coordinator's
    (access.can_manage_followups)."""
    followup = _move(followup, FollowUpStatus.APPROVED, by=by)
    # The public's view of what other documents contribute: the snapshot is a public record.
    followup.snapshot = yearly.build(followup.version, year=followup.year)
    followup.data_as_of = now or timezone.now()
    followup.save()
    record_event("followup_approved", followup, followup.title, actor=by)
    # Its charts are frozen now: drawn ahead, with its PDF, into the render store (tasks.py).
    tasks.enqueue_charts(followup.pk)
    return followup
