"""Indicator values given by people: a spreadsheet upload (check → preview → confirm) and manual
entry. The coordinator may do it for every indicator, an editor only for their organisation's;
a bad file is refused with every problem listed and nothing written."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from riktning.accounts.tests.personas import gets
from riktning.indicators.constants import BatchSource, SourceKind
from riktning.indicators.models import ImportBatch, Observation
from riktning.indicators.services import record_observations
from riktning.indicators.sources import upload
from riktning.strategy.tests.factories import IndicatorFactory
from riktning.web.views.data_entry import PENDING_SESSION_KEY

from .edit_support import login_url

GOOD_CSV = (
    "område;områdesnamn;period;kön;nedbrytning;värde;status\r\n"
    "1287;Trelleborg;2023;T;;412;slutlig\r\n"
    "1287;Trelleborg;2023;K;;250;slutlig\r\n"
    "1287;Trelleborg;2023;M;;162;slutlig\r\n"
    "1287;Trelleborg;2024;T;;1 034,5;preliminär\r\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pending_files(settings) -> list[Path]:
    directory = Path(settings.MEDIA_ROOT) / "pending"
    return sorted(directory.glob("*")) if directory.exists() else []


@pytest.fixture
def parents(orgs):
    """The demo's local indicator, which Socialförvaltningen reports."""
    return IndicatorFactory(
        title="Antal föräldrar som deltar i föräldrastödsprogram",
        source_kind=SourceKind.LOCAL,
        unit="antal",
        responsible=orgs["social"],
    )


@pytest.fixture
def survey(orgs):
    return IndicatorFactory(
        title="Andel elever som känner sig trygga",
        source_kind=SourceKind.SURVEY,
        breakdowns="åk 6, åk 9, gy 2",
        comparison_areas="0012,0000",
        responsible=orgs["social"],
    )


@pytest.fixture
def kolada(orgs):
    return IndicatorFactory(
        title="Invånare 0–19 år i ekonomiskt utsatta hushåll",
        source_kind=SourceKind.KOLADA,
        source_key="N15418",
        responsible=orgs["social"],
    )


def csv_file(text: str, name: str = "varden.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def upload_url(indicator) -> str:
    return reverse("web:data_upload", args=[indicator.pk])


def confirm_url(indicator) -> str:
    return reverse("web:data_upload_confirm", args=[indicator.pk])


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.text)
    assert match, "the preview has a confirmation form naming the pending upload"
    return match.group(1)


def nothing_written() -> bool:
    return not Observation.objects.exists() and not ImportBatch.objects.exists()


# --- who may do what ------------------------------------------------------------------------

PAGES = ["data_upload", "data_template_csv", "data_template_xlsx", "data_manual"]
RESPONSIBLE = gets(302, 403, 200, 403, 200)  # Socialförvaltningen is responsible


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona, expected", RESPONSIBLE.items())
def test_the_coordinator_and_the_responsible_editor_reach_the_data_pages(
    personas, parents, name, persona, expected
):
    url = reverse(f"web:{name}", args=[parents.pk])

    response = personas[persona].get(url)

    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url == login_url(url)


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", 302),
        ("reader", 403),
        ("social_editor", 405),
        ("bildning_editor", 403),
        ("coordinator", 405),
    ],
)
def test_the_confirmation_takes_only_a_post(personas, parents, persona, expected):
    assert personas[persona].get(confirm_url(parents)).status_code == expected


@pytest.mark.parametrize("persona", ["anonymous", "reader", "bildning_editor"])
def test_an_upload_by_someone_not_responsible_is_refused_and_writes_nothing(
    personas, parents, persona, settings
):
    client = personas[persona]

    response = client.post(upload_url(parents), {"file": csv_file(GOOD_CSV)})
    confirm = client.post(confirm_url(parents), {"token": "x" * 43})

    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert confirm.status_code == (302 if persona == "anonymous" else 403)
    assert nothing_written()
    assert pending_files(settings) == []


@pytest.mark.parametrize("persona", ["anonymous", "reader", "bildning_editor"])
def test_manual_entry_by_someone_not_responsible_is_refused_and_writes_nothing(
    personas, parents, persona
):
    response = personas[persona].post(
        reverse("web:data_manual", args=[parents.pk]), {"value_2023_T": "412"}
    )

    assert response.status_code == (302 if persona == "anonymous" else 403)
    assert nothing_written()


def test_an_editor_enters_values_for_their_own_organisations_indicator_only(
    personas, parents, orgs
):
    theirs = IndicatorFactory(source_kind=SourceKind.LOCAL, responsible=orgs["bildning"])
    client = personas["social_editor"]

    own = client.post(reverse("web:data_manual", args=[parents.pk]), {"value_2023_T": "412"})
    other = client.post(reverse("web:data_manual", args=[theirs.pk]), {"value_2023_T": "99"})

    assert own.status_code == 302
    assert other.status_code == 403
    assert list(Observation.objects.values_list("indicator_id", "value")) == [(parents.pk, 412.0)]


def test_an_unknown_indicator_is_not_found(personas):
    assert personas["coordinator"].get(reverse("web:data_upload", args=[99999])).status_code == 404


def test_kolada_values_are_neither_uploaded_nor_typed_in(personas, kolada, survey):
    client = personas["coordinator"]

    refused = [
        client.get(reverse("web:data_upload", args=[kolada.pk])),
        client.post(upload_url(kolada), {"file": csv_file(GOOD_CSV)}),
        client.get(reverse("web:data_template_csv", args=[kolada.pk])),
        client.get(reverse("web:data_manual", args=[kolada.pk])),
        client.get(reverse("web:data_manual", args=[survey.pk])),
    ]

    assert [r.status_code for r in refused] == [409] * 5
    assert "Kolada" in refused[0].text
    assert nothing_written()


# --- upload: preview, confirm ---------------------------------------------------------------


def test_a_good_file_is_previewed_then_saved_on_confirmation(personas, parents, settings):
    client = personas["social_editor"]

    preview = client.post(upload_url(parents), {"file": csv_file(GOOD_CSV)})

    assert preview.status_code == 200
    assert preview.context["preview"].added == 4
    assert _("Confirm and save") in preview.text
    assert "1\xa0034,5" in preview.text or "1 034,5" in preview.text or "1034,5" in preview.text
    assert nothing_written(), "the preview writes nothing"
    assert len(pending_files(settings)) == 1
    assert client.session[PENDING_SESSION_KEY]["indicator"] == parents.pk

    result = client.post(confirm_url(parents), {"token": token_of(preview)})

    assert result.status_code == 200
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.rows_added, batch.rows_changed) == (BatchSource.UPLOAD, 4, 0)
    assert batch.started_by.username == "redaktor.social"
    assert "varden.csv" in batch.description
    assert Observation.objects.get(period=2024).value == 1034.5
    assert Observation.objects.get(period=2024).status == "preliminary"
    assert pending_files(settings) == [], "the pending file is deleted"
    assert PENDING_SESSION_KEY not in client.session


def test_the_preview_lists_what_changes_with_the_old_and_new_values(personas, parents):
    record_observations(
        [
            [
                (parents.pk, "1287", 2023, "T", "", 400.0, "final"),
                (parents.pk, "1287", 2023, "K", "", 250.0, "final"),
            ]
        ],
        source=BatchSource.MANUAL,
    )

    preview = personas["coordinator"].post(upload_url(parents), {"file": csv_file(GOOD_CSV)})

    counts = preview.context["preview"]
    assert (counts.added, counts.changed, counts.unchanged) == (2, 1, 1)
    changed = [c for c in preview.context["changes"] if not c.is_new]
    assert [(c.period, c.old, c.new) for c in changed] == [(2023, "400", "412")]
    assert ImportBatch.objects.count() == 1, "only the earlier batch"


def test_an_xlsx_upload_is_previewed_and_saved(personas, parents):
    book = openpyxl.Workbook()
    book.active.append(["Område", "Period", "Kön", "Värde"])
    book.active.append(["1287", 2022, "Kvinnor", 17])
    data = io.BytesIO()
    book.save(data)
    client = personas["coordinator"]

    preview = client.post(
        upload_url(parents), {"file": SimpleUploadedFile("enkat.xlsx", data.getvalue())}
    )
    client.post(confirm_url(parents), {"token": token_of(preview)})

    assert Observation.objects.get().value == 17.0


def test_a_confirmation_without_a_pending_upload_writes_nothing(personas, parents):
    response = personas["coordinator"].post(confirm_url(parents), {"token": "x" * 43}, follow=True)

    assert response.redirect_chain[-1][0] == upload_url(parents)
    assert (
        _(
            "There is no upload to confirm: it was saved already or replaced by a later "
            "upload. Upload the file again."
        )
        in response.text
    )
    assert nothing_written()


def test_confirming_an_earlier_preview_does_not_save_a_later_upload(personas, parents, settings):
    client = personas["coordinator"]
    first = client.post(upload_url(parents), {"file": csv_file(GOOD_CSV)})
    second = client.post(
        upload_url(parents), {"file": csv_file(GOOD_CSV.replace("412", "500"), "andra.csv")}
    )

    stale = client.post(confirm_url(parents), {"token": token_of(first)})
    assert stale.status_code == 302
    assert nothing_written()
    assert len(pending_files(settings)) == 1, "the first file was replaced by the second"

    client.post(confirm_url(parents), {"token": token_of(second)})
    assert Observation.objects.get(period=2023, gender="T").value == 500.0


def test_a_pending_upload_is_confirmed_only_for_its_own_indicator(personas, parents, orgs):
    other = IndicatorFactory(source_kind=SourceKind.LOCAL, responsible=orgs["social"])
    client = personas["coordinator"]
    preview = client.post(upload_url(parents), {"file": csv_file(GOOD_CSV)})

    response = client.post(confirm_url(other), {"token": token_of(preview)})

    assert response.status_code == 302
    assert nothing_written()


# --- upload: bad input ----------------------------------------------------------------------

HEAD = "område;period;kön;värde\n"


@pytest.mark.parametrize(
    "content, swedish",
    [
        ("period;kön;värde\n2023;T;4\n", "kolumnen saknas"),
        ("område;period;värde;färg\n1287;2023;4;blå\n", "okänd kolumn"),
        (HEAD + "9999;2023;T;4\n", "okänd områdeskod"),
        (HEAD + "1287;2023;T;fyra\n", "inte ett tal"),
        (HEAD + "1287;2023;T;4\n1287;2023;T;5\n", "samma värde förekommer två gånger"),
        (HEAD + "1287;tjugo;T;4\n", "perioden måste vara ett år"),
        ("", "filen är tom"),
        (HEAD, "inga värden"),
    ],
    ids=[
        "missing column",
        "unknown column",
        "unknown area",
        "text for a number",
        "duplicate rows",
        "bad year",
        "empty",
        "headers only",
    ],
)
def test_a_bad_file_shows_its_problems_and_writes_nothing(
    personas, parents, content, swedish, settings
):
    response = personas["coordinator"].post(upload_url(parents), {"file": csv_file(content)})

    assert response.status_code == 200
    problems = response.context["problems"]
    if content:
        assert problems, "problems are listed"
        assert swedish in response.text.lower()
        assert '<table class="problems">' in response.text
    else:  # an empty file is refused by the form before the parser sees it
        assert response.context["form"].errors
    assert nothing_written()
    assert pending_files(settings) == []


def test_every_problem_is_listed_at_once_with_row_column_and_value(personas, parents):
    text = HEAD + "1287;2023;T;fyra\n9999;2023;T;4\n1287;2023;X;4\n"

    response = personas["coordinator"].post(upload_url(parents), {"file": csv_file(text)})

    rows = [(p.row, p.column, p.value) for p in response.context["problems"]]
    assert (2, "värde", "fyra") in rows
    assert (3, "område", "9999") in rows, "the unknown area names its column"
    assert (4, "kön", "X") in rows
    assert response.text.count("<tr>") == 1 + len(rows)
    assert nothing_written()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(personas, parents):
    big = SimpleUploadedFile("stor.csv", b"x" * (upload.MAX_BYTES + 1))

    response = personas["coordinator"].post(upload_url(parents), {"file": big})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        _("The file is larger than %(mb)s MB.") % {"mb": 5}
    ]
    assert nothing_written()


def test_a_file_of_another_kind_is_refused(personas, parents):
    response = personas["coordinator"].post(
        upload_url(parents), {"file": SimpleUploadedFile("varden.txt", b"1287;2023;T;4")}
    )

    assert response.context["form"].errors["file"]
    assert 'href="#id_file"' in response.text, "the error summary links to the field"
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.text
    assert nothing_written()


def test_an_xlsx_that_is_not_a_spreadsheet_is_refused(personas, parents):
    response = personas["coordinator"].post(
        upload_url(parents), {"file": SimpleUploadedFile("fel.xlsx", b"%PDF-1.7 no zip")}
    )

    assert "inte ett excel-kalkylblad" in response.text.lower()
    assert nothing_written()


def test_a_zip_bomb_is_refused(personas, parents, settings):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<a/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (upload.MAX_UNZIPPED + 1))

    response = personas["coordinator"].post(
        upload_url(parents), {"file": SimpleUploadedFile("bomb.xlsx", bomb.getvalue())}
    )

    assert "packas upp till för mycket data" in response.text
    assert nothing_written()
    assert pending_files(settings) == []


# --- templates ------------------------------------------------------------------------------


def test_the_csv_template_holds_the_stored_values_and_goes_back_unchanged(personas, survey):
    record_observations(
        [[(survey.pk, "1287", 2021, "K", "ak9", 71.3, "final")]], source=BatchSource.UPLOAD
    )
    client = personas["coordinator"]

    response = client.get(reverse("web:data_template_csv", args=[survey.pk]))

    assert response["Content-Disposition"].startswith('attachment; filename="mall-')
    text = response.content.decode("utf-8")
    assert "1287;Trelleborg;2021;K;åk 9;71,3;slutlig" in text
    assert "\r\n0012;" in text and "\r\n0000;" in text, "the comparison areas of a survey"
    preview = client.post(
        upload_url(survey), {"file": SimpleUploadedFile("mall.csv", response.content)}
    )
    counts = preview.context["preview"]
    assert counts.unchanged == 1
    assert counts.added == counts.total - 1, "the rest are empty values, new as missing"


def test_the_xlsx_template_keeps_leading_zeros_and_is_accepted(personas, survey):
    client = personas["coordinator"]

    response = client.get(reverse("web:data_template_xlsx", args=[survey.pk]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    codes = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert codes == {"1287", "0012", "0000"}
    preview = client.post(
        upload_url(survey), {"file": SimpleUploadedFile("mall.xlsx", response.content)}
    )
    assert preview.status_code == 200 and "preview" in preview.context


def test_a_local_template_has_only_the_home_municipality(personas, parents):
    response = personas["social_editor"].get(reverse("web:data_template_csv", args=[parents.pk]))

    lines = response.content.decode("utf-8").strip().splitlines()[1:]
    assert lines and all(line.startswith("1287;") for line in lines)


# --- manual entry ---------------------------------------------------------------------------


def manual_url(indicator) -> str:
    return reverse("web:data_manual", args=[indicator.pk])


def test_values_typed_per_year_and_gender_are_saved_as_manual_entry(personas, parents):
    client = personas["social_editor"]

    page = client.get(manual_url(parents))
    response = client.post(
        manual_url(parents),
        {
            "value_2023_T": "1 234",
            "value_2023_K": "700",
            "value_2023_M": "534,0",
            "preliminary_2023": "on",
        },
        follow=True,
    )

    assert 'for="id_value_2023_K"' in page.text, "every cell has a label"
    assert response.redirect_chain[-1][0] == manual_url(parents)
    batch = ImportBatch.objects.get()
    assert (batch.source, batch.rows_added) == (BatchSource.MANUAL, 3)
    assert set(Observation.objects.values_list("gender", "value", "status")) == {
        ("T", 1234.0, "preliminary"),
        ("K", 700.0, "preliminary"),
        ("M", 534.0, "preliminary"),
    }
    assert 'value="1' in response.text and "234" in response.text, "the form shows them"


def test_emptying_a_stored_value_records_it_as_missing(personas, parents):
    record_observations(
        [[(parents.pk, "1287", 2023, "T", "", 400.0, "final")]], source=BatchSource.MANUAL
    )

    personas["coordinator"].post(manual_url(parents), {"value_2023_T": "", "value_2022_T": "5"})

    assert dict(Observation.objects.values_list("period", "value")) == {2023: None, 2022: 5.0}


def test_text_where_a_number_belongs_is_refused_with_a_linked_message(personas, parents):
    response = personas["coordinator"].post(manual_url(parents), {"value_2023_T": "många"})

    assert response.status_code == 200
    assert response.context["form"].errors["value_2023_T"]
    assert 'href="#id_value_2023_T"' in response.text
    assert 'aria-describedby="id_value_2023_T_error"' in response.text
    assert nothing_written()


@pytest.mark.parametrize(
    "typed, says",
    [
        ("1e309", "utan exponent"),  # was stored as inf (issue 11, item 1)
        ("1" + "0" * 400, "för långt"),
        ("inf", "Inte ett tal"),
        ("NaN", "Inte ett tal"),
        ("-5", "negativt"),  # the parents are a count (unit "antal")
        ("1,234.5", "Inte ett tal"),
    ],
)
def test_a_value_that_is_not_a_finite_plausible_number_is_refused(personas, parents, typed, says):
    response = personas["coordinator"].post(manual_url(parents), {"value_2023_T": typed})

    assert response.status_code == 200
    errors = response.context["form"].errors["value_2023_T"]
    assert says in errors[0], errors
    assert nothing_written()


def test_a_share_over_100_is_refused_in_the_form(personas, orgs):
    share = IndicatorFactory(
        title="Andel föräldrar som fullföljer programmet",
        source_kind=SourceKind.LOCAL,
        unit="andel (%)",
        gender_split=False,
        responsible=orgs["social"],
    )
    response = personas["coordinator"].post(manual_url(share), {"value_2023_T": "120"})

    assert response.context["form"].errors["value_2023_T"] == [
        "En andel (andel (%)) ligger mellan 0 och 100; det gör inte 120."
    ]
    assert nothing_written()


def test_the_form_takes_back_the_values_it_shows(personas, parents):
    record_observations(
        [[(parents.pk, "1287", 2023, "T", "", 1234.5, "final")]], source=BatchSource.MANUAL
    )
    page = personas["coordinator"].get(manual_url(parents))
    shown = re.search(r'name="value_2023_T" value="([^"]+)"', page.text).group(1)

    response = personas["coordinator"].post(manual_url(parents), {"value_2023_T": shown})

    assert shown in ("1\xa0234,5", "1234,5", "1 234,5")
    assert response.status_code == 302, "the form accepts its own pre-filled value"
    assert Observation.objects.get().value == 1234.5


def test_an_empty_form_saves_nothing(personas, parents):
    response = personas["coordinator"].post(manual_url(parents), {})

    assert _("Type at least one value.") in response.context["form"].non_field_errors()
    assert nothing_written()


def test_an_indicator_without_gender_split_has_a_total_column_only(personas, orgs):
    total_only = IndicatorFactory(
        source_kind=SourceKind.LOCAL, gender_split=False, responsible=orgs["social"]
    )

    response = personas["coordinator"].get(manual_url(total_only))

    assert "id_value_2023_T" in response.text
    assert "id_value_2023_K" not in response.text


# --- forms carry a CSRF token ---------------------------------------------------------------


def test_every_data_form_carries_a_csrf_token(personas, parents):
    client = personas["coordinator"]
    pages = [
        client.get(upload_url(parents)),
        client.get(manual_url(parents)),
        client.post(upload_url(parents), {"file": csv_file(GOOD_CSV)}),  # the preview
    ]

    for page in pages:
        forms = re.findall(r'<form method="post"[^>]*class="edit-form".*?</form>', page.text, re.S)
        assert forms, page.request["PATH_INFO"]
        assert all('name="csrfmiddlewaretoken"' in form for form in forms)


@pytest.mark.parametrize("name", ["data_upload", "data_upload_confirm", "data_manual"])
def test_a_post_without_the_csrf_token_is_refused(coordinator, parents, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(
        reverse(f"web:{name}", args=[parents.pk]),
        {"file": csv_file(GOOD_CSV), "value_2023_T": "4", "token": "x" * 43},
    )

    assert response.status_code == 403
    assert nothing_written()
