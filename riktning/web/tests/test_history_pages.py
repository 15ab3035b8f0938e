"""The coordinator's "Historik" page of an object: every change newest first, with who, what kind
and before/after in words, and the object's events; nobody else reads it, and nothing secret is
ever shown. The event log's filters (who, what, when, which object) and its links to histories."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.activities.models import MappingRound
from riktning.activities.services import create_reporting_link
from riktning.audit.models import Event
from riktning.audit.services import record_event
from riktning.consultation import services as consultation
from riktning.consultation.constants import Position
from riktning.consultation.tests.factories import make_round
from riktning.strategy.constants import VersionStatus
from riktning.strategy.models import Goal
from riktning.strategy.services import change_version_status
from riktning.strategy.tests.factories import AreaFactory, GoalFactory, VersionFactory

from .edit_support import login_url

LOG = reverse("web:event_log")


def next_month() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


def history_url(obj) -> str:
    return reverse("web:object_history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def goal(coordinator):
    version = VersionFactory(title="Strategi 2025–2030", status=VersionStatus.DRAFT)
    area = AreaFactory(version=version, title="Föräldrastöd")
    goal = GoalFactory(area=area, title="Alla föräldrar erbjuds stöd", note="")
    goal.title = "Alla föräldrar erbjuds stöd i tid"
    goal.note = "Nytt föreslaget mål"
    goal._history_user = coordinator  # what HistoryRequestMiddleware does for a request
    goal.save()
    return goal


def test_a_change_to_a_goal_shows_before_and_after_newest_first(personas, goal, coordinator):
    response = personas["coordinator"].get(history_url(goal))

    assert response.status_code == 200
    entries = response.context["history"].entries
    assert [e.kind for e in entries] == ["~", "+"]
    change = entries[0]
    assert change.who == coordinator.get_full_name() or coordinator.username
    assert [(c.label, c.before, c.after) for c in change.changes] == [
        ("mål", "Alla föräldrar erbjuds stöd", "Alla föräldrar erbjuds stöd i tid"),
        ("anteckning", "–", "Nytt föreslaget mål"),
    ]
    body = response.content.decode()
    assert "Historik: Alla föräldrar erbjuds stöd i tid" in body
    assert "Ändrad" in body and "Skapad" in body
    assert '<th scope="col">Före</th>' in body
    # The creation lists the values it was made with; the area by its name, not its number.
    created = {v.label: v.after for v in entries[1].values}
    assert created["område"] == "Föräldrastöd"


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("bildning_editor", 403)],
)
def test_only_the_coordinator_reads_a_history(personas, goal, who, status):
    url = history_url(goal)

    response = personas[who].get(url)

    assert response.status_code == status
    if who == "anonymous":
        assert response.url == login_url(url)


@pytest.mark.parametrize(
    "path",
    [
        "/historik/strategy/nosuchmodel/1/",
        "/historik/nosuchapp/goal/1/",
        "/historik/accounts/user/1/",  # a real model, off the allow-list
        "/historik/sessions/session/1/",
        "/historik/auth/group/1/",
        "/historik/audit/event/1/",
        "/historik/strategy/goal/999999/",  # an allowed kind, but no such goal
    ],
)
def test_unknown_or_forbidden_kinds_and_missing_objects_are_404(personas, coordinator, path):
    assert personas["coordinator"].get(path).status_code == 404


def test_an_other_persona_learns_nothing_from_an_unknown_kind(personas):
    assert personas["reader"].get("/historik/accounts/user/1/").status_code == 403


def test_a_reporting_links_history_never_shows_its_token_hash(personas, coordinator, orgs):
    version = VersionFactory(status=VersionStatus.DRAFT)
    mapping_round = MappingRound.objects.create(
        version=version, title="Kartläggning 2026", question="Vad gör ni?", last_day="2026-12-31"
    )
    mapping_round.invited.add(orgs["social"])
    link, token = create_reporting_link(mapping_round, orgs["social"], by=coordinator)

    response = personas["coordinator"].get(history_url(link))

    assert response.status_code == 200
    body = response.content.decode()
    assert link.token_hash not in body
    assert token not in body
    main = body[body.index("<main") :]
    assert "token" not in main.replace("csrfmiddlewaretoken", "").lower()
    labels = {v.label for e in response.context["history"].entries for v in e.values}
    assert "organisation" in labels


def test_a_status_change_shows_before_and_after_from_the_event_log(personas, coordinator, orgs):
    version = VersionFactory(title="Strategi 2030", status=VersionStatus.DRAFT)
    change_version_status(version, VersionStatus.CONSULTATION, by=coordinator)

    response = personas["coordinator"].get(history_url(version))

    rows = response.context["event_rows"]
    assert [r["kind"] for r in rows] == ["Versionens status ändrad"]
    assert (rows[0]["change"].before, rows[0]["change"].after) == ("Utkast", "På remiss")
    log = personas["coordinator"].get(LOG).content.decode()
    assert history_url(version) in log
    assert "På remiss" in log


def test_a_change_to_a_version_shows_its_history_though_it_has_a_creation_time(
    personas, coordinator
):
    """A version keeps its creation time in a field nobody edits (auto_now_add); its history
    once failed on it with a KeyError (issue 11: the demo's adopted version)."""
    version = VersionFactory(title="Strategi 2025–2030", status=VersionStatus.DRAFT)
    version.title = "Strategi för social hållbarhet 2025–2030"
    version._history_user = coordinator
    version.save()

    response = personas["coordinator"].get(history_url(version))

    assert response.status_code == 200
    change = response.context["history"].entries[0]
    assert [(c.before, c.after) for c in change.changes] == [
        ("Strategi 2025–2030", "Strategi för social hållbarhet 2025–2030")
    ]


def test_a_deleted_goal_keeps_its_history(personas, goal):
    url = history_url(goal)
    Goal.objects.get(pk=goal.pk).delete()

    response = personas["coordinator"].get(url)

    assert response.status_code == 200
    assert [e.kind for e in response.context["history"].entries] == ["-", "~", "+"]
    assert "Objektet har tagits bort" in response.content.decode()


def test_a_draft_statement_has_no_history_for_the_coordinator(
    personas, coordinator, social_editor, orgs
):
    round = make_round(coordinator, [orgs["social"], orgs["bildning"]], reply_by=next_month())
    consultation.send_round(round, by=coordinator)
    recipient = round.recipients.get(organisation=orgs["social"])
    statement = consultation.start_statement(recipient, by=social_editor)
    statement.summary = "Hemligt utkast som bara förvaltningen ser"
    statement.position = Position.POSITIVE
    statement.save()

    assert personas["coordinator"].get(history_url(statement)).status_code == 404

    statement.summary = "Vi tillstyrker förslaget."
    statement.save()
    consultation.submit_statement(statement, by=social_editor)
    response = personas["coordinator"].get(history_url(statement))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Hemligt utkast" not in body
    assert response.context["history"].hidden_count >= 2
    assert "visas inte" in body
    assert "Yttrande inkommet" in body


def test_a_draft_statements_attachment_has_no_history_until_it_is_submitted(
    personas, coordinator, social_editor, orgs, settings, tmp_path
):
    from riktning.consultation.tests.files import PDF, upload

    settings.MEDIA_ROOT = tmp_path
    round = make_round(coordinator, [orgs["social"]], reply_by=next_month())
    consultation.send_round(round, by=coordinator)
    statement = consultation.start_statement(
        round.recipients.get(organisation=orgs["social"]), by=social_editor
    )
    attachment = consultation.add_attachment(
        statement, by=social_editor, upload=upload("Protokoll.pdf", PDF)
    )

    assert personas["coordinator"].get(history_url(attachment)).status_code == 404

    statement.position = Position.POSITIVE
    statement.save()
    consultation.submit_statement(statement, by=social_editor)
    response = personas["coordinator"].get(history_url(attachment))

    assert response.status_code == 200
    assert attachment.file.name not in response.content.decode()


def test_the_history_link_is_shown_to_the_coordinator_only(personas, goal):
    goal_page = reverse("web:goal_detail", args=[goal.pk])

    assert history_url(goal) in personas["coordinator"].get(goal_page).content.decode()
    assert history_url(goal) not in personas["reader"].get(goal_page).content.decode()


# --- the event log -------------------------------------------------------------------------------


@pytest.fixture
def events(orgs, coordinator, social_editor):
    made = [
        record_event("document_created", orgs["kommun"], "Strategin skapades", actor=coordinator),
        record_event("version_status_changed", orgs["social"], "Versionen antogs"),
        record_event("import_recorded", orgs["social"], "Import från Kolada", actor=social_editor),
    ]
    Event.objects.filter(pk=made[0].pk).update(at=timezone.now() - dt.timedelta(days=10))
    return made


def verbs(response) -> list[str]:
    return [e.verb for e in response.context["events"]]


def test_the_log_filters_by_who(personas, events, social_editor):
    response = personas["coordinator"].get(LOG, {"who": social_editor.pk})

    assert verbs(response) == ["import_recorded"]


def test_the_log_filters_by_object(personas, events, orgs):
    response = personas["coordinator"].get(
        LOG, {"object_type": "accounts.organisation", "object_id": orgs["social"].pk}
    )

    assert verbs(response) == ["import_recorded", "version_status_changed"]


def test_the_log_filters_by_text_and_period(personas, events):
    today = timezone.localdate()
    response = personas["coordinator"].get(
        LOG, {"text": "kolada", "since": today.isoformat(), "until": today.isoformat()}
    )

    assert verbs(response) == ["import_recorded"]


def test_the_log_shows_kinds_in_words_and_links_each_object_to_its_history(personas, events, orgs):
    body = personas["coordinator"].get(LOG).content.decode()

    assert "Indikatorvärden importerade" in body
    assert history_url(orgs["social"]) in body
    assert history_url(orgs["kommun"]) in body


@pytest.mark.parametrize("field", ["text", "who", "kind", "object_type", "object_id", "since"])
def test_sql_looking_filter_input_is_plain_text(personas, events, field):
    before = Event.objects.count()

    response = personas["coordinator"].get(LOG, {field: "' OR 1=1 --"})

    assert response.status_code == 200
    if field == "text":
        # Searched for as it is: no summary contains it, so nothing matches (not everything).
        assert response.context["form"].is_valid()
        assert verbs(response) == []
    else:
        assert field in response.context["form"].errors
        assert verbs(response) == []
    assert Event.objects.count() == before


def test_an_event_whose_object_kind_has_no_history_page_has_no_link(personas, coordinator):
    group = OrganisationFactory(name="Föreningen")
    record_event("something_else", coordinator, "En användare ändrades", actor=coordinator)
    record_event("something_else", group, "En organisation ändrades")

    body = personas["coordinator"].get(LOG).content.decode()

    assert "/historik/accounts/user/" not in body
    assert history_url(group) in body


def test_every_model_with_a_history_has_a_history_page_or_a_reason():
    from django.apps import apps

    from riktning.audit.history import HISTORY_KINDS, NO_HISTORY_PAGE

    tracked = {
        model._meta.label_lower
        for model in apps.get_models()
        if getattr(model, "history", None) is not None and not model.__name__.startswith("Hist")
    }
    undecided = sorted(tracked - set(HISTORY_KINDS) - set(NO_HISTORY_PAGE))
    assert not undecided, (
        "Add these to audit.history.HISTORY_KINDS (with any secret fields hidden) or to "
        f"NO_HISTORY_PAGE with the reason: {', '.join(undecided)}"
    )
