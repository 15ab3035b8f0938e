"""The Trelleborg demo: what a visitor finds after `riktning demo`."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from riktning.accounts.constants import Role
from riktning.accounts.models import Membership
from riktning.audit.models import Event
from riktning.devtools.demo import DEMO_PASSWORD, seed_demo
from riktning.indicators.constants import BatchSource, Direction, SourceKind
from riktning.indicators.models import ImportBatch, Indicator, Observation
from riktning.indicators.services import record_observations
from riktning.strategy.constants import CarryOverKind, IndicatorRole, VersionStatus
from riktning.strategy.models import GoalIndicator, SteeringDocument, Version

AREAS_2021 = [
    "Föräldrastöd",
    "Samverkan kring barn och ungas lärande",
    "En meningsfull fritid",
    "Arbete åt alla och god framtidstro",
    "Hållbara livsmiljöer",
    "Lyssna på barn och unga",
]
GOALS_2021 = [
    "Trelleborg ska erbjuda generellt föräldrastöd, det vill säga att alla föräldrar ska "
    "erbjudas samma möjlighet till stöd och hjälp.",
    "Ökad samverkan kring barns och ungas lärande.",
    "Alla barn och unga har en aktiv fritid",
    "Alla barn ska ha god framtidstro",
    "Barn och unga ska känna trygghet i sina bostadsområden",
    "Barn och unga ska känna tillit till samhället.",
]
# area → [(indicator title, role, direction)]
INDICATORS_2021 = {
    "Föräldrastöd": [
        ("Antal föräldrar som deltar i föräldrastödsprogram", "primary", "increase"),
    ],
    "Samverkan kring barn och ungas lärande": [
        (
            "Andel pojkar och flickor i årskurs 9 som uppnått kunskapskraven i alla ämnen, "
            "lägeskommun",
            "primary",
            "increase",
        ),
        (None, "proposed", None),
    ],
    "En meningsfull fritid": [
        (
            "Deltagartillfällena i idrottsföreningar bland pojkar och flickor, "
            "antal/invånare 7-20 år",
            "primary",
            "increase",
        ),
        (
            "Elevplatser i musik- eller kulturskola som andel av invånare 7-15 år",
            "primary",
            "increase",
        ),
    ],
    "Arbete åt alla och god framtidstro": [
        (
            "Andel pojkar och flickor som ser mycket eller ganska ljust på framtiden",
            "primary",
            "increase",
        ),
        (
            "Ungdomar som är etablerade på arbetsmarknaden eller studerar 2 år efter fullföljd "
            "gymnasieutbildning",
            "proposed",
            "increase",
        ),
    ],
    "Hållbara livsmiljöer": [
        ("Andel pojkar och flickor som är trygga i sitt bostadsområde", "primary", "increase"),
    ],
    "Lyssna på barn och unga": [
        (
            "Andel pojkar och flickor som känner låg tillit till andra människor",
            "primary",
            "decrease",
        ),
    ],
}
OVERARCHING_GOAL = "Kommuninvånares trygghet och delaktighet i det lokala samhället ska öka"


def version(title: str) -> Version:
    return Version.objects.get(title=title)


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction that is rolled back at its
    end (what Django's setUpTestData does): each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_demo_command_without_serving_prints_where_and_the_logins(settings):
    # First in the module, so that it normally seeds an empty database.
    settings.PASSWORD_HASHERS = FAST_HASHER
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8123/" in printed
    for username in ("samordnare", "social", "bildning", "lasare"):
        assert username in printed
    assert DEMO_PASSWORD in printed
    assert Version.objects.filter(status=VersionStatus.ADOPTED).count() == 1


def test_the_2021_strategy_is_adopted_with_its_six_areas_in_order(demo):
    strategy = version("Strategi för social hållbarhet 2021–2030")
    assert strategy.status == VersionStatus.ADOPTED
    assert strategy.number == 1
    assert strategy.document.title == "Strategi för social hållbarhet"
    assert [area.title for area in strategy.areas.all()] == AREAS_2021
    assert [area.goals.get().title for area in strategy.areas.all()] == GOALS_2021
    adoption = strategy.status_log().last()
    assert adoption.decided_by.name == "Kommunfullmäktige"
    assert adoption.decision_date is None
    assert adoption.note == "Beslutsdatum och paragraf finns inte i källdokumenten."


def test_the_2021_goals_carry_all_eight_indicators_with_their_roles_and_directions(demo):
    strategy = version("Strategi för social hållbarhet 2021–2030")
    for area in strategy.areas.all():
        links = GoalIndicator.objects.filter(goal__area=area).order_by("order")
        found = [
            (
                link.indicator.title if link.indicator else None,
                link.role,
                link.indicator.direction if link.indicator else None,
            )
            for link in links
        ]
        assert found == INDICATORS_2021[area.title], area.title
    assert Indicator.objects.count() == 8
    assert not GoalIndicator.objects.filter(target_value__isnull=False).exists()


def test_the_indicator_still_to_be_developed_is_a_proposal_without_indicator(demo):
    proposal = GoalIndicator.objects.get(indicator__isnull=True)
    assert proposal.role == IndicatorRole.PROPOSED
    assert proposal.goal.title == "Ökad samverkan kring barns och ungas lärande."
    assert proposal.goal.note == "Nytt förslag till mål"
    assert proposal.proposal.startswith("En lämplig indikator behöver tas fram för att mäta")


def test_the_kolada_indicators_name_their_kpis_and_the_differences(demo):
    kolada = Indicator.objects.filter(source_kind=SourceKind.KOLADA)
    assert set(kolada.values_list("source_key", flat=True)) == {
        "N15418",
        "U09800",
        "N09890",
        "N18601",
    }
    assert set(kolada.values_list("source_name", flat=True)) == {"Kolada (RKA)"}
    culture_school = Indicator.objects.get(source_key="N09890")
    assert "6-15" in culture_school.definition_note
    assert "7-15" in culture_school.definition_note
    assert "N17430" in Indicator.objects.get(source_key="N18601").definition_note
    assert Indicator.objects.get(source_key="U09800").unit == "antal/inv 7-20 år"
    low_trust = Indicator.objects.get(title__contains="låg tillit")
    assert low_trust.source_kind == SourceKind.SURVEY
    assert low_trust.direction == Direction.DECREASE
    assert "Man kan lita på de flesta människor" in low_trust.definition


def test_the_2021_text_keeps_the_sources_wording_and_the_two_mappings(demo):
    strategy = version("Strategi för social hållbarhet 2021–2030")
    bodies = " ".join(strategy.sections.values_list("body", flat=True))
    # An area's introduction is its description, read before its sections (strategy/reading.py).
    descriptions = " ".join(strategy.areas.values_list("description", flat=True))
    assert "När vi alla barn och unga?" in descriptions
    assert "TRELLEBORGS KOMMUN" not in bodies
    assert "Trelleborgs kommun behöver nämligen" in bodies  # joined across a page break
    headings = list(
        strategy.sections.filter(parent=None, area=None).values_list("heading", flat=True)
    )
    assert headings == [
        "",
        "Långsiktighet i fokus",
        "Samverkan med berörda förvaltningar och bolag",
        "Vi gör detta i tre steg",
        "Särskilt viktiga utvecklingsområden",
    ]
    assert strategy.sections.get(heading="Om generellt föräldrastöd").area.title == "Föräldrastöd"
    assert [step.title for step in strategy.steps.all()][0] == (
        "Kartläggning av konkreta aktiviteter som redan görs på området"
    )
    mappings = {a.area.title: a for a in strategy.assignments.all()}
    assert set(mappings) == {"Föräldrastöd", "Samverkan kring barn och ungas lärande"}
    assert all(a.year == 2021 and a.step.number == 1 for a in mappings.values())
    assert "Region Skånes kunskapscenter för barnhälsovård" in mappings["Föräldrastöd"].description


def test_the_2024_revision_is_in_consultation_with_four_areas_and_the_carry_over(demo):
    revision = version("Strategi för social hållbarhet 2024–2030")
    assert revision.status == VersionStatus.CONSULTATION
    assert revision.based_on.title == "Strategi för social hållbarhet 2021–2030"
    assert [area.title for area in revision.areas.all()] == [
        "Stöd och relationer genom livet",
        "Utbildning och sysselsättning",
        "Meningsfull fritid och goda levnadsvanor",
        "Boende och närmiljö",
    ]
    assert not revision.areas.filter(goals__isnull=False).exists()
    for area in revision.areas.all():
        assert [c.to_goal.title for c in area.contributions.all()] == [OVERARCHING_GOAL]
    carry_overs = {
        c.from_area.title: (c.kind, c.to_area.title if c.to_area else c.to_goal.title)
        for area in version("Strategi för social hållbarhet 2021–2030").areas.all()
        for c in area.carried_to.all()
    }
    assert carry_overs == {
        "Föräldrastöd": (CarryOverKind.ONE_TO_ONE, "Stöd och relationer genom livet"),
        "Samverkan kring barn och ungas lärande": (
            CarryOverKind.MANY_TO_ONE,
            "Utbildning och sysselsättning",
        ),
        "En meningsfull fritid": (
            CarryOverKind.ONE_TO_ONE,
            "Meningsfull fritid och goda levnadsvanor",
        ),
        "Arbete åt alla och god framtidstro": (
            CarryOverKind.MANY_TO_ONE,
            "Utbildning och sysselsättning",
        ),
        "Hållbara livsmiljöer": (CarryOverKind.ONE_TO_ONE, "Boende och närmiljö"),
        "Lyssna på barn och unga": (CarryOverKind.AREA_TO_GOAL, OVERARCHING_GOAL),
    }


def test_the_sustainability_goals_and_the_revision_decision_are_recorded(demo):
    goals = version("Hållbarhetsmål 2024–2040")
    assert goals.status == VersionStatus.CONSULTATION
    assert goals.status_log().last().case_number == "KS 2023/474"
    decision = SteeringDocument.objects.get(title="Strategi för social hållbarhet").decisions.get()
    assert decision.decided_by.short_name == "KF"
    assert decision.decision_date.isoformat() == "2023-05-22"
    assert decision.paragraph == "134"


def test_the_demo_personas_log_in_with_their_roles(demo):
    expected = {
        "samordnare": ("Enheten för hållbar utveckling", Role.COORDINATOR),
        "social": ("Socialförvaltningen", Role.EDITOR),
        "bildning": ("Bildningsförvaltningen", Role.EDITOR),
        "lasare": ("Trelleborgs kommun", Role.READER),
    }
    for username, (organisation, role) in expected.items():
        membership = Membership.objects.get(user__username=username)
        assert (membership.organisation.name, membership.role) == (organisation, role)
        assert not membership.user.is_superuser
        assert membership.user.check_password(DEMO_PASSWORD)


def test_seeding_twice_adds_nothing(demo):
    before = model_counts()
    assert seed_demo() == {}
    assert model_counts() == before


# --- example values -----------------------------------------------------------------------------

KOLADA_AREAS = {"1287", "0012", "0000", "G33621", "G37555"}


def series_shape(indicator: Indicator) -> dict[str, set]:
    rows = Observation.objects.filter(indicator=indicator)
    return {
        name: set(rows.values_list(field, flat=True))
        for name, field in [
            ("areas", "area_code"),
            ("periods", "period"),
            ("genders", "gender"),
            ("breakdowns", "breakdown"),
        ]
    }


def test_every_demo_indicator_has_example_values_for_trelleborg_and_its_comparisons(demo):
    used = Indicator.objects.filter(goal_links__isnull=False).distinct()
    assert used.count() == 8
    for indicator in used:
        shape = series_shape(indicator)
        if indicator.source_kind == SourceKind.KOLADA:
            assert shape == {
                "areas": KOLADA_AREAS,
                "periods": set(range(2015, 2026)),
                "genders": {"T", "K", "M"},
                "breakdowns": {""},
            }, indicator.source_key
        elif indicator.source_kind == SourceKind.SURVEY:
            assert shape == {
                "areas": {"1287", "0012"},
                "periods": {2012, 2016, 2021},
                "genders": {"T", "K", "M"},
                "breakdowns": {"ak6", "ak9", "gy2"},
            }, indicator.title
        else:
            assert shape == {
                "areas": {"1287"},
                "periods": set(range(2019, 2026)),
                "genders": {"T"},
                "breakdowns": {""},
            }, indicator.title
    assert not Observation.objects.filter(batch__is_example=False).exists()
    assert not Observation.objects.filter(value__isnull=True).exists()
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.is_example) == (BatchSource.EXAMPLE, True)
    latest = Observation.objects.filter(indicator__source_key="N15418", period=2025)
    assert {o.status for o in latest} == {"preliminary"}


def test_seeding_twice_changes_no_example_value(demo):
    before = list(Observation.objects.values_list("pk", "value", "status", "batch_id"))
    assert seed_demo() == {}
    assert list(Observation.objects.values_list("pk", "value", "status", "batch_id")) == before
    assert ImportBatch.objects.count() == 1


def test_a_real_import_replaces_an_indicators_example_values_and_seeding_keeps_out(demo):
    """Invented and real values never share a chart: one real value for an indicator removes
    its example values (logged), and seeding the demo again adds none for it, while the
    other indicators keep theirs and a missing example value elsewhere is filled in."""
    n15418 = Indicator.objects.get(source_key="N15418")
    other = Indicator.objects.filter(observations__batch__is_example=True).exclude(pk=n15418.pk)
    other = other.distinct().first()
    other_count = Observation.objects.filter(indicator=other).count()
    assert Observation.objects.filter(indicator=n15418, batch__is_example=True).count() > 1

    real = record_observations(
        [[(n15418.pk, "1287", 2024, "T", "", 81.5, "final")]], source=BatchSource.MANUAL
    )

    assert list(Observation.objects.filter(indicator=n15418).values_list("value", "batch")) == [
        (81.5, real.pk)
    ]
    assert (real.rows_added, real.rows_changed, real.rows_unchanged) == (1, 0, 0)
    event = Event.objects.filter(verb="import_recorded").latest("pk")
    assert event.data["example_values_removed"] > 0
    assert "exempelvärden borttagna" in event.summary
    assert Observation.objects.filter(indicator=other).count() == other_count

    one = Observation.objects.filter(indicator=other).order_by("pk").first()
    one.delete()
    assert seed_demo() == {"indicators.ImportBatch": 1, "indicators.Observation": 1}
    assert Observation.objects.filter(indicator=n15418).count() == 1
    assert Observation.objects.filter(indicator=other).count() == other_count
