"""Bad input, tried and refused with nothing written (issue 7): oversized requests and uploads,
path traversal in file names, a forged CSRF token, an editor replaying another organisation's
object id, script in every free-text field (escaped in pages, PDF and Word) and SQL-looking text
in search and filter fields.

The all-URLs-by-persona table and the CSRF-on-every-POST check are in tests/test_url_access.py."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from riktning.actionplans import report as plan_report
from riktning.actionplans import services as plan_services
from riktning.actionplans.models import MeasureStatusUpdate
from riktning.activities import services as activity_services
from riktning.activities.models import Activity
from riktning.audit.models import Event
from riktning.consultation import report as consultation_report
from riktning.consultation import services as consultation_services
from riktning.consultation.constants import Position
from riktning.consultation.models import Recipient, Statement
from riktning.consultation.tests.factories import make_round
from riktning.followup import report as followup_report
from riktning.followup import services as followup_services
from riktning.followup.tests.test_rollup import followup_version
from riktning.indicators.constants import SourceKind
from riktning.indicators.models import ImportBatch, Observation
from riktning.reports.tests.pdftext import pdf_text
from riktning.strategy.models import SteeringDocument
from riktning.strategy.tests.factories import IndicatorFactory
from riktning.web.tests.plans_support import plans_world

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = f"Rubrik {SCRIPT} och {IMG}"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
GOOD_CSV = (
    "område;områdesnamn;period;kön;nedbrytning;värde;status\r\n"
    "1287;Trelleborg;2023;T;;412;slutlig\r\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(orgs):
    return plans_world(orgs)


@pytest.fixture
def local_indicator(orgs):
    return IndicatorFactory(
        title="Antal föräldrar i föräldrastödsprogram",
        source_kind=SourceKind.LOCAL,
        unit="antal",
        responsible=orgs["social"],
    )


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def assert_escaped(page: str) -> None:
    assert SCRIPT not in page, "a <script> from a user's text reached the page as markup"
    assert IMG not in page, "an <img onerror> from a user's text reached the page as markup"
    for escaped in ESCAPED:
        assert escaped in page


# --- oversized request bodies and uploads -------------------------------------------------------


def test_a_request_larger_than_the_limit_is_refused_unread_with_a_swedish_413(
    settings, coordinator
):
    settings.RIKTNING_MAX_REQUEST_BYTES = 10_000
    response = client_for(coordinator).post(
        reverse("web:document_create"), {"title": "Ny strategi", "description": "x" * 20_000}
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "För stort för att skicka" in page
    assert "Det du skickade är större än Riktning tar emot (högst 10 kB)." in page
    assert "Ingenting sparades" in page
    assert not SteeringDocument.objects.filter(title="Ny strategi").exists()


def test_a_form_whose_text_is_too_large_gets_the_413_page(settings, coordinator):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000
    response = client_for(coordinator).post(
        reverse("web:document_create"), {"title": "Ny strategi", "description": "x" * 10_000}
    )

    assert response.status_code == 413
    assert (
        "Formulärets text är större än Riktning tar emot (högst 5 kB)" in response.content.decode()
    )
    assert not SteeringDocument.objects.filter(title="Ny strategi").exists()


def test_a_form_with_too_many_fields_gets_the_413_page(settings, coordinator):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = {"title": "Ny strategi", **{f"f{n}": "x" for n in range(100)}}
    response = client_for(coordinator).post(reverse("web:document_create"), data)

    assert response.status_code == 413
    assert "Formuläret har fler fält än Riktning tar emot (högst 50)" in response.content.decode()
    assert not SteeringDocument.objects.filter(title="Ny strategi").exists()


def test_an_upload_over_the_files_limit_is_refused_in_the_form(
    settings, local_indicator, social_editor
):
    from riktning.indicators.sources import upload

    big = SimpleUploadedFile("stor.csv", GOOD_CSV.encode() + b"x" * upload.MAX_BYTES)
    response = client_for(social_editor).post(
        reverse("web:data_upload", args=[local_indicator.pk]), {"file": big}
    )

    assert response.status_code == 200
    assert "Filen är större än 5 MB." in response.content.decode()
    assert ImportBatch.objects.count() == 0 and Observation.objects.count() == 0
    assert not (Path(settings.MEDIA_ROOT) / "pending").exists()


def test_an_upload_over_the_request_limit_gets_the_413_page(
    settings, local_indicator, social_editor
):
    settings.RIKTNING_MAX_REQUEST_BYTES = 50_000
    big = SimpleUploadedFile("stor.csv", GOOD_CSV.encode() + b"x" * 100_000)
    response = client_for(social_editor).post(
        reverse("web:data_upload", args=[local_indicator.pk]), {"file": big}
    )

    assert response.status_code == 413
    assert "För stort för att skicka" in response.content.decode()
    assert not (Path(settings.MEDIA_ROOT) / "pending").exists()


# --- path traversal in file names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../../../tmp/riktning-pwned.csv", "riktning-pwned.csv"),
        ("..\\..\\riktning-pwned.csv", "riktning-pwned.csv"),
        ("/etc/cron.d/x.csv", "x.csv"),
    ],
)
def test_a_file_name_with_a_path_cannot_place_the_upload_outside_the_media_folder(
    settings, tmp_path, local_indicator, social_editor, name, kept
):
    """The file waits under a random name in MEDIA_ROOT/pending; of the name the browser sent,
    only the last part is kept (Django's upload parser), and only as text."""
    client = client_for(social_editor)
    url = reverse("web:data_upload", args=[local_indicator.pk])

    response = client.post(url, {"file": SimpleUploadedFile(name, GOOD_CSV.encode())})

    assert response.status_code == 200
    pending = list((Path(settings.MEDIA_ROOT) / "pending").iterdir())
    assert len(pending) == 1
    assert pending[0].parent == Path(settings.MEDIA_ROOT) / "pending"
    assert ".." not in pending[0].name and "pwned" not in pending[0].name
    assert not Path("/tmp/riktning-pwned.csv").exists()
    assert not (tmp_path / "riktning-pwned.csv").exists()
    assert response.context["filename"] == kept

    token = response.context["confirm_form"].initial["token"]
    confirmed = client.post(
        reverse("web:data_upload_confirm", args=[local_indicator.pk]), {"token": token}
    )
    assert confirmed.status_code == 200
    assert ImportBatch.objects.get().description == f"{local_indicator.title}: {kept}"
    assert not list((Path(settings.MEDIA_ROOT) / "pending").iterdir())


def test_a_pending_upload_token_with_a_path_is_refused(settings, local_indicator, social_editor):
    client = client_for(social_editor)
    outside = Path(settings.MEDIA_ROOT).parent / "secret.csv"
    outside.write_text(GOOD_CSV, encoding="utf-8")

    response = client.post(
        reverse("web:data_upload_confirm", args=[local_indicator.pk]),
        {"token": "../secret"},
    )

    assert response.status_code == 302
    assert outside.exists()
    assert ImportBatch.objects.count() == 0


# --- a forged CSRF token -----------------------------------------------------------------------


def test_a_forged_csrf_token_gets_a_swedish_403_and_nothing_is_saved(coordinator):
    client = client_for(coordinator, enforce_csrf_checks=True)
    client.get(reverse("web:document_create"))  # the CSRF cookie is set
    response = client.post(
        reverse("web:document_create"),
        {"title": "Förfalskad", "csrfmiddlewaretoken": "x" * 64},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Formuläret kunde inte skickas" in page
    assert "säkerhetskontroll misslyckades, så ingenting sparades" in page
    assert "CSRF" not in page.split("<main", 1)[1]
    assert not SteeringDocument.objects.filter(title="Förfalskad").exists()


def test_a_post_without_the_csrf_cookie_says_to_allow_cookies(coordinator):
    client = client_for(coordinator, enforce_csrf_checks=True)
    response = client.post(reverse("web:document_create"), {"title": "Utan kaka"})

    assert response.status_code == 403
    assert "Tillåt kakor" in response.content.decode()
    assert not SteeringDocument.objects.filter(title="Utan kaka").exists()


# --- an editor replaying another organisation's object id --------------------------------------


def _activity_post(organiser, **extra):
    return {
        "organiser": organiser.pk,
        "name": "Babyrytmik",
        "reach": "universal",
        "participants": "20",
        "hours": "10",
        "cost_sek": "1000",
        **extra,
    }


def test_an_activity_reported_for_another_organisation_is_refused(world, social_editor, orgs):
    url = reverse("web:activity_create", args=[world["open_round"].pk])
    response = client_for(social_editor).post(url, _activity_post(orgs["bildning"]))

    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not Activity.objects.filter(name="Babyrytmik").exists()


def test_an_activity_naming_a_goal_of_another_version_is_refused(world, social_editor, orgs):
    from riktning.strategy.tests.factories import GoalFactory

    foreign_goal = GoalFactory(title="Mål i en annan version")
    url = reverse("web:activity_create", args=[world["open_round"].pk])
    response = client_for(social_editor).post(
        url, _activity_post(orgs["social"], goals=[foreign_goal.pk])
    )

    assert response.status_code == 200
    assert "goals" in response.context["form"].errors
    assert not Activity.objects.filter(name="Babyrytmik").exists()


def test_another_organisations_activity_cannot_be_changed_by_its_id(world, social_editor, orgs):
    activity = world["bildning_activity"]
    url = reverse("web:activity_edit", args=[activity.pk])
    response = client_for(social_editor).post(url, _activity_post(orgs["social"], name="Kapad"))

    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.name == "Föräldramöten" and activity.organiser == orgs["bildning"]


def test_a_status_for_another_organisations_measure_is_refused(world, social_editor):
    measure = world["bildning_measure"]
    url = reverse("web:measure_status", args=[measure.pk])
    response = client_for(social_editor).post(
        url, {"status": "done", "date": "2025-06-01", "comment": "Klart"}
    )

    assert response.status_code == 403
    assert not MeasureStatusUpdate.objects.filter(measure=measure).exists()


def test_another_organisations_measure_cannot_be_changed_by_its_id(world, social_editor, orgs):
    measure = world["bildning_measure"]
    url = reverse("web:measure_edit", args=[measure.pk])
    response = client_for(social_editor).post(
        url, {"title": "Kapad", "responsible": orgs["social"].pk}
    )

    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Läsfrämjande plan" and measure.responsible == orgs["bildning"]


@pytest.fixture
def consultation(coordinator, orgs):
    round = make_round(coordinator, [orgs["social"], orgs["bildning"]])
    consultation_services.send_round(round, by=coordinator, today=datetime.date(2023, 11, 1))
    return round


def test_a_statement_for_another_organisation_cannot_be_started(consultation, social_editor, orgs):
    url = reverse("web:statement_start", args=[consultation.pk, orgs["bildning"].pk])
    response = client_for(social_editor).post(url)

    assert response.status_code == 403
    assert not Statement.objects.exists()


def test_another_organisations_statement_cannot_be_changed_by_its_id(
    consultation, social_editor, bildning_editor, orgs
):
    recipient = Recipient.objects.get(round=consultation, organisation=orgs["bildning"])
    statement = consultation_services.start_statement(recipient, by=bildning_editor)
    consultation_services.save_statement(statement, summary="Bildnings text")
    client = client_for(social_editor)

    edit = client.post(
        reverse("web:statement_edit", args=[statement.pk]),
        {"position": Position.NEGATIVE, "summary": "Kapad"},
    )
    comment = client.post(
        reverse("web:comment_create", args=[statement.pk]), {"text": "Kapad synpunkt"}
    )
    submit = client.post(reverse("web:statement_submit", args=[statement.pk]))

    # Another organisation's draft is not even shown to them: 404, as for an unknown id.
    assert {edit.status_code, comment.status_code, submit.status_code} <= {403, 404}
    statement.refresh_from_db()
    assert statement.summary == "Bildnings text" and not statement.is_submitted
    assert statement.comments.count() == 0


# --- script in every free-text field -----------------------------------------------------------


@pytest.fixture
def evil_strategy(world, coordinator, orgs):
    """Every text field a person types, on the pages world's objects, holding script."""
    version = world["version"]
    document = version.document
    SteeringDocument.objects.filter(pk=document.pk).update(title=EVIL, description=EVIL)
    area = version.areas.get()
    goal = world["goal"]
    type(area).objects.filter(pk=area.pk).update(title=EVIL, description=EVIL)
    type(goal).objects.filter(pk=goal.pk).update(title=EVIL)
    section = version.sections.get()
    type(section).objects.filter(pk=section.pk).update(heading=EVIL, body=EVIL)
    type(version).objects.filter(pk=version.pk).update(title=EVIL, summary=EVIL)
    link = goal.indicator_links.get()
    type(link.indicator).objects.filter(pk=link.indicator_id).update(title=EVIL, definition=EVIL)
    Activity.objects.filter(pk=world["public_activity"].pk).update(
        name=EVIL, description=EVIL, target_group=EVIL, location=EVIL
    )
    type(world["closed_round"]).objects.filter(pk=world["closed_round"].pk).update(
        title=EVIL, question=EVIL
    )
    measure = world["social_measure"]
    plan_services.change_measure(measure, title=EVIL, description=EVIL)
    plan_services.record_measure_status(
        measure, status="ongoing", date=datetime.date(2025, 3, 1), comment=EVIL
    )
    activity_services.record_conclusion(goal, text=EVIL, more_needed=True, by=coordinator)
    return world


PAGES_WITH_USER_TEXT = [
    ("web:document_list", None),
    ("web:document_detail", lambda w: w["version"].document_id),
    ("web:version_detail", lambda w: w["version"].pk),
    ("web:area_detail", lambda w: w["version"].areas.get().pk),
    ("web:goal_detail", lambda w: w["goal"].pk),
    ("web:indicator_list", None),
    ("web:indicator_detail", lambda w: w["goal"].indicator_links.get().indicator_id),
    ("web:activity_register", None),
    ("web:mapping_round_detail", lambda w: w["closed_round"].pk),
    ("web:action_plan_detail", lambda w: w["draft"].pk),
    ("web:gap_view", lambda w: w["version"].pk),
    ("web:event_log", None),
]


@pytest.mark.parametrize(("name", "arg"), PAGES_WITH_USER_TEXT)
def test_script_in_user_text_is_escaped_on_every_page(evil_strategy, coordinator, name, arg):
    url = reverse(name, args=[arg(evil_strategy)] if arg else [])
    response = client_for(coordinator).get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert SCRIPT not in page and IMG not in page
    assert any(escaped in page for escaped in ESCAPED)


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes, tmp_path) -> str:
    return pdf_text(data)


def test_script_in_an_action_plan_is_literal_text_in_word_and_excel(evil_strategy):
    plan = evil_strategy["draft"]

    text = _docx_text(plan_report.render(plan, "docx"))
    assert SCRIPT in text and IMG in text

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(plan_report.render(plan, "xlsx"))).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert EVIL in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)


@pytest.fixture
def evil_consultation(coordinator, social_editor, orgs):
    round = make_round(coordinator, [orgs["social"], orgs["bildning"]])
    consultation_services.send_round(round, by=coordinator, today=datetime.date(2023, 11, 1))
    recipient = Recipient.objects.get(round=round, organisation=orgs["social"])
    statement = consultation_services.start_statement(recipient, by=social_editor)
    consultation_services.save_statement(
        statement, position=Position.POSITIVE_WITH_COMMENTS, summary=EVIL
    )
    consultation_services.add_comment(
        statement,
        anchor=round.version.areas.first(),
        text=EVIL,
        replace_text="Boende",
        replacement=EVIL,
    )
    consultation_services.submit_statement(
        statement,
        by=social_editor,
        now=datetime.datetime(2023, 11, 20, 10, tzinfo=datetime.UTC),
    )
    consultation_services.set_introduction(round, introduction=EVIL)
    return round


def test_script_in_a_statement_is_escaped_in_pages_and_literal_in_the_reports(
    evil_consultation, coordinator, tmp_path
):
    client = client_for(coordinator)
    statement = Statement.objects.get()
    for url in (
        reverse("web:round_summary", args=[evil_consultation.pk]),
        reverse("web:round_summary_by_part", args=[evil_consultation.pk]),
        reverse("web:statement_detail", args=[statement.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())

    html = consultation_report.render(evil_consultation, "html").decode()
    assert_escaped(html)
    text = _docx_text(consultation_report.render(evil_consultation, "docx"))
    assert SCRIPT in text and IMG in text
    pdf = _pdf_text(consultation_report.render(evil_consultation, "pdf"), tmp_path)
    assert SCRIPT in pdf and IMG in pdf


def test_script_in_a_follow_up_is_escaped_or_removed_in_pages_and_reports(coordinator, tmp_path):
    followup = followup_services.start_followup(
        followup_version(), 2025, by=coordinator, introduction=EVIL
    )
    analysis = followup.analyses.get()
    followup_services.save_area_analysis(
        analysis, by=coordinator, text=f"<p>Analys {SCRIPT} {IMG}</p>", revision=analysis.revision
    )

    page = client_for(coordinator).get(reverse("web:followup_detail", args=[followup.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert SCRIPT not in content and IMG not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # the introduction, as typed

    html = followup_report.render(followup, "html").decode()
    assert SCRIPT not in html and IMG not in html
    assert "<img src=x" not in html and "alert(1)</script>" not in html
    text = _docx_text(followup_report.render(followup, "docx"))
    assert EVIL in text  # the introduction is plain text: shown as typed
    pdf = _pdf_text(followup_report.render(followup, "pdf"), tmp_path)
    assert SCRIPT in pdf and IMG in pdf


# --- SQL-looking text in search and filter fields ----------------------------------------------

SQL = [
    "' OR '1'='1",
    "1; DROP TABLE activities_activity; --",
    '" OR 1=1 --',
    "%' --",
    "1 UNION SELECT password FROM accounts_user --",
]


@pytest.mark.parametrize("text", SQL)
def test_sql_in_the_activity_register_filters_is_only_text(world, text):
    anonymous = Client()
    url = reverse("web:activity_register")
    for params in (
        {"target_group": text},
        {"organiser": text},
        {"area": text},
        {"goal": text},
        {"mapping_round": text},
    ):
        response = anonymous.get(url, params)
        assert response.status_code == 200, params
        page = response.content.decode()
        # The open round's activities are for members only, whatever the filter says.
        assert "Föräldragrupper" not in page and "Föräldramöten" not in page
        assert "md5$" not in page and "argon2" not in page
    assert Activity.objects.count() == 3


@pytest.mark.parametrize("text", SQL)
def test_sql_in_the_event_log_filters_is_only_text(world, coordinator, text):
    client = client_for(coordinator)
    events = Event.objects.count()
    for params in (
        {"text": text},
        {"who": text},
        {"kind": text},
        {"object_type": text},
        {"object_id": text},
        {"since": text},
        {"sida": text},
    ):
        response = client.get(reverse("web:event_log"), params)
        assert response.status_code == 200, params
    response = client.get(reverse("web:event_log"), {"text": "' OR '1'='1"})
    assert list(response.context["page"]) == []
    assert Event.objects.count() == events


@pytest.mark.parametrize("text", SQL)
def test_sql_in_the_indicator_page_parameters_is_only_text(world, text):
    indicator_id = world["goal"].indicator_links.get().indicator_id
    client = Client()
    for url, params in (
        (reverse("web:indicator_list"), {"q": text}),
        (reverse("web:indicator_detail", args=[indicator_id]), {"kon": text, "nedbrytning": text}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)


def test_nothing_was_written_by_the_sql_attempts(world):
    before = (Activity.objects.count(), Event.objects.count())
    Client().get(reverse("web:activity_register"), {"target_group": SQL[1]})
    assert (Activity.objects.count(), Event.objects.count()) == before


def test_a_request_for_an_unknown_host_gets_a_plain_swedish_400():
    response = Client(HTTP_HOST="angripare.example").get("/")

    assert response.status_code == 400
    assert "Förfrågan kunde inte läsas" in response.content.decode()
