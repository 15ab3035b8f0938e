"""The coordinator's event log: who did what when, filtered by kind and date; only for them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from riktning.audit.models import Event
from riktning.audit.services import record_event

URL = reverse("web:event_log")


@pytest.fixture
def events(orgs, coordinator):
    made = [
        record_event("document_created", orgs["kommun"], "Strategin skapades", actor=coordinator),
        record_event("version_status_changed", orgs["kommun"], "Versionen antogs"),
        record_event("import_recorded", orgs["social"], "Import från Kolada <script>x</script>"),
    ]
    # Move the first one back in time (the log is append-only, so through the queryset).
    Event.objects.filter(pk=made[0].pk).update(at=timezone.now() - dt.timedelta(days=10))
    return made


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("reader", 403), ("social_editor", 403), ("coordinator", 200)],
)
def test_only_the_coordinator_reads_the_event_log(personas, who, status):
    assert personas[who].get(URL).status_code == status


def test_the_log_lists_every_event_newest_first_with_text_escaped(personas, events, coordinator):
    response = personas["coordinator"].get(URL)

    assert [e.verb for e in response.context["events"]] == [
        "import_recorded",
        "version_status_changed",
        "document_created",
    ]
    body = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x</script>" not in body
    assert str(coordinator) in body


def test_filter_by_kind(personas, events):
    response = personas["coordinator"].get(URL, {"kind": "import_recorded"})

    assert [e.verb for e in response.context["events"]] == ["import_recorded"]


def test_filter_by_date(personas, events):
    today = timezone.localdate()
    response = personas["coordinator"].get(URL, {"since": today.isoformat()})
    assert len(response.context["events"]) == 2
    old = (today - dt.timedelta(days=10)).isoformat()
    response = personas["coordinator"].get(URL, {"since": old, "until": old})
    assert [e.verb for e in response.context["events"]] == ["document_created"]


def test_a_bad_filter_is_explained_not_obeyed(personas, events):
    with translation.override("en"):
        response = personas["coordinator"].get(
            URL, {"kind": "'; DROP TABLE audit_event; --", "since": "2025-02-30"}
        )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "since"}
    assert list(response.context["events"]) == []
    assert Event.objects.count() == 3


def test_the_coordinator_finds_the_log_in_the_menu(personas):
    assert URL in personas["coordinator"].get("/").content.decode()
    assert URL not in personas["reader"].get("/").content.decode()
