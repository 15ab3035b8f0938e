"""The account's notification settings: one group of radio buttons per kind (a fieldset with
its legend, so a keyboard and a screen reader move through them as groups), the defaults checked
before the person chooses, the choice saved, a value that is no choice refused, and two windows
saving over each other refused with 409."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from riktning.notifications.constants import DEFAULT_MODES, Kind, Mode
from riktning.notifications.models import Preferences

pytestmark = pytest.mark.django_db

URL = "/konto/aviseringar/"


def _form(client) -> tuple[lxml.html.HtmlElement, dict]:
    page = lxml.html.fromstring(client.get(URL).content)
    form = page.xpath("//form[contains(@class, 'edit-form')]")[0]
    data = {field.name: field.value for field in form.inputs if field.name and field.value}
    return page, data


def test_the_page_is_under_the_account():
    assert reverse("notification_settings") == URL


def test_each_kind_is_a_group_of_radio_buttons_with_the_defaults_checked(personas):
    page, data = _form(personas["social_editor"])
    legends = [legend.text_content().strip() for legend in page.xpath("//fieldset/legend")]
    assert (
        legends == [str(kind.label) for kind in Kind]
        and "En remiss skickas till min organisation" in legends
    )
    for kind in Kind:
        radios = page.xpath(f"//input[@type='radio'][@name='{kind.value}']")
        assert [r.get("value") for r in radios] == list(Mode.values)
        for radio in radios:  # each button has its own label
            assert page.xpath(f"//label[@for='{radio.get('id')}']")
        checked = [r.get("value") for r in radios if r.get("checked") is not None]
        assert checked == [DEFAULT_MODES[kind]]


def test_a_choice_is_saved_and_a_value_that_is_no_choice_is_refused(personas, social_editor):
    client = personas["social_editor"]
    _page, data = _form(client)
    data[Kind.MEASURE_LATE] = Mode.OFF
    assert client.post(URL, data).status_code == 302
    assert Preferences.objects.get(user=social_editor).mode(Kind.MEASURE_LATE) == Mode.OFF
    assert "Dina aviseringsinställningar sparades." in client.get(URL).content.decode()

    _page, data = _form(client)
    data[Kind.REPLY_DUE] = "hourly"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert Preferences.objects.get(user=social_editor).mode(Kind.REPLY_DUE) == Mode.IMMEDIATE


@pytest.mark.parametrize("saved_before", [False, True], ids=["first-settings", "later"])
def test_two_windows_saving_over_each_other_are_refused_with_409(social_editor, saved_before):
    if saved_before:
        Preferences.objects.create(user=social_editor, modes={Kind.REPLY_DUE: Mode.DIGEST})
    first, second = Client(), Client()
    first.force_login(social_editor)
    second.force_login(social_editor)
    _page, first_data = _form(first)
    _page, second_data = _form(second)

    first_data[Kind.MEASURE_LATE] = Mode.OFF
    assert first.post(URL, first_data).status_code == 302
    second_data[Kind.MEASURE_LATE] = Mode.IMMEDIATE
    response = second.post(URL, second_data)

    assert response.status_code == 409
    assert "Någon annan sparade" in response.content.decode()
    assert Preferences.objects.get(user=social_editor).mode(Kind.MEASURE_LATE) == Mode.OFF
