"""The yearly follow-up's pages for every persona: who sees a draft and an approved follow-up,
who starts one, moves it through the workflow, writes an area's analysis and downloads it.
The Swedish catalogue is live: the assertions are in Swedish."""

import json
import re

import pytest
from django.urls import reverse

from riktning.accounts.tests.personas import MEMBERS, PERSONAS
from riktning.followup import services
from riktning.followup.models import AreaAnalysis, FollowUp
from riktning.followup.tests.test_rollup import followup_version
from riktning.indicators.models import Indicator
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Version

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def version(orgs):
    version = followup_version()
    Version.objects.filter(pk=version.pk).update(status=VersionStatus.ADOPTED)
    version.refresh_from_db()
    indicator = Indicator.objects.get(title="A")
    indicator.responsible = orgs["social"]
    indicator.save()
    return version


@pytest.fixture
def draft(version, coordinator):
    return services.start_followup(version, 2025, by=coordinator)


@pytest.fixture
def approved(draft, coordinator):
    services.submit_for_review(draft, by=coordinator)
    return services.approve_followup(draft, by=coordinator)


def detail(followup) -> str:
    return reverse("web:followup_detail", args=[followup.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_an_approved_follow_up(persona, personas, approved):
    response = personas[persona].get(detail(approved))

    assert response.status_code == 200
    page = text(response)
    assert "Uppföljning 2025" in page and "Data per" in page
    assert "Utbildning" in page and "Fler klarar skolan" in page
    assert "Flickor ligger 6,0 över pojkar 2020" in page  # the gender gap
    assert "Exempeldata – inte verkliga värden" in page
    assert "Ladda ned som PDF" in page and "Ladda ned som Word" in page


def test_an_anonymous_visitor_does_not_see_a_draft(personas, draft):
    response = personas["anonymous"].get(detail(draft))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    listing = personas["anonymous"].get(reverse("web:followup_list", args=[draft.version_id]))
    assert "Uppföljning 2025" not in text(listing)


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_see_a_draft(persona, personas, draft):
    response = personas[persona].get(detail(draft))
    assert response.status_code == 200
    assert "Inte godkänd" in text(response)


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("anonymous", False),
        ("reader", False),
        ("social_editor", False),
        ("bildning_editor", False),
        ("coordinator", True),
    ],
)
def test_only_the_coordinator_starts_a_follow_up(persona, allowed, personas, version):
    url = reverse("web:followup_list", args=[version.pk])
    page = text(personas[persona].get(url))
    assert ("Starta uppföljningen" in page) is allowed

    response = personas[persona].post(url, {"year": "2025", "introduction": ""})

    assert FollowUp.objects.filter(year=2025).exists() is allowed
    if allowed:
        followup = FollowUp.objects.get()
        assert response["Location"] == detail(followup)
        assert followup.title == "Uppföljning 2025"
    else:
        assert response.status_code in (302, 403)


def test_a_second_follow_up_for_the_same_year_is_refused_with_a_message(personas, draft):
    url = reverse("web:followup_list", args=[draft.version_id])
    response = personas["coordinator"].post(url, {"year": "2025"})
    assert response.status_code == 400
    assert "Det finns redan en uppföljning för 2025" in text(response)


@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("anonymous", False),
        ("reader", False),
        ("social_editor", True),  # responsible for indicator A of the area
        ("bildning_editor", False),
        ("coordinator", True),
    ],
)
def test_who_writes_an_area_analysis(persona, allowed, personas, draft):
    analysis = draft.analyses.get()
    url = reverse("web:analysis_edit", args=[analysis.pk])

    response = personas[persona].post(url, {"text": "<p>Vår analys</p>", "revision": "0"})

    analysis.refresh_from_db()
    assert (analysis.text == "<p>Vår analys</p>") is allowed
    if allowed:
        assert response.status_code == 302
        page = text(personas["reader"].get(detail(draft)))
        assert "Vår analys" in page
    else:
        assert response.status_code in (302, 403)


def test_a_stale_save_shows_a_conflict_and_keeps_the_text(personas, draft, coordinator):
    analysis = draft.analyses.get()
    services.save_area_analysis(analysis, by=coordinator, text="<p>Först</p>", revision=0)
    url = reverse("web:analysis_edit", args=[analysis.pk])

    response = personas["social_editor"].post(url, {"text": "<p>Min text</p>", "revision": "0"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan sparade den här analysen" in page
    assert "&lt;p&gt;Min text&lt;/p&gt;" in page  # the user's text, still in the textarea
    assert "<p>Först</p>" in page  # the saved text beside it
    assert 'name="revision" value="1"' in page
    assert AreaAnalysis.objects.get().text == "<p>Först</p>"


def test_scripts_in_an_analysis_never_reach_the_page(personas, draft):
    AreaAnalysis.objects.filter(pk=draft.analyses.get().pk).update(
        text='<p>Hej</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )  # stored past save(): the output is cleaned again
    page = personas["reader"].get(detail(draft)).content.decode()
    assert "alert" not in page and "onerror" not in page
    assert "<p>Hej</p>" in page


@pytest.mark.parametrize(
    "persona,action,allowed",
    [
        ("reader", "granska", False),
        ("bildning_editor", "granska", False),
        ("social_editor", "granska", True),
        ("coordinator", "granska", True),
    ],
)
def test_who_sends_for_review(persona, action, allowed, personas, draft):
    url = reverse("web:followup_transition", args=[draft.pk, action])
    response = personas[persona].post(url)
    draft.refresh_from_db()
    assert (draft.status == "ready_for_review") is allowed
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("persona", ["reader", "social_editor", "bildning_editor"])
def test_only_the_coordinator_approves(persona, personas, draft, coordinator):
    services.submit_for_review(draft, by=coordinator)
    url = reverse("web:followup_transition", args=[draft.pk, "godkann"])
    assert personas[persona].post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "ready_for_review"


def test_the_coordinator_approves_and_returns(personas, draft, coordinator):
    client = personas["coordinator"]
    client.post(reverse("web:followup_transition", args=[draft.pk, "granska"]))
    client.post(reverse("web:followup_transition", args=[draft.pk, "tillbaka"]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    client.post(reverse("web:followup_transition", args=[draft.pk, "granska"]))
    response = client.post(reverse("web:followup_transition", args=[draft.pk, "godkann"]))
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.snapshot
    page = text(client.get(response["Location"]))
    assert "Uppföljningen godkändes" in page and "Data per" in page


def test_the_transition_needs_a_post(personas, draft):
    url = reverse("web:followup_transition", args=[draft.pk, "granska"])
    assert personas["coordinator"].get(url).status_code == 405


@pytest.mark.parametrize(
    "fmt,content_type",
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_the_downloads(fmt, content_type, personas, approved):
    response = personas["anonymous"].get(reverse("web:followup_download", args=[approved.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "uppfoljning-2025" in response["Content-Disposition"]


def test_an_unknown_format_is_not_found(personas, approved):
    url = reverse("web:followup_download", args=[approved.pk, "xlsx"])
    assert personas["coordinator"].get(url).status_code == 404


def test_the_overview_links_to_the_yearly_follow_ups(personas, approved):
    response = personas["anonymous"].get(
        reverse("web:followup_overview", args=[approved.version_id])
    )
    page = response.content.decode()
    assert reverse("web:followup_list", args=[approved.version_id]) in page
    assert detail(approved) in page


def chart_payloads(response) -> dict[str, dict]:
    """json_script id → the chart payload the page carries for vega-embed."""
    html = response.content.decode()
    found = re.findall(
        r'<script id="(followup-chart-spec-\d+)" type="application/json">(.*?)</script>', html, re.S
    )
    return {spec_id: json.loads(body) for spec_id, body in found}


def stored_charts(followup) -> dict[str, dict]:
    return {
        f"followup-chart-spec-{item['link_id']}": item["chart"]
        for area in followup.snapshot["areas"]
        for goal in area["goals"]
        for item in goal["indicators"]
        if item.get("chart")
    }


@pytest.mark.parametrize("persona", ["anonymous", "coordinator"])
def test_an_approved_follow_up_carries_the_reports_chart_per_indicator(persona, personas, approved):
    from riktning.followup import yearly

    response = personas[persona].get(detail(approved))
    payloads = chart_payloads(response)
    stored = stored_charts(approved)

    # A and E have values; the proposed, empty and undefined indicators have no chart
    assert len(stored) == 2 and set(payloads) == set(stored)
    for spec_id, chart in stored.items():
        # the same spec as the PDF's, built by the same functions
        assert payloads[spec_id]["spec"] == json.loads(json.dumps(yearly.chart_spec(chart)))
        assert payloads[spec_id]["formatLocale"]["decimal"] == ","
    html = response.content.decode()
    # each chart: a container naming its spec, an accessible name, the fallback text
    assert html.count('class="chart-canvas" data-spec="followup-chart-spec-') == 2
    assert html.count('class="chart-frame" role="img"') == 2
    assert (
        'aria-label="Diagram över A, Flickor, pojkar och totalt. Samma värden finns i tabellen '
        'nedan."'
    ) in html
    assert 'aria-label="Diagram över E, Totalt. Samma värden finns i tabellen nedan."' in html
    assert "riktning/indicator-chart.js" in html and "vega-interpreter" in html
    assert " style=" not in html and "<script>" not in html


def test_each_chart_has_its_values_as_a_table(personas, approved):
    response = personas["anonymous"].get(detail(approved))
    html = response.content.decode()
    assert html.count('<details class="chart-table">') == 2
    tables = re.findall(r'<details class="chart-table">(.*?)</details>', html, re.S)
    first = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tables[0])).strip()
    # A: the years as rows; the home municipality's total, girls and boys side by side, and
    # the comparison areas' totals, as columns
    assert first == (
        "Värdena som tabell A – Flickor, pojkar och totalt År Trelleborg, totalt"
        " Trelleborg, flickor Trelleborg, pojkar Region Skåne, totalt Riket, totalt"
        " 2015 100,0 100,0 100,0 – inget värde – inget värde"
        " 2019 – inget värde – inget värde – inget värde – inget värde 90,0"
        " 2020 110,0 105,0 99,0 112,0 – inget värde"
    )


def test_charts_of_example_data_are_labelled(personas, approved):
    response = personas["anonymous"].get(detail(approved))
    payloads = chart_payloads(response)
    stored = stored_charts(approved)
    (example_id,) = [k for k, chart in stored.items() if chart["example"]]
    (real_id,) = [k for k, chart in stored.items() if not chart["example"]]
    label = "Exempeldata – inte verkliga värden"
    assert label in payloads[example_id]["spec"]["title"]["subtitle"][-1]
    assert not any(label in line for line in payloads[real_id]["spec"]["title"]["subtitle"])
    html = response.content.decode()
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S)
    assert sum(label in f for f in figures) == 1
    tables = re.findall(r'<details class="chart-table">(.*?)</details>', html, re.S)
    assert sum(label in t for t in tables) == 1


def test_an_approved_follow_ups_charts_need_no_queries_for_values(personas, approved):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas["anonymous"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail(approved))
    assert len(chart_payloads(response)) == 2
    assert not [q for q in queries if "observation" in q["sql"].lower()]


def test_a_draft_shows_the_charts_too(personas, draft):
    response = personas["coordinator"].get(detail(draft))
    assert len(chart_payloads(response)) == 2
