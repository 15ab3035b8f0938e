"""The child-rights lens in the demo (Exempeldata): an assessment of one measure (done), one
measure marked as affecting children whose assessment is not done (so the coordinator's list has
something on it), an assessment of the draft proposal for a decision (so `riktning report
decision latest` shows it), and the indicators of Region Skåne's survey of children and young
people tagged for the lens. Every text here is invented for the demo."""

import datetime
from collections import Counter

from django.db import transaction

from riktning.actionplans.models import Measure
from riktning.childrights import services
from riktning.childrights.constants import AffectsChildren, AgeGroup, Article
from riktning.consultation.models import DecisionProposal
from riktning.indicators.models import Indicator

EXAMPLE = "Exempeldata: "

MEASURE_ASSESSMENTS = {
    "Erbjuda föräldragrupper i alla kommundelar": {
        "affects_children": AffectsChildren.YES,
        "age_groups": [AgeGroup.PRESCHOOL, AgeGroup.SCHOOL],
        "other_groups": "Barn i familjer som i dag inte når familjecentralen.",
        "views_method": EXAMPLE + "samtal med barn på två förskolor och enkät till föräldrar.",
        "views_heard_on": datetime.date(2024, 11, 12),
        "views_result": (
            "Barnen vill att föräldrarna har tid för dem; föräldrarna önskar grupper nära hemmet."
        ),
        "best_interests": (
            EXAMPLE + "föräldragrupper nära hemmet stärker föräldrarnas förmåga att ge barnen "
            "trygghet och stöd; det ligger i barnens bästa att stödet når alla kommundelar."
        ),
        "articles": [Article.A3, Article.A6, Article.A18],
        "conflicts": (
            "Kostnaden för lokaler och gruppledare vägdes mot andra insatser; barnens behov "
            "av tidigt stöd vägde tyngst."
        ),
        "conclusion": EXAMPLE + "åtgärden är förenlig med barnets bästa och genomförs.",
        "assessed_by": "Socialförvaltningen, utvecklingsenheten",
        "assessed_on": datetime.date(2024, 12, 2),
        "completed": True,
    },
    "Trygghetsvandringar med unga boende": {
        "affects_children": AffectsChildren.YES,
        "age_groups": [AgeGroup.TEENS, AgeGroup.OLDER],
        "views_method": EXAMPLE + "barnen ska höras under trygghetsvandringarna.",
        "completed": False,
    },
}

DECISION_ASSESSMENT = {
    "affects_children": AffectsChildren.YES,
    "age_groups": list(AgeGroup.values),
    "other_groups": "Barn i familjer med ekonomisk utsatthet; barn med funktionsnedsättning.",
    "views_method": (
        EXAMPLE + "Trelleborgs ungdomsråd fick remissen; resultaten från Region Skånes "
        "Folkhälsoenkät Barn och unga i Skåne användes."
    ),
    "views_heard_on": datetime.date(2023, 10, 4),
    "views_result": (
        "Ungdomsrådet vill att strategin säger hur unga ska vara delaktiga i uppföljningen."
    ),
    "best_interests": (
        EXAMPLE + "strategin prioriterar barns och ungas livsvillkor: föräldrastöd, lärande, "
        "en meningsfull fritid och trygga bostadsområden."
    ),
    "articles": [Article.A2, Article.A3, Article.A6, Article.A12, Article.A31],
    "conflicts": (
        "Strategin omfattar alla åldrar; att barn och unga prioriteras vägdes mot äldres "
        "behov och bedömdes rimligt eftersom tidiga insatser ger störst effekt."
    ),
    "conclusion": (
        EXAMPLE + "förslaget bedöms vara förenligt med barnkonventionen och stärka barns "
        "rättigheter i kommunen."
    ),
    "assessed_by": "Enheten för hållbar utveckling",
    "assessed_on": datetime.date(2023, 11, 20),
    "completed": True,
}

TAGGED_KOLADA = {"N15418": "Barns utbildning (artikel 28)"}


def seed_child_rights(counts: Counter) -> None:
    """Whatever of the lens's demo is missing (idempotent: an existing assessment is left)."""
    with transaction.atomic():
        for title, fields in MEASURE_ASSESSMENTS.items():
            measure = Measure.objects.filter(title=title).first()
            if measure is not None and services.assessment_of(measure) is None:
                services.save_assessment(measure, is_example=True, **fields)
                counts["childrights.ChildRightsAssessment"] += 1
        proposal = DecisionProposal.objects.order_by("id").first()
        if proposal is not None and services.assessment_of(proposal) is None:
            services.save_assessment(proposal, is_example=True, **DECISION_ASSESSMENT)
            counts["childrights.ChildRightsAssessment"] += 1
        tagged = services.tag_survey_indicators()
        for key, note in TAGGED_KOLADA.items():
            indicator = Indicator.objects.filter(source_key=key).first()
            if indicator is not None and not hasattr(indicator, "child_rights_tag"):
                services.tag_indicator(indicator, note)
                tagged += 1
        if tagged:
            counts["childrights.ChildIndicator"] += tagged
