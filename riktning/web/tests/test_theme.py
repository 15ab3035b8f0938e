"""The municipality's look from the settings: an accent colour that fails WCAG AA contrast or a
logo that is not there stops the start with a message saying what and why."""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from riktning.ops.safety import refuse_unsafe_start
from riktning.web import theme


def theme_errors():
    return [e for e in run_checks(tags=["riktning_theme"]) if e.is_serious()]


def test_contrast_is_the_wcag_ratio():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # WebAIM's figure for #767676 on white: 4.54:1, the lightest grey that passes AA.
    assert theme.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_default_look_passes_the_check():
    assert theme_errors() == []


def test_a_light_accent_colour_is_refused_with_its_ratio(settings):
    settings.RIKTNING_ACCENT_COLOUR = "#f0c000"  # yellow: white text on it is unreadable

    errors = theme_errors()

    assert [e.id for e in errors] == ["riktning.E010", "riktning.E010"]
    assert "RIKTNING_ACCENT_COLOUR=#f0c000" in errors[0].msg
    assert "4.5:1" in errors[0].msg
    assert "1.71:1" in errors[0].msg  # the ratio it has


def test_a_colour_just_under_the_limit_is_refused_and_one_just_over_passes(settings):
    settings.RIKTNING_ACCENT_COLOUR = "#777777"  # 4.48:1 on white
    assert theme_errors()
    settings.RIKTNING_ACCENT_COLOUR = "#6f6f6f"  # 5.0:1 on white, 4.6:1 on the tint
    assert theme_errors() == []


def test_something_that_is_not_a_colour_is_refused(settings):
    settings.RIKTNING_ACCENT_COLOUR = "blue; } body { display: none"

    errors = theme_errors()

    assert len(errors) == 1
    assert "is not a colour" in errors[0].msg


def test_a_logo_that_is_not_among_the_static_files_is_refused(settings):
    settings.RIKTNING_LOGO = "trelleborg/logo.svg"

    errors = theme_errors()

    assert [e.id for e in errors] == ["riktning.E011"]
    assert "RIKTNING_LOGO_DIR" in errors[0].msg


def test_a_logo_that_is_not_an_image_is_refused(settings):
    settings.RIKTNING_LOGO = "riktning/site.css"

    assert "not an image" in theme_errors()[0].msg


def test_gunicorn_and_serve_refuse_to_start_with_a_bad_accent_colour(settings):
    settings.RIKTNING_ACCENT_COLOUR = "#a0a0a0"

    with pytest.raises(ImproperlyConfigured, match="RIKTNING_ACCENT_COLOUR=#a0a0a0"):
        refuse_unsafe_start()


@pytest.mark.django_db
def test_a_municipality_logo_from_its_own_directory_is_shown(settings, tmp_path, client):
    (tmp_path / "kommunlogo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    settings.STATICFILES_DIRS = [tmp_path]
    settings.RIKTNING_LOGO = "kommunlogo.svg"

    assert theme_errors() == []
    response = client.get(reverse("web:document_list"))
    assert 'src="/static/kommunlogo.svg"' in response.content.decode()
    assert "platshållare" not in response.content.decode()


@pytest.mark.django_db
def test_every_page_carries_the_accent_colour_as_a_style_sheet(settings, client):
    settings.RIKTNING_ACCENT_COLOUR = "#005a32"

    page = client.get(reverse("web:document_list")).content.decode()
    css = client.get(reverse("web:theme_css"))

    assert 'href="/tema.css"' in page
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #005a32;" in css.content.decode()
    assert "--brand-dark: #004426;" in css.content.decode()


@pytest.mark.django_db
def test_the_placeholder_logo_is_said_to_be_one(client):
    page = client.get(reverse("web:document_list")).content.decode()

    assert 'src="/static/riktning/logo-placeholder.svg"' in page
    assert "Logotypen är en platshållare" in page
