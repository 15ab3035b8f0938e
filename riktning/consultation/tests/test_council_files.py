"""Council-ready files of a round (issue 14, item 5): the summary and the proposal for a decision
as Word files fit to attach to a council paper: A4 with the municipality's name, paragraphs
split on any line ending, a deletion shown as "(stryks)", the bodies in the organisation's order
(committees before companies), the points per part in the document's order, "Ändringar i
förslaget", and a proposal with Sammanfattning, Beslutsunderlag, its att-clauses and "Beslutet
skickas till". LibreOffice opens both files."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from riktning.accounts.constants import OrganisationKind
from riktning.accounts.tests.factories import OrganisationFactory
from riktning.consultation import decision_report, report, services
from riktning.consultation.constants import Decision, Position, ReceivedVia
from riktning.consultation.models import DecisionProposal, Recipient
from riktning.consultation.summary import compile_summary
from riktning.strategy.constants import VersionStatus
from riktning.strategy.tests.factories import AreaFactory, GoalFactory, VersionFactory

from .factories import make_round

pytestmark = pytest.mark.django_db
RECEIVED = datetime.date(2023, 11, 30)
DECISION_TEXT = (
    "Kommunstyrelsen föreslår kommunfullmäktige besluta\r\n\r\n"
    "att anta strategin, och\r\n"
    "att ge kommunstyrelsen i uppdrag att följa upp den."
)


@pytest.fixture
def bodies(orgs):
    # Alphabetically the company comes first; the organisation's order puts committees first.
    return {
        "company": OrganisationFactory(name="AB Bostadsbolaget", kind=OrganisationKind.COMPANY),
        "social": OrganisationFactory(name="Socialnämnden", kind=OrganisationKind.COMMITTEE),
        "bildning": OrganisationFactory(name="Bildningsnämnden", kind=OrganisationKind.COMMITTEE),
    }


@pytest.fixture
def draft(db):
    version = VersionFactory(status=VersionStatus.DRAFT, title="Strategi, remissversion")
    first = AreaFactory(version=version, title="Boende och närmiljö", order=1)
    GoalFactory(area=first, title="Tryggt boende", order=1)
    AreaFactory(version=version, title="Utbildning och sysselsättning", order=2)
    version.status = VersionStatus.CONSULTATION
    version.save()
    return version


@pytest.fixture
def round(coordinator, bodies, draft):
    round = make_round(coordinator, list(bodies.values()), version=draft)
    first, second = draft.areas.order_by("order")
    goal = first.goals.get()
    social = _register(round, bodies["social"], coordinator)
    # Points on the second area, the first area's goal and the first area, in that order.
    services.add_comment(social, anchor=second, text="Lägg till ett stycke om arbete.")
    services.add_comment(
        social,
        anchor=goal,
        text="Första stycket.\r\n\r\nAndra stycket.",
        replace_text="Tryggt",
        replacement="",
    )
    services.add_comment(social, anchor=first, text="Bra område.")
    services.submit_statement(social, by=coordinator)
    company = _register(round, bodies["company"], coordinator)
    services.add_comment(
        company,
        anchor=first,
        text="Ny rubrik.",
        replace_text="Boende och närmiljö",
        replacement="Boende, närmiljö och trygghet",
    )
    services.submit_statement(company, by=coordinator)
    for comment in [*social.comments.all(), *company.comments.all()]:
        decision = Decision.TAKEN_IN if comment.replace_text else Decision.NOT_TAKEN_IN
        services.record_disposition(comment, by=coordinator, decision=decision, reason="Se svar.")
    return round


def _register(round, organisation, coordinator):
    recipient = Recipient.objects.get(round=round, organisation=organisation)
    statement = services.start_registered_statement(
        recipient, by=coordinator, received_on=RECEIVED, received_via=ReceivedVia.PAPER
    )
    services.save_statement(statement, position=Position.POSITIVE_WITH_COMMENTS)
    return statement


def _proposal(round, coordinator, bodies, **kwargs):
    return services.save_decision_proposal(
        round,
        by=coordinator,
        text=DECISION_TEXT,
        summary="Strategin har varit på remiss.\r\nDen föreslås nu antas.",
        send_to=[bodies["company"], bodies["social"], bodies["bildning"]],
        revision=0,
        **kwargs,
    )


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _a4_with_name(data: bytes, name: str) -> None:
    document = Document(io.BytesIO(data))
    for section in document.sections:
        assert abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1
        assert section.header.paragraphs[0].text == name


def test_the_summary_word_file_is_council_ready(settings, round):
    settings.RIKTNING_MUNICIPALITY_NAME = "Trelleborgs kommun"
    data = report.render(round, "docx")
    _a4_with_name(data, "Trelleborgs kommun")
    document = Document(io.BytesIO(data))
    who = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert who == ["Bildningsnämnden", "Socialnämnden", "AB Bostadsbolaget"]
    texts = _texts(data)
    # CRLF text: two paragraphs, no line breaks inside one.
    assert "Första stycket." in texts and "Andra stycket." in texts
    assert not any("\n" in text or "\r" in text for text in texts)
    assert "”Tryggt” (stryks)." in texts
    assert not any("med –" in text or "med ””" in text for text in texts)
    # The points per part in the document's order: the goal under its area, before area two.
    by_part = texts.index("Synpunkter per del av utkastet")
    changes_at = texts.index("Ändringar i förslaget")
    labels = [t for t in texts[by_part:changes_at] if t.split(":")[0] in ("Område", "Mål")]
    assert labels == [
        "Område: Boende och närmiljö",
        "Mål: Tryggt boende",
        "Område: Utbildning och sysselsättning",
    ]
    changes = texts[changes_at + 1 :]
    assert changes == [
        "Område: Boende och närmiljö – Ersätt ”Boende och närmiljö” med ”Boende, närmiljö och "
        "trygghet”. (AB Bostadsbolaget; beaktas)",
        "Mål: Tryggt boende – ”Tryggt” (stryks). (Socialnämnden; beaktas)",
    ]


def test_the_summary_pages_share_the_order_and_parts(round, personas):
    html = report.render(round, "html").decode()
    assert html.index("Bildningsnämnden") < html.index("Socialnämnden")
    assert html.index("Socialnämnden") < html.index("AB Bostadsbolaget")
    assert "(stryks)" in html and "Ändringar i förslaget" in html
    page = personas["coordinator"].get(reverse("web:round_summary_by_part", args=[round.pk]))
    text = page.content.decode()
    assert text.index("Område: Boende och närmiljö") < text.index("Mål: Tryggt boende")
    assert text.index("Mål: Tryggt boende") < text.index("Område: Utbildning och sysselsättning")
    assert "(stryks)" in text and "Ändringar i förslaget" in text


def test_the_body_order_is_a_setting(settings, round):
    settings.RIKTNING_BODY_ORDER = ["company", "committee"]
    names = [row.organisation.name for row in compile_summary(round).rows]
    assert names == ["AB Bostadsbolaget", "Bildningsnämnden", "Socialnämnden"]


def test_the_decision_proposal_word_file_is_council_ready(settings, round, coordinator, bodies):
    settings.RIKTNING_MUNICIPALITY_NAME = "Trelleborgs kommun"
    _proposal(round, coordinator, bodies)
    data = decision_report.render(round, "docx")
    _a4_with_name(data, "Trelleborgs kommun")
    texts = _texts(data)
    summary = texts.index("Sammanfattning")
    assert texts[summary + 1] == "Strategin har varit på remiss. Den föreslås nu antas."
    decision = texts.index("Förslag till beslut", 1)
    assert texts[decision + 1 : decision + 4] == [
        "Kommunstyrelsen föreslår kommunfullmäktige besluta",
        "att anta strategin, och",
        "att ge kommunstyrelsen i uppdrag att följa upp den.",
    ]
    basis = texts.index("Beslutsunderlag")
    assert texts[basis + 1 : basis + 3] == [
        "Strategi, remissversion",
        f"Sammanställning av inkomna remissvar, {round.title}",
    ]
    sent = texts.index("Beslutet skickas till")
    assert texts[sent + 1 :] == ["Bildningsnämnden", "Socialnämnden", "AB Bostadsbolaget"]


@pytest.mark.parametrize(
    "text", ["Kommunstyrelsen föreslår kommunfullmäktige att anta strategin.", "  \r\n ", "attans"]
)
def test_a_decision_proposal_without_att_clauses_is_refused(round, coordinator, bodies, text):
    with pytest.raises(ValidationError, match="saknar att-sats"):
        services.save_decision_proposal(round, by=coordinator, text=text, revision=0)
    assert not DecisionProposal.objects.exists()


def test_the_form_picks_whom_the_decision_is_sent_to(round, personas, bodies):
    url = f"/remisser/{round.pk}/forslag-till-beslut/andra/"
    client = personas["coordinator"]
    refused = client.post(url, {"text": "Kommunstyrelsen föreslår.", "revision": 0})
    assert refused.status_code == 200 and "saknar att-sats" in refused.content.decode()
    assert not DecisionProposal.objects.exists()
    saved = client.post(
        url,
        {
            "text": DECISION_TEXT,
            "summary": "",
            "send_to": [bodies["company"].pk, bodies["social"].pk],
            "revision": 0,
        },
    )
    assert saved.status_code == 302
    proposal = DecisionProposal.objects.get()
    assert set(proposal.send_to.all()) == {bodies["company"], bodies["social"]}
    page = client.get(f"/remisser/{round.pk}/forslag-till-beslut/").content.decode()
    assert "Beslutet skickas till" in page and "Beslutsunderlag" in page
    assert page.index("Socialnämnden") < page.index("AB Bostadsbolaget")
    assert "att ge kommunstyrelsen i uppdrag att följa upp den." in page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_both_files(round, coordinator, bodies, tmp_path):
    _proposal(round, coordinator, bodies)
    for name, data in (
        ("sammanstallning", report.render(round, "docx")),
        ("forslag", decision_report.render(round, "docx")),
    ):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")


def test_the_demo_round_carries_a_draft_decision_proposal(tmp_path):
    from riktning.devtools.demo import seed_demo

    seed_demo()
    path = tmp_path / "beslut.docx"
    call_command(
        "report", "decision", "latest", "--format", "docx", "-o", str(path), stderr=io.StringIO()
    )
    texts = _texts(path.read_bytes())
    assert any(t.startswith("Exempeldata") for t in texts)
    assert "Beslutsunderlag" in texts and "Beslutet skickas till" in texts
    assert any(t.startswith("att anta Strategi för social hållbarhet 2024–2030") for t in texts)
    sent = texts[texts.index("Beslutet skickas till") + 1 :]
    assert sent.index("Tekniska servicenämnden") < sent.index("Trelleborgs Rådhus AB")
    assert sent.index("Socialnämnden") < sent.index("AB TrelleborgsHem")
    # The group company before its subsidiary, whatever the alphabet says.
    assert sent.index("Trelleborgs Rådhus AB") < sent.index("AB TrelleborgsHem")
