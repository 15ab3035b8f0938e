"""The demo's 2023 round and its summary as a report: every recipient with its position or
"no answer" (inget svar), Tekniska servicenämnden's statement as received, nothing invented."""

import io

import pytest
from django.utils import translation

from riktning.consultation import report
from riktning.consultation.constants import Position
from riktning.consultation.models import Round, Statement
from riktning.devtools.demo import seed_demo
from riktning.devtools.demo_consultation import RECIPIENTS, REPLY_BY, seed_round
from riktning.reports.registry import ReportNotFound, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round():
    seed_demo()
    return Round.objects.get()


def test_the_demo_round_is_seeded_from_the_sources_once(demo_round):
    assert demo_round.reply_by == REPLY_BY
    assert "Svar önskas senast den 1 december 2023." in demo_round.cover_letter
    assert demo_round.contact_email == "hallbar.utveckling@trelleborg.se"
    assert sorted(r.organisation.name for r in demo_round.recipients.all()) == sorted(RECIPIENTS)
    statement = Statement.objects.get()
    assert statement.organisation.name == "Tekniska servicenämnden"
    assert statement.position == Position.POSITIVE and statement.is_submitted
    assert statement.comments.count() == 0  # the source comments on no particular part

    assert seed_round() == demo_round
    assert Round.objects.count() == 1 and Statement.objects.count() == 1


def test_the_report_is_registered_and_resolves_latest(demo_round):
    module = get("consultation").load()
    assert module is report
    assert report.resolve("latest") == demo_round
    assert report.resolve(str(demo_round.pk)) == demo_round
    with pytest.raises(ReportNotFound):
        report.resolve("999999")


def test_the_word_summary_lists_every_recipient_with_position_or_no_answer(demo_round):
    from docx import Document

    document = Document(io.BytesIO(report.render(demo_round, "docx")))

    who = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in who.rows[1:]}
    assert sorted(rows) == sorted(RECIPIENTS)
    with translation.override("sv"):
        assert rows["Tekniska servicenämnden"] == str(Position.POSITIVE.label)
        no_answer = translation.gettext("no answer")
    unanswered = sorted(name for name, position in rows.items() if position == no_answer)
    assert unanswered == sorted(set(RECIPIENTS) - {"Tekniska servicenämnden"})
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles


def test_the_html_and_pdf_summaries(demo_round):
    html = report.render(demo_round, "html").decode()
    assert 'lang="sv"' in html
    for name in RECIPIENTS:
        assert name in html
    pdf = report.render(demo_round, "pdf")
    assert pdf.startswith(b"%PDF")
