"""The annual cycle's writes and reads, shared by the web and the demo: a year's cycle made from
its document's template and that year's meetings, the steps' work (the round, the plan, the
follow-up), and the calendar feeds with their .ics text. Callers check access (cycle/access.py)."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from riktning.accounts.models import Organisation
from riktning.actionplans.models import ActionPlan
from riktning.activities.models import MappingRound
from riktning.consultation.models import Round
from riktning.followup.models import FollowUp

from .models import CalendarFeed, Cycle, CycleStep, Meeting, StepKind, StepLink, StepTemplate

FIRST_YEAR, LAST_YEAR = 2000, 2100


def meeting_for(template: StepTemplate, year: int) -> Meeting | None:
    """The first meeting of the template's body in its month of `year`, or None."""
    return (
        Meeting.objects.filter(
            body=template.meeting_body, date__year=year, date__month=template.meeting_month
        )
        .order_by("date")
        .first()
    )


@transaction.atomic
def create_cycle(document, year: int, *, by=None, is_example: bool = False) -> Cycle:
    """The document's cycle for `year` from its template, each step dated relative to that
    year's meeting. Refused, with nothing written, if the year is out of range, the cycle exists,
    the document has no template or a meeting a step needs is not entered."""
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if Cycle.objects.filter(document=document, year=year).exists():
        raise ValidationError(
            _("“%(document)s” already has an annual cycle for %(year)s.")
            % {"document": document, "year": year}
        )
    templates = list(StepTemplate.objects.filter(document=document).select_related("meeting_body"))
    if not templates:
        raise ValidationError(
            _("“%(document)s” has no template of steps to make a cycle from.")
            % {"document": document}
        )
    steps, missing = [], []
    for template in templates:
        meeting = meeting_for(template, year)
        if meeting is None:
            missing.append(
                _("%(body)s in month %(month)s (for “%(step)s”)")
                % {
                    "body": template.meeting_body,
                    "month": template.meeting_month,
                    "step": template.title,
                }
            )
            continue
        steps.append((template, meeting))
    if missing:
        raise ValidationError(
            _("Enter the meetings of %(year)s first; missing: %(missing)s.")
            % {"year": year, "missing": "; ".join(missing)}
        )
    cycle = Cycle.objects.create(document=document, year=year, created_by=by, is_example=is_example)
    CycleStep.objects.bulk_create(
        CycleStep(
            cycle=cycle,
            template=template,
            title=template.title,
            kind=template.kind,
            responsible=template.responsible,
            meeting=meeting,
            due=meeting.date - datetime.timedelta(days=template.days_before),
            link=template.link,
        )
        for template, meeting in steps
    )
    return cycle


def add_meeting(body: Organisation, date: datetime.date) -> Meeting:
    """A meeting of `body` on `date`; refused if one is entered already."""
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if Meeting.objects.filter(body=body, date=date).exists():
        raise ValidationError(_("%(body)s already has a meeting that day.") % {"body": body})
    return Meeting.objects.create(body=body, date=date)


# What a step links to when its template says "the work of the step's kind".
KIND_LINKS = {
    StepKind.MAPPING: StepLink.MAPPING,
    StepKind.CONSULTATION: StepLink.CONSULTATION,
    StepKind.ACTION_PLAN: StepLink.ACTION_PLAN,
    StepKind.FOLLOWUP: StepLink.FOLLOWUP,
    StepKind.ANALYSES: StepLink.FOLLOWUP,
}


def step_work(step: CycleStep):
    """The work a step is about, where one exists: the mapping or consultation round, the
    action plan or the yearly follow-up of the document in the cycle's year; else None."""
    versions = step.cycle.document.versions.all()
    year = step.cycle.year
    target = step.link or KIND_LINKS.get(step.kind, StepLink.NONE)
    if target == StepLink.MAPPING:
        return (
            MappingRound.objects.filter(version__in=versions, last_day__year=year)
            .order_by("last_day")
            .first()
        )
    if target == StepLink.CONSULTATION:
        return Round.objects.filter(version__in=versions, reply_by__year=year).first()
    if target == StepLink.ACTION_PLAN:
        return ActionPlan.objects.filter(version__in=versions, year=year).first()
    if target == StepLink.FOLLOWUP:
        # the follow-up of a year is written and approved the year after
        return FollowUp.objects.filter(version__in=versions, year=year - 1).first()
    return None


# --- the template of steps ---------------------------------------------------------------------

TEMPLATE_FIELDS = (
    "title",
    "kind",
    "responsible",
    "meeting_body",
    "meeting_month",
    "days_before",
    "link",
)
MAX_DAYS_BEFORE = 365


def template_documents():
    """The steering documents, each with `step_count`: how many steps its template has."""
    from django.db.models import Count

    from riktning.strategy.models import SteeringDocument

    return SteeringDocument.objects.annotate(step_count=Count("cycle_templates")).order_by("title")


def template_revision(document) -> int:
    """What a template form is opened on: the latest history id of the document's steps (kept
    for removed steps too), 0 for none."""
    latest = StepTemplate.history.filter(document_id=document.pk).aggregate(
        latest=Max("history_id")
    )
    return latest["latest"] or 0


def template_saved_now(document) -> list[str]:
    """The document's steps as they are saved, in words, for someone whose save was refused."""
    return [
        _("%(title)s: %(days)s days before %(body)s in month %(month)s")
        % {
            "title": step.title,
            "days": step.days_before,
            "body": step.meeting_body,
            "month": step.meeting_month,
        }
        for step in StepTemplate.objects.filter(document=document)
        .select_related("meeting_body")
        .order_by("order", "id")
    ]


@transaction.atomic
def save_template(document, *, steps: list[dict], removed=(), revision: int) -> list[StepTemplate]:
    """The document's template of steps as the coordinator edited it: `steps` in their order,
    each a dict of TEMPLATE_FIELDS with "id" for a step kept (None for a new one); `removed` the
    steps taken out. Every step is checked before anything is written (a ValidationError names
    the step by its number and title); refused, with nothing written, when someone saved the
    template after `revision` (template_revision when the form was opened). A year's cycle made
    afterwards (create_cycle) follows it; cycles already made keep their steps. The coordinator's
    (access.can_manage_cycle)."""
    type(document).objects.select_for_update().filter(pk=document.pk).first()
    if template_revision(document) != revision:
        raise ValidationError(
            _(
                "Someone else saved the template of “%(document)s” while you were editing it, "
                "so nothing of yours was saved. Your entries are still in the form, and the "
                "steps as they are saved now are listed above it: save again to put yours "
                "over them."
            )
            % {"document": document},
            code="conflict",
        )
    kept = {step.pk: step for step in StepTemplate.objects.filter(document=document)}
    removed_ids = {step.pk for step in removed}
    errors, objects = [], []
    for number, row in enumerate(steps, start=1):
        step = kept.get(row.get("id")) if row.get("id") else StepTemplate(document=document)
        if step is None or step.pk in removed_ids:
            errors.append(
                _("Step %(number)s is not in the template of “%(document)s”.")
                % {"number": number, "document": document}
            )
            continue
        for name in TEMPLATE_FIELDS:
            setattr(step, name, row[name])
        step.order = number
        problems = _template_problems(step)
        try:
            step.full_clean(exclude=["document"])
        except ValidationError as error:
            problems += error.messages
        errors += [
            _("Step %(number)s (“%(title)s”): %(problem)s")
            % {"number": number, "title": row.get("title") or "–", "problem": problem}
            for problem in problems
        ]
        objects.append(step)
    if errors:
        raise ValidationError(errors)
    for step in removed:
        if step.pk in kept:
            kept[step.pk].delete()
    for step in objects:
        step.save()
    return objects


def _template_problems(step: StepTemplate) -> list[str]:
    problems = []
    if not 1 <= (step.meeting_month or 0) <= 12:
        problems.append(_("the month of the meeting must be 1–12."))
    if step.days_before is not None and step.days_before > MAX_DAYS_BEFORE:
        problems.append(
            _("at most %(max)s days before the meeting (a year).") % {"max": MAX_DAYS_BEFORE}
        )
    return problems


# --- calendar feeds ----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def renew_feed(*, user=None, organisation=None) -> tuple[CalendarFeed, str]:
    """A new secret feed for a person or an organisation, revoking the old one (its URL then
    answers 404); returns (feed, token). The token is not stored: show it now."""
    current = CalendarFeed.objects.filter(user=user, organisation=organisation, revoked_at=None)
    current.update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        user=user, organisation=organisation, token_hash=hash_token(token)
    )
    return feed, token


def find_feed(token: str) -> CalendarFeed | None:
    """The feed of `token`, if it is not revoked, else None."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user", "organisation")
        .filter(token_hash=hash_token(token), revoked_at=None)
        .first()
    )


def active_feed(*, user=None, organisation=None) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        user=user, organisation=organisation, revoked_at=None
    ).first()


def active_organisation_feeds(organisations) -> dict[int, CalendarFeed]:
    """active_feed(organisation=...) for many organisations in one query: organisation id → its
    active feed (the newest, as active_feed() picks), for those that have one."""
    feeds = CalendarFeed.objects.filter(
        organisation__in=organisations, user=None, revoked_at=None
    ).order_by("created_at", "id")
    return {feed.organisation_id: feed for feed in feeds}  # the newest wins


def related_organisation_ids(organisations) -> set[int]:
    """The organisations with the bodies they belong to (parents up to the municipality) and
    their own parts (children down the tree): whose steps concern them."""
    everything = {org.pk: org.parent_id for org in Organisation.objects.only("id", "parent")}
    children: dict[int, list[int]] = {}
    for pk, parent in everything.items():
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    for org in organisations:
        node = org.pk
        while node is not None and node not in found:
            found.add(node)
            node = everything.get(node)
        stack = [org.pk]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
    return found


def feed_steps(steps, organisations):
    """The steps of `steps` whose responsible body or meeting body concerns `organisations`."""
    ids = related_organisation_ids(organisations)
    return steps.filter(Q(responsible_id__in=ids) | Q(meeting__body_id__in=ids))


def ical(steps, *, name: str, url_for=None) -> bytes:
    """The steps as an iCalendar file: one all-day event per step (its date, title, the body
    responsible and the meeting it feeds); `url_for(step)` gives a step's page address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Riktning//Arshjul//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for step in steps.select_related("cycle__document", "responsible", "meeting__body"):
        event = Event()
        event.add("uid", f"cycle-step-{step.pk}@riktning")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due)
        event.add("dtend", step.due + datetime.timedelta(days=1))
        event.add("summary", f"{step.title} ({step.responsible.short_name or step.responsible})")
        event.add(
            "description",
            _(
                "%(document)s, annual cycle %(year)s. Responsible: %(body)s. "
                "For the meeting: %(meeting)s."
            )
            % {
                "document": step.cycle.document,
                "year": step.cycle.year,
                "body": step.responsible,
                "meeting": step.meeting,
            },
        )
        if url_for is not None:
            event.add("url", url_for(step))
        calendar.add_component(event)
    return calendar.to_ical()
