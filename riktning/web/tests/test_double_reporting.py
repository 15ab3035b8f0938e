"""Double reporting (issue 16, item 2): an editor reporting an activity that resembles one already
reported is told so before anything is saved, with the score, and may link the earlier one
instead; the coordinator's list of suspected duplicates, the merge that keeps both histories, is
logged and can be undone, and "not a duplicate" that is remembered; who may do which; the same
for measures; and a value typed by hand where an import already holds one."""

import datetime

import pytest
from django.urls import reverse

from riktning.actionplans import services as plan_services
from riktning.actionplans.models import Measure
from riktning.activities import services, similarity
from riktning.activities.models import Activity, ActivityLink, DuplicateDecision
from riktning.audit.models import Event
from riktning.web.revisions import current_revision

from .plans_support import plans_world

D = datetime.date
COPY = {
    "name": "Föräldragrupper för alla",
    "description": "Grupper för föräldrar till barn 0–5 år, varje vecka.",
}


@pytest.fixture
def world(orgs):
    w = plans_world(orgs)
    # Last year's activity, and this year's open round where Socialförvaltningen reports again.
    Activity.objects.filter(pk=w["social_activity"].pk).update(
        description="Grupper för föräldrar till barn 0–5 år varje vecka."
    )
    w["social_activity"].refresh_from_db()
    w["new_round"] = services.open_mapping_round(
        title="Föräldrastöd 2022",
        question="Vilket föräldrastöd finns nu?",
        last_day=D(2022, 11, 30),
        invited=[orgs["social"], orgs["bildning"]],
        goals=[w["goal"]],
        version=w["version"],
    )
    return w


def _report(client, w, **extra):
    data = {"organiser": w["social_activity"].organiser_id, "reach": "universal", **COPY}
    data.update(extra)
    return client.post(reverse("web:activity_create", args=[w["new_round"].pk]), data)


def _link(client, w, activity, **extra):
    data = {"score": 90, "revision": current_revision(activity), "goals": [w["goal"].pk]}
    data.update(extra)
    return client.post(
        reverse("web:activity_link", args=[w["new_round"].pk, activity.pk]), data, follow=True
    )


# --- the score ---------------------------------------------------------------------------------


def test_a_reworded_copy_scores_high_and_a_different_activity_low():
    original = similarity.Item(1, "Föräldragrupper", "Grupper för föräldrar till barn 0–5 år.")
    copy = similarity.Item(2, "Föräldragrupper för alla", "Grupper för föräldrar, barn 0–5 år.")
    other = similarity.Item(3, "Läxhjälp på biblioteket", "Hjälp med läxor för elever i år 7–9.")
    assert similarity.score(original, copy) >= similarity.THRESHOLD
    assert similarity.score(original, other) < 50
    assert similarity.similar(copy, [original, other]) == [
        (original, similarity.score(copy, original))
    ]


def test_the_fast_pairing_finds_exactly_the_pairs_of_scoring_every_pair():
    titles = ["Föräldragrupper", "Föräldragrupper för alla", "Läxhjälp", "Läxhjälp i skolan"]
    descriptions = ["", "Grupper för föräldrar.", "Hjälp med läxor.", "Läxor varje vecka."]
    items = [
        similarity.Item(pk, title, description)
        for pk, (title, description) in enumerate(
            [(t, d) for t in titles for d in descriptions], start=1
        )
    ]
    every_pair = [
        (a, b, similarity.score(a, b))
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if similarity.score(a, b) >= similarity.THRESHOLD
    ]
    assert every_pair and similarity.pairs(items) == every_pair


# --- reporting: warned before saving, link instead ---------------------------------------------


def test_reporting_a_near_copy_shows_the_warning_with_the_score_and_saves_nothing(world, personas):
    before = Activity.objects.count()
    response = _report(personas["social_editor"], world)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Liknar en aktivitet som redan rapporterats" in page
    assert "Föräldragrupper" in page and "Likhet:" in page
    score = round(similarity.score(similarity.Item(0, **_item(COPY)), _as_item(world)))
    assert f"Likhet: {score} av 100" in page
    assert Activity.objects.count() == before


def _item(data):
    return {"title": data["name"], "description": data["description"]}


def _as_item(w):
    a = w["social_activity"]
    return similarity.Item(a.pk, a.name, a.description)


def test_linking_instead_counts_the_earlier_activity_in_the_round(world, personas):
    activity = world["social_activity"]
    before = Activity.objects.count()
    response = _link(personas["social_editor"], world, activity)
    assert response.status_code == 200
    assert "länkades till den här omgången" in response.content.decode()
    assert Activity.objects.count() == before
    assert ActivityLink.objects.filter(activity=activity, mapping_round=world["new_round"]).exists()
    answers = {a["organisation"].name: a["answered"] for a in services.answers(world["new_round"])}
    assert answers["Socialförvaltningen"] is True
    page = personas["social_editor"].get(
        reverse("web:mapping_round_detail", args=[world["new_round"].pk])
    )
    assert "Rapporterad tidigare och länkad" in page.content.decode()
    assert Event.objects.filter(verb="activity_linked", object_id=str(activity.pk)).exists()


def test_reporting_anyway_saves_a_new_activity(world, personas):
    before = Activity.objects.count()
    response = _report(personas["social_editor"], world, report_anyway="1")
    assert response.status_code == 302
    assert Activity.objects.count() == before + 1


def test_a_different_activity_is_saved_without_a_warning(world, personas):
    response = _report(
        personas["social_editor"],
        world,
        name="Simskola för nyanlända",
        description="Simundervisning på sommaren.",
    )
    assert response.status_code == 302


def test_an_editor_cannot_link_another_organisations_activity(world, personas):
    response = _link(personas["social_editor"], world, world["bildning_activity"])
    assert response.status_code == 403
    assert not ActivityLink.objects.exists()


def test_a_stale_link_is_refused(world, personas):
    activity = world["social_activity"]
    revision = current_revision(activity)
    services.change_activity(activity, participants=70)
    response = _link(personas["social_editor"], world, activity, revision=revision)
    assert "Någon annan sparade" in response.content.decode()
    assert not ActivityLink.objects.exists()


# --- the coordinator's list: merge, undo, dismiss ----------------------------------------------


@pytest.fixture
def copy(world):
    """Socialförvaltningen reported the same activity again in the new round."""
    return services.report_activity(
        organiser=world["social_activity"].organiser, mapping_round=world["new_round"], **COPY
    )


def _pair_url(name, first, second, kind="activity"):
    return reverse(f"web:{name}", args=[kind, first.pk, second.pk])


def _revisions(first, second):
    return {
        "first_revision": current_revision(first),
        "second_revision": current_revision(second),
    }


def test_the_list_shows_the_pair_with_score_organisation_and_round(world, personas, copy):
    response = personas["coordinator"].get(reverse("web:duplicate_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Föräldragrupper för alla" in page and "Föräldrastöd 2022" in page
    assert "Socialförvaltningen" in page
    assert "Slå ihop, behåll den första" in page


@pytest.mark.parametrize("persona", ["reader", "social_editor", "bildning_editor"])
def test_only_the_coordinator_merges(world, personas, copy, persona):
    first = world["social_activity"]
    response = personas[persona].post(
        _pair_url("duplicate_merge", first, copy), {"kept": first.pk, **_revisions(first, copy)}
    )
    assert response.status_code == 403
    copy.refresh_from_db()
    assert copy.merged_into is None
    assert personas[persona].get(reverse("web:duplicate_list")).status_code == 403


def test_the_coordinator_merges_keeping_both_histories_logged_and_undoable(
    world, personas, copy, bildning_editor
):
    first = world["social_activity"]
    other_goal = world["goal"]
    copy.goals.set([other_goal])
    first.goals.clear()
    copy_history = copy.history.count()
    client = personas["coordinator"]

    response = client.post(
        _pair_url("duplicate_merge", first, copy),
        {"kept": first.pk, **_revisions(first, copy)},
        follow=True,
    )

    assert "slogs ihop med" in response.content.decode()
    copy.refresh_from_db()
    assert copy.merged_into == first  # kept, not deleted
    assert copy.history.count() == copy_history + 1 and first.history.exists()
    assert list(first.goals.all()) == [other_goal]
    register = client.get(reverse("web:activity_register")).content.decode()
    assert "Föräldragrupper för alla" not in register
    decision = DuplicateDecision.objects.get(verdict="merged")
    assert Event.objects.filter(verb="duplicates_merged", object_id=str(decision.pk)).exists()
    assert "Föräldragrupper för alla" not in _pairs_table(client)

    response = client.post(
        reverse("web:duplicate_undo", args=[decision.pk]),
        {"revision": current_revision(decision)},
        follow=True,
    )

    assert "Sammanslagningen ångrades" in response.content.decode()
    copy.refresh_from_db()
    assert copy.merged_into is None
    assert list(first.goals.all()) == []
    assert Event.objects.filter(verb="duplicate_merge_undone").exists()
    assert "Föräldragrupper för alla" in _pairs_table(client)


def _pairs_table(client) -> str:
    page = client.get(reverse("web:duplicate_list")).content.decode()
    return page.split('id="activity-pairs"')[1].split('id="measure-pairs"')[0]


def test_not_a_duplicate_is_remembered(world, personas, copy):
    first = world["social_activity"]
    client = personas["coordinator"]
    client.post(_pair_url("duplicate_dismiss", first, copy), _revisions(first, copy))
    assert DuplicateDecision.objects.filter(verdict="dismissed").count() == 1
    assert "Föräldragrupper för alla" not in _pairs_table(client)
    copy.refresh_from_db()
    assert copy.merged_into is None
    assert Event.objects.filter(verb="duplicate_dismissed").exists()


def test_a_stale_merge_is_refused(world, personas, copy):
    first = world["social_activity"]
    revisions = _revisions(first, copy)
    services.change_activity(copy, participants=12)
    response = personas["coordinator"].post(
        _pair_url("duplicate_merge", first, copy), {"kept": first.pk, **revisions}, follow=True
    )
    assert "Någon annan sparade" in response.content.decode()
    copy.refresh_from_db()
    assert copy.merged_into is None


def test_a_merge_needs_a_choice_of_which_to_keep(world, personas, copy):
    first = world["social_activity"]
    personas["coordinator"].post(_pair_url("duplicate_merge", first, copy), _revisions(first, copy))
    copy.refresh_from_db()
    assert copy.merged_into is None and not DuplicateDecision.objects.exists()


def test_activities_of_two_organisations_are_never_merged(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.merge_activities(world["social_activity"], world["bildning_activity"])
    assert not DuplicateDecision.objects.exists()


# --- measures ----------------------------------------------------------------------------------


def test_a_near_copy_measure_is_flagged_and_continued_instead(world, personas, orgs):
    earlier = Measure.objects.get(title="Kartlägga BVC")
    client = personas["coordinator"]
    url = reverse("web:measure_create", args=[world["draft"].pk])
    before = Measure.objects.count()
    response = client.post(
        url,
        {
            "title": "Kartläggning av BVC",
            "responsible": orgs["social"].pk,
            "hours": 0,
            "cost_sek": 0,
        },
    )
    page = response.content.decode()
    assert "Liknar en åtgärd" in page and "Likhet:" in page
    assert Measure.objects.count() == before

    client.post(
        reverse("web:measure_carry", args=[world["draft"].pk, earlier.pk]),
        {"revision": current_revision(earlier)},
    )

    carried = Measure.objects.get(plan=world["draft"], carried_from=earlier)
    assert carried.title == earlier.title
    assert Measure.objects.count() == before + 1


def test_measures_of_an_adopted_plan_merge_and_unmerge_with_history(world, orgs):
    adopted_measure = Measure.objects.get(title="Kartlägga BVC")
    copy = plan_services.add_measure(
        world["draft"], title="Kartlägga BVC", responsible=orgs["social"]
    )
    history = adopted_measure.history.count()
    decision = plan_services.merge_measures(copy, adopted_measure)
    adopted_measure.refresh_from_db()
    assert adopted_measure.merged_into == copy
    assert adopted_measure.history.count() == history + 1
    plan_services.undo_measure_merge(decision)
    adopted_measure.refresh_from_db()
    assert adopted_measure.merged_into is None
    assert adopted_measure.history.count() == history + 2


def test_a_carried_over_measure_is_not_called_a_duplicate(world):
    from riktning.actionplans.duplicates import suspected_measure_pairs

    earlier = Measure.objects.get(title="Kartlägga BVC")
    plan_services.carry_measure(earlier, world["draft"])
    pairs, _capped = suspected_measure_pairs()
    assert not [p for p in pairs if {p.first.title, p.second.title} == {"Kartlägga BVC"}]


# --- a value typed by hand that an import already holds ----------------------------------------


@pytest.fixture
def uploaded(orgs):
    """A local indicator whose 2023 value came from a file upload."""
    from riktning.indicators.constants import BatchSource, SourceKind
    from riktning.indicators.services import record_observations
    from riktning.strategy.tests.factories import IndicatorFactory

    indicator = IndicatorFactory(
        title="Antal föräldrar som deltar i föräldrastödsprogram",
        source_kind=SourceKind.LOCAL,
        unit="antal",
        responsible=orgs["social"],
    )
    record_observations(
        [[(indicator.pk, "1287", 2023, "T", "", 412.0, "final")]], source=BatchSource.UPLOAD
    )
    return indicator


def test_a_value_typed_over_an_imported_one_is_flagged_before_saving(personas, uploaded):
    from riktning.indicators.models import Observation

    url = reverse("web:data_manual", args=[uploaded.pk])
    client = personas["social_editor"]

    response = client.post(url, {"value_2023_T": "420"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "En import har redan de här värdena" in page
    assert "412 från Filuppladdning" in page and "du skrev 420" in page
    assert Observation.objects.get(indicator=uploaded).value == 412.0

    response = client.post(url, {"value_2023_T": "420", "keep_typed": "1"})

    assert response.status_code == 302
    assert Observation.objects.get(indicator=uploaded).value == 420.0


def test_the_imported_value_left_as_it_is_is_not_flagged(personas, uploaded):
    url = reverse("web:data_manual", args=[uploaded.pk])
    response = personas["social_editor"].post(url, {"value_2023_T": "412", "value_2024_T": "5"})
    assert response.status_code == 302


def test_a_merged_measure_stays_in_its_plan_marked_and_counts_once(world, personas, orgs):
    kept = world["social_measure"]
    copy = plan_services.add_measure(
        world["draft"], title=kept.title, responsible=orgs["social"], hours=400
    )
    plan_services.merge_measures(kept, copy)
    response = personas["coordinator"].get(
        reverse("web:action_plan_detail", args=[world["draft"].pk])
    )
    page = response.content.decode()
    assert f"Sammanslagen som dubblett med ”{kept.title}”" in page
    assert response.context["totals"]["hours"] == kept.hours + world["bildning_measure"].hours
