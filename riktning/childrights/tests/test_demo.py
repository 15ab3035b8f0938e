"""The demo shows the lens: `riktning report decision latest` carries the draft proposal's
child-rights assessment, labelled as example data; one measure's assessment is done, another
affects children without a done assessment; the survey's indicators are followed."""

import io

import pytest
from django.core.management import call_command
from docx import Document

from riktning.actionplans.models import Measure
from riktning.childrights import lens, services
from riktning.devtools.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demos_proposal_for_a_decision_carries_its_assessment_into_word(tmp_path):
    seed_demo()
    path = tmp_path / "forslag.docx"

    call_command(
        "report", "decision", "latest", "--format", "docx", "-o", str(path), stderr=io.StringIO()
    )

    texts = [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]
    section = texts[texts.index("Barnkonsekvensanalys") : texts.index("Beslutsunderlag")]
    assert "Exempeldata" in section
    assert "Påverkar barn: ja." in section
    assert "Artikel 12 – rätt att uttrycka sina åsikter och bli hörd" in section
    assert any(line.startswith("Slutsats: Exempeldata") for line in section)

    done = Measure.objects.get(title="Erbjuda föräldragrupper i alla kommundelar")
    assert services.assessment_of(done).completed
    plans = done.plan.__class__.objects.all()
    missing = [m.title for m in lens.measures_without_completed_assessment(plans)]
    assert missing == ["Trygghetsvandringar med unga boende"]
    followed = [i.source_name for i in lens.followed_indicators()]
    assert sum("Barn och unga i Skåne" in name for name in followed) == 3
    assert seed_demo() == {}  # a second run adds nothing
