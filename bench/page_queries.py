"""Server time and database queries of Riktning's main pages, on the demo and again with about
ten times as much data the pages do not show, against /healthz in the same run.

A fresh SQLite database in a temporary folder, migrated and seeded with the demo. Each page is
fetched through Django's test client (the whole middleware stack, no network) as the coordinator
and, where it is public, as an anonymous visitor: a warm-up, then --requests rounds over every
page in turn. Then add_unrelated_data() adds other documents with versions, areas and goals,
consultation rounds of those versions with recipients and statements, more recipients in the
demo's round, action plans with late measures, indicators with observations and organisations
(--times × about the demo's amount, bulk_create), and everything is measured again. Prints per
page the median server time, its ratio to /healthz and the queries, before and after; and the
load average. tests/test_query_counts.py asserts the same query counts over every URL.

    .venv/bin/python bench/page_queries.py [--requests 20] [--times 10]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def add_unrelated_data(round, times: int = 10) -> None:
    """About `times` × the demo's data that no main page shows in full, with bulk_create: other
    documents' versions with areas and goals, consultation rounds of those versions with
    recipients and statements (half submitted, half drafts), recipients who have not answered in
    `round` (the demo's), action plans with late measures, indicators with observations."""
    from django.utils import timezone

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
    now = timezone.now()
    n = 20 * times
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Förvaltning {i} (Exempeldata)", kind=OrganisationKind.ADMINISTRATION)
        for i in range(n)
    )
    documents = SteeringDocument.objects.bulk_create(
        SteeringDocument(
            title=f"Annat styrdokument {i} (Exempeldata)",
            kind=DocumentKind.PLAN,
            owner=organisations[i],
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
    Recipient.objects.bulk_create(
        Recipient(round=r, organisation=o) for r in rounds for o in organisations
    )
    Recipient.objects.bulk_create(Recipient(round=round, organisation=o) for o in organisations)
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
        Indicator(title=f"Annan indikator {i} (Exempeldata)", source_kind=SourceKind.LOCAL)
        for i in range(n)
    )
    batch = ImportBatch.objects.create(source=BatchSource.MANUAL, description="Exempeldata")
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area_code="1287",
            period=year,
            gender="T",
            value=year,
            batch=batch,
        )
        for indicator in indicators
        for year in range(2010, 2020)
    )


def main_pages() -> dict[str, tuple[str, bool]]:
    """Page → (URL, public?) on the demo."""
    from django.urls import reverse

    from riktning.actionplans.models import ActionPlan
    from riktning.consultation.models import Round
    from riktning.followup.models import FollowUp
    from riktning.indicators.models import Indicator
    from riktning.strategy.constants import VersionStatus
    from riktning.strategy.models import Version

    adopted = Version.objects.get(status=VersionStatus.ADOPTED)
    round = Round.objects.get()
    indicator = Indicator.objects.filter(goal_links__isnull=False).first()
    return {
        "healthz": (reverse("healthz"), True),
        "start page": (reverse("web:home"), True),
        "document": (reverse("web:document_detail", args=[adopted.document_id]), True),
        "version (adopted)": (reverse("web:version_detail", args=[adopted.pk]), True),
        "version (consultation)": (reverse("web:version_detail", args=[round.version_id]), False),
        "indicators": (reverse("web:indicator_list"), True),
        "indicator": (reverse("web:indicator_detail", args=[indicator.pk]), True),
        "action plan": (
            reverse("web:action_plan_detail", args=[ActionPlan.objects.get().pk]),
            False,
        ),
        "consultation round": (reverse("web:round_detail", args=[round.pk]), False),
        "round summary": (reverse("web:round_summary", args=[round.pk]), False),
        "follow-up overview": (reverse("web:followup_overview", args=[adopted.pk]), True),
        "follow-up": (reverse("web:followup_detail", args=[FollowUp.objects.get().pk]), True),
    }


def measure(clients, pages, requests: int) -> dict[tuple[str, str], tuple[float, int]]:
    """(persona, page) → (median seconds, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    targets = [
        (persona, name, url)
        for name, (url, public) in pages.items()
        for persona in clients
        if public or persona == "coordinator"
    ]
    counts = {}
    for persona, name, url in targets:  # warm-up, and the queries
        with CaptureQueriesContext(connection) as captured:
            response = clients[persona].get(url)
        assert response.status_code == 200, (persona, url, response.status_code)
        counts[persona, name] = len(captured)
    times: dict[tuple[str, str], list[float]] = {(p, n): [] for p, n, _ in targets}
    for _ in range(requests):
        for persona, name, url in targets:
            start = time.perf_counter()
            clients[persona].get(url)
            times[persona, name].append(time.perf_counter() - start)
    return {key: (statistics.median(values), counts[key]) for key, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    with demo_database(demo_mode=True):
        from django.test import Client

        from riktning.accounts.models import User
        from riktning.consultation.models import Round

        coordinator = Client(SERVER_NAME="127.0.0.1")  # an allowed host
        coordinator.force_login(User.objects.get(username="samordnare"))
        clients = {"anonymous": Client(SERVER_NAME="127.0.0.1"), "coordinator": coordinator}
        pages = main_pages()

        demo = measure(clients, pages, args.requests)
        add_unrelated_data(Round.objects.get(), args.times)
        more = measure(clients, pages, args.requests)

    base = {p: demo[p, "healthz"][0] for p in clients}
    base_more = {p: more[p, "healthz"][0] for p in clients}
    header = f"{'demo ms':>8} {'×hz':>6} {'q':>4}"
    print(f"{'page':<24} {'as':<12} {header}   {header.replace('demo', 'more')}")
    for (persona, name), (seconds, count) in demo.items():
        later, later_count = more[persona, name]
        print(
            f"{name:<24} {persona:<12} {seconds * 1000:8.1f} {seconds / base[persona]:6.1f} "
            f"{count:4d}   {later * 1000:8.1f} {later / base_more[persona]:6.1f} {later_count:4d}"
        )
    print("load average (1, 5, 15 min):", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
