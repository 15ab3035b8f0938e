"""The yearly follow-up's rules: status as rows, a frozen approved follow-up, sanitised analyses,
conflicts instead of overwrites, and the report in HTML, PDF and Word."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from riktning.followup import access, report, services
from riktning.followup.models import AreaAnalysis, FollowUp, FollowUpStatusChange
from riktning.followup.sanitize import analysis_blocks, clean_analysis
from riktning.followup.tests.test_rollup import HOME, followup_version, store
from riktning.indicators.models import Indicator
from riktning.reports.registry import ReportNotFound
from riktning.reports.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

WORD_PASTE = (
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    '<p class="MsoNormal" style="mso-margin-top-alt:auto"><span style="font-family:Calibri">'
    "Fler <b>läser</b> <strong>böcker</strong><o:p></o:p></span></p>"
)


def started(coordinator):
    version = followup_version()
    return services.start_followup(version, 2025, by=coordinator)


def test_starting_makes_a_draft_with_a_row_and_an_analysis_per_area(coordinator):
    followup = started(coordinator)

    assert followup.title == "Uppföljning 2025"
    assert followup.status == "draft"
    assert [(c.from_status, c.to_status) for c in followup.status_log()] == [("", "draft")]
    assert [a.area.title for a in followup.analyses.all()] == ["Utbildning"]


def test_one_follow_up_per_year_and_only_the_coordinator_starts_it(coordinator, social_editor):
    followup = started(coordinator)
    with pytest.raises(ValidationError):
        services.start_followup(followup.version, 2025, by=coordinator)
    assert access.can_manage_followups(coordinator)
    assert not access.can_manage_followups(social_editor)


def test_the_workflow_is_kept_as_rows(coordinator):
    followup = started(coordinator)
    followup = services.submit_for_review(followup, by=coordinator)
    followup = services.return_to_draft(followup, by=coordinator)
    followup = services.submit_for_review(followup, by=coordinator)
    followup = services.approve_followup(followup, by=coordinator)

    assert [c.to_status for c in followup.status_log()] == [
        "draft",
        "ready_for_review",
        "draft",
        "ready_for_review",
        "approved",
    ]
    row = FollowUpStatusChange.objects.first()
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()


def test_a_draft_cannot_be_approved_without_review(coordinator):
    followup = started(coordinator)
    with pytest.raises(ValidationError):
        services.approve_followup(followup, by=coordinator)


def test_an_approved_follow_up_is_frozen(coordinator):
    followup = started(coordinator)
    services.submit_for_review(followup, by=coordinator)
    followup = services.approve_followup(followup, by=coordinator)
    before = report.render(followup, "html").decode()
    assert followup.data_as_of is not None
    assert "Data per" in before

    # A later import: a value far below makes A deteriorate in a live roll-up.
    store(Indicator.objects.get(title="A"), [(HOME, "T", 2024, 10.0)])

    followup = FollowUp.objects.get(pk=followup.pk)
    after = report.render(followup, "html").decode()
    assert before == after
    item = followup.snapshot["areas"][0]["goals"][0]["indicators"][0]
    assert item["title"] == "A"
    assert item["status"] == "moderate_progress"
    assert 2024 not in item["chart"]["periods"]
    with pytest.raises(ValidationError):
        services.return_to_draft(followup, by=coordinator)


def test_sanitising_drops_scripts_and_word_markup():
    text = clean_analysis(
        '<p onclick="x()">Hej<script>alert(1)</script></p><a href="javascript:x()">l</a>'
        + WORD_PASTE
    )
    assert "script" not in text and "alert" not in text and "onclick" not in text
    assert "javascript" not in text
    assert "mso" not in text and "o:p" not in text and "style" not in text and "xml" not in text
    assert "<strong>böcker</strong>" in text and "läser" in text
    assert [b["kind"] for b in analysis_blocks(text)] == ["p", "p", "p"]


def test_the_analysis_is_sanitised_when_saved(coordinator):
    followup = started(coordinator)
    analysis = followup.analyses.get()
    saved = services.save_area_analysis(
        analysis, by=coordinator, text="<p>Bra</p><script>alert(1)</script>", revision=0
    )
    assert saved.text == "<p>Bra</p>"
    assert saved.revision == 1
    assert saved.history.count() == 2


def test_a_stale_revision_is_a_conflict_and_nothing_is_lost(coordinator, social_editor):
    followup = started(coordinator)
    indicator = Indicator.objects.get(title="A")
    indicator.responsible = social_editor.memberships.get().organisation
    indicator.save()
    analysis = followup.analyses.get()
    services.save_area_analysis(analysis, by=coordinator, text="<p>Först</p>", revision=0)

    with pytest.raises(services.AnalysisConflict) as caught:
        services.save_area_analysis(analysis, by=social_editor, text="<p>Andra</p>", revision=0)

    assert "någon annan" in caught.value.message.lower()
    assert caught.value.current.text == "<p>Först</p>"
    assert AreaAnalysis.objects.get().text == "<p>Först</p>"


def test_an_editor_without_a_responsible_indicator_may_not_write(coordinator, bildning_editor):
    followup = started(coordinator)
    with pytest.raises(PermissionDenied):
        access.get_analysis_for_edit(bildning_editor, followup.analyses.get().pk)


def test_resolve_latest_and_unknown(coordinator):
    followup = started(coordinator)
    assert report.resolve("latest") == followup
    assert report.resolve(str(followup.pk)) == followup
    with pytest.raises(ReportNotFound):
        report.resolve("999999")


@pytest.fixture
def approved(coordinator):
    followup = started(coordinator)
    services.save_area_analysis(
        followup.analyses.get(),
        by=coordinator,
        text="<p>Exempeltext – <strong>analys</strong></p><script>x</script>",
        revision=0,
    )
    services.submit_for_review(followup, by=coordinator)
    return services.approve_followup(followup, by=coordinator)


def test_word_has_real_headings_tables_and_a_chart(approved):
    from docx import Document

    document = Document(io.BytesIO(report.render(approved, "docx")))
    headings = [(p.style.name, p.text) for p in document.paragraphs if "Heading" in p.style.name]
    assert ("Heading 1", "Utbildning") in headings
    assert ("Heading 2", "Fler klarar skolan") in headings
    assert ("Heading 3", "A") in headings
    # The summary of every goal, one table per goal, then the gaps between girls and boys that
    # widen (the gender-equality section).
    assert len(document.tables) == 4
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Måttliga framsteg" in cells and "Exempeldata – inte verkliga värden" in cells
    assert "Flickor" in cells
    assert len(document.inline_shapes) >= 1
    text = " ".join(p.text for p in document.paragraphs)
    assert "Exempeltext – analys" in text and "x" not in text.replace("Exempel", "")[:0]
    assert "<script>" not in text


def test_the_pdf_names_every_area_goal_and_indicator(approved):
    text = pdf_text(report.render(approved, "pdf"))
    for name in [
        "Utbildning",
        "Fler klarar skolan",
        "Fler har arbete",
        "Måttliga framsteg",
        "Data per",
    ]:
        assert name in text
    assert "Exempeldata – inte verkliga värden" in text
    assert "Exempeltext – analys" in text


def test_the_html_is_standalone_and_sanitised(approved):
    html = report.render(approved, "html").decode()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "<script" not in html


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_report_command_writes_the_file(approved, tmp_path, fmt):
    out = tmp_path / f"f.{fmt}"
    call_command("report", "followup", "latest", "--format", fmt, "-o", str(out))
    assert out.stat().st_size > 1000


def test_the_gender_equality_section_reads_a_snapshot_from_before_the_lens(coordinator):
    from riktning.followup import equality

    followup = started(coordinator)
    services.submit_for_review(followup, by=coordinator)
    followup = services.approve_followup(followup, by=coordinator)
    now = equality.followup_rows(followup.snapshot)
    older = followup.snapshot
    for area in older["areas"]:
        for goal in area["goals"]:
            for item in goal["indicators"]:
                del item["gender_lens"]

    then = equality.followup_rows(older)

    assert now.widening, "the fixture has a gap that widens"
    assert [(r.title, r.change) for r in then.widening] == [
        (r.title, r.change) for r in now.widening
    ]
