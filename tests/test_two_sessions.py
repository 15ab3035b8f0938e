"""Two people, one form: no save is lost without a word. Generated from the URL table
(tests/test_url_access.py): every edit form there (a `form(...)` row whose name ends in `_edit`,
and the measure's status report, which adds a row on the state it was written on) is opened in
two sessions of someone who may save it; the first saves, the second saves what it typed over the
revision it was opened on and is refused with 409 and the Swedish conflict page, which shows both
texts (the first one's, now saved, and the second one's, still in the form, ready to be saved
again). A new edit form without a revision fails here, and so does a form dropped from the count.
"""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from test_url_access import REFUSALS, URLS, world  # noqa: F401 (world: the module's fixture)

pytestmark = pytest.mark.django_db


def _status_reported(w, text: str) -> bool:
    from riktning.actionplans.models import MeasureStatusUpdate

    return MeasureStatusUpdate.objects.filter(measure=w.measure, comment__contains=text).exists()


# Forms that add a row rather than change one: where the first save is seen.
REPORT_FORMS = {"web:measure_status": _status_reported}
EDIT_FORMS = sorted(
    name
    for name, row in URLS.items()
    if row.post and (name.endswith("_edit") or name in REPORT_FORMS)
)
# Counted, so that a form leaving the table (or a new one joining it) is a decision.
COUNT = 20

FIRST = "Sparat i den första sessionen"
SECOND = "Skrivet i den andra sessionen"


def test_the_count_of_edit_forms():
    assert len(EDIT_FORMS) == COUNT, EDIT_FORMS


def _writer(name: str) -> str:
    """Someone the table lets save the form."""
    rights = URLS[name].post
    return next(p for p in ("coordinator", "social_editor") if rights[p] not in REFUSALS)


def _form_data(html: str, text: str) -> dict[str, list[str]]:
    """What a browser sends from the page's form that carries a revision, with `text` added to
    its first text box (a textarea if there is one)."""
    document = lxml.html.fromstring(html)
    found = [f for f in document.forms if f.xpath('.//input[@name="revision"]')]
    assert found, "the form carries no revision"
    form = found[0]
    data: dict[str, list[str]] = {}
    for key, value in form.form_values():
        data.setdefault(key, []).append(value)
    boxes = form.xpath(".//textarea[@name]") or form.xpath(
        './/input[@name and (not(@type) or @type="text")]'
    )
    assert boxes, "the form has no text to change"
    field = boxes[0].get("name")
    data[field] = [((data.get(field) or [""])[0] + " " + text).strip()]
    return data


def _open_editable(name: str, w) -> None:
    """Objects the demo has already closed for editing are opened for the test (rolled back)."""
    if name == "web:analysis_edit":
        from riktning.followup.models import FollowUp, FollowUpStatus

        FollowUp.objects.filter(pk=w.followup.pk).update(status=FollowUpStatus.DRAFT)


@pytest.mark.parametrize("name", EDIT_FORMS)
def test_the_second_save_is_refused_and_both_texts_are_kept(world, name):  # noqa: F811
    _open_editable(name, world)
    url = reverse(name, args=URLS[name].args(world))
    user = world.users[_writer(name)]
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    page_one, page_two = first.get(url), second.get(url)
    assert page_one.status_code == page_two.status_code == 200, url

    saved = first.post(url, _form_data(page_one.text, FIRST))
    refused = second.post(url, _form_data(page_two.text, SECOND))

    assert saved.status_code == 302, (url, saved.text[:2000])
    assert refused.status_code == 409, url
    assert "sparat" in refused.text.lower()  # the Swedish explanation
    assert SECOND in refused.text, "the second person's unsaved text is shown back"
    assert FIRST in refused.text, "the text saved meanwhile is shown"
    if name in REPORT_FORMS:
        assert REPORT_FORMS[name](world, FIRST), "the first report is kept"
        assert not REPORT_FORMS[name](world, SECOND), "the second is not taken without a word"
    else:
        assert FIRST in first.get(url).text, "the first save is kept"


def test_a_form_without_its_revision_is_refused(world):  # noqa: F811
    url = reverse("web:area_edit", args=URLS["web:area_edit"].args(world))
    client = Client()
    client.force_login(world.users["coordinator"])
    data = _form_data(client.get(url).text, FIRST)
    del data["revision"]

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Formuläret skickades utan sin revision" in response.text
    assert FIRST not in client.get(url).text
