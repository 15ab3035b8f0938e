"""What changed since the person's last visit, for the start page: statements received, measures
reported on and values imported. Read-only; a fixed number of queries (a count and the newest few
of each kind), however much has changed. Submitted statements are public documents and imported
values public data; measure reports are shown to members, as the action plans are.

What it lists depends only on the moment it counts from, so `changes_html` keeps it rendered per
moment under the data and the work generation (followup/cache.py: never stale). Without a
previous login it counts from the start of the day two weeks ago, so the moment is the same all
day."""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from riktning.followup import cache

from .worklist import Item

SHOWN = 5  # newest items of each kind; the count says how many there are in all
FIRST_VISIT = datetime.timedelta(days=14)  # without a previous login: from midnight two weeks ago


@dataclass
class Group:
    count: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass
class Changes:
    since: datetime.datetime
    first_visit: bool
    statements: Group = field(default_factory=Group)
    measures: Group = field(default_factory=Group)
    imports: Group = field(default_factory=Group)

    @property
    def empty(self) -> bool:
        return not (self.statements.count or self.measures.count or self.imports.count)


def first_visit_start() -> datetime.datetime:
    """Where a person without a previous login counts from: the start of the day two weeks
    ago (local time)."""
    day = timezone.localdate() - FIRST_VISIT
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def changes_html(since: datetime.datetime | None, stamp: str | None = None) -> SafeString:
    """`changes_since(since)` rendered (web/includes/changes.html), from the cache when it was
    rendered from the same moment at the current generations (or `stamp`: both)."""
    moment = since or first_visit_start()

    def render() -> str:
        changes = _changes(moment, first_visit=since is None)
        return render_to_string("web/includes/changes.html", {"changes": changes})

    first = "first" if since is None else "since"
    key = f"changes:{first}:{moment.isoformat()}"
    return cache.fragment(key, render, work=True, stamp=stamp)


def _day(moment) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y")


def changes_since(since: datetime.datetime | None) -> Changes:
    return _changes(since or first_visit_start(), first_visit=since is None)


def _changes(since: datetime.datetime, *, first_visit: bool) -> Changes:
    from riktning.actionplans.models import MeasureStatusUpdate
    from riktning.consultation.models import Statement, StatementStatus
    from riktning.indicators.constants import BatchStatus
    from riktning.indicators.models import ImportBatch

    result = Changes(since, first_visit)
    statements = Statement.objects.filter(
        status=StatementStatus.SUBMITTED, submitted_at__gt=result.since
    )
    result.statements.count = statements.count()
    for statement in statements.select_related("round", "organisation").order_by(
        "-submitted_at", "-id"
    )[:SHOWN]:
        result.statements.items.append(
            Item(
                text=f"{statement.organisation.name}: {statement.round.title}",
                url=reverse("web:statement_detail", args=[statement.pk]),
                detail=_day(statement.submitted_at),
            )
        )
    updates = MeasureStatusUpdate.objects.filter(recorded_at__gt=result.since)
    result.measures.count = updates.count()
    for update in updates.select_related("measure__plan", "measure__responsible").order_by(
        "-recorded_at", "-id"
    )[:SHOWN]:
        measure = update.measure
        result.measures.items.append(
            Item(
                text=measure.title,
                url=reverse("web:action_plan_detail", args=[measure.plan_id]),
                detail=f"{measure.responsible.name if measure.responsible else ''}: "
                f"{update.get_status_display()}, {_day(update.recorded_at)}".lstrip(": "),
            )
        )
    batches = ImportBatch.objects.filter(
        status=BatchStatus.SUCCEEDED, started_at__gt=result.since
    ).exclude(rows_added=0, rows_changed=0)
    result.imports.count = batches.count()
    for batch in batches.order_by("-started_at", "-id")[:SHOWN]:
        values = ngettext(
            "%(added)s new and %(changed)s changed value",
            "%(added)s new and %(changed)s changed values",
            batch.rows_added + batch.rows_changed,
        ) % {"added": batch.rows_added, "changed": batch.rows_changed}
        label = batch.get_source_display()
        if batch.is_example:
            label += f" ({_('Example data – not real values')})"
        result.imports.items.append(
            Item(
                text=label,
                url=reverse("web:indicator_list"),
                detail=f"{values}, {_day(batch.started_at)}",
            )
        )
    return result
