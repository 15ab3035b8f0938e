"""The gender-equality lens in the demo: the public page lists the indicators whose gap between
girls and boys widens, largest first, and every indicator split by sex; the follow-up report has
the section; the gap analysis has a column for it (followup/gender.py, followup/equality.py)."""

import io
import re

import pytest
from demo_support import seeded_demo
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The demo's invented gaps (devtools/example_data.py GAP_DRIFT), largest against the level first.
WIDENING = [
    "Deltagartillfällena i idrottsföreningar bland pojkar och flickor",
    "Andel pojkar och flickor som ser mycket eller ganska ljust på framtiden",
    "Andel pojkar och flickor som är trygga i sitt bostadsområde",
    "Ungdomar som är etablerade på arbetsmarknaden eller studerar",
]
NOT_WIDENING = [
    "Elevplatser i musik- eller kulturskola",  # the girls' lead narrows
    "Andel pojkar och flickor i årskurs 9 som uppnått kunskapskraven",  # unchanged
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_the_page_lists_the_demos_widening_gaps_largest_first(demo, client):
    response = client.get(reverse("web:equality"), headers={"accept-language": "sv"})

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Jämställdhet: var gapet mellan könen växer" in text
    assert "Exempeldata" in text
    listed = section(text, "Indikatorer där gapet växer", "Indikatorer där gapet växer, som tabell")
    positions = [listed.find(title) for title in WIDENING]
    assert -1 not in positions, listed
    assert positions == sorted(positions)
    for title in NOT_WIDENING:
        assert title not in listed
    # The gap in the unit, its change and the periods compared, the sex behind in words.
    assert "Flickor ligger" in listed and "procentenheter under pojkar" in listed
    assert "till flickornas nackdel" in listed
    table = section(text, "som tabell", "Alla indikatorer uppdelade på kön")
    # The change in the unit, the periods compared in their own column.
    assert "+0,3 procentenheter 2023–2025" in table
    assert "+2,7 procentenheter 2012–2021" in table
    # Every indicator split by sex in the second table, the narrowing one included.
    everything = section(text, "Alla indikatorer uppdelade på kön", "Indikatorkatalogen")
    for title in WIDENING + NOT_WIDENING:
        assert title in everything
    assert "Gapet minskar" in everything


def test_the_page_links_each_indicator_and_is_linked_from_the_front_page_and_follow_up(
    demo, client
):
    from riktning.indicators.models import Indicator
    from riktning.strategy.models import Version

    page = client.get(reverse("web:equality")).content.decode()
    indicator = Indicator.objects.get(title__startswith=WIDENING[0])
    assert reverse("web:indicator_detail", args=[indicator.pk]) in page

    equality_url = reverse("web:equality")
    assert equality_url in client.get(reverse("web:home")).content.decode()
    version = Version.objects.filter(status="adopted").first()
    overview = client.get(reverse("web:followup_overview", args=[version.pk]))
    assert equality_url in overview.content.decode()


def test_the_page_reads_the_catalogue_in_a_fixed_number_of_queries(demo, client):
    from riktning.indicators.models import Indicator, Observation

    url = reverse("web:equality")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    first = Indicator.objects.get(title__startswith=WIDENING[0])
    for n in range(5):
        copy = Indicator.objects.create(
            title=f"Kopia {n}", source_kind=first.source_kind, source_key=f"X{n}", unit="antal"
        )
        Observation.objects.bulk_create(
            [
                Observation(
                    indicator=copy,
                    area_code=o.area_code,
                    period=o.period,
                    gender=o.gender,
                    breakdown=o.breakdown,
                    value=o.value,
                    batch=o.batch,
                )
                for o in first.observations.all()
            ]
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)

    assert "Kopia 4" in response.content.decode()
    assert len(after) == len(before)


def test_the_follow_up_page_and_report_have_the_section_in_html_and_word(demo):
    from docx import Document

    from riktning.followup import report
    from riktning.followup.models import FollowUp

    followup = FollowUp.objects.order_by("-year").first()
    html = visible_text(report.render(followup, "html").decode())
    heading = "Jämställdhet: var gapet mellan könen växer"
    assert heading in html
    listed = html.rsplit(heading, 1)[1]
    strategy_titles = [t for t in WIDENING if t in listed]
    assert strategy_titles, listed
    positions = [listed.find(t) for t in strategy_titles]
    assert positions == sorted(positions)

    page = visible_text(
        Client().get(reverse("web:followup_detail", args=[followup.pk])).content.decode()
    )
    assert [t for t in WIDENING if t in page.rsplit(heading, 1)[1]] == strategy_titles

    document = Document(io.BytesIO(report.render(followup, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert heading in headings
    rows = [row.cells[0].text for row in document.tables[-1].rows[1:]]
    assert [t for t in WIDENING if any(r.startswith(t) for r in rows)] == strategy_titles


def test_the_gap_analysis_has_a_column_for_the_gender_gap(demo, client):
    from riktning.accounts.models import User
    from riktning.strategy.models import Version

    client.force_login(User.objects.get(username="samordnare"))
    version = Version.objects.filter(status="adopted").first()

    response = client.get(reverse("web:gap_view", args=[version.pk]))

    text = visible_text(response.content.decode())
    assert "Gapet mellan flickor och pojkar" in text
    assert "Växer:" in text
