"""What happens to a steering document: named functions shared by the web UI, the API and the CLI.

Each runs in one transaction and validates everything before it writes. Who may call a function
is decided by its caller, which fetched the objects through strategy/access.py (the steering work
is the coordinator's: access.can_manage_strategy). `by` is the person acting, recorded on the
status log and as the event's actor; None where no one is logged in (the demo, the CLI).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riktning.audit.services import record_event

from .constants import TRANSITIONS, CarryOverKind, VersionStatus
from .models import (
    AreaCarryOver,
    Assignment,
    DevelopmentArea,
    Goal,
    GoalIndicator,
    Section,
    SteeringDocument,
    Step,
    Version,
    VersionStatusChange,
)


def check_transition(version: Version, to_status: str, *, decided_by=None, decision_date=None):
    """Raise ValidationError (in Swedish) unless `version` may move to `to_status`."""
    if to_status not in VersionStatus.values:
        raise ValidationError(_("Unknown status “%(status)s”.") % {"status": to_status})
    if to_status not in TRANSITIONS[version.status]:
        raise ValidationError(
            _("A version that is %(current)s cannot become %(target)s.")
            % {
                "current": VersionStatus(version.status).label.lower(),
                "target": VersionStatus(to_status).label.lower(),
            }
        )
    if to_status == VersionStatus.ADOPTED and decided_by is None:
        raise ValidationError(_("An adoption needs the body that decided it."))
    if decision_date and decision_date > timezone.localdate():
        raise ValidationError(_("The decision date cannot be in the future."))


@transaction.atomic
def change_version_status(
    version: Version,
    to_status: str,
    *,
    by=None,
    decided_by=None,
    decision_date: datetime.date | None = None,
    paragraph: str = "",
    case_number: str = "",
    note: str = "",
) -> VersionStatusChange:
    """Move a version to a new status and log it as a row with the decision behind it.

    Adopting a version repeals the version of the same document that was adopted before it.
    The coordinator's (access.can_change_version_status).
    """
    version = Version.objects.select_for_update().get(pk=version.pk)
    check_transition(version, to_status, decided_by=decided_by, decision_date=decision_date)
    change = VersionStatusChange.objects.create(
        version=version,
        from_status=version.status,
        to_status=to_status,
        decided_by=decided_by,
        decision_date=decision_date,
        paragraph=paragraph,
        case_number=case_number,
        note=note,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Version.objects.filter(pk=version.pk).update(status=to_status)
    version.status = to_status
    record_event(
        "version_status_changed",
        version,
        f"{version.title}: {VersionStatus(change.from_status).label} → "
        f"{VersionStatus(to_status).label}",
        actor=by,
        from_status=change.from_status,
        to_status=to_status,
        decision=change.decision_reference,
    )
    if to_status == VersionStatus.ADOPTED:
        older = version.document.versions.filter(status=VersionStatus.ADOPTED).exclude(
            pk=version.pk
        )
        for previous in older:
            change_version_status(
                previous,
                VersionStatus.REPEALED,
                by=by,
                decided_by=decided_by,
                decision_date=decision_date,
                paragraph=paragraph,
                case_number=case_number,
                note=_("Replaced by “%(title)s”.") % {"title": version.title},
            )
    return change


@transaction.atomic
def create_document(*, by=None, **fields) -> tuple[SteeringDocument, Version]:
    """A new steering document with its first version, a draft. The coordinator's
    (access.can_manage_strategy)."""
    document = SteeringDocument(**fields)
    document.full_clean()
    document.save()
    version = Version(
        document=document,
        number=1,
        title=document.title,
        valid_from=document.valid_from,
        valid_to=document.valid_to,
    )
    version.full_clean()
    version.save()
    VersionStatusChange.objects.create(
        version=version, from_status="", to_status=VersionStatus.DRAFT, recorded_by=_user(by)
    )
    record_event("document_created", document, document.title, actor=by)
    return document, version


@transaction.atomic
def create_next_version(document: SteeringDocument, *, title: str, by=None) -> Version:
    """A new, empty draft version of `document`, based on its latest adopted version (else its
    latest), e.g. for an imported file to fill. The coordinator's (access.can_manage_strategy)."""
    versions = document.versions.order_by("-number")
    based_on = versions.filter(status=VersionStatus.ADOPTED).first() or versions.first()
    number = (versions.values_list("number", flat=True).first() or 0) + 1
    version = Version(
        document=document,
        number=number,
        title=title,
        valid_from=based_on.valid_from if based_on else document.valid_from,
        valid_to=based_on.valid_to if based_on else document.valid_to,
        based_on=based_on,
    )
    version.full_clean()
    version.save()
    VersionStatusChange.objects.create(
        version=version, from_status="", to_status=VersionStatus.DRAFT, recorded_by=_user(by)
    )
    record_event("version_created", version, version.title, actor=by)
    return version


@transaction.atomic
def create_version_from(source: Version, *, title: str, by=None) -> Version:
    """A new draft version of the same document with a copy of `source`'s content.

    Every area is carried over one-to-one (the coordinator may change the mapping), every goal,
    indicator link, section, step and assignment is copied. The source stays as it is. The
    coordinator's (access.can_manage_strategy).
    """
    number = (
        source.document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = Version(
        document=source.document,
        number=number,
        title=title,
        valid_from=source.valid_from,
        valid_to=source.valid_to,
        summary=source.summary,
        based_on=source,
    )
    version.full_clean()
    version.save()
    VersionStatusChange.objects.create(
        version=version,
        from_status="",
        to_status=VersionStatus.DRAFT,
        recorded_by=_user(by),
        note=_("Created from “%(title)s”.") % {"title": source.title},
    )
    area_map: dict[int, DevelopmentArea] = {}
    for area in source.areas.all():
        copy = DevelopmentArea.objects.create(
            version=version, order=area.order, title=area.title, description=area.description
        )
        area_map[area.pk] = copy
        AreaCarryOver.objects.create(from_area=area, to_area=copy, kind=CarryOverKind.ONE_TO_ONE)
        for goal in area.goals.all():
            goal_copy = Goal.objects.create(
                area=copy, order=goal.order, title=goal.title, note=goal.note
            )
            for link in goal.indicator_links.all():
                GoalIndicator.objects.create(
                    goal=goal_copy,
                    indicator=link.indicator,
                    role=link.role,
                    order=link.order,
                    proposal=link.proposal,
                    wording=link.wording,
                    note=link.note,
                    baseline_year=link.baseline_year,
                    target_value=link.target_value,
                    target_year=link.target_year,
                )
    step_map: dict[int, Step] = {}
    for step in source.steps.all():
        step_map[step.pk] = Step.objects.create(
            version=version, number=step.number, title=step.title, description=step.description
        )
    for assignment in source.assignments.all():
        Assignment.objects.create(
            version=version,
            step=step_map.get(assignment.step_id),
            area=area_map.get(assignment.area_id),
            title=assignment.title,
            description=assignment.description,
            year=assignment.year,
        )
    section_map: dict[int, Section] = {}
    # Parents before children: walk the tree from the roots.
    pending = list(source.sections.filter(parent__isnull=True).order_by("order", "id"))
    while pending:
        section = pending.pop(0)
        section_map[section.pk] = Section.objects.create(
            version=version,
            parent=section_map.get(section.parent_id),
            order=section.order,
            heading=section.heading,
            body=section.body,
            area=area_map.get(section.area_id),
        )
        pending.extend(section.children.order_by("order", "id"))
    record_event(
        "version_created", version, f"{version.title} ({_('based on')} {source.title})", actor=by
    )
    return version


def save_content(obj):
    """Validate and save one piece of a version's content (area, goal, section, link …), or an
    entry of the indicator catalogue. The coordinator's (access.can_manage_strategy).

    Raises ValidationError when the version is adopted or the object is invalid.
    """
    obj.full_clean()
    obj.save()
    return obj


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None
