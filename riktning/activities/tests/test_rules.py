"""Mapping rules: who answered, a closed round takes no reports, bad input is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from riktning.accounts.tests.factories import OrganisationFactory
from riktning.activities import services
from riktning.activities.models import Activity
from riktning.followup import gaps
from riktning.followup import status as followup_status
from riktning.strategy.tests.factories import strategy_with_content


@pytest.fixture
def world(db):
    version = strategy_with_content()
    social = OrganisationFactory(name="Socialförvaltningen")
    bildning = OrganisationFactory(name="Bildningsförvaltningen")
    mapping_round = services.open_mapping_round(
        title="Befintligt föräldrastöd",
        question="Vilket föräldrastöd finns?",
        last_day=datetime.date(2021, 11, 30),
        invited=[social, bildning],
        version=version,
    )
    return {"round": mapping_round, "social": social, "bildning": bildning}


def test_answers_show_who_answered_and_who_not(world):
    services.report_activity(
        organiser=world["social"], mapping_round=world["round"], name="Föräldragrupp"
    )
    answers = {
        a["organisation"].name: (a["answered"], a["count"])
        for a in services.answers(world["round"])
    }
    assert answers == {"Socialförvaltningen": (True, 1), "Bildningsförvaltningen": (False, 0)}


def test_a_closed_round_takes_no_reports(world):
    services.close_mapping_round(world["round"])
    with pytest.raises(ValidationError):
        services.report_activity(
            organiser=world["social"], mapping_round=world["round"], name="Sent"
        )
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours": Decimal(-1)}, "hours"),
        ({"cost_sek": Decimal(-5)}, "cost_sek"),
        ({"participants": 10_000_000}, "participants"),
        ({"age_from": 10, "age_to": 5}, "age_to"),
        ({"start_year": 2022, "end_year": 2021}, "end_year"),
        (
            {"participants": 10, "participants_girls": 8, "participants_boys": 5},
            "participants_girls",
        ),
    ],
)
def test_bad_activities_are_refused_and_nothing_saved(world, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.report_activity(
            organiser=world["social"], mapping_round=world["round"], name="X", **fields
        )
    assert field in refused.value.message_dict
    assert not Activity.objects.exists()


def test_an_opened_round_needs_invited_organisations(db):
    with pytest.raises(ValidationError):
        services.open_mapping_round(
            title="T", question="Q", last_day=datetime.date(2021, 1, 1), invited=[]
        )


@pytest.mark.parametrize(
    ("status", "indicators", "count", "flags"),
    [
        ("deterioration", ["deterioration"], 0, ["unserved", "deteriorates_little_activity"]),
        ("deterioration", ["deterioration"], 1, ["deteriorates_little_activity"]),
        # the mean says "moderate progress", but one indicator deteriorates: the flag says so
        (
            "moderate_progress",
            ["substantial_progress", "deterioration"],
            1,
            ["deteriorates_little_activity"],
        ),
        # "limited progress" is progress, not "the wrong way"
        ("limited_progress", ["limited_progress"], 1, ["limited_little_activity"]),
        ("deterioration", ["deterioration"], 2, []),
        ("substantial_progress", ["substantial_progress"], 0, ["unserved"]),
        ("not_available", ["not_available"], 3, []),
    ],
)
def test_gap_flags_follow_the_goals_status(status, indicators, count, flags):
    summary = followup_status.summarize(status, indicators)
    assert gaps.gap_flags(summary, count) == flags


def test_conclusions_are_rows_and_the_latest_counts(world):
    from riktning.strategy.models import Goal

    goal = Goal.objects.first()
    first = services.record_conclusion(goal, text="Mer behövs", more_needed=True)
    services.record_conclusion(goal, text="Räcker", more_needed=False)
    assert gaps.latest_conclusions([goal])[goal.pk].text == "Räcker"
    first.text = "ändrad"
    with pytest.raises(RuntimeError):
        first.save()
