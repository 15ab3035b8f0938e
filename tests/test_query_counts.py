"""No page's queries grow with data it does not show (issue 18).

Every page of the URL table (tests/test_url_access.py, whose world this test reuses: the demo and
a few more objects) that the coordinator or an anonymous visitor may open is fetched, its
database queries counted; then unrelated data is added, about ten times the demo's (other
documents with versions and areas, consultation rounds of those versions with recipients and
statements, more recipients in the demo's own round, action plans with measures, indicators with
observations, organisations), and every page is fetched again. The counts must be equal: a page
whose queries grow is named with both counts. Timings are not asserted here; they are in
bench/page_queries.py and docs/performance.md.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from test_url_access import OK, URLS, clients, url_names, url_of, world  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "coordinator")
TIMES = 10


def pages(persona: str) -> list[str]:
    known = set(url_names())
    return sorted(n for n, row in URLS.items() if n in known and row.get[persona] == OK)


def count_queries(by_persona, w) -> dict[tuple[str, str], int]:
    counts = {}
    for persona in PERSONAS:
        for name in pages(persona):
            url = url_of(name, w)
            with CaptureQueriesContext(connection) as queries:
                response = by_persona[persona].get(url)
            assert response.status_code == OK, f"GET {url} as {persona}"
            counts[persona, name] = len(queries)
    return counts


def add_unrelated_data(w, times: int = TIMES) -> None:
    """About `times` × the demo's data that no measured page shows in full, with bulk_create."""
    from riktning.accounts.constants import OrganisationKind
    from riktning.accounts.models import Organisation
    from riktning.actionplans.constants import MeasureStatus, PlanStatus
    from riktning.actionplans.models import ActionPlan, Measure
    from riktning.consultation.constants import StatementStatus
    from riktning.consultation.models import Recipient, Round, Statement
    from riktning.indicators.constants import BatchSource, SourceKind
    from riktning.indicators.models import ImportBatch, Indicator, Observation
    from riktning.strategy.constants import DocumentKind, VersionStatus
    from riktning.strategy.models import DevelopmentArea, Goal, SteeringDocument, Version

    today = timezone.localdate()
    n = 20 * times
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Förvaltning {i} (Exempeldata)", kind=OrganisationKind.ADMINISTRATION)
        for i in range(n)
    )
    documents = SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=f"Annat styrdokument {i}", kind=DocumentKind.PLAN, owner=organisations[i]
        )
        for i in range(times)
    )
    versions = Version.objects.bulk_create(
        Version(document=d, number=1, title=f"{d.title}, utkast", status=VersionStatus.DRAFT)
        for d in documents
    )
    areas = DevelopmentArea.objects.bulk_create(
        DevelopmentArea(version=v, order=i, title=f"Område {i}") for v in versions for i in range(5)
    )
    Goal.objects.bulk_create(
        Goal(area=a, order=i, title=f"Mål {i}") for a in areas for i in range(3)
    )
    rounds = Round.objects.bulk_create(
        Round(
            version=v,
            title=f"Remiss av {v.title}",
            cover_letter="Exempeldata",
            reply_by=today + datetime.timedelta(days=30),
            sent_on=today,
        )
        for v in versions
    )
    # Recipients with submitted and draft statements in the other rounds, and more recipients
    # (who have not answered) in the demo's round.
    Recipient.objects.bulk_create(
        Recipient(round=r, organisation=o) for r in rounds for o in organisations
    )
    Recipient.objects.bulk_create(Recipient(round=w.round, organisation=o) for o in organisations)
    now = datetime.datetime.now(datetime.UTC)
    Statement.objects.bulk_create(
        Statement(
            round=r,
            organisation=o,
            status=StatementStatus.SUBMITTED if i % 2 else StatementStatus.DRAFT,
            submitted_at=now if i % 2 else None,
        )
        for r in rounds
        for i, o in enumerate(organisations)
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            version=v, year=2030, title=f"Handlingsplan för {v.title}", status=PlanStatus.DRAFT
        )
        for v in versions
    )
    Measure.objects.bulk_create(
        Measure(
            plan=p,
            order=i,
            title=f"Åtgärd {i}",
            responsible=organisations[i],
            status=MeasureStatus.ONGOING,
            end_date=today - datetime.timedelta(days=1),
        )
        for p in plans
        for i in range(n)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(title=f"Annan indikator {i}", source_kind=SourceKind.LOCAL) for i in range(n)
    )
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, description="Exempeldata")
    Observation.objects.bulk_create(
        Observation(
            indicator=ind, area_code="1287", period=year, gender="T", value=year, batch=batch
        )
        for ind in indicators
        for year in range(2010, 2020)
    )


def test_no_page_queries_grow_with_data_it_does_not_show(world, clients):  # noqa: F811
    before = count_queries(clients, world)
    add_unrelated_data(world)

    after = count_queries(clients, world)

    grown = {
        f"{name} as {persona}": f"{before[persona, name]} → {after[persona, name]} queries"
        for (persona, name) in before
        if after[persona, name] != before[persona, name]
    }
    assert not grown, "These pages' queries grew with data they do not show: " + "; ".join(
        f"{page}: {change}" for page, change in sorted(grown.items())
    )
