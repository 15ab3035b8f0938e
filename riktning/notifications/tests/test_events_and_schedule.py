"""Which events notify whom, and the daily job: reminders 14 and 3 days before a last day to the
organisations that have not answered, measures that became late, each once however often the job
runs; the worker's schedule enqueues the daily job once a day."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from riktning.accounts.constants import Role
from riktning.accounts.tests.factories import person
from riktning.actionplans import services as plans
from riktning.activities import services as activities
from riktning.consultation import services as consultation
from riktning.consultation.constants import Position
from riktning.consultation.models import Recipient
from riktning.consultation.tests.factories import make_round
from riktning.followup import services as followups
from riktning.notifications.constants import Kind, MailStatus
from riktning.notifications.daily import reminder_step, run_daily
from riktning.notifications.models import Notification
from riktning.ops.worker import run_schedule
from riktning.strategy.tests.factories import strategy_with_content

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def people(coordinator, social_editor, bildning_editor):
    for user in (coordinator, social_editor, bildning_editor):
        user.email = f"{user.username}@trelleborg.se"
        user.save()
    return coordinator


def test_a_round_sent_tells_the_editors_of_each_recipient(people, orgs, social_editor, reader):
    reply_by = timezone.localdate() + datetime.timedelta(days=30)
    round = make_round(people, [orgs["social"]], reply_by=reply_by)
    assert Notification.objects.count() == 0  # opened, not yet sent
    consultation.record_sent_outside(round, by=people, sent_on=timezone.localdate())

    notification = Notification.objects.get()
    assert notification.user == social_editor
    assert notification.kind == Kind.ROUND_OPENED
    assert notification.subject == "Ny remiss: Remiss: strategi för social hållbarhet"
    assert "Socialförvaltningen ombeds yttra sig" in notification.text
    assert notification.path == f"/remisser/{round.pk}/yttrande/{orgs['social'].pk}/"
    assert DBTaskResult.objects.filter(task_path__endswith="tasks.deliver").count() == 1


def test_a_mapping_round_opened_tells_the_invited_editors(people, orgs, bildning_editor):
    activities.open_mapping_round(
        title="Kartläggning 2026",
        question="Vad gör ni?",
        last_day=timezone.localdate() + datetime.timedelta(days=40),
        invited=[orgs["bildning"]],
        by=people,
    )
    assert [n.user for n in Notification.objects.all()] == [bildning_editor]
    assert Notification.objects.get().kind == Kind.MAPPING_ROUND


def test_a_follow_up_sent_for_review_awaits_the_coordinators_approval(people, orgs):
    other = person("samordnare2", orgs["unit"], Role.COORDINATOR)
    version = strategy_with_content()
    followup = followups.start_followup(version, 2025, by=people)
    followups.submit_for_review(followup, by=people)
    approval = Notification.objects.get(user=other, kind=Kind.FOLLOWUP_WAITING)
    assert "väntar på ditt godkännande" in approval.text
    # Not the coordinator who sent it: nobody is told what they did themselves.
    assert not Notification.objects.filter(user=people).exists()


def test_a_fault_in_a_notification_never_undoes_the_domains_write(
    people, orgs, social_editor, settings, monkeypatch
):
    from riktning.notifications import events

    def broken(event):
        raise RuntimeError("a bug in a handler")

    monkeypatch.setitem(events.HANDLERS, "statement_received", broken)
    round = make_round(people, [orgs["social"]], reply_by=timezone.localdate())
    recipient = Recipient.objects.get(round=round)
    statement = consultation.start_statement(recipient, by=social_editor)
    consultation.save_statement(statement, position=Position.POSITIVE)
    consultation.submit_statement(statement, by=social_editor)
    statement.refresh_from_db()
    assert statement.is_submitted
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("days_left", "step"), [(20, None), (15, None), (14, 14), (4, 14), (3, 3), (0, 3), (-1, None)]
)
def test_the_reminder_due(days_left, step):
    assert reminder_step(days_left) == step


def test_reminders_go_14_and_3_days_before_to_who_has_not_answered_once_each(
    people, orgs, social_editor, bildning_editor
):
    round = make_round(
        people, [orgs["social"], orgs["bildning"]], reply_by=TODAY + datetime.timedelta(days=14)
    )
    consultation.record_sent_outside(round, by=people, sent_on=TODAY, today=TODAY)
    Notification.objects.all().delete()  # the "round opened" ones
    recipient = Recipient.objects.get(round=round, organisation=orgs["bildning"])
    statement = consultation.start_statement(recipient, by=bildning_editor)
    consultation.save_statement(statement, position=Position.POSITIVE)
    consultation.submit_statement(statement, by=bildning_editor)
    Notification.objects.filter(kind=Kind.STATEMENT_RECEIVED).delete()

    run_daily(TODAY)
    run_daily(TODAY)  # twice the same day: nothing more
    run_daily(TODAY + datetime.timedelta(days=1))  # the 14-day reminder is not repeated
    assert kinds_of(social_editor) == [Kind.REPLY_DUE]
    assert kinds_of(bildning_editor) == []  # answered
    reminder = Notification.objects.get()
    assert reminder.subject == "Sista svarsdag om 14 dagar: Remiss: strategi för social hållbarhet"
    assert reminder.mail_status == MailStatus.QUEUED

    run_daily(TODAY + datetime.timedelta(days=11))
    run_daily(TODAY + datetime.timedelta(days=12))
    subjects = sorted(Notification.objects.values_list("subject", flat=True))
    assert subjects == [
        "Sista svarsdag om 14 dagar: Remiss: strategi för social hållbarhet",
        "Sista svarsdag om 3 dagar: Remiss: strategi för social hållbarhet",
    ]


def test_a_measure_that_became_late_is_told_once_to_its_organisation(
    people, orgs, social_editor, bildning_editor
):
    plan = plans.create_action_plan(version=strategy_with_content(), year=2026)
    plans.add_measure(
        plan,
        title="Föräldragrupper",
        responsible=orgs["social"],
        hours=Decimal(100),
        cost_sek=Decimal(5000),
        start_date=datetime.date(2026, 1, 1),
        end_date=TODAY - datetime.timedelta(days=1),
    )
    run_daily(TODAY)
    run_daily(TODAY + datetime.timedelta(days=1))
    assert kinds_of(social_editor) == [Kind.MEASURE_LATE]
    assert kinds_of(bildning_editor) == []
    late = Notification.objects.get()
    assert late.subject == "En åtgärd är försenad: Föräldragrupper"
    # By default a late measure waits for the daily digest, made by the same run.
    assert late.mail_status == MailStatus.IN_DIGEST
    assert late.digest is not None


def test_the_schedule_enqueues_the_daily_job_once_a_day(settings, db):
    settings.RIKTNING_KOLADA_SYNC_AT = ""
    settings.RIKTNING_NOTIFICATIONS_AT = "06:00"
    zone = timezone.get_current_timezone()
    morning = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=zone)
    assert run_schedule(morning - datetime.timedelta(minutes=1)) == []
    assert run_schedule(morning) == ["notifications-daily"]
    assert run_schedule(morning + datetime.timedelta(hours=5)) == []
    assert run_schedule(morning + datetime.timedelta(days=1)) == ["notifications-daily"]
    assert DBTaskResult.objects.filter(task_path__endswith="daily_notifications").count() == 2
