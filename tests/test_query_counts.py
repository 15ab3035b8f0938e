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

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from test_url_access import OK, URLS, clients, url_names, url_of, world  # noqa: F401

from bench.page_queries import add_unrelated_data

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "coordinator")


def pages(persona: str) -> list[str]:
    known = set(url_names())
    return sorted(n for n, row in URLS.items() if n in known and row.get[persona] == OK)


def count_queries(by_persona, w) -> dict[tuple[str, str], int]:
    from django.core.cache import cache

    from riktning.reports.models import Rendering

    counts = {}
    for persona in PERSONAS:
        for name in pages(persona):
            url = url_of(name, w)
            # Every page counted with the render store empty (reports/store.py): a report's
            # charts stored by an earlier fetch would save the queries that store them. And
            # with the cache empty: what an earlier page kept (the municipality's name, the
            # person's roles, followup/cache.py) would save this page's queries in one pass
            # and not in the other.
            Rendering.objects.all().delete()
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = by_persona[persona].get(url)
            assert response.status_code == OK, f"GET {url} as {persona}"
            counts[persona, name] = len(queries)
    return counts


def test_no_page_queries_grow_with_data_it_does_not_show(world, clients):  # noqa: F811
    before = count_queries(clients, world)
    add_unrelated_data(world.round)

    after = count_queries(clients, world)

    grown = {
        f"{name} as {persona}": f"{before[persona, name]} → {after[persona, name]} queries"
        for (persona, name) in before
        if after[persona, name] != before[persona, name]
    }
    assert not grown, "These pages' queries grew with data they do not show: " + "; ".join(
        f"{page}: {change}" for page, change in sorted(grown.items())
    )
