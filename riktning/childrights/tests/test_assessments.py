"""The child-rights lens (barnkonsekvensanalys): what a person sees and may do with the assessment
of a measure, an action plan and a proposal for a decision; the Word files that carry it; bad
input refused with nothing written; the coordinator's lens page."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document

from riktning.actionplans import report as plan_report
from riktning.actionplans import services as plan_services
from riktning.childrights import services
from riktning.childrights.constants import AffectsChildren, AgeGroup, Article
from riktning.childrights.models import ChildRightsAssessment, assessment_problems
from riktning.consultation import decision_report
from riktning.consultation import services as consultation_services
from riktning.consultation.tests.factories import make_round
from riktning.strategy.tests.factories import IndicatorFactory, strategy_with_content

pytestmark = pytest.mark.django_db
D = datetime.date

DONE = {
    "affects_children": AffectsChildren.YES,
    "age_groups": [AgeGroup.SCHOOL, AgeGroup.TEENS],
    "other_groups": "Barn i familjer med låg inkomst",
    "views_method": "Dialog med elevrådet",
    "views_heard_on": D(2024, 10, 1),
    "views_result": "Eleverna vill ha fler lovaktiviteter",
    "best_interests": "Avgiftsfria aktiviteter ger alla barn en meningsfull fritid",
    "articles": [Article.A2, Article.A31],
    "conflicts": "Kostnaden vägdes mot andra insatser",
    "conclusion": "Åtgärden är förenlig med barnets bästa",
    "assessed_by": "Kultur- och fritidsförvaltningen",
    "assessed_on": D(2024, 11, 1),
    "completed": True,
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


@pytest.fixture
def plan(db):
    return plan_services.create_action_plan(version=strategy_with_content(), year=2025)


@pytest.fixture
def measure(plan, orgs):
    return plan_services.add_measure(
        plan,
        title="Fler avgiftsfria lovaktiviteter",
        responsible=orgs["social"],
        hours=Decimal(10),
        cost_sek=Decimal(0),
    )


@pytest.fixture
def proposal(coordinator, orgs):
    round = make_round(coordinator, [orgs["social"], orgs["bildning"]])
    return consultation_services.save_decision_proposal(
        round, by=coordinator, text="att anta strategin.", revision=0
    )


def _form(**fields) -> dict:
    data = {"affects_children": AffectsChildren.NOT_ASSESSED, "revision": "0"}
    for name, value in fields.items():
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, D):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


# --- the Word files --------------------------------------------------------------------------


def test_a_decision_proposal_with_a_child_rights_assessment_exports_it_to_word(
    proposal, coordinator, reader
):
    services.save_assessment(proposal, by=coordinator, **DONE)

    texts = _texts(decision_report.render(proposal.round, "docx"))

    heading = texts.index("Barnkonsekvensanalys")
    assert heading < texts.index("Beslutsunderlag")
    section = texts[heading : texts.index("Beslutsunderlag")]
    assert "Påverkar barn: ja." in section
    assert "Barn 6–12 år" in section and "Unga 13–15 år" in section
    assert "Barn i familjer med låg inkomst" in section
    assert "Dialog med elevrådet" in section
    assert "Artikel 2 – icke-diskriminering" in section
    assert "Artikel 31 – lek, vila, fritid och kultur" in section
    assert "Barnets bästa: Avgiftsfria aktiviteter ger alla barn en meningsfull fritid" in section
    assert "Slutsats: Åtgärden är förenlig med barnets bästa" in section
    assert (
        "Intressekonflikter och hur de har vägts mot varandra: Kostnaden vägdes mot andra "
        "insatser" in section
    )
    assert "Bedömd av: Kultur- och fritidsförvaltningen, 2024-11-01" in section
    assert "Barnkonsekvensanalysen är klar." in section
    # The same file as a member downloads it from the proposal's page.
    response = _client(reader).get(
        reverse("web:decision_proposal_download", args=[proposal.round.pk])
    )
    assert response.status_code == 200
    assert "Barnkonsekvensanalys" in _texts(response.content)


def test_a_decision_proposal_without_an_assessment_has_no_such_section(proposal):
    assert "Barnkonsekvensanalys" not in _texts(decision_report.render(proposal.round, "docx"))


def test_the_action_plan_word_file_carries_the_plans_and_the_measures_assessments(
    plan, measure, coordinator
):
    services.save_assessment(measure, by=coordinator, **DONE)
    services.save_assessment(
        plan, by=coordinator, affects_children=AffectsChildren.YES, best_interests="Planens"
    )

    texts = _texts(plan_report.render(plan, "docx"))

    assert texts.count("Barnkonsekvensanalys") >= 2  # the plan's and the measure's (plus contents)
    assert "Barnets bästa: Planens" in texts
    measure_heading = texts.index(measure.title, texts.index("Åtgärder"))
    assert "Slutsats: Åtgärden är förenlig med barnets bästa" in texts[measure_heading:]


# --- rights ------------------------------------------------------------------------------------


def test_an_editor_assesses_their_own_organisations_measure_not_another_organisations(
    measure, social_editor, bildning_editor, reader
):
    url = reverse("web:measure_assessment_edit", args=[measure.pk])
    data = _form(affects_children=AffectsChildren.NO, conclusion="Berör inte barn")

    assert _client(bildning_editor).post(url, data).status_code == 403
    assert _client(reader).post(url, data).status_code == 403
    assert Client().post(url, data).status_code == 302  # to the login page
    assert not ChildRightsAssessment.objects.exists()

    response = _client(social_editor).post(url, data)

    assert response.status_code == 302
    assessment = services.assessment_of(measure)
    assert assessment.affects_children == AffectsChildren.NO
    assert assessment.conclusion == "Berör inte barn"
    assert assessment.updated_by == social_editor


def test_only_the_coordinator_assesses_an_action_plan_and_a_proposal(
    plan, proposal, social_editor, coordinator
):
    plan_url = reverse("web:plan_assessment_edit", args=[plan.pk])
    proposal_url = reverse("web:decision_assessment_edit", args=[proposal.round.pk])
    data = _form(affects_children=AffectsChildren.YES, best_interests="Barnens bästa")

    assert _client(social_editor).post(plan_url, data).status_code == 403
    assert _client(social_editor).post(proposal_url, data).status_code == 403
    assert not ChildRightsAssessment.objects.exists()

    assert _client(coordinator).post(plan_url, data).status_code == 302
    assert _client(coordinator).post(proposal_url, data).status_code == 302
    assert services.assessment_of(plan).best_interests == "Barnens bästa"
    assert services.assessment_of(proposal).best_interests == "Barnens bästa"


def test_an_adopted_plans_assessment_is_frozen_but_its_measures_may_still_be_assessed(
    plan, measure, coordinator
):
    services.save_assessment(plan, by=coordinator, affects_children=AffectsChildren.YES)
    plan_services.adopt_action_plan(plan, by=coordinator)

    response = _client(coordinator).post(
        reverse("web:plan_assessment_edit", args=[plan.pk]), _form(conclusion="Ändrad")
    )

    assert response.status_code == 409
    assert "är antagen" in response.text
    with pytest.raises(ValidationError):
        services.save_assessment(plan, by=coordinator, conclusion="Ändrad")
    assert services.assessment_of(plan).conclusion == ""
    services.save_assessment(measure, by=coordinator, **DONE)
    assert services.assessment_of(measure).completed


# --- bad input ---------------------------------------------------------------------------------


def test_affects_children_yes_needs_the_affected_children_before_it_is_done(measure, social_editor):
    url = reverse("web:measure_assessment_edit", args=[measure.pk])
    fields = {**DONE, "age_groups": [], "other_groups": ""}

    response = _client(social_editor).post(url, _form(**fields))

    assert response.status_code == 200
    assert "ange vilka barn som berörs (åldersgrupper eller grupper)" in response.text
    assert not ChildRightsAssessment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"articles": ["99"]}, "articles", "Artikel 99 finns inte i listan"),
        ({"age_groups": ["18-25"]}, "age_groups", "Okänd åldersgrupp: 18-25"),
        ({"assessed_on": D(2999, 1, 1)}, "assessed_on", "kan inte vara senare än i dag"),
        ({"affects_children": AffectsChildren.NOT_ASSESSED}, "completed", "inte bedömt"),
        ({"conclusion": "  "}, "conclusion", "Skriv slutsatsen"),
        ({"articles": []}, "articles", "Välj de artiklar"),
        ({"views_method": ""}, "views_method", "hur barnens åsikter har inhämtats"),
    ],
)
def test_bad_input_is_refused_with_words_and_nothing_is_written(
    measure, coordinator, change, field, words
):
    with pytest.raises(ValidationError) as refused:
        services.save_assessment(measure, by=coordinator, **{**DONE, **change})

    assert words in " ".join(refused.value.message_dict[field])
    assert not ChildRightsAssessment.objects.exists()


def test_a_bad_change_leaves_the_saved_assessment_as_it_was(measure, coordinator):
    services.save_assessment(measure, by=coordinator, **DONE)

    with pytest.raises(ValidationError):
        services.save_assessment(measure, by=coordinator, articles=["2", "100"], conclusion="Ny")

    assert services.assessment_of(measure).conclusion == DONE["conclusion"]


def test_no_answers_is_the_only_thing_a_not_done_assessment_needs():
    blank = ChildRightsAssessment(affects_children=AffectsChildren.YES)
    assert assessment_problems(blank, today=D(2025, 1, 1)) == {}
    done = ChildRightsAssessment(**{**DONE, "affects_children": AffectsChildren.NO})
    done.views_method = done.best_interests = ""
    done.articles = done.age_groups = []
    assert assessment_problems(done, today=D(2025, 1, 1)) == {}


def test_an_assessment_is_never_deleted(measure, coordinator):
    assessment = services.save_assessment(measure, by=coordinator, **DONE)
    with pytest.raises(ValidationError):
        assessment.delete()


# --- the pages -----------------------------------------------------------------------------------


def test_the_lens_page_lists_measures_affecting_children_without_a_completed_assessment(
    plan, measure, orgs, coordinator, social_editor
):
    done = plan_services.add_measure(
        plan, title="Läsfrämjande plan", responsible=orgs["bildning"], hours=1, cost_sek=0
    )
    unassessed = plan_services.add_measure(
        plan, title="Trygghetsvandringar", responsible=orgs["social"], hours=1, cost_sek=0
    )
    services.save_assessment(measure, affects_children=AffectsChildren.YES)
    services.save_assessment(done, **DONE)
    survey = IndicatorFactory(
        title="Andel som är trygga i sitt bostadsområde",
        source_name="Folkhälsoenkät Barn och unga i Skåne (Region Skåne)",
    )
    tagged = IndicatorFactory(title="Elever i åk 9 med godkända betyg")
    services.tag_indicator(tagged, "Utbildning")
    IndicatorFactory(title="Antal föräldrar i föräldrastöd")
    url = reverse("web:child_rights_lens")

    assert _client(social_editor).get(url).status_code == 403
    response = _client(coordinator).get(url)

    assert response.status_code == 200
    missing, rest = response.text.split('id="not-assessed"')
    assert measure.title in missing
    assert done.title not in missing and unassessed.title not in missing
    not_assessed, indicators = rest.split('id="child-indicators"')
    indicators = indicators.split('id="tag-indicator"')[0]  # the list, not the form's choices
    assert unassessed.title in not_assessed and measure.title not in not_assessed
    assert survey.title in indicators and tagged.title in indicators
    assert "Antal föräldrar i föräldrastöd" not in indicators


def test_the_survey_rule_tags_region_skanes_survey_of_children_and_young_people(db):
    survey = IndicatorFactory(source_name="Folkhälsoenkät Barn och unga i Skåne (Region Skåne)")
    IndicatorFactory(source_name="Kolada (RKA)")

    assert services.tag_survey_indicators() == 1
    assert services.tag_survey_indicators() == 0  # once
    assert survey.child_rights_tag.indicator == survey


def test_the_assessment_shows_on_the_measure_plan_and_proposal_pages(
    plan, measure, proposal, coordinator, reader
):
    services.save_assessment(measure, **DONE)
    services.save_assessment(plan, affects_children=AffectsChildren.NO, conclusion="Planens slut")
    services.save_assessment(
        proposal, affects_children=AffectsChildren.YES, conclusion="Förslagets"
    )
    client = _client(reader)

    page = client.get(reverse("web:measure_assessment", args=[measure.pk])).text
    assert "Artikel 31 – lek, vila, fritid och kultur" in page
    assert "Dialog med elevrådet" in page
    plan_page = client.get(reverse("web:action_plan_detail", args=[plan.pk])).text
    assert "Planens slut" in plan_page
    assert "Påverkar barn: ja" in " ".join(plan_page.split())
    proposal_page = client.get(reverse("web:decision_proposal", args=[proposal.round.pk])).text
    assert "Förslagets" in proposal_page
    assert "Ändra barnkonsekvensanalysen" not in proposal_page  # the reader may not change it
    coordinator_page = _client(coordinator).get(
        reverse("web:decision_proposal", args=[proposal.round.pk])
    )
    assert "Ändra barnkonsekvensanalysen" in coordinator_page.text


def test_the_coordinator_chooses_which_indicators_the_lens_follows(coordinator, social_editor):
    kolada = IndicatorFactory(title="Elever i åk 9 med godkända betyg", source_name="Kolada")
    survey = IndicatorFactory(
        title="Andel som ser ljust på framtiden",
        source_name="Folkhälsoenkät Barn och unga i Skåne (Region Skåne)",
    )
    tag_url = reverse("web:child_rights_indicator_tag")
    data = {"indicator": str(kolada.pk), "note": "Utbildning (artikel 28)"}

    assert _client(social_editor).post(tag_url, data).status_code == 403
    assert not kolada.__class__.objects.filter(child_rights_tag__isnull=False).exists()

    client = _client(coordinator)
    assert client.post(tag_url, data).status_code == 302
    kolada.refresh_from_db()
    assert kolada.child_rights_tag.note == "Utbildning (artikel 28)"
    page = client.get(reverse("web:child_rights_lens")).text
    assert "Utbildning (artikel 28)" in page

    # The survey's indicators are found by the rule: they cannot be dropped from the lens.
    response = client.post(
        reverse("web:child_rights_indicator_untag", args=[survey.pk]), follow=True
    )
    assert "följer den alltid" in response.text
    assert survey.title in response.text

    untag = reverse("web:child_rights_indicator_untag", args=[kolada.pk])
    assert _client(social_editor).post(untag).status_code == 403
    assert client.post(untag).status_code == 302
    assert not type(kolada).objects.filter(pk=kolada.pk, child_rights_tag__isnull=False).exists()


def test_tagging_an_unknown_or_already_followed_indicator_is_refused(coordinator):
    survey = IndicatorFactory(source_name="Folkhälsoenkät Barn och unga i Skåne (Region Skåne)")
    client = _client(coordinator)
    tag_url = reverse("web:child_rights_indicator_tag")

    for value in ("999999", str(survey.pk), "", "en"):
        response = client.post(tag_url, {"indicator": value})
        assert response.status_code == 200
        assert "Inget har sparats" in response.text
    from riktning.childrights.models import ChildIndicator

    assert not ChildIndicator.objects.exists()
