"""The demo's mapping rounds and action plan: from the strategy's assignments, all invented rows
marked as example data, and seeding twice adds nothing."""

import pytest

from riktning.actionplans.models import ActionPlan
from riktning.activities.models import Activity, MappingRound
from riktning.devtools.demo import seed_demo
from riktning.strategy.models import Assignment


@pytest.mark.django_db
def test_the_demo_seeds_the_two_2021_mappings_and_a_2025_plan_once():
    seed_demo()
    rounds = MappingRound.objects.all()
    assert rounds.count() == 2
    assert set(rounds.values_list("assignment_id", flat=True)) == set(
        Assignment.objects.filter(year=2021).values_list("pk", flat=True)
    )
    assert {r.is_open for r in rounds} == {True, False}
    plan = ActionPlan.objects.get(year=2025)
    assert plan.version.title == "Strategi för social hållbarhet 2021–2030"
    assert plan.measures.count() >= 4
    assert plan.is_example
    assert not plan.measures.filter(is_example=False).exists()
    assert Activity.objects.exists()
    assert not Activity.objects.filter(is_example=False).exists()

    again = seed_demo()
    assert not any(label.startswith(("activities.", "actionplans.")) for label in again)


@pytest.mark.django_db
def test_the_demo_prints_a_working_personal_link_for_an_association(client, tmp_path):
    from riktning.activities.models import ReportingLink
    from riktning.devtools.demo import demo_banner
    from riktning.devtools.demo_plans import fresh_reporting_link

    seed_demo()
    organisation, token = fresh_reporting_link(tmp_path)
    banner = demo_banner("127.0.0.1", 8000, reporting_link=(organisation, token))
    assert f"http://127.0.0.1:8000/rapportera/{token}/" in banner
    assert "Studieförbunden" in banner

    page = client.get(f"/rapportera/{token}/")
    assert page.status_code == 200
    assert "Studieförbunden" in page.content.decode()

    # the next start prints the same link: no new link, nothing revoked
    assert fresh_reporting_link(tmp_path) == (organisation, token)
    assert ReportingLink.objects.count() == 1

    # once it no longer works (revoked by the coordinator), the next start makes a new one
    link = ReportingLink.objects.get()
    from riktning.activities import services

    services.revoke_reporting_link(link)
    _organisation, newer = fresh_reporting_link(tmp_path)
    assert newer != token
    assert client.get(f"/rapportera/{newer}/").status_code == 200
    assert client.get(f"/rapportera/{token}/").status_code != 200
