"""The rendered parts of the front page, the coordinator's start page, the follow-up overview
and the indicator page are kept in the cache (followup/cache.py), and none is ever stale or
someone else's: after each kind of write that changes what a part shows, the page shows it at
once, and a reader of one visibility class (members, the public) or one person never gets the
part rendered for another. Every request goes through the web, in English (the msgids)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from riktning.accounts.constants import Role
from riktning.accounts.models import Membership
from riktning.actionplans import services as plan_services
from riktning.actionplans.constants import MeasureStatus
from riktning.activities import services as activity_services
from riktning.followup import cache
from riktning.followup import services as followup_services
from riktning.followup.tests.test_rollup import HOME, followup_version
from riktning.indicators.constants import BatchSource
from riktning.indicators.models import Indicator
from riktning.indicators.services import record_observations
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import VersionFactory
from riktning.web.tests.test_followup_overview import get, set_status, text, url

from .plans_support import plans_world

pytestmark = pytest.mark.django_db


def page(client, path: str) -> str:
    return text(get(client, path))


@pytest.fixture
def version():
    return set_status(followup_version(), VersionStatus.ADOPTED)


# --- the public front page ---------------------------------------------------------------------


def test_the_front_page_shows_an_approved_follow_up_at_once(personas, coordinator, version):
    anonymous, member = personas["anonymous"], personas["reader"]
    assert "Latest follow-up None approved yet" in page(anonymous, "/")

    followup = followup_services.start_followup(version, 2024, by=coordinator)

    assert "Latest follow-up Follow-up 2024" in page(member, "/")  # a draft, for members
    assert "Latest follow-up None approved yet" in page(anonymous, "/")  # not the members' part

    followup_services.submit_for_review(followup, by=coordinator)
    followup_services.approve_followup(followup, by=coordinator)

    assert "Latest follow-up Follow-up 2024" in page(anonymous, "/")


def test_the_front_page_shows_an_adopted_action_plan_at_once(personas, orgs, version):
    anonymous, member = personas["anonymous"], personas["coordinator"]
    assert "Latest action plan None adopted yet" in page(anonymous, "/")
    plan = plan_services.create_action_plan(version=version, year=2025, title="Plan 2025")
    plan_services.add_measure(plan, title="Läxhjälp", responsible=orgs["social"])

    assert "Latest action plan Plan 2025" in page(member, "/")
    assert "Latest action plan None adopted yet" in page(anonymous, "/")

    plan_services.adopt_action_plan(plan)  # a queryset update and an event

    assert "Latest action plan Plan 2025" in page(anonymous, "/")


def test_the_public_never_gets_the_members_front_page(personas, version):
    VersionFactory(document=version.document, title="Utkast 2031", status=VersionStatus.DRAFT)
    anonymous, member = personas["anonymous"], personas["social_editor"]

    assert "Utkast 2031" not in page(anonymous, "/")
    assert "In progress: Utkast 2031" in page(member, "/")
    assert "Utkast 2031" not in page(anonymous, "/")
    assert "In progress: Utkast 2031" in page(personas["reader"], "/")


def test_the_front_page_glance_shows_an_import_at_once(personas, version):
    anonymous = personas["anonymous"]
    assert "A: 100 (2015) → 110 (2020)" in page(anonymous, "/")
    a = Indicator.objects.get(title="A")

    record_observations([[(a.pk, HOME, 2021, "T", "", 130.0, "")]], source=BatchSource.MANUAL)

    assert "A: 100 (2015) → 130 (2021)" in page(anonymous, "/")


def test_the_front_page_is_in_the_reader_s_language(personas, version):
    anonymous = personas["anonymous"]
    assert "How is it going?" in page(anonymous, "/")

    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = text(anonymous.get("/"))

    assert "Hur går det?" in swedish and "How is it going?" not in swedish


# --- the follow-up overview --------------------------------------------------------------------


def test_the_overview_shows_a_started_and_an_approved_follow_up_at_once(
    personas, coordinator, version
):
    anonymous, member = personas["anonymous"], personas["coordinator"]
    assert "Uppföljning 2024" not in page(anonymous, url(version))

    followup = followup_services.start_followup(version, 2024, by=coordinator)

    assert "Uppföljning 2024" in page(member, url(version))
    assert "Uppföljning 2024" not in page(anonymous, url(version))

    followup_services.submit_for_review(followup, by=coordinator)
    followup_services.approve_followup(followup, by=coordinator)

    assert "Uppföljning 2024" in page(anonymous, url(version))


# --- the indicator page ------------------------------------------------------------------------


def indicator_url(title: str) -> str:
    return reverse("web:indicator_detail", args=[Indicator.objects.get(title=title).pk])


def test_the_indicator_page_shows_an_import_and_a_changed_unit_at_once(personas, version):
    anonymous = personas["anonymous"]
    assert "2021" not in page(anonymous, indicator_url("A"))
    a = Indicator.objects.get(title="A")

    record_observations([[(a.pk, HOME, 2021, "T", "", 130.0, "")]], source=BatchSource.MANUAL)

    assert "2021 130" in page(anonymous, indicator_url("A"))

    a.unit = "poäng"
    a.save()

    assert "A – Total (poäng)" in page(anonymous, indicator_url("A"))


def test_the_indicator_page_keeps_each_reader_s_own_links(personas, version):
    anonymous, coordinator = personas["anonymous"], personas["coordinator"]

    assert "Edit indicator" in page(coordinator, indicator_url("A"))
    assert "Edit indicator" not in page(anonymous, indicator_url("A"))
    assert "Edit indicator" in page(coordinator, indicator_url("A"))


def test_the_public_never_gets_the_members_indicator_page(personas):
    followup_version()  # a draft: its goals are the members' to see
    anonymous, member = personas["anonymous"], personas["reader"]

    assert "Not used by any adopted goal." in page(anonymous, indicator_url("A"))
    assert "Goals that use A Goal Version" in page(member, indicator_url("A"))
    assert "Not used by any adopted goal." in page(anonymous, indicator_url("A"))


# --- the start page: "To do" and "changes since your last visit" ------------------------------


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


def todo(client) -> str:
    """The start page's "To do" section."""
    found = page(client, "/")
    return found[found.index("To do") : found.index("What changed")]


def test_each_person_sees_their_own_to_do_list(personas, world):
    social, bildning = personas["social_editor"], personas["bildning_editor"]
    coordinator = personas["coordinator"]

    for _round in range(2):  # the second time from the cache
        mine = todo(social)
        assert "Föräldragrupper i alla kommundelar" in mine
        assert "Läsfrämjande plan" not in mine and "Rounds under way" not in mine
        theirs = todo(bildning)
        assert "Läsfrämjande plan" in theirs and "Föräldragrupper i alla" not in theirs
        assert "Rounds under way" in todo(coordinator)
        assert "Nothing is waiting for you right now." in todo(personas["reader"])


def test_the_to_do_list_shows_each_kind_of_write_at_once(personas, orgs, world, coordinator):
    social, boss = personas["social_editor"], personas["coordinator"]
    assert "Activities to report Föräldrastöd 2021" in todo(social)
    assert "Follow-ups waiting for approval" not in todo(boss)

    activity_services.close_mapping_round(world["open_round"])  # a queryset update and an event
    assert "Activities to report" not in todo(social)

    plan_services.record_measure_status(world["social_measure"], status=MeasureStatus.DONE)
    assert "Föräldragrupper i alla kommundelar" not in todo(social)

    followup = followup_services.start_followup(world["version"], 2024, by=coordinator)
    followup_services.submit_for_review(followup, by=coordinator)
    assert "Follow-ups waiting for approval" in todo(boss)

    editor = Membership.objects.get(role=Role.EDITOR, organisation__name="Socialförvaltningen")
    Membership.objects.create(user=editor.user, organisation=orgs["unit"], role=Role.COORDINATOR)
    assert "Follow-ups waiting for approval" in todo(social)  # now a coordinator too


def test_the_changes_since_the_last_visit_show_an_import_at_once(coordinator, version):
    coordinator.last_login = timezone.now() - datetime.timedelta(days=3)
    coordinator.save(update_fields=["last_login"])
    client = Client()
    client.force_login(coordinator)
    assert "Nothing new since then." in page(client, "/")
    a = Indicator.objects.get(title="A")

    record_observations([[(a.pk, HOME, 2021, "T", "", 130.0, "")]], source=BatchSource.MANUAL)

    assert "1 import of values" in page(client, "/")


def test_reading_the_pages_changes_no_generation(personas, world, version):
    """Otherwise every visit would throw away what the last one kept."""
    before = cache.generations()
    for client in personas.values():
        for path in ["/", url(version), indicator_url("A")]:
            assert get(client, path).status_code == 200

    assert cache.generations() == before


# --- what every page asks of the logged-in person (web.middleware.PersonMiddleware) -----------


def test_a_changed_role_takes_effect_at_once(personas, social_editor):
    editor = personas["social_editor"]
    jobs = reverse("web:background_jobs")
    assert get(editor, jobs).status_code == 403
    assert get(editor, jobs).status_code == 403  # the roles are kept now

    membership = Membership.objects.get(user=social_editor)
    membership.role = Role.COORDINATOR
    membership.save()
    assert get(editor, jobs).status_code == 200

    membership.delete()
    assert get(editor, jobs).status_code == 403
    assert "To do" not in page(editor, "/")  # no longer a member


def test_an_authenticator_set_up_in_another_session_is_asked_for_at_once(personas, coordinator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    boss = personas["coordinator"]
    assert get(boss, "/").status_code == 200
    assert get(boss, "/").status_code == 200  # kept: no authenticator

    TOTPDevice.objects.create(user=coordinator, name="Authenticator app", confirmed=True)

    response = get(boss, "/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_new_notification_shows_on_the_start_page_at_once(personas, social_editor):
    from riktning.notifications.constants import Kind
    from riktning.notifications.notify import Message, notify

    editor = personas["social_editor"]
    assert "No notifications yet." in page(editor, "/")
    assert "No notifications yet." in page(editor, "/")

    notify(
        [social_editor],
        Kind.ROUND_OPENED,
        "round:1",
        Message(subject="Remiss öppnad: Strategi 2031", text="Svara senast 1 mars.", path="/"),
    )

    assert "Remiss öppnad: Strategi 2031" in page(editor, "/")
    assert "Remiss öppnad" not in page(personas["bildning_editor"], "/")  # someone else's


def test_a_renamed_municipality_shows_in_every_header_at_once(personas, orgs):
    anonymous = personas["anonymous"]
    assert "Trelleborgs kommun" in page(anonymous, "/")

    orgs["kommun"].name = "Trelleborgs kommun (ny)"
    orgs["kommun"].save()

    assert "Trelleborgs kommun (ny)" in page(anonymous, "/")
    assert "Trelleborgs kommun (ny)" in page(personas["reader"], reverse("web:document_list"))


def test_a_page_reads_the_generations_once(personas, django_assert_num_queries):
    """The session, the person, and the generations that every kept part is keyed by: a
    coordinator's start page, once kept, asks the database nothing more."""
    boss = personas["coordinator"]
    page(boss, "/")
    with django_assert_num_queries(3):
        page(boss, "/")


# --- the version page (public._reading_html, _after_text_html) ---------------------------------


def test_the_version_page_shows_a_renamed_indicator_and_an_import_at_once(personas, version):
    """An adopted version's own text cannot change; its goals' indicators and their values can."""
    anonymous = personas["anonymous"]
    path = reverse("web:version_detail", args=[version.pk])
    indicator = Indicator.objects.get(title="A")
    before = page(anonymous, path)
    assert "Barn i ekonomiskt utsatta hushåll" not in before
    assert page(anonymous, path) == before  # kept now

    indicator.title = "Barn i ekonomiskt utsatta hushåll"
    indicator.save()
    renamed = page(anonymous, path)
    assert renamed.count("Barn i ekonomiskt utsatta hushåll") >= 2  # the text and the grid
    assert "Barn i ekonomiskt utsatta hushåll" in page(personas["reader"], path)

    record_observations(
        [[(indicator.pk, HOME, 2021, "T", "", 130.0, "")]], source=BatchSource.MANUAL
    )
    assert page(anonymous, path) != renamed  # the grid's status and latest value


def test_a_draft_s_version_page_shows_a_new_goal_at_once(personas, coordinator):
    from riktning.strategy.tests.factories import AreaFactory, GoalFactory

    draft = VersionFactory(title="Utkast 2031", status=VersionStatus.DRAFT)
    area = AreaFactory(version=draft, title="Trygghet")
    path = reverse("web:version_detail", args=[draft.pk])
    assert "Trygga skolvägar" not in page(personas["reader"], path)

    GoalFactory(area=area, title="Trygga skolvägar")

    assert "Trygga skolvägar" in page(personas["reader"], path)


def test_only_an_editor_s_version_page_has_the_edit_links(personas, coordinator):
    from riktning.strategy.tests.factories import AreaFactory

    draft = VersionFactory(title="Utkast 2031", status=VersionStatus.DRAFT)
    AreaFactory(version=draft, title="Trygghet")
    path = reverse("web:version_detail", args=[draft.pk])

    for _round in range(2):  # the second time from the cache
        assert "Edit area" in page(personas["coordinator"], path)
        reader_page = page(personas["reader"], path)
        assert "Trygghet" in reader_page and "Edit area" not in reader_page


def test_the_public_never_gets_the_members_version_page(personas, version):
    """Members see a draft among the versions this one's areas carry over into; the public
    does not."""
    from riktning.strategy.constants import CarryOverKind
    from riktning.strategy.models import AreaCarryOver

    draft = VersionFactory(
        document=version.document, title="Utkast 2031", status=VersionStatus.DRAFT
    )
    from riktning.strategy.tests.factories import AreaFactory

    AreaCarryOver.objects.create(
        from_area=version.areas.first(),
        to_area=AreaFactory(version=draft, title="Trygghet"),
        kind=CarryOverKind.ONE_TO_ONE,
    )
    path = reverse("web:version_detail", args=[version.pk])

    for _round in range(2):
        assert "Utkast 2031" in page(personas["reader"], path)
        assert "Utkast 2031" not in page(personas["anonymous"], path)
