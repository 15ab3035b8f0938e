"""The nightly Kolada sync (`riktning worker --schedule`): enqueued once a day at
RIKTNING_KOLADA_SYNC_AT, however many workers run the schedule, and not before that time."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from riktning.indicators.constants import SourceKind
from riktning.indicators.models import Indicator, SyncJob
from riktning.ops.worker import parse_time_of_day, run_schedule

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, 10, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def linked(db, settings):
    settings.RIKTNING_KOLADA_SYNC_AT = "02:30"
    settings.RIKTNING_NOTIFICATIONS_AT = ""  # its own test: riktning/notifications/tests
    return Indicator.objects.create(
        title="Exempeldata", source_kind=SourceKind.KOLADA, source_key="N15418"
    )


def test_the_nightly_sync_is_enqueued_once_at_its_time(linked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_schedule(at(2, 29)) == []
        assert run_schedule(at(2, 30)) == ["kolada-nightly"]
        assert run_schedule(at(2, 31)) == []  # the same worker again, or another one
        assert run_schedule(at(23, 0)) == []

    job = SyncJob.objects.get()
    assert job.requested_by is None  # the schedule, not a person
    assert job.kpis == "N15418"
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"job_id": job.pk}


def test_the_next_night_gets_its_own_sync(linked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_schedule(at(3, 0))
        SyncJob.objects.update(status="succeeded")
        assert run_schedule(at(3, 0) + datetime.timedelta(days=1)) == ["kolada-nightly"]
    assert SyncJob.objects.count() == 2


def test_no_nightly_sync_when_switched_off(linked, settings):
    settings.RIKTNING_KOLADA_SYNC_AT = ""
    assert run_schedule(at(4, 0)) == []
    assert SyncJob.objects.count() == 0


def test_a_time_that_is_not_a_time_of_day_is_refused_with_the_setting_named():
    with pytest.raises(ValueError, match="RIKTNING_KOLADA_SYNC_AT"):
        parse_time_of_day("halv tre")
    assert parse_time_of_day("02:30") == datetime.time(2, 30)
