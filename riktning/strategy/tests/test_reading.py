"""A version reads in the document's own order (strategy/reading.py): the demo's adopted
strategy as the paper has it, a handful of queries whatever its size, and moves that keep one
order."""

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from riktning.devtools.demo import VERSION_2021_TITLE, seed_demo
from riktning.strategy import reading
from riktning.strategy.constants import IndicatorRole
from riktning.strategy.models import DevelopmentArea, Goal, GoalIndicator, Section, Version

from .factories import AreaFactory, GoalFactory, IndicatorFactory, VersionFactory

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo()
            yield Version.objects.get(title=VERSION_2021_TITLE)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def titles(parts) -> list[str]:
    return [
        f"{part.part_kind}: {getattr(part, 'heading', None) or getattr(part, 'title', '')}"[:60]
        for _depth, part in reading.walk(parts)
    ]


def test_the_adopted_strategy_reads_like_the_paper(demo):
    with CaptureQueriesContext(connection) as queries:
        parts = reading.reading_order(demo)
        shown = titles(parts)
        wordings = [
            link.shown_wording
            for _depth, part in reading.walk(parts)
            if part.part_kind == "goal"
            for link in part.links
        ]
    assert len(queries) == 4
    assert shown[:6] == [
        "section: ",
        "section: Långsiktighet i fokus",
        "section: Samverkan med berörda förvaltningar och bolag",
        "section: Vi gör detta i tre steg",
        "section: Särskilt viktiga utvecklingsområden",
        "area: Föräldrastöd",
    ]
    assert shown[6:9] == [
        "section: Om generellt föräldrastöd",
        "section: Kartläggning av generellt föräldrastöd",
        "goal: Trelleborg ska erbjuda generellt föräldrastöd, det vil",
    ]
    # In the second area the paper states the goal first, then its text.
    assert shown[9:12] == [
        "area: Samverkan kring barn och ungas lärande",
        "goal: Ökad samverkan kring barns och ungas lärande.",
        "section: Kartläggning av befintliga aktiviteter",
    ]
    assert sum(1 for s in shown if s.startswith("area")) == 6
    assert sum(1 for s in shown if s.startswith("goal")) == 6
    assert len(wordings) == 9
    # The paper's own wording where the catalogue names the indicator otherwise.
    # The paper words each indicator as the catalogue names it: kept, and not shown twice.
    assert wordings == [""] * 9
    assert all(
        link.wording
        for _depth, part in reading.walk(parts)
        if part.part_kind == "goal"
        for link in part.links
    )
    levels = {part.part_kind: part.heading_level for _d, part in reading.walk(parts)}
    assert levels["area"] == 2 and levels["goal"] == 3


def test_a_move_swaps_neighbours_across_kinds_and_numbers_the_sequence():
    version = VersionFactory()
    intro = Section.objects.create(version=version, order=1, heading="Inledning")
    area = AreaFactory(version=version, order=1)  # the same number as the section: read after it
    closing = Section.objects.create(version=version, order=2, heading="Avslutning")
    assert [p.pk for p in reading.reading_order(version)] == [intro.pk, area.pk, closing.pk]

    assert reading.move(area, reading.UP)
    parts = reading.reading_order(version)
    assert [(p.part_kind, p.pk) for p in parts] == [
        ("area", area.pk),
        ("section", intro.pk),
        ("section", closing.pk),
    ]
    assert [p.order for p in parts] == [1, 2, 3]
    assert not reading.move(DevelopmentArea.objects.get(pk=area.pk), reading.UP)

    goal = GoalFactory(area=area, order=1)
    text = Section.objects.create(version=version, area=area, order=2, heading="Om området")
    reading.move(Goal.objects.get(pk=goal.pk), reading.DOWN)
    area_parts = reading.reading_order(version)[0].reading_parts
    assert [(p.part_kind, p.pk) for p in area_parts] == [("section", text.pk), ("goal", goal.pk)]


def test_the_documents_wording_is_shown_where_it_differs_from_the_catalogue():
    goal = GoalFactory()
    indicator = IndicatorFactory(title="Andel elever i åk 9 med godkänt i alla ämnen")
    same = GoalIndicator.objects.create(
        goal=goal,
        indicator=indicator,
        role=IndicatorRole.PRIMARY,
        wording="andel elever i åk 9 med godkänt i alla ämnen.",
    )
    assert reading.shown_wording(same) == ""
    same.wording = "Andel pojkar och flickor i årskurs 9 som uppnått kunskapskraven"
    assert reading.shown_wording(same) == same.wording


def test_the_migration_puts_an_existing_versions_text_before_its_areas():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("riktning.strategy.migrations.0003_doc_order_reading_order")
    version = VersionFactory()
    first, second = AreaFactory(version=version, order=1), AreaFactory(version=version, order=2)
    intro = Section.objects.create(version=version, order=1, heading="Inledning")
    listing = Section.objects.create(version=version, order=2, heading="Utvecklingsområden")
    about = Section.objects.create(
        version=version, parent=listing, area=second, order=1, heading="Om området"
    )
    goal = GoalFactory(area=second, order=1)
    # Before the migration too, a section of an area under a section outside it is read, and
    # moved, among its area's parts.
    assert {(type(p), p.pk) for p in reading.sequence_of(about)} == {
        (Section, about.pk),
        (Goal, goal.pk),
    }

    migration.forwards(apps, None)

    parts = reading.reading_order(version)
    assert [(p.part_kind, p.pk) for p in parts] == [
        ("section", intro.pk),
        ("section", listing.pk),
        ("area", first.pk),
        ("area", second.pk),
    ]
    assert [p.order for p in parts] == [1, 2, 3, 4]
    assert [(p.part_kind, p.pk) for p in parts[3].reading_parts] == [
        ("section", about.pk),
        ("goal", goal.pk),
    ]
